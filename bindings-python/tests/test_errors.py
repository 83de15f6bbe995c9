"""Errors: one hierarchy, located parse errors for the bad shared samples, and no input that
crashes the interpreter (random bytes, panics)."""

import random
import subprocess
import sys
from pathlib import Path

import pytest

import crosscut
import crosscut._crosscut

# Rejected files of ../shared/samples/bad (see its README), how they are read, and the error code.
REJECTED = [
    ("tbx/made_xxe_martif.tbx", "xml.entity"),
    ("tbx/v3_ltac_poorly_formed_xml.tbx", "tbx.syntax"),
    ("tbx/v3_py-tbxv3_badiso_wrong-namespace.tbx", "tbx.invalid"),
    ("tbx/v3_py-tbxv3_ill-formedheader.tbx", "tbx.syntax"),
    ("tbx/v3_tbx-basic-package_notwellformed.tbx", "tbx.syntax"),
    ("tmx/made_billion_laughs.tmx", "xml.entity"),
    ("tmx/made_latin1-declared-utf8.tmx", "tmx.encoding"),
    ("tmx/made_truncated.tmx", "tmx.syntax"),
    ("xml/defusedxml_cyclic.xml", "xml.entity"),
    ("xml/defusedxml_dtd.xml", "tbx.invalid"),
    ("xml/defusedxml_external.xml", "xml.entity"),
    ("xml/defusedxml_external_file.xml", "xml.entity"),
    ("xml/defusedxml_quadratic.xml", "xml.entity"),
    ("xml/defusedxml_xmlbomb.xml", "xml.entity"),
]


def read(path: Path):
    if path.suffix == ".tmx":
        return crosscut.compile_memory(path)
    if path.suffix == ".xml":
        return crosscut.compile(crosscut.Source(path.read_bytes(), "tbx", name=str(path)))
    return crosscut.compile(path)


@pytest.mark.parametrize("name, code", REJECTED, ids=[n for n, _ in REJECTED])
def test_bad_samples_raise_located_parse_errors(samples: Path, name, code):
    path = samples / "bad" / name
    with pytest.raises(crosscut.ParseError) as e:
        read(path)
    err = e.value
    assert isinstance(err, crosscut.Error) and isinstance(err, ValueError)
    assert err.code == code
    assert err.path == str(path)
    assert err.line is not None and err.line >= 1
    assert err.column is not None and err.column >= 1
    assert str(err).startswith(f"{path}:{err.line}:{err.column}: ")


@pytest.mark.parametrize(
    "name", ["tbx/v3_ltac_core_structure_bad.tbx", "tbx/v3_ltac_min_bad.tbx", "tmx/omegat_invalid.tmx"]
)
def test_lenient_readers_report_each_violation_as_a_warning(samples: Path, name):
    artifact = read(samples / "bad" / name)
    assert artifact.warnings
    assert all(w.startswith(str(samples / "bad" / name) + ":") for w in artifact.warnings)


def test_a_headerless_csv_names_its_line(samples: Path):
    path = samples / "csv" / "okapi_test01.csv"
    with pytest.raises(crosscut.ParseError) as e:
        crosscut.compile(path)
    assert (e.value.code, e.value.path, e.value.line) == ("csv.invalid", str(path), 1)


def test_in_memory_sources_have_no_path_unless_named():
    with pytest.raises(crosscut.ParseError) as e:
        crosscut.compile(crosscut.Source("<martif><text><body><termEntry>", "tbx"))
    assert e.value.path is None and e.value.line == 1
    with pytest.raises(crosscut.ParseError) as e:
        crosscut.compile(crosscut.Source("[[concept]\n", "toml", name="client.toml"))
    assert (e.value.code, e.value.path, e.value.line) == ("toml.syntax", "client.toml", 1)


def test_a_bad_language_tag_in_a_source():
    with pytest.raises(crosscut.LanguageTagError) as e:
        crosscut.compile(crosscut.Source("[[concept]]\nid = 'a'\nterms = { 'english!' = 'x' }\n", "toml"))
    assert e.value.code == "lang.invalid"


@pytest.mark.parametrize("seed", range(20))
def test_random_bytes_raise_artifact_error(seed):
    rng = random.Random(seed)
    data = rng.randbytes(rng.randrange(0, 5000))
    with pytest.raises(crosscut.ArtifactError):
        crosscut.open(data)


def test_damaged_artifacts_of_every_kind_raise_artifact_error(bundle):
    data = bundle.to_bytes()
    rng = random.Random(1)
    for _ in range(30):
        damaged = bytearray(data)
        damaged[rng.randrange(len(damaged))] ^= 1 << rng.randrange(8)
        with pytest.raises(crosscut.ArtifactError):
            crosscut.open(bytes(damaged))
    for cut in [0, 3, 8, 40, len(data) // 2, len(data) - 1]:
        with pytest.raises(crosscut.ArtifactError):
            crosscut.open(data[:cut])


def test_a_panic_is_an_internal_error_and_the_interpreter_goes_on(glossary):
    with pytest.raises(crosscut.InternalError) as e:
        crosscut._crosscut._panic_for_tests("boom")
    assert isinstance(e.value, crosscut.Error)
    assert e.value.code == "internal.panic"
    assert "boom" in str(e.value) and "bug in crosscut" in str(e.value)
    assert len(glossary.lookup("dubbing", "en")) == 1


def test_a_panic_does_not_kill_a_fresh_interpreter():
    code = (
        "import crosscut, crosscut._crosscut as c\n"
        "try:\n    c._panic_for_tests('x')\nexcept crosscut.Error as e:\n    print(type(e).__name__)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "InternalError"


def test_every_error_class_is_a_crosscut_error():
    for cls in [crosscut.ParseError, crosscut.LanguageTagError, crosscut.ArtifactError, crosscut.LimitError, crosscut.QueryError, crosscut.InternalError]:
        assert issubclass(cls, crosscut.Error)
        assert cls.__module__ == "crosscut"
