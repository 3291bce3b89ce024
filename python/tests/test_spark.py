"""stance.spark in Spark local mode gives the CLI's records (order aside), shared passages included."""

from __future__ import annotations

import json
import os
import sys

import pytest

from conftest import canonical, documents, run_cli, write_jsonl

pyspark = pytest.importorskip("pyspark")


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    # Workers run this interpreter, where the wheel is installed.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    session = (SparkSession.builder.master("local[2]").appName("stance-test")
               .config("spark.sql.shuffle.partitions", "4")
               .config("spark.ui.enabled", "false")
               .config("spark.sql.execution.arrow.maxRecordsPerBatch", "8")
               .getOrCreate())
    yield session
    session.stop()


def test_spark_records_are_the_cli_records(spark, tmp_path):
    from stance import spark as stance_spark

    docs = [{"id": str(d["id"]), "text": d.get("text") or "\n\n".join(d["paragraphs"])}
            for d in documents()]
    cli = run_cli(str(write_jsonl(tmp_path / "docs.jsonl", docs)))
    df = spark.createDataFrame([(d["id"], d["text"]) for d in docs], "id string, text string").repartition(3)
    out = stance_spark.tag(df)
    assert out.columns == list(cli[0]), "the CLI's fields, in its order"
    rows = [row.asDict(recursive=True) for row in out.collect()]
    assert sorted(map(canonical, rows)) == sorted(map(canonical, cli))
    shared = {r["doc"] for r in rows if r["shared_with"]}
    assert shared == {"post-a", "post-b", "post-c"}, "found across partitions; FOOTER above the cap"


def test_spark_reads_html_and_works_without_shared(spark):
    from stance import spark as stance_spark
    import stance

    pages = [("p1", "<p>The mill closed in 1990.</p><blockquote><p>It was a sad day.</p></blockquote>")]
    df = spark.createDataFrame(pages, "url string, page string")
    rows = [r.asDict(recursive=True) for r in stance_spark.tag(df, "url", "page", html=True, shared=False).collect()]
    assert rows == stance.Model().tag([{"id": "p1", "html": pages[0][1]}], shared=False)
    with pytest.raises(KeyError, match="nope"):
        stance_spark.tag(df, "nope", "page")
