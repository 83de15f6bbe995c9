from pathlib import Path

import pytest

import crosscut

FIXTURE = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "mini.xcut"


@pytest.fixture(scope="session")
def fixture_path() -> Path:
    if not FIXTURE.exists():
        pytest.fail(f"{FIXTURE.name} is missing: cargo run -p crosscut --example make_fixture -- tests/fixtures/mini.xcut")
    return FIXTURE


@pytest.fixture(scope="session")
def glossary(fixture_path: Path) -> crosscut.Glossary:
    return crosscut.open(fixture_path)
