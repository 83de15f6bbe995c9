"""Artifact.annotate_columns: the matches of annotate_batch, as columns."""

import crosscut


def test_columns_equal_annotate_batch(bundle):
    texts = ["My elder brother flew back for the Spring Festival.", "", "😀 Grandma gave every child a red envelope."] * 3
    batch = bundle.annotate_batch(texts, "en", to=["fr"])
    cols = bundle.annotate_columns(texts, "en", to=["fr"])
    assert set(cols) == {"row", "start", "end", "text", "concept", "term", "status", "how"}
    expected = [
        (i, m.start, m.end, m.text, m.concept.id, m.term.text, m.status, m.how)
        for i, found in enumerate(batch)
        for m in found
    ]
    got = list(zip(*(cols[k] for k in ["row", "start", "end", "text", "concept", "term", "status", "how"])))
    assert got == expected and len(got) >= 6
    for row, start, end, text in zip(cols["row"], cols["start"], cols["end"], cols["text"]):
        assert texts[row][start:end] == text
    assert all(a.concept_id == a.concept.id for found in batch for a in found)
