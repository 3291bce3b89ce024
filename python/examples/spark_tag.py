"""Tag an archive with Spark: JSONL or Parquet documents in, Parquet records out.

    spark-submit python/examples/spark_tag.py INPUT OUTPUT [--id-col id] [--text-col text] [--html]

INPUT is a JSONL file/directory (`{"id": ..., "text": ...}` per line) or Parquet
(by extension: `.parquet`, or a directory of them with --parquet); OUTPUT is a Parquet
directory, one row per paragraph with the fields of `stance tag`. Every Spark
worker needs the `stance` wheel installed (see the README's Spark section).
"""

from __future__ import annotations

import argparse

from pyspark.sql import SparkSession

from stance import spark as stance_spark


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--id-col", default="id")
    ap.add_argument("--text-col", default="text")
    ap.add_argument("--html", action="store_true", help="the text column holds HTML pages")
    ap.add_argument("--parquet", action="store_true", help="read INPUT as Parquet whatever its name")
    ap.add_argument("--model", help="a model file every worker can read (default: the built-in model)")
    ap.add_argument("--no-shared", action="store_true", help="skip cross-document shared passages")
    args = ap.parse_args()

    spark = SparkSession.builder.appName("stance-tag").getOrCreate()
    if args.parquet or args.input.rstrip("/").endswith(".parquet"):
        docs = spark.read.parquet(args.input)
    else:
        docs = spark.read.json(args.input)
    out = stance_spark.tag(docs, args.id_col, args.text_col, html=args.html, model=args.model,
                           shared=not args.no_shared)
    out.write.mode("overwrite").parquet(args.output)
    spark.stop()


if __name__ == "__main__":
    main()
