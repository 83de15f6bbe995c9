"""crosscut on Spark: catalogue-wide annotate and sharded translation memories.

Needs the ``spark`` extra (``pip install 'crosscut[spark]'``: pyspark, pandas,
pyarrow) and a Java runtime. The functions use ``mapInPandas`` and
``applyInPandas``, so executors need ``crosscut`` installed in their Python.

The artifact reaches each executor once and stays open in each Python worker
(see ``docs/scale.md``): a path is shipped with ``SparkContext.addFile`` and
memory-mapped from the executor's copy; bytes (or an opened
``crosscut.Artifact``) go in one broadcast variable.

    import crosscut.spark as xs
    matches = xs.annotate(lines, "glossaries.xcut", text_col="text", lang="en", id_col="id")
    paths = xs.build_memory(pairs, "/shared/tm", "en_text", "fr_text", "en", "fr", shards=8)
"""

from __future__ import annotations

import os
from typing import Any, Iterable, List, Optional, Sequence

try:
    import pandas as pd  # type: ignore[import-untyped]
    from pyspark import SparkFiles
    from pyspark.sql import DataFrame, functions as F
except ImportError:  # pragma: no cover - exercised without the extra
    raise ImportError("crosscut.spark needs pyspark, pandas and pyarrow: pip install 'crosscut[spark]'")

import crosscut
from crosscut import _shipping

__all__ = ["annotate", "build_memory", "check"]

MATCH_SCHEMA = (
    "row long, start long, end long, text string, concept string, term string, status string, how string"
)


def _ship(spark: Any, artifact: _shipping.ArtifactLike) -> tuple:
    """``(token, kind, handle)``: a file name added with ``addFile``, or a broadcast."""
    token, kind, payload = _shipping.describe(artifact)
    sc = spark.sparkContext
    if kind == "path":
        sc.addFile(payload)
        return token, "file", os.path.basename(payload)
    return token, "broadcast", sc.broadcast(payload)


def _resolve(kind: str, handle: Any) -> Any:
    return SparkFiles.get(handle) if kind == "file" else handle.value


def annotate(
    df: DataFrame,
    artifact: _shipping.ArtifactLike,
    text_col: str = "text",
    lang: str = "en",
    to: Optional[Sequence[str]] = None,
    id_col: Optional[str] = None,
) -> DataFrame:
    """One row per glossary term found in ``df[text_col]``: the input row's id
    (``row``: ``df[id_col]``, or a ``monotonically_increasing_id`` when no
    ``id_col`` is given), ``start``/``end`` (code points), ``text``,
    ``concept``, ``term``, ``status`` and ``how``. Lazy, like every Spark DataFrame.
    """
    token, kind, handle = _ship(df.sparkSession, artifact)
    targets = list(to) if to else None
    ids = F.col(id_col).cast("long") if id_col else F.monotonically_increasing_id()
    source = df.select(ids.alias("_row"), F.col(text_col).alias("_text"))

    def run(parts: Iterable["pd.DataFrame"]) -> Iterable["pd.DataFrame"]:
        opened = _shipping.opened(token, _resolve(kind, handle))
        for part in parts:
            rows = _shipping.match_rows(part["_row"].tolist(), part["_text"].tolist(), opened, lang, targets)
            yield pd.DataFrame(rows, columns=_shipping.MATCH_COLUMNS).astype({"row": "int64", "start": "int64", "end": "int64"})

    return source.mapInPandas(run, MATCH_SCHEMA)


CHECK_SCHEMA = (
    "row long, rule string, severity string, cue long, time string, message string, suggestion string, concept string"
)


def check(
    df: DataFrame,
    artifact: _shipping.ArtifactLike,
    source_col: str = "source",
    target_col: str = "target",
    src: str = "en",
    tgt: str = "fr",
    format: Optional[str] = None,
    id_col: Optional[str] = None,
) -> DataFrame:
    """The findings of ``Artifact.check`` for every (source, target) subtitle
    pair of a table, one row per finding (see ``crosscut.dask.check``); ``row``
    is ``df[id_col]``, or a ``monotonically_increasing_id``."""
    token, kind, handle = _ship(df.sparkSession, artifact)
    ids = F.col(id_col).cast("long") if id_col else F.monotonically_increasing_id()
    pairs = df.select(ids.alias("_row"), F.col(source_col).alias("_src"), F.col(target_col).alias("_tgt"))

    def run(parts: Iterable["pd.DataFrame"]) -> Iterable["pd.DataFrame"]:
        opened = _shipping.opened(token, _resolve(kind, handle))
        for part in parts:
            rows = _shipping.check_rows(
                part["_row"].tolist(), part["_src"].tolist(), part["_tgt"].tolist(), opened, src, tgt, format
            )
            yield pd.DataFrame(rows, columns=_shipping.CHECK_COLUMNS)

    return pairs.mapInPandas(run, CHECK_SCHEMA)


def build_memory(
    df: DataFrame,
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

    As ``crosscut.dask.build_memory``: pairs are assigned with
    ``crosscut.shard_of``, so ``crosscut.ShardedMemory(paths)`` answers exactly
    as one artifact of all the pairs. ``out_dir`` must be writable by every
    executor (a shared file system on a cluster).
    """
    if shards < 1:
        raise ValueError(f"shards must be at least 1, not {shards}")
    os.makedirs(out_dir, exist_ok=True)
    out_dir = os.path.abspath(out_dir)

    # No type hints: pyspark would read them as an Arrow UDF signature.
    shard_id = F.udf(lambda text: crosscut.shard_of(text if isinstance(text, str) else "", src, shards), "long")

    def build(group: "pd.DataFrame") -> "pd.DataFrame":
        shard = int(group["_shard"].iloc[0])
        row = _shipping.build_shard(
            shard, group["_src"].tolist(), group["_tgt"].tolist(), out_dir, prefix, src, tgt
        )
        return pd.DataFrame(row)

    keyed = df.select(F.col(src_col).alias("_src"), F.col(tgt_col).alias("_tgt")).withColumn(
        "_shard", shard_id(F.col("_src"))
    )
    built = keyed.groupBy("_shard").applyInPandas(build, "shard long, path string, units long").collect()
    return [r["path"] for r in sorted(built, key=lambda r: r["shard"])]
