"""Data shared by the Dask and Spark tests: subtitle-like lines and TM pairs."""

import os
import re
from pathlib import Path
from typing import List, Tuple

import pytest

import crosscut

ROOT = Path(__file__).resolve().parents[2]

WORDS = [
    "camera", "rough", "cut", "dubbing", "studio", "Monday", "Friday", "festival", "director", "take", "scene",
    "sound", "mix", "grandma", "brother", "subtitle", "reel", "premiere", "press", "kit", "night", "the", "is", "ready",
]


def lines(repeat: int = 40) -> List[str]:
    """The dialogue lines of examples/dialogue.srt, repeated and numbered."""
    srt = (ROOT / "examples" / "dialogue.srt").read_text(encoding="utf-8")
    text = [
        line
        for line in srt.splitlines()
        if line.strip() and not line.strip().isdigit() and "-->" not in line
    ]
    return [f"{t} ({i})" for i in range(repeat) for t in text]


def pairs(n: int = 1500) -> List[Tuple[str, str]]:
    """Pseudo-random en-fr pairs with near duplicates and repeated sources."""
    x = 0x2545F4914F6CDD1D
    out = []
    for i in range(n):
        x ^= (x << 13) & 0xFFFFFFFFFFFFFFFF
        x ^= x >> 7
        x ^= (x << 17) & 0xFFFFFFFFFFFFFFFF
        words = [WORDS[(x >> (5 * k)) % len(WORDS)] for k in range(3 + x % 6)]
        source = f"{' '.join(words)} {i % 97}."
        if i % 10 == 9:
            source = f"{WORDS[i % 7]} {i % 97}."
        out.append((source, f"fr {i} {source}"))
    return out


def queries(all_pairs: List[Tuple[str, str]]) -> List[str]:
    picked = [s for s, _ in all_pairs[::53]]
    return [re.sub(r"\bthe\b", "a", q, count=1) for q in picked] + ["rough cut is ready", "grandma"]


def glossary_artifact() -> crosscut.Artifact:
    return crosscut.compile(sorted((ROOT / "glossaries").glob("*.toml")))


def expected_matches(artifact: crosscut.Artifact, texts: List[str], lang: str = "en") -> list:
    rows = []
    for row, text in enumerate(texts):
        for m in artifact.annotate(text, lang):
            rows.append((row, m.start, m.end, m.text, m.concept.id, m.term.text, m.status, m.how))
    return rows


def view(found) -> list:
    return [(m.score, m.source, m.target_lang, m.target) for m in found]


def check_table() -> list:
    """(source, target) subtitle pairs: the planted pair of examples/check as
    paths and as texts, and one unreadable pair."""
    pair = ROOT / "examples" / "check"
    src, tgt = pair / "source.en.srt", pair / "target.fr.srt"
    return [
        (str(src), str(tgt)),
        (str(src), str(src)),
        (str(src), str(ROOT / "examples" / "missing.srt")),
    ]


def expected_findings(artifact: crosscut.Artifact, table: list) -> list:
    rows = []
    for row, (source, target) in enumerate(table):
        try:
            found = artifact.check(source, target, "en", "fr")
        except (crosscut.Error, OSError) as e:
            rows.append((row, "input-error", "error", 0, "", str(e), None, None))
            continue
        rows += [(row, f.rule, f.severity, f.cue, f.time, f.message, f.suggestion, f.concept) for f in found]
    return rows


def needed(module: str):
    """``module``, imported; skipped when missing, except in CI (which installs the extras)."""
    try:
        return pytest.importorskip(module)
    except pytest.skip.Exception:
        if os.environ.get("CI"):
            pytest.fail(f"{module} is missing: CI installs the dask and spark extras (scripts/setup.sh)")
        raise
