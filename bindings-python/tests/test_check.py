"""Artifact.check: the QA of a translated subtitle file, as the CLI's `check`."""

from pathlib import Path

import pytest

import crosscut

from conftest import EXAMPLES

PAIR = EXAMPLES / "check"


def test_planted_problems_are_found_with_spans(bundle):
    found = bundle.check(PAIR / "source.en.srt", PAIR / "target.fr.srt", "en", "fr")
    assert isinstance(found, crosscut.Findings)
    rules = {(f.rule, f.cue) for f in found}
    assert ("term-missing", 1) in rules
    assert ("do-not-translate", 4) in rules
    assert ("deprecated-term", 5) in rules
    assert ("number-mismatch", 6) in rules
    assert {f.severity for f in found} <= {"error", "warning", "info"}
    assert len(found.errors()) == sum(f.severity == "error" for f in found) > 0
    # A target span is in code points of the cue text as written.
    cues = (PAIR / "target.fr.srt").read_text(encoding="utf-8").split("\n\n")
    deprecated = next(f for f in found if f.rule == "deprecated-term")
    start, end, text = deprecated.target_span
    cue_text = "\n".join(cues[deprecated.cue - 1].strip().splitlines()[2:])
    assert cue_text[start:end] == text == "marâtre"
    assert deprecated.suggestion == "belle-mère"
    table = found.to_pandas()
    assert list(table.columns)[:3] == ["rule", "severity", "cue"] and len(table) == len(found)
    assert "deprecated-term" in found._repr_html_()


def test_bytes_and_paths_agree(bundle):
    by_path = bundle.check(PAIR / "source.en.srt", PAIR / "target.fr.srt", "en", "fr")
    by_bytes = bundle.check(
        (PAIR / "source.en.srt").read_bytes(), (PAIR / "target.fr.srt").read_bytes(), "en", "fr", format="srt"
    )
    assert [f.to_dict() for f in by_bytes] == [f.to_dict() for f in by_path]


def test_a_clean_translation_has_no_terminology_findings(bundle):
    text = "1\n00:00:01,000 --> 00:00:04,000\nThe rough cut is due Friday.\n"
    target = "1\n00:00:01,000 --> 00:00:04,000\nLe premier montage est attendu vendredi.\n"
    found = bundle.check(text, target, "en", "fr", format="srt")
    assert [f.rule for f in found if f.severity != "info"] == []


def test_bad_input_raises(bundle, samples):
    bad = samples / "bad" / "srt"
    broken = sorted(p for p in bad.glob("*.srt") if "utf8" not in p.name)[0]
    with pytest.raises(crosscut.ParseError) as e:
        bundle.check(broken, PAIR / "target.fr.srt", "en", "fr")
    assert e.value.line is not None
    with pytest.raises(crosscut.QueryError):
        bundle.check(b"1\n", b"1\n", "en", "fr")
    memory_only = crosscut.compile_memory(EXAMPLES / "memory" / "dialogue.en-fr.tmx")
    with pytest.raises(crosscut.QueryError, match="without a glossary"):
        memory_only.check(PAIR / "source.en.srt", PAIR / "target.fr.srt", "en", "fr")
