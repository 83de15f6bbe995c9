"""The Python examples of README.md and bindings-python/README.md run and pass."""

import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
READMES = [ROOT / "README.md", ROOT / "bindings-python" / "README.md"]


def blocks():
    for path in READMES:
        for i, block in enumerate(re.findall(r"```python\n(.*?)```", path.read_text(encoding="utf-8"), re.S)):
            yield pytest.param(block, id=f"{path.relative_to(ROOT)}#{i}")


def test_there_are_examples():
    assert list(blocks())


# The Spark example's py4j sockets are closed by the garbage collector.
@pytest.mark.filterwarnings("ignore::ResourceWarning")
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.parametrize("code", list(blocks()))
def test_readme_example(code, monkeypatch):
    monkeypatch.chdir(ROOT)
    exec(compile(code, "README", "exec"), {"__name__": "readme"})
