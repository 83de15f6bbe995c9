"""compile and compile_memory: paths and in-memory Sources, TOML, CSV, TSV, TBX and TMX."""

from pathlib import Path

import pytest

import crosscut
from conftest import EXAMPLES, GLOSSARIES

TOML = """
[[concept]]
id = "prod.rough-cut"
[concept.terms]
en = "rough cut"
fr = "premier montage"
"""

TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="en" creationtool="t" creationtoolversion="1" segtype="sentence"
o-tmf="t" adminlang="en" datatype="plaintext"/><body>
<tu><tuv xml:lang="en"><seg>The rough cut is due Friday.</seg></tuv>
<tuv xml:lang="fr"><seg>Le premier montage est attendu vendredi.</seg></tuv></tu>
</body></tmx>"""


def fr(artifact, term="rough cut"):
    return [t.text for h in artifact.lookup(term, "en", to=["fr"]) for t in h.translations]


def test_compile_a_toml_path_returns_an_opened_glossary():
    g = crosscut.compile(GLOSSARIES / "production.toml")
    assert isinstance(g, crosscut.Artifact)
    assert (g.kind, g.has_glossary, g.has_memory) == ("glossary", True, False)
    assert "premier montage" in fr(g)
    assert g.info()["sources"] == ["production.toml"]


def test_compile_many_paths_and_write_the_artifact(tmp_path: Path):
    out = tmp_path / "film.xcut"
    sources = sorted(GLOSSARIES.glob("*.toml"))
    g = crosscut.compile([str(p) for p in sources], out)
    assert out.exists()
    opened = crosscut.open(out)
    assert opened.info() == g.info()
    assert opened.info()["sources"] == [p.name for p in sources]


def test_compile_options_are_stored():
    g = crosscut.compile(crosscut.Source("[[concept]]\nid = 'c'\nterms = { en = 'café' }\n", "toml"), fold_diacritics=True, stemming=False)
    assert g.info()["normalization"] == {"fold_diacritics": True}
    assert g.info()["stemmed"] == []
    assert len(g.lookup("cafe", "en")) == 1


def test_compile_sources_from_str_and_bytes():
    for data in [TOML, TOML.encode()]:
        g = crosscut.compile([crosscut.Source(data, "toml", name="mem.toml")])
        assert fr(g) == ["premier montage"]
        assert g.info()["sources"] == ["mem.toml"]


def test_compile_csv_and_tsv_sources():
    csv = "en,fr\nrough cut,premier montage\ndubbing,doublage\n"
    g = crosscut.compile(crosscut.Source(csv, "csv"))
    assert fr(g, "dubbing") == ["doublage"]
    tsv = "rough cut\tpremier montage\n"
    g = crosscut.compile(crosscut.Source(tsv, "tsv"), languages=("en", "fr"))
    assert fr(g) == ["premier montage"]


def test_compile_tbx_and_csv_samples(samples: Path):
    tbx = samples / "tbx" / "v2_convert-tbx-basic_basic_sample.tbx"
    g = crosscut.compile([tbx, samples / "csv" / "okapi_test01.csv"], languages=("en", "fr"))
    assert g.info()["concepts"] > 0
    assert g.info()["sources"] == [tbx.name, "okapi_test01.csv"]
    # The same TBX from bytes gives the same glossary, apart from the source name.
    from_bytes = crosscut.compile(crosscut.Source(tbx.read_bytes(), "tbx", name=tbx.name))
    assert from_bytes.info()["concepts"] == crosscut.compile(tbx).info()["concepts"]
    assert [c.to_dict() for c in from_bytes.concepts()] == [c.to_dict() for c in crosscut.compile(tbx).concepts()]


def test_importer_warnings_are_kept(samples: Path):
    g = crosscut.compile(samples / "tbx" / "v2_convert-tbx-basic_basic_sample.tbx")
    assert g.warnings and all(": warning: " in w for w in g.warnings)
    assert crosscut.open(g.to_bytes()).warnings == []


def test_compile_bundles_a_tmx_memory_from_a_path_a_source_or_an_artifact(tmp_path: Path):
    tmx_path = EXAMPLES / "memory" / "dialogue.en-fr.tmx"
    memory = crosscut.compile_memory(crosscut.Source(TMX, "tmx", name="one.tmx"))
    for tm in [tmx_path, str(tmx_path), crosscut.Source(TMX, "tmx"), memory]:
        b = crosscut.compile(GLOSSARIES / "production.toml", tm=tm)
        assert (b.kind, b.has_glossary, b.has_memory) == ("bundle", True, True)
        (best, *_) = b.tm_search("The rough cut is due Friday.", "en", "fr")
        assert best.score == 100
        assert best.target == "Le premier montage est attendu vendredi."
    # A memory artifact file bundles too.
    memory.save(tmp_path / "memory.xcut")
    b = crosscut.compile(GLOSSARIES / "production.toml", tm=tmp_path / "memory.xcut")
    assert b.info()["memory"]["units"] == 1


def test_compile_memory_from_tmx_pairs_and_tuples(tmp_path: Path):
    m = crosscut.compile_memory(EXAMPLES / "memory" / "dialogue.en-fr.tmx")
    assert (m.kind, m.has_glossary, m.has_memory) == ("memory", False, True)
    assert m.info()["memory"]["units"] == 30
    pairs = tmp_path / "pairs.tsv"
    pairs.write_text("en\tfr\nRoll camera!\tMoteur !\n", encoding="utf-8")
    out = tmp_path / "mem.xcut"
    both = crosscut.compile_memory(
        [pairs, crosscut.Source("Cut!,Coupez !\n", "csv", name="cut.csv"), ("Action!", "Action !")], out, src="en", tgt="fr"
    )
    assert crosscut.open(out).info() == both.info()
    assert both.info()["memory"]["units"] == 3
    assert both.info()["memory"]["sources"] == ["pairs.tsv", "cut.csv", "<pairs>"]
    assert both.tm_search("Action!", "en", "fr")[0].target == "Action !"
    # Memories merge (a later issue shards them); "Roll camera!" is in both.
    merged = crosscut.compile_memory([m, out])
    assert merged.info()["memory"]["units"] == 32


def test_compile_memory_from_lists_of_two():
    m = crosscut.compile_memory([["Cut!", "Coupez !"]], src="en", tgt="fr")
    assert m.tm_search("Cut!", "en", "fr")[0].target == "Coupez !"
    with pytest.raises(TypeError):
        crosscut.compile_memory([("one", "two", "three")], src="en", tgt="fr")


def test_compile_memory_from_a_generator():
    rows = ((f"Take {i}, action!", f"Prise {i}, action !") for i in range(100))
    m = crosscut.compile_memory(rows, src="en", tgt="fr")
    assert m.info()["memory"]["units"] == 100
    (best, *_) = m.tm_search("Take 7, action!", "en", "fr")
    assert best.target == "Prise 7, action !"


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: crosscut.compile(crosscut.Source("x", "tmx")), "not a glossary"),
        (lambda: crosscut.compile_memory([("a", "b")]), "pass src= and tgt="),
        (lambda: crosscut.compile_memory(crosscut.Source("a\tb\n", "tsv")), "pass src= and tgt="),
        (lambda: crosscut.compile_memory(crosscut.Source(TOML, "toml")), "not a translation memory"),
        (lambda: crosscut.compile(GLOSSARIES / "README.md"), "cannot tell the source format"),
        (lambda: crosscut.Source("x", "docx"), "unknown source format"),
    ],
)
def test_wrong_inputs_raise_query_error(call, message):
    with pytest.raises(crosscut.QueryError) as e:
        call()
    assert message in str(e.value)


def test_a_missing_source_is_file_not_found(tmp_path: Path):
    with pytest.raises(FileNotFoundError) as e:
        crosscut.compile(tmp_path / "missing.toml")
    assert "missing.toml: cannot read" in str(e.value)


def test_source_attributes():
    s = crosscut.Source("é", "TAB", name="x.tsv")
    assert (s.data, s.format, s.name) == ("é".encode(), "tsv", "x.tsv")
    assert repr(s) == "Source(<2 bytes>, format=\"tsv\", name='x.tsv')"
    with pytest.raises(TypeError):
        crosscut.Source(42, "toml")  # type: ignore[arg-type]
