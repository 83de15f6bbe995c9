"""How an artifact reaches a worker once and stays open there.

Both engines ship an artifact one of two ways: as a path every worker can read
(opened by memory map: no copy, the page cache is shared by the worker processes
of a machine) or as bytes sent once (Dask ``scatter(broadcast=True)``, a Spark
broadcast variable). Either way a worker process opens it once and keeps it in
``_OPEN``, keyed by a token computed on the driver, so partitions and tasks
never reopen, rebuild or unpickle an artifact.
"""

from __future__ import annotations

import hashlib
import os
import threading
from typing import Any, Dict, List, Tuple, Union

import crosscut

#: Artifacts opened in this process, by token.
_OPEN: Dict[str, "crosscut.Artifact"] = {}
_LOCK = threading.Lock()

ArtifactLike = Union[str, "os.PathLike[str]", bytes, "crosscut.Artifact"]


def describe(artifact: ArtifactLike) -> Tuple[str, str, Any]:
    """``(token, kind, payload)``: kind ``"path"`` (payload: absolute path) or
    ``"bytes"`` (payload: the artifact's bytes)."""
    if isinstance(artifact, crosscut.Artifact):
        artifact = artifact.to_bytes()
    if isinstance(artifact, (bytes, bytearray, memoryview)):
        data = bytes(artifact)
        return "bytes:" + hashlib.sha1(data).hexdigest(), "bytes", data
    path = os.path.abspath(os.fspath(artifact))
    st = os.stat(path)
    # A rewritten file (atomic rename: a new inode) gets a new token.
    return f"path:{path}:{st.st_ino}:{st.st_size}:{st.st_mtime_ns}", "path", path


def opened(token: str, payload: Any) -> "crosscut.Artifact":
    """The artifact for ``token``, opened at most once in this process."""
    found = _OPEN.get(token)
    if found is not None:
        return found
    with _LOCK:
        found = _OPEN.get(token)
        if found is None:
            found = crosscut.open(payload)
            _OPEN[token] = found
        return found


def opened_count() -> int:
    """How many artifacts this process has opened (for tests)."""
    return len(_OPEN)


MATCH_COLUMNS = ["row", "start", "end", "text", "concept", "term", "status", "how"]


def match_rows(index: Any, texts: Any, artifact: "crosscut.Artifact", lang: str, to: Any) -> dict:
    """The matches as columns (``MATCH_COLUMNS``): the input row's index,
    code-point span, surface text, concept id, term, status and how it matched."""
    index = list(index)
    cols = artifact.annotate_columns([t if isinstance(t, str) else "" for t in texts], lang, to=to)
    cols["row"] = [index[i] for i in cols["row"]]
    return cols


CHECK_COLUMNS = ["row", "rule", "severity", "cue", "time", "message", "suggestion", "concept"]


def check_rows(
    index: Any, sources: Any, targets: Any, artifact: "crosscut.Artifact", src: str, tgt: str, format: Any
) -> list:
    """One tuple per finding of ``artifact.check`` on each (source, target) pair
    (paths, or texts with ``format``). A pair that cannot be read gives one
    ``input-error`` finding with the reason, so one bad file does not stop a
    catalogue-wide run."""
    rows: List[Tuple[Any, ...]] = []
    for row, source, target in zip(index, sources, targets):
        try:
            found = artifact.check(source, target, src, tgt, format=format)
        except (crosscut.Error, OSError) as e:
            rows.append((row, "input-error", "error", 0, "", str(e), None, None))
            continue
        for f in found:
            rows.append((row, f.rule, f.severity, f.cue, f.time, f.message, f.suggestion, f.concept))
    return rows


def build_shard(shard: int, sources: Any, targets: Any, out_dir: str, prefix: str, src: str, tgt: str) -> dict:
    """Builds and writes (atomically) the artifact of one shard from its pairs;
    pairs with an empty side are skipped. Returns one row: shard, path, units."""
    path = os.path.join(out_dir, f"{prefix}-{shard:05d}.xcut")
    pairs = [
        (s, t)
        for s, t in zip(sources, targets)
        if isinstance(s, str) and isinstance(t, str) and s.strip() and t.strip()
    ]
    built = crosscut.compile_memory(pairs, output=path, src=src, tgt=tgt)
    return {"shard": [shard], "path": [path], "units": [built.info()["memory"]["units"]]}
