"""crosscut.dask on a dask.distributed LocalCluster with 2 worker processes:
distributed results equal single-process ones, the artifact opens once per
worker, and a worker killed mid-job is retried without lost or duplicate rows."""

import os
import tempfile

import pytest

import crosscut
from scale_data import check_table, expected_findings, expected_matches, glossary_artifact, lines, pairs, queries, needed, view


pd = needed("pandas")
dd = needed("dask.dataframe")
distributed = needed("distributed")
import crosscut.dask as xd  # noqa: E402


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
    )
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


@pytest.fixture(scope="module")
def artifact_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("dask") / "glossaries.xcut"
    glossary_artifact().save(path)
    return path


def frame(texts, partitions=6):
    return dd.from_pandas(pd.DataFrame({"text": texts}), npartitions=partitions)


def test_distributed_annotate_equals_single_process(client, artifact_path):
    texts = lines()
    expected = expected_matches(crosscut.open(artifact_path), texts)
    assert len(expected) > len(texts) // 2, "the shipped glossaries must find terms in the dialogue"
    for shipped in (artifact_path, artifact_path.read_bytes()):
        got = xd.annotate(frame(texts), shipped, text_col="text", lang="en").compute()
        assert list(got.columns) == ["row", "start", "end", "text", "concept", "term", "status", "how"]
        assert sorted(map(tuple, got.itertuples(index=False))) == sorted(expected)
        # Each match's span slices its input line.
        for row, start, end, text in zip(got["row"], got["start"], got["end"], got["text"]):
            assert texts[row][start:end] == text
    # Each worker opened each shipped artifact once (a path and the bytes), whatever the partitions.
    from crosscut import _shipping

    opened = client.run(_shipping.opened_count)
    assert all(n <= 2 for n in opened.values()), opened


def test_sharded_build_equals_one_artifact(client, tmp_path):
    all_pairs = pairs()
    df = dd.from_pandas(pd.DataFrame(all_pairs, columns=["en", "fr"]), npartitions=5)
    paths = xd.build_memory(df, str(tmp_path / "tm"), "en", "fr", "en", "fr", shards=4)
    assert len(paths) == 4 and all(os.path.exists(p) for p in paths)
    sharded = crosscut.ShardedMemory(paths)
    one = crosscut.compile_memory(all_pairs, src="en", tgt="fr")
    assert len(sharded) == one.info()["memory"]["units"]
    found = 0
    for q in queries(all_pairs):
        expected = view(one.tm_search(q, "en", "fr", top=8, min_score=40))
        assert view(sharded.tm_search(q, "en", "fr", top=8, min_score=40)) == expected, q
        found += len(expected)
    assert found > 20


def test_killed_worker_is_retried_without_lost_or_duplicate_rows(client, artifact_path):
    texts = lines(10)
    expected = expected_matches(crosscut.open(artifact_path), texts)
    marker = os.path.join(tempfile.mkdtemp(), "killed")

    def die_once(part):
        # The first task to get here kills its worker process; the retry proceeds.
        try:
            fd = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            return part
        os.close(fd)
        os._exit(1)

    dying = frame(texts).map_partitions(die_once, meta={"text": "object"})
    got = xd.annotate(dying, artifact_path, lang="en").compute()
    assert os.path.exists(marker), "a worker must have been killed"
    assert sorted(map(tuple, got.itertuples(index=False))) == sorted(expected)


def test_distributed_check_equals_single_process(client, artifact_path):
    table = check_table()
    expected = expected_findings(crosscut.open(artifact_path), table)
    assert any(r[1] == "deprecated-term" for r in expected) and any(r[1] == "input-error" for r in expected)
    df = dd.from_pandas(pd.DataFrame(table, columns=["source", "target"]), npartitions=2)
    got = xd.check(df, artifact_path, src="en", tgt="fr").compute()
    norm = lambda rows: sorted(tuple(None if v != v else v for v in r) for r in rows)  # NaN -> None
    assert norm(got.itertuples(index=False)) == norm(expected)
