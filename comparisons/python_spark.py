"""Documents/s for the CLI, the Python API and Spark local[1] vs local[2] on the same input,
and peak memory of cross-document detection at 1x and 4x input. Run through comparisons/python-spark.

Each measurement runs in a fresh process so its peak RSS is its own:
  python_spark.py cli BIN IN.jsonl
  python_spark.py python IN.jsonl
  python_spark.py spark MASTER IN.jsonl OUT_DIR
print one JSON line each: {"docs", "seconds", "peak_rss_mib", ...}.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time


def load(path: str) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def peak_self_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def vm_hwm_mib(pid: int) -> float:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def run_cli(bin_path: str, path: str) -> dict:
    n = len(load(path))
    t = time.perf_counter()
    subprocess.run([bin_path, "tag", path, "-o", os.devnull], check=True)
    seconds = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"what": "cli", "docs": n, "seconds": seconds, "peak_rss_mib": peak}


def run_python(path: str) -> dict:
    import stance

    docs = load(path)
    model = stance.Model()
    t = time.perf_counter()
    records = model.tag(docs)
    seconds = time.perf_counter() - t
    return {"what": "python", "docs": len(docs), "records": len(records), "seconds": seconds,
            "peak_rss_mib": peak_self_mib()}


def run_spark(master: str, path: str, out: str) -> dict:
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    from stance import spark as stance_spark

    cores = int(master[len("local["):-1])
    spark = (SparkSession.builder.master(master).appName("stance-bench")
             .config("spark.ui.enabled", "false")
             .config("spark.sql.shuffle.partitions", str(2 * cores))
             .config("spark.driver.memory", "2g")
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    df = spark.read.json(path).select("id", "text").repartition(2 * cores).cache()
    n = df.count()
    t = time.perf_counter()
    stance_spark.tag(df).write.mode("overwrite").parquet(out)
    seconds = time.perf_counter() - t
    rows = spark.read.parquet(out).count()
    jvm = spark.sparkContext._jvm.java.lang.ProcessHandle.current().pid()
    result = {"what": f"spark {master}", "docs": n, "records": rows, "seconds": seconds,
              "peak_rss_mib": peak_self_mib(), "jvm_peak_rss_mib": vm_hwm_mib(int(jvm))}
    spark.stop()
    return result


def main() -> None:
    mode, *args = sys.argv[1:]
    result = {"cli": run_cli, "python": run_python, "spark": run_spark}[mode](*args)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
