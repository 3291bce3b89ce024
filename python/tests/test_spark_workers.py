"""stance.spark fails early, saying how to fix it, when Spark's Python workers cannot import it.

The case of the issue: the driver runs in a virtualenv with the wheel, Spark starts its workers
with another Python (by default `python3`). Here that other Python is a fresh virtualenv without
the wheel, made from this interpreter so its version matches the driver's.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

pytest.importorskip("pyspark")


@pytest.fixture(scope="module")
def spark_with_bare_workers(tmp_path_factory):
    from pyspark.sql import SparkSession

    bare = tmp_path_factory.mktemp("bare") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(bare)], check=True)
    python = str(bare / "bin" / "python")
    before = os.environ.get("PYSPARK_PYTHON")
    # The workers' Python is read when the SparkContext starts.
    active = SparkSession.getActiveSession()
    if active is not None:
        active.stop()
    os.environ["PYSPARK_PYTHON"] = python
    session = (SparkSession.builder.master("local[1]").appName("stance-test-bare-workers")
               .config("spark.ui.enabled", "false").getOrCreate())
    try:
        yield session, python
    finally:
        session.stop()
        if before is None:
            os.environ.pop("PYSPARK_PYTHON", None)
        else:
            os.environ["PYSPARK_PYTHON"] = before


def test_workers_without_the_package_are_reported_with_the_fix(spark_with_bare_workers):
    from stance import spark as stance_spark

    spark, python = spark_with_bare_workers
    df = spark.createDataFrame([("a", "The mill closed in 1990.")], "id string, text string")
    with pytest.raises(RuntimeError) as raised:
        stance_spark.tag(df)
    message = str(raised.value)
    assert "cannot import stance" in message, message
    assert python in message, "names the workers' Python"
    assert f"PYSPARK_PYTHON={sys.executable}" in message, "says how to fix it"
