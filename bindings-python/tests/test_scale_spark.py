"""crosscut.spark on Spark local[2] (tasks retried once): distributed results
equal single-process ones, and a Python worker killed mid-job is retried
without lost or duplicate rows. Skipped outside CI when Java or pyspark is missing."""

import os
import shutil
import sys
import tempfile

import pytest

import crosscut
from scale_data import check_table, expected_findings, expected_matches, glossary_artifact, lines, pairs, queries, needed, view


if shutil.which("java") is None:
    if os.environ.get("CI"):
        pytest.fail("no Java runtime: CI installs one (scripts/setup.sh)", pytrace=False)
    pytest.skip("Spark needs a Java runtime (apt-get install openjdk-17-jre-headless)", allow_module_level=True)

pd = needed("pandas")
needed("pyarrow")
pyspark_sql = needed("pyspark.sql")
import crosscut.spark as xs  # noqa: E402

# py4j leaves its gateway sockets for the garbage collector.
pytestmark = [
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]



@pytest.fixture(scope="module")
def spark():
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    session = (
        pyspark_sql.SparkSession.builder.master("local[2,2]")
        .appName("crosscut-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def artifact_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("spark") / "glossaries.xcut"
    glossary_artifact().save(path)
    return path


def frame(spark, texts, partitions=4):
    return spark.createDataFrame(pd.DataFrame({"id": range(len(texts)), "text": texts})).repartition(partitions)


def rows(df):
    return sorted(tuple(r) for r in df.collect())


def test_distributed_annotate_equals_single_process(spark, artifact_path):
    texts = lines(20)
    expected = expected_matches(crosscut.open(artifact_path), texts)
    assert len(expected) > len(texts) // 2
    for shipped in (str(artifact_path), artifact_path.read_bytes()):
        got = xs.annotate(frame(spark, texts), shipped, text_col="text", lang="en", id_col="id")
        assert got.columns == ["row", "start", "end", "text", "concept", "term", "status", "how"]
        assert rows(got) == sorted(expected)


def test_sharded_build_equals_one_artifact(spark, tmp_path):
    all_pairs = pairs(800)
    df = spark.createDataFrame(pd.DataFrame(all_pairs, columns=["en", "fr"])).repartition(3)
    paths = xs.build_memory(df, str(tmp_path / "tm"), "en", "fr", "en", "fr", shards=3)
    assert len(paths) == 3
    sharded = crosscut.ShardedMemory(paths)
    one = crosscut.compile_memory(all_pairs, src="en", tgt="fr")
    assert len(sharded) == one.info()["memory"]["units"]
    for q in queries(all_pairs):
        assert view(sharded.tm_search(q, "en", "fr", top=8, min_score=40)) == view(
            one.tm_search(q, "en", "fr", top=8, min_score=40)
        ), q


def test_killed_worker_is_retried_without_lost_or_duplicate_rows(spark, artifact_path):
    texts = lines(8)
    expected = expected_matches(crosscut.open(artifact_path), texts)
    marker = os.path.join(tempfile.mkdtemp(), "killed")

    def die_once(parts):
        # The first task to get here kills its Python worker; Spark retries the task.
        try:
            fd = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            yield from parts
            return
        os.close(fd)
        os._exit(1)

    source = frame(spark, texts)
    dying = source.mapInPandas(die_once, source.schema)
    got = xs.annotate(dying, str(artifact_path), text_col="text", lang="en", id_col="id")
    assert rows(got) == sorted(expected)
    assert os.path.exists(marker), "a worker must have been killed"


def test_distributed_check_equals_single_process(spark, artifact_path):
    table = check_table()
    expected = expected_findings(crosscut.open(artifact_path), table)
    df = spark.createDataFrame(pd.DataFrame({"id": range(len(table)), "source": [s for s, _ in table], "target": [t for _, t in table]}))
    got = xs.check(df, artifact_path.read_bytes(), src="en", tgt="fr", id_col="id")
    key = lambda r: tuple("" if v is None else v for v in r)  # noqa: E731
    assert sorted(map(tuple, got.collect()), key=key) == sorted(expected, key=key)
    assert any(r[1] == "input-error" for r in expected)
