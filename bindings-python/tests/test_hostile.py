"""Hostile input through the binding: every bad sample, crafted artifacts and
random bytes end in a crosscut exception (never a crash, never a BaseException
that `except Exception` would miss). The same cases as
bindings-wasm/js-tests/hostile.test.mjs."""

import random
import struct
import zlib
from pathlib import Path

import pytest

import crosscut

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples"
BAD = sorted(p for p in (SAMPLES / "bad").rglob("*") if p.is_file()) if SAMPLES.exists() else []


def reseal(art: bytearray) -> bytes:
    """Recomputes the trailing CRC-32, as a forger would."""
    struct.pack_into("<I", art, len(art) - 4, zlib.crc32(bytes(art[:-4])))
    return bytes(art)


def sections(art: bytes):
    (count,) = struct.unpack_from("<H", art, 8)
    for i in range(count):
        sid, _, off, size = struct.unpack_from("<HHQQ", art, 12 + 20 * i)
        yield 12 + 20 * i, sid, off, size


@pytest.mark.skipif(not BAD, reason="the shared samples are not checked out")
@pytest.mark.parametrize("path", BAD, ids=lambda p: p.name)
def test_every_bad_sample_is_refused_with_a_crosscut_error(path):
    with pytest.raises(crosscut.ArtifactError) as e:
        crosscut.open(path.read_bytes())
    assert e.value.code == "artifact.magic"
    with pytest.raises(crosscut.Error):
        crosscut.open(path)


def test_random_bytes_are_refused(fixture_path):
    rng = random.Random(20261125)
    art = fixture_path.read_bytes()
    for _ in range(300):
        n = rng.randrange(0, 4096)
        junk = bytes(rng.randrange(256) for _ in range(n))
        with pytest.raises(crosscut.Error):
            crosscut.open(junk)
        # Behind a valid header and checksum: reaches the section and fst checks.
        try:
            g = crosscut.open(reseal(bytearray(art[:12] + junk + b"\0\0\0\0")))
        except crosscut.Error as e:
            assert e.code.startswith("artifact."), e.code
        else:
            g.lookup("rough cut", "en")


def test_crafted_sections_and_fsts_are_refused(fixture_path):
    art = fixture_path.read_bytes()
    for entry, sid, off, size in sections(art):
        bad = bytearray(art)
        struct.pack_into("<Q", bad, entry + 12, 1 << 62)
        with pytest.raises(crosscut.ArtifactError) as e:
            crosscut.open(reseal(bad))
        assert e.value.code in ("artifact.corrupt", "artifact.truncated")
    # Every byte of the keys fst (section 2) changed, under a valid checksum.
    _, _, off, size = next(s for s in sections(art) if s[1] == 2)
    refused = 0
    for at in range(off, off + size):
        bad = bytearray(art)
        bad[at] ^= 0x81
        try:
            g = crosscut.open(reseal(bad))
        except crosscut.Error as e:
            assert e.code == "artifact.corrupt", e.code
            refused += 1
        else:
            for mode in ({}, {"prefix": True}, {"fuzzy": 2}, {"regex": True}):
                try:
                    g.lookup("r.*" if mode.get("regex") else "rough", "en", **mode)
                except crosscut.Error:
                    pass
            g.annotate("the rough cut and the dailies", "en")
    assert refused > size // 2


def test_hostile_queries_raise_crosscut_errors(glossary):
    with pytest.raises(crosscut.LimitError):
        glossary.annotate("cut " * (5 << 20), "en")
    with pytest.raises(crosscut.Error):
        glossary.lookup("(a|b)*a(a|b){20}", "en", regex=True)
    with pytest.raises(crosscut.Error):
        glossary.lookup("x" * 5000, "en")
