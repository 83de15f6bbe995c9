"""crosscut on Dask: catalogue-wide annotate and sharded translation memories.

Needs the ``dask`` extra (``pip install 'crosscut[dask]'``). Works with the
default scheduler and with ``dask.distributed``; with a distributed client,
an artifact given as bytes is scattered to every worker once.

The artifact reaches each worker process once and stays open there (see
``docs/scale.md``): given as a path every worker can read, it is memory-mapped,
so a worker needs no memory for it beyond the pages it touches; given as bytes
(or an opened ``crosscut.Artifact``), each worker holds one copy.

    import crosscut.dask as xd
    matches = xd.annotate(lines, "glossaries.xcut", text_col="text", lang="en")
    paths = xd.build_memory(pairs, "tm/", "en_text", "fr_text", "en", "fr", shards=8)
    memory = crosscut.ShardedMemory(paths)
"""

from __future__ import annotations

import os
from typing import Any, List, Optional, Sequence

try:
    import dask.dataframe as dd
    import pandas as pd  # type: ignore[import-untyped]
except ImportError:  # pragma: no cover - exercised without the extra
    raise ImportError(
        "crosscut.dask needs dask[dataframe] and pandas: pip install 'crosscut[dask]'"
    )

import crosscut
from crosscut import _shipping

__all__ = ["annotate", "build_memory", "check"]


def _client() -> Any:
    try:
        from distributed import get_client

        return get_client()
    except (ImportError, ValueError):
        return None


def _ship(artifact: _shipping.ArtifactLike) -> tuple:
    """``(token, payload)`` where payload is a path, or bytes scattered once to
    every worker when a distributed client is running."""
    token, kind, payload = _shipping.describe(artifact)
    if kind == "bytes":
        client = _client()
        if client is not None:
            payload = client.scatter(payload, broadcast=True, hash=False)
    return token, payload


def _match_frame(rows: Any, index_dtype: Any) -> "pd.DataFrame":
    frame = pd.DataFrame(rows, columns=_shipping.MATCH_COLUMNS)
    return frame.astype(_match_dtypes(index_dtype))


def _match_dtypes(index_dtype: Any) -> dict:
    return {
        "row": index_dtype,
        "start": "int64",
        "end": "int64",
        "text": "object",
        "concept": "object",
        "term": "object",
        "status": "object",
        "how": "object",
    }


def _annotate_partition(
    part: "pd.DataFrame", token: str, payload: Any, text_col: str, lang: str, to: Optional[List[str]]
) -> "pd.DataFrame":
    artifact = _shipping.opened(token, payload)
    rows = _shipping.match_rows(part.index, part[text_col].tolist(), artifact, lang, to)
    return _match_frame(rows, part.index.dtype)


def annotate(
    df: "dd.DataFrame",
    artifact: _shipping.ArtifactLike,
    text_col: str = "text",
    lang: str = "en",
    to: Optional[Sequence[str]] = None,
) -> "dd.DataFrame":
    """One row per glossary term found in ``df[text_col]``: the input row's index
    (``row``), ``start``/``end`` (code points), ``text``, ``concept``, ``term``,
    ``status`` and ``how``. Lazy, like every Dask DataFrame; the matches of each
    row come in text order, and rows keep their partition order.
    """
    token, payload = _ship(artifact)
    meta = _match_frame([], df.index.dtype)
    return df.map_partitions(
        _annotate_partition,
        token,
        payload,
        text_col,
        lang,
        list(to) if to else None,
        meta=meta,
        align_dataframes=False,
    )


def _check_partition(
    part: "pd.DataFrame", token: str, payload: Any, source_col: str, target_col: str, src: str, tgt: str, format: Any
) -> "pd.DataFrame":
    artifact = _shipping.opened(token, payload)
    rows = _shipping.check_rows(
        part.index, part[source_col].tolist(), part[target_col].tolist(), artifact, src, tgt, format
    )
    return _check_frame(rows, part.index.dtype)


def _check_frame(rows: list, index_dtype: Any) -> "pd.DataFrame":
    frame = pd.DataFrame(rows, columns=_shipping.CHECK_COLUMNS)
    return frame.astype({"row": index_dtype, "cue": "int64"})


def check(
    df: "dd.DataFrame",
    artifact: _shipping.ArtifactLike,
    source_col: str = "source",
    target_col: str = "target",
    src: str = "en",
    tgt: str = "fr",
    format: Optional[str] = None,
) -> "dd.DataFrame":
    """The findings of ``Artifact.check`` for every (source, target) subtitle
    pair of a table: one row per finding, with the input row's index (``row``),
    ``rule``, ``severity``, ``cue``, ``time``, ``message``, ``suggestion`` and
    ``concept``. Columns hold paths every worker can read, or subtitle texts
    with ``format`` (``"srt"`` or ``"vtt"``). A pair that cannot be read gives one
    ``input-error`` finding instead of failing the job.
    """
    token, payload = _ship(artifact)
    meta = _check_frame([], df.index.dtype)
    return df.map_partitions(
        _check_partition, token, payload, source_col, target_col, src, tgt, format, meta=meta, align_dataframes=False
    )


def _shard_ids(part: "pd.DataFrame", src_col: str, src: str, shards: int) -> "pd.Series":
    return part[src_col].map(lambda s: crosscut.shard_of(s if isinstance(s, str) else "", src, shards))


def _build_shard(
    group: "pd.DataFrame", out_dir: str, src_col: str, tgt_col: str, src: str, tgt: str, prefix: str
) -> "pd.DataFrame":
    shard = int(group["_key"].iloc[0])
    row = _shipping.build_shard(shard, group[src_col].tolist(), group[tgt_col].tolist(), out_dir, prefix, src, tgt)
    return pd.DataFrame(row)


def build_memory(
    df: "dd.DataFrame",
    out_dir: str,
    src_col: str,
    tgt_col: str,
    src: str,
    tgt: str,
    shards: int = 8,
    prefix: str = "shard",
) -> List[str]:
    """Builds one translation-memory artifact per shard, in parallel, from the
    pairs ``(df[src_col], df[tgt_col])``, and returns their paths in shard order.

    Pairs are assigned with ``crosscut.shard_of`` (the same source always goes to
    the same shard), so ``crosscut.ShardedMemory(paths)`` answers exactly as one
    artifact built from all the pairs. ``out_dir`` must be readable and writable
    by every worker. Each shard is written atomically; shards with no pairs are
    not written.
    """
    if shards < 1:
        raise ValueError(f"shards must be at least 1, not {shards}")
    os.makedirs(out_dir, exist_ok=True)
    out_dir = os.path.abspath(out_dir)
    shard_ids = df.map_partitions(_shard_ids, src_col, src, shards, meta=(None, "int64"))
    # The key twice: pandas leaves the grouping column out of each group.
    keyed = df[[src_col, tgt_col]].assign(_shard=shard_ids, _key=shard_ids)
    meta = pd.DataFrame({"shard": pd.Series(dtype="int64"), "path": pd.Series(dtype="object"), "units": pd.Series(dtype="int64")})
    built = (
        keyed.groupby("_shard")
        .apply(_build_shard, out_dir, src_col, tgt_col, src, tgt, prefix, meta=meta)
        .compute()
    )
    return [p for _, p in sorted(zip(built["shard"].tolist(), built["path"].tolist()))]
