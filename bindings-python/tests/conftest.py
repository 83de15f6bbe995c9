import os
from pathlib import Path

import pytest

import crosscut

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "mini.xcut"
#: The shared interchange samples sit beside the repository (CI copies them there).
SAMPLES = ROOT.parent / "shared" / "samples"
EXAMPLES = ROOT / "examples"
GLOSSARIES = ROOT / "glossaries"


@pytest.fixture(scope="session")
def fixture_path() -> Path:
    if not FIXTURE.exists():
        pytest.fail(f"{FIXTURE.name} is missing: cargo run -p crosscut --example make_fixture -- tests/fixtures/mini.xcut")
    return FIXTURE


@pytest.fixture(scope="session")
def glossary(fixture_path: Path) -> crosscut.Artifact:
    return crosscut.open(fixture_path)


@pytest.fixture(scope="session")
def samples() -> Path:
    """../shared/samples: required in CI, skipped with a reason elsewhere."""
    if not SAMPLES.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"{SAMPLES} is missing; CI must provide shared/samples beside the repository")
        pytest.skip(f"{SAMPLES} is missing (shared/samples beside the repository)")
    return SAMPLES


@pytest.fixture(scope="session")
def bundle() -> crosscut.Artifact:
    """The shipped glossaries with the shipped dialogue memory."""
    return crosscut.compile(sorted(GLOSSARIES.glob("*.toml")), tm=EXAMPLES / "memory" / "dialogue.en-fr.tmx")
