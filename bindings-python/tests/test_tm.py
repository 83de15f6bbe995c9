"""Translation memory: search, concordance, add, save, export (the shipped dialogue memory)."""

from pathlib import Path

import pytest

import crosscut
from conftest import EXAMPLES

TMX = EXAMPLES / "memory" / "dialogue.en-fr.tmx"


@pytest.fixture()
def memory() -> crosscut.Artifact:
    return crosscut.compile_memory(TMX)


def test_search_returns_scored_matches_best_first(memory):
    found = memory.tm_search("My elder brother flew back for the Spring Festival.", "en", "fr")
    assert isinstance(found, crosscut.TmMatches)
    assert found.query == "My elder brother flew back for the Spring Festival."
    best = found[0]
    assert isinstance(best, crosscut.TmMatch)
    assert (best.score, best.band, best.repaired) == (100, "100", False)
    assert best.target == "Mon grand frère est rentré en avion pour la fête du Printemps."
    assert (best.source_lang, best.target_lang, best.count) == ("en", "fr", 1)
    assert best.origin == {"file": "dialogue.en-fr.tmx", "project": None}
    assert [m.score for m in found] == sorted((m.score for m in found), reverse=True)
    assert found[1].source == "My elder brother flew back for the New Year."
    assert {"op": "delete", "text": "New Year"} in found[1].diff
    assert {"op": "insert", "text": "Spring Festival"} in found[1].diff
    assert best.unit["source"]["lang"] == "en"
    assert best.to_dict()["target"] == best.target


def test_search_options(memory):
    assert len(memory.tm_search("Grandma gave me a red envelope.", "en", "fr", top=1)) == 1
    assert memory.tm_search("Completely unrelated words here", "en", "fr", min_score=90) == []
    assert memory.tm_search("Grandma gave me a red envelope.", "en", "fr", origin="other.tmx") == []
    # A number in the query repairs the suggestion.
    m = crosscut.compile_memory([("Wait 10 minutes.", "Attendez 10 minutes.")], src="en", tgt="fr")
    (best,) = m.tm_search("Wait 5 minutes.", "en", "fr")
    assert (best.score, best.repaired, best.target) == (99, True, "Attendez 5 minutes.")


def test_concordance_highlights_in_code_points(memory):
    hits = memory.tm_concordance("rough cut", "en", tgt="fr")
    assert isinstance(hits, crosscut.ConcordanceHits)
    assert hits and all(h.in_source for h in hits)
    for h in hits:
        for s, e in h.highlights:
            assert h.text[s:e].lower() == "rough cut"
        assert h.other
    fr = memory.tm_concordance("grand frère", "fr", tgt="en")
    assert fr and not fr[0].in_source
    for h in fr:
        (s, e), *_ = h.highlights
        assert h.text[s:e] == "grand frère"
    assert fr[0].to_dict()["highlights"][0] == {"start": fr[0].highlights[0][0], "end": fr[0].highlights[0][1]}


def test_add_then_search_then_save(memory, tmp_path: Path):
    assert memory.tm_search("The boom mic is in the shot.", "en", "fr", min_score=100) == []
    memory.tm_add("The boom mic is in the shot.", "La perche est dans le champ.", "en", "fr", origin="day2.srt")
    (best, *_) = memory.tm_search("The boom mic is in the shot.", "en", "fr")
    assert (best.score, best.target, best.origin["file"]) == (100, "La perche est dans le champ.", "day2.srt")
    assert memory.info()["memory"]["pending"] == 1
    out = tmp_path / "dialogue.xcut"
    memory.save(out)
    assert memory.info()["memory"]["pending"] == 0
    reopened = crosscut.open(out)
    assert reopened.info()["memory"]["units"] == 31
    assert reopened.tm_search("The boom mic is in the shot.", "en", "fr")[0].score == 100


def test_add_to_a_bundle_keeps_the_glossary(bundle, tmp_path: Path):
    b = crosscut.open(bundle.to_bytes())
    b.tm_add("Quiet on set!", "Silence plateau !", "en", "fr")
    b.save(tmp_path / "b.xcut")
    reopened = crosscut.open(tmp_path / "b.xcut")
    assert reopened.kind == "bundle"
    assert reopened.info()["concepts"] == bundle.info()["concepts"]
    assert reopened.tm_search("Quiet on set!", "en", "fr")[0].target == "Silence plateau !"


def test_export_tmx_round_trips(memory):
    text = memory.export("tmx")
    again = crosscut.compile_memory(crosscut.Source(text, "tmx"))
    assert again.info()["memory"]["units"] == memory.info()["memory"]["units"]


def test_glossary_and_memory_calls_on_the_wrong_kind(memory, glossary):
    with pytest.raises(crosscut.QueryError, match="without a glossary"):
        memory.lookup("cut", "en")
    with pytest.raises(crosscut.QueryError, match="without a glossary"):
        memory.annotate("cut", "en")
    with pytest.raises(crosscut.QueryError, match="without a translation memory"):
        glossary.tm_search("cut", "en", "fr")
    with pytest.raises(crosscut.QueryError, match="without a translation memory"):
        glossary.tm_add("a", "b", "en", "fr")


def test_tm_errors(memory):
    with pytest.raises(crosscut.LanguageTagError):
        memory.tm_search("Cut!", "english!", "fr")
    with pytest.raises(crosscut.LimitError):
        memory.tm_search("x " * 10_000, "en", "fr")
    with pytest.raises(crosscut.QueryError):
        memory.tm_concordance("...", "en")
    with pytest.raises(crosscut.ParseError):
        memory.tm_add("   ", "b", "en", "fr")
    with pytest.raises(OverflowError):
        memory.tm_search("Cut!", "en", "fr", min_score=300)
