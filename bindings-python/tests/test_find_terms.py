"""Artifact.find_terms: the matches of annotate as spans and indices, and concept(index)."""

import pytest

import crosscut


TEXTS = ["My elder brother flew back for the Spring Festival.", "", "😀 Grandma gave every child a red envelope."] * 3


def test_find_terms_batch_equals_annotate_batch(bundle):
    batch = bundle.annotate_batch(TEXTS, "en")
    spans = bundle.find_terms_batch(TEXTS, "en")
    assert len(spans) == len(TEXTS)
    got = [
        [(t.start, t.end, bundle.concept(t.concept).id, bundle.concept(t.concept).terms[t.term].text, t.status) for t in one]
        for one in spans
    ]
    want = [[(a.start, a.end, a.concept.id, a.term.text, a.status) for a in one] for one in batch]
    assert got == want and sum(map(len, got)) >= 6
    assert spans[0] == bundle.find_terms(TEXTS[0], "en")


def test_term_span_converts(bundle):
    t = bundle.find_terms("😀 Grandma gave every child a red envelope.", "en")[-1]
    assert t.to_dict() == {
        "start": t.start,
        "end": t.end,
        "concept": t.concept,
        "term": t.term,
        "status": t.status,
        "inflected": t.inflected,
    }
    assert repr(t).startswith(f"TermSpan(start={t.start}, end={t.end}, concept={t.concept}")
    assert isinstance(t, crosscut.TermSpan)


def test_concept_by_index_and_by_id(bundle):
    first = bundle.concept(0)
    assert first is not None and bundle.concept(first.id).id == first.id
    n = bundle.info()["concepts"]
    with pytest.raises(crosscut.QueryError, match="out of range"):
        bundle.concept(n)
    assert bundle.concept("no such concept") is None
