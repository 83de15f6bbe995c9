"""Runs the cross-surface vectors of tests/vectors/ (Rust and JS run the same files)."""

import json
from pathlib import Path

import pytest

import crosscut

ROOT = Path(__file__).resolve().parents[2]
VECTORS = sorted((ROOT / "tests" / "vectors" / "annotate").glob("*.json"))
FIXTURES = ROOT / "tests" / "fixtures"


def cases():
    for path in VECTORS:
        doc = json.loads(path.read_text(encoding="utf-8"))
        artifact = FIXTURES / f"vectors-{Path(doc['glossary']).stem}.xcut"
        for case in doc["cases"]:
            yield pytest.param(artifact, case, id=f"{path.stem}: {case['name']}")


def test_there_are_vectors():
    assert VECTORS


@pytest.mark.parametrize("artifact, case", list(cases()))
def test_annotate_vector(artifact, case):
    g = crosscut.open(artifact)
    options = case["options"]
    found = g.annotate(case["text"], case["lang"], to=options.get("to"), overlapping=options.get("overlapping", False))
    got = []
    for a in found:
        assert case["text"][a.start : a.end] == a.text
        item = {
            "text": a.text,
            "start_char": a.start,
            "end_char": a.end,
            "concept": a.concept.id,
            "term": a.term.text,
            "status": a.status,
            "how": a.how,
        }
        if a.preferred:
            item["preferred"] = [t.text for t in a.preferred]
        got.append(item)
    keys = ["text", "start_char", "end_char", "concept", "term", "status", "how", "preferred"]
    want = [{k: e[k] for k in keys if k in e} for e in case["expect"]]
    assert got == want


@pytest.mark.parametrize("artifact, case", list(cases()))
def test_find_terms_vector(artifact, case):
    """find_terms gives the vectors' matches as spans and indices."""
    g = crosscut.open(artifact)
    options = case["options"]
    found = g.find_terms(case["text"], case["lang"], overlapping=options.get("overlapping", False))
    got = []
    for t in found:
        concept = g.concept(t.concept)
        got.append(
            {
                "start_char": t.start,
                "end_char": t.end,
                "concept": concept.id,
                "term": concept.terms[t.term].text,
                "status": t.status,
                "inflected": t.inflected,
            }
        )
    want = [
        {
            "start_char": e["start_char"],
            "end_char": e["end_char"],
            "concept": e["concept"],
            "term": e["term"],
            "status": e["status"],
            "inflected": e["how"] == "inflected",
        }
        for e in case["expect"]
    ]
    assert got == want
