import random
import threading
from pathlib import Path

import pytest

import crosscut


def ids(hits):
    return [h.concept.id for h in hits]


def terms(hits):
    return [h.term.text for h in hits]


# --- lookups (the same cases as bindings-wasm/js-tests/lookup.test.mjs) ---


def test_exact_lookup_returns_the_concept_and_its_translations(glossary):
    hits = glossary.lookup("Rough Cut", "en", to=["fr", "de"])
    assert len(hits) == 1
    hit = hits[0]
    assert isinstance(hit, crosscut.Hit)
    assert hit.key == "rough cut"
    assert hit.term.text == "rough cut"
    assert hit.term.status == "preferred"
    assert hit.term.part_of_speech is None
    assert hit.concept.id == "prod.rough-cut"
    assert hit.concept.domains == ["film.production"]
    assert [(t.lang, t.text) for t in hit.translations] == [("fr", "premier montage"), ("de", "Rohschnitt")]
    assert hit.distance == 0


def test_exact_lookup_without_a_language_matches_any(glossary):
    assert ids(glossary.lookup("rushes", None)) == ["prod.dailies", "prod.dailies"]
    assert ids(glossary.lookup("rushes", "fr")) == ["prod.dailies"]
    assert glossary.lookup("nothing", "en") == []


def test_prefix_lookup_returns_the_shortest_keys_first(glossary):
    assert terms(glossary.lookup("dub", "en", prefix=True)) == ["dub", "dubbing"]
    assert terms(glossary.lookup("r", "en", prefix=True, status=["admitted"])) == ["rushes"]


def test_fuzzy_lookup_reports_the_edit_distance(glossary):
    (hit,) = glossary.lookup("dubing", "en", fuzzy=1, to=["ja"])
    assert hit.term.text == "dubbing"
    assert hit.distance == 1
    assert hit.translations[0].text == "吹き替え"


def test_regex_lookup_matches_whole_keys(glossary):
    assert sorted(terms(glossary.lookup("r.*", "en", regex=True))) == ["rough cut", "rushes"]
    assert terms(glossary.lookup("DUB.*G", "en", regex=True)) == ["dubbing"]


def test_status_domain_and_limit_filter_the_hits(glossary):
    assert glossary.lookup("rushes", "en", status=["preferred"]) == []
    assert terms(glossary.lookup("rushes", "en", status=["admitted"])) == ["rushes"]
    assert ids(glossary.lookup("d", None, prefix=True, domain="film.post")) == ["post.dubbing"] * 3
    assert len(glossary.lookup("d", None, prefix=True, limit=1)) == 1


def test_locale_fallback_and_scripts(glossary):
    assert ids(glossary.lookup("哥哥", "zh-TW", to=["ko"])) == ["kinship.elder-brother"]
    assert glossary.lookup("哥哥", "zh-CN") == []


def test_info_describes_the_glossary(glossary, fixture_path):
    info = glossary.info()
    assert info["concepts"] == 6
    assert info["terms"] == 19
    assert info["bytes"] == fixture_path.stat().st_size
    assert info["languages"] == {"de": 2, "en": 6, "fr": 6, "ja": 1, "ko": 1, "zh-Hant": 1}
    assert info["terms_per_language"]["en"] == 8
    assert info["sources"] == ["mini"]
    assert info["normalization"] == {"fold_diacritics": False}


# --- results ---


def test_results_convert_to_plain_dicts(glossary):
    (hit,) = glossary.lookup("elder brother", "en", to=["ko"])
    d = hit.to_dict()
    assert d["key"] == "elder brother"
    assert d["term"]["status"] == "preferred"
    assert d["concept"]["cultural_note"].startswith("Korean and Chinese")
    assert d["concept"]["kinds"] == ["kinship", "address"]
    assert d["translations"][0]["text"] == "형"
    assert hit.concept.to_dict() == d["concept"]
    assert hit.term.to_dict() == d["term"]
    assert hit.concept.sensitivity is None
    assert [t.lang for t in hit.concept.terms] == ["en", "zh-Hant", "ko", "fr"]


def test_reprs_are_readable(glossary):
    (hit,) = glossary.lookup("dubbing", "en", to=["fr"])
    assert repr(hit) == "Hit('dubbing', lang='en', concept='post.dubbing', translations=1, distance=0)"
    assert repr(hit.term) == "Term('dubbing', lang='en', status='preferred')"
    assert repr(hit.concept) == "Concept('post.dubbing', terms=4)"
    assert repr(glossary) == "<crosscut.Artifact glossary: 6 concepts, 19 terms>"


def test_open_accepts_paths_and_bytes(fixture_path):
    data = fixture_path.read_bytes()
    for source in [fixture_path, str(fixture_path), data, bytearray(data), memoryview(data)]:
        assert crosscut.open(source).info()["concepts"] == 6


def test_lookups_from_many_threads(glossary):
    results = []

    def work():
        for _ in range(50):
            results.append(terms(glossary.lookup("dubing", "en", fuzzy=1)))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [["dubbing"]] * 200


# --- errors (the same cases as bindings-wasm/js-tests/error.test.mjs) ---


def test_exception_hierarchy():
    assert issubclass(crosscut.Error, Exception)
    assert crosscut.CrosscutError is crosscut.Error
    for cls in [crosscut.ParseError, crosscut.ArtifactError, crosscut.QueryError]:
        assert issubclass(cls, crosscut.Error) and issubclass(cls, ValueError)
    assert issubclass(crosscut.LanguageTagError, crosscut.ParseError)
    assert issubclass(crosscut.LimitError, crosscut.Error)
    assert crosscut.Error.__module__ == "crosscut"


def test_a_flipped_byte_fails_the_checksum(fixture_path):
    data = bytearray(fixture_path.read_bytes())
    data[len(data) // 2] ^= 0x01
    with pytest.raises(crosscut.ArtifactError) as e:
        crosscut.open(bytes(data))
    assert e.value.code == "artifact.checksum"
    assert "rebuild it" in str(e.value)


def test_a_truncated_artifact_is_refused(fixture_path):
    with pytest.raises(crosscut.ArtifactError) as e:
        crosscut.open(fixture_path.read_bytes()[:10])
    assert e.value.code == "artifact.truncated"


def test_random_bytes_are_not_an_artifact():
    data = random.Random(7).randbytes(4096)
    with pytest.raises(crosscut.ArtifactError) as e:
        crosscut.open(data)
    assert e.value.code == "artifact.magic"
    assert e.value.path is None


def test_a_corrupt_file_names_its_path(tmp_path: Path, fixture_path):
    bad = tmp_path / "bad.xcut"
    bad.write_bytes(b"\0" * 64)
    with pytest.raises(crosscut.ArtifactError) as e:
        crosscut.open(bad)
    assert e.value.code == "artifact.magic"
    assert e.value.path == str(bad)
    assert e.value.line is None and e.value.column is None
    assert str(e.value).startswith(f"{bad}: ")


def test_io_errors_are_os_errors(tmp_path: Path):
    with pytest.raises(FileNotFoundError):
        crosscut.open(tmp_path / "missing.xcut")
    # A directory cannot be memory-mapped (ENODEV on Linux).
    with pytest.raises(OSError):
        crosscut.open(tmp_path)


def test_a_bad_language_tag_raises_language_tag_error(glossary):
    with pytest.raises(crosscut.LanguageTagError) as e:
        glossary.lookup("dub", "english!")
    assert e.value.code == "lang.invalid"
    with pytest.raises(crosscut.ParseError):
        glossary.lookup("dub", "en", to=["??"])


@pytest.mark.parametrize(
    "query, kwargs",
    [
        ("dub", {"fuzzy": 3}),
        ("(", {"regex": True}),
        ("   ", {}),
        ("dub", {"fuzzy": 1, "prefix": True}),
        ("dub", {"status": ["maybe"]}),
    ],
)
def test_invalid_queries_raise_query_error(glossary, query, kwargs):
    with pytest.raises(crosscut.QueryError) as e:
        glossary.lookup(query, "en", **kwargs)
    assert e.value.code == "query.invalid"


def test_wrong_argument_types_raise_type_error(glossary):
    with pytest.raises(TypeError):
        glossary.lookup("dub", "en", to="fr")
    with pytest.raises(TypeError):
        crosscut.open(42)


def test_an_over_long_query_raises_limit_error(glossary):
    with pytest.raises(crosscut.LimitError) as e:
        glossary.lookup("x" * 2000, "en")
    assert e.value.code == "limit.exceeded"


def test_the_glossary_still_works_after_errors(glossary):
    assert len(glossary.lookup("dubbing", "en")) == 1
