"""Result collections: dicts, DataFrames, HTML for notebooks, reprs, and pickling."""

import os
import pickle
import sys

import pytest

import crosscut

TEXT = "My elder brother saw the rough cut. Break a leg!"


def pandas_or_skip():
    try:
        import pandas
    except ImportError:
        if os.environ.get("CI"):
            raise
        pytest.skip("pandas is not installed (scripts/setup.sh installs it into .venv)")
    return pandas


def test_annotations_convert_to_dicts_and_dataframes(bundle):
    found = bundle.annotate(TEXT, "en", to=["fr"])
    assert isinstance(found, crosscut.Annotations) and isinstance(found, list)
    rows = found.to_dicts()
    assert [r["text"] for r in rows] == [TEXT[a.start : a.end] for a in found]
    assert rows[0]["concept"] == "kinship.elder-brother"
    assert rows[0]["translations"].startswith("fr: ")
    pd = pandas_or_skip()
    df = found.to_pandas()
    assert isinstance(df, pd.DataFrame)
    assert list(df.columns) == crosscut.Annotations.columns
    assert list(df["text"]) == [a.text for a in found]
    assert df.loc[0, "start"] == found[0].start


def test_a_batch_is_one_table_with_the_item_index(bundle):
    batch = bundle.annotate_batch(["no terms here", TEXT, "the rough cut"], "en")
    assert isinstance(batch, crosscut.AnnotationBatch)
    assert [len(one) for one in batch] == [0, len(bundle.annotate(TEXT, "en")), 1]
    rows = batch.to_dicts()
    assert {r["item"] for r in rows} == {1, 2}
    df = pandas_or_skip() and batch.to_pandas()
    assert list(df.columns) == ["item"] + crosscut.Annotations.columns
    assert len(df) == len(rows)


def test_hits_tm_matches_concordance_and_concepts_tables(bundle):
    pandas_or_skip()
    hits = bundle.lookup("rough cut", "en", to=["fr"])
    assert isinstance(hits, crosscut.Hits)
    assert hits.to_pandas().loc[0, "concept"] == "prod.rough-cut"
    tm = bundle.tm_search("The rough cut is due Friday.", "en", "fr")
    df = tm.to_pandas()
    assert list(df.columns)[:3] == ["query", "score", "band"]
    assert df.loc[0, "query"] == "The rough cut is due Friday." and df.loc[0, "score"] == 100
    conc = bundle.tm_concordance("rough cut", "en", tgt="fr").to_pandas()
    assert conc.loc[0, "highlights"].startswith("rough cut@")
    concepts = bundle.concepts().to_pandas()
    assert len(concepts) == bundle.info()["concepts"]
    assert {"id", "domains", "en", "fr", "cultural_note"} <= set(concepts.columns)


def test_empty_results_still_have_columns(bundle):
    pandas_or_skip()
    assert list(bundle.annotate("nothing", "en").to_pandas().columns) == crosscut.Annotations.columns
    assert bundle.tm_search("zzz qqq", "en", "fr").to_pandas().empty


def test_to_pandas_without_pandas_says_how_to_install_it(bundle, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match="pip install pandas"):
        bundle.annotate(TEXT, "en").to_pandas()
    assert bundle.annotate(TEXT, "en").to_dicts()


def test_html_tables_for_notebooks(bundle):
    html = bundle.annotate(TEXT + " <b>&", "en", to=["fr"])._repr_html_()
    assert html.startswith('<div class="crosscut">') and "<table>" in html
    assert "<th>concept</th>" in html and "<td>kinship.elder-brother</td>" in html
    assert "3 Annotations" in html
    tm = bundle.tm_search("The rough cut is due Friday.", "en", "fr")._repr_html_()
    assert "Le premier montage est attendu vendredi." in tm and "&#x27;The rough cut is due Friday.&#x27;" in tm
    info = bundle._repr_html_()
    assert "&lt;crosscut.Artifact bundle:" in info and "<td>concepts</td>" in info and "<td>memory units</td>" in info
    assert "<td>prod.rough-cut</td>" in bundle.lookup("rough cut", "en")._repr_html_()
    assert "<th>fr</th>" in bundle.concepts()._repr_html_()
    # Long tables are cut.
    many = bundle.annotate_batch([TEXT] * 40, "en")._repr_html_()
    assert many.count("<tr>") == 51 and "more</p>" in many


def test_reprs(bundle):
    (a, *_) = bundle.annotate(TEXT, "en")
    assert repr(a) == 'Annotation("elder brother", start=3, end=16, concept="kinship.elder-brother", status=preferred, how=exact)'
    assert repr(bundle.annotate("the rough cut", "en")).startswith("Annotations([Annotation(")
    (m, *_) = bundle.tm_search("The rough cut is due Friday.", "en", "fr")
    assert repr(m) == "TmMatch('Le premier montage est attendu vendredi.', score=100, source='The rough cut is due Friday.', target_lang='fr')"
    assert repr(bundle).startswith("<crosscut.Artifact bundle: ") and repr(bundle).endswith(" TM units>")
    (h, *_) = bundle.tm_concordance("rough cut", "en")
    assert repr(h).startswith("ConcordanceHit(")


def test_objects_convert_to_dicts(bundle):
    (a, *_) = bundle.annotate(TEXT, "en", to=["fr"])
    d = a.to_dict()
    assert (d["start"], d["end"], d["text"]) == (a.start, a.end, a.text)
    assert d["concept"]["id"] == a.concept.id


def test_artifacts_pickle_by_their_bytes(bundle, tmp_path):
    a = crosscut.open(bundle.to_bytes())
    a.tm_add("Quiet on set!", "Silence plateau !", "en", "fr")
    b = pickle.loads(pickle.dumps(a))
    assert isinstance(b, crosscut.Artifact) and b.kind == "bundle"
    # The added unit travels with it, compacted in.
    assert b.info()["memory"]["units"] == bundle.info()["memory"]["units"] + 1
    assert b.info()["memory"]["pending"] == 0
    assert [x.to_dict() for x in b.annotate(TEXT, "en")] == [x.to_dict() for x in a.annotate(TEXT, "en")]
    assert b.tm_search("Quiet on set!", "en", "fr")[0].score == 100
    bundle.save(tmp_path / "x.xcut")
    opened = crosscut.open(tmp_path / "x.xcut")  # memory-mapped
    assert pickle.loads(pickle.dumps(opened)).info() == opened.info()


def test_glossary_is_the_artifact():
    assert crosscut.Glossary is crosscut.Artifact
