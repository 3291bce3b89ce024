"""Tag a Spark DataFrame of documents: one row per paragraph, the CLI's fields as columns.

::

    from stance import spark as stance_spark
    out = stance_spark.tag(df, id_col="id", text_col="text")
    out.write.parquet("tagged.parquet")

Documents are tagged in parallel by ``mapInArrow`` (the model is loaded once
per Python worker). Passages shared between documents are found across the
whole DataFrame as a Spark job, so the detection scales with the cluster
rather than with one machine's memory:

1. each document's kept fingerprints (hashes of runs of five words, the
   smallest of each window of three, computed by the same Rust code as
   ``stance tag``: about one per two words) are exploded into
   ``(id, shingle)`` rows;
2. rows are grouped by shingle; a shingle held by one document, or by more
   documents than the core's cap (boilerplate everyone shares), is dropped:
   the bounds are the core index's (``posting_docs``);
3. the remaining postings (shingle → documents) are joined back to their
   documents, and each document is tagged with them.

On the same documents this gives the same records as ``stance tag`` (the
order of rows and of ``shared_with`` aside). Document ids must be unique.

Spark's Python workers must be able to import ``stance`` (and ``pyarrow``):
they run the interpreter named by ``PYSPARK_PYTHON`` (``spark.pyspark.python``
under spark-submit), ``python3`` by default, not necessarily the one that
runs the driver. :func:`tag` checks this once per Spark application, with a
one-task job, and says how to fix it instead of failing deep in a worker.
"""

from __future__ import annotations

import json
from functools import partial
from typing import Any, Iterator

from . import Model, _stance

__all__ = ["tag"]

# Models loaded in this Python process, by path (None: the embedded one):
# a Spark worker loads its model once and reuses it for every batch.
_MODELS: dict[str | None, Model] = {}

# The JSON type of each field `stance tag` writes (the writer decides which
# fields and their order; this only says how to store them).
_LONG = ("paragraph", "start", "end")
_BOOL = ("reproduced", "comment")
_LIST = ("shared_with",)
_SCORES = ("scores", "sentiment_scores")
_DEFAULT_SENTIMENT = ["negative", "neutral", "positive"]
_PROBE = "The council met on Tuesday. It was, we think, a waste of everyone's time."


# Spark applications whose Python workers were seen to import the package.
_WORKERS_CHECKED: set[str] = set()


def _check_workers(spark: Any) -> None:
    """Raises, saying how to fix it, when Spark's Python workers cannot import
    ``stance`` and ``pyarrow`` (e.g. a driver in a virtualenv, workers
    started with the system ``python3``). One task, once per application;
    skipped where there is no SparkContext (Spark Connect)."""
    import sys

    try:
        sc = spark.sparkContext
    except Exception:
        return
    if sc.applicationId in _WORKERS_CHECKED:
        return

    # Defined here so Spark ships it by value: the worker needs no stance
    # module to run it.
    def probe(_):
        import sys

        missing = []
        for name in ("stance", "pyarrow"):
            try:
                __import__(name)
            except ImportError as e:
                missing.append(f"{name} ({e})")
        yield sys.executable, missing

    fix = (f"Spark starts its Python workers with {sc.pythonExec!r}. Give them a Python "
           f"where the stance wheel is installed: in local mode, set PYSPARK_PYTHON to this "
           f"interpreter before the SparkSession is created (PYSPARK_PYTHON={sys.executable}); "
           f"with spark-submit, --conf spark.pyspark.python=PYTHON; on a cluster, install the "
           f"wheel on every node (see the README, Spark).")
    try:
        [(python, missing)] = sc.parallelize([0], 1).mapPartitions(probe).collect()
    except Exception as e:
        raise RuntimeError(f"stance.spark: Spark's Python workers did not run a probe task. {fix}") from e
    if missing:
        raise RuntimeError(f"stance.spark: Spark's Python workers ({python}) cannot import "
                           f"{', '.join(missing)}. {fix}")
    _WORKERS_CHECKED.add(sc.applicationId)


def _model(path: str | None) -> Model:
    model = _MODELS.get(path)
    if model is None:
        model = _MODELS[path] = Model(path)
    return model


def _fields(path: str | None) -> list[tuple[str, str, list[str] | None]]:
    """The output columns: (name, kind, score classes), in the writer's order."""
    model = _model(path)
    record = model.tag([_PROBE], shared=False)[0]
    out = []
    for name, value in record.items():
        if name in _SCORES:
            classes = model.stance_classes if name == "scores" else (
                model.sentiment_classes or _DEFAULT_SENTIMENT)
            out.append((name, "scores", classes))
        elif name in _LONG or (isinstance(value, int) and not isinstance(value, bool)):
            out.append((name, "long", None))
        elif name in _BOOL or isinstance(value, bool):
            out.append((name, "bool", None))
        elif name in _LIST or isinstance(value, list):
            out.append((name, "list", None))
        elif isinstance(value, float):
            out.append((name, "double", None))
        else:
            out.append((name, "string", None))
    return out


def _ddl(fields) -> str:
    types = {"long": "bigint", "bool": "boolean", "list": "array<string>",
             "double": "double", "string": "string"}
    cols = []
    for name, kind, classes in fields:
        if kind == "scores":
            inner = ", ".join(f"`{c}`: double" for c in classes)
            cols.append(f"`{name}` struct<{inner}>")
        else:
            cols.append(f"`{name}` {types[kind]}")
    return ", ".join(cols)


def _arrow_schema(fields):
    import pyarrow as pa

    types = {"long": pa.int64(), "bool": pa.bool_(), "list": pa.list_(pa.string()),
             "double": pa.float64(), "string": pa.string()}
    return pa.schema([
        pa.field(name, pa.struct([pa.field(c, pa.float64()) for c in classes]))
        if kind == "scores" else pa.field(name, types[kind])
        for name, kind, classes in fields
    ])


def _items(ids, texts, html: bool) -> list[tuple[str, str, str]]:
    if html:
        return [("html", i, t or "") for i, t in zip(ids, texts)]
    return [("jsonl", i, json.dumps({"id": i, "text": t or ""})) for i, t in zip(ids, texts)]


def _fingerprint_batches(batches: Iterator[Any], html: bool, threads: int) -> Iterator[Any]:
    """mapInArrow: (id, text) batches → (id, shingle) rows, distinct per document."""
    import pyarrow as pa

    for batch in batches:
        ids = batch.column("id").to_pylist()
        texts = batch.column("text").to_pylist()
        _, shingles = _stance.shingles(_items(ids, texts, html), threads)
        out_ids = [i for i, s in zip(ids, shingles) for _ in s]
        out_shingles = [h for s in shingles for h in s]
        yield pa.RecordBatch.from_arrays(
            [pa.array(out_ids, pa.string()), pa.array(out_shingles, pa.int64())],
            names=["id", "shingle"],
        )


def _tag_batches(batches: Iterator[Any], html: bool, threads: int, path: str | None,
                 fields) -> Iterator[Any]:
    """mapInArrow: (id, text, postings) batches → one row per paragraph."""
    import pyarrow as pa

    model = _model(path)
    schema = _arrow_schema(fields)
    as_text = [name for name, kind, _ in fields if kind == "string"]
    for batch in batches:
        ids = batch.column("id").to_pylist()
        texts = batch.column("text").to_pylist()
        postings = [[(p["shingle"], p["docs"]) for p in (ps or [])]
                    for ps in batch.column("postings").to_pylist()]
        chunks, _ = model._model.tag_with_postings_jsonl(_items(ids, texts, html), postings, threads)
        records = [json.loads(line) for chunk in chunks for line in chunk.splitlines()]
        for r in records:
            for name in as_text:
                v = r.get(name)
                if v is not None and not isinstance(v, str):
                    r[name] = json.dumps(v)
        yield pa.RecordBatch.from_pylist(records, schema=schema)


def tag(df: Any, id_col: str = "id", text_col: str = "text", *, html: bool = False,
        model: str | None = None, threads: int = 1, shared: bool = True) -> Any:
    """Tags the documents of a Spark DataFrame; returns one row per paragraph.

    ``id_col`` holds each document's id (cast to string; ids must be
    unique), ``text_col`` its text (segmented like a text file), or its HTML
    page with ``html=True``. ``model`` is a model file path readable by
    every worker (default: the embedded model). ``threads`` is the number of
    scoring threads per Spark task (Spark's own parallelism comes first).
    With ``shared`` (the default) passages shared between documents are
    found across the whole DataFrame. The columns are the fields of
    ``stance tag``'s JSONL, in its order: ``doc``, ``paragraph``, ``start``,
    ``end``, ``label``, ``scores`` (a struct of probabilities), ``text``,
    ``reproduced``, ``reproduced_by``, ``shared_with`` (an array), ...
    """
    try:
        from pyspark.sql import functions as F
    except ModuleNotFoundError as e:
        raise ModuleNotFoundError(
            "stance.spark needs pyspark and pyarrow, optional dependencies: pip install 'stance[spark]'",
            name=e.name) from e

    for col in (id_col, text_col):
        if col not in df.columns:
            raise KeyError(f"no column {col!r} in the DataFrame (columns: {df.columns})")
    _check_workers(df.sparkSession)
    fields = _fields(model)
    docs = df.select(F.col(id_col).cast("string").alias("id"),
                     F.col(text_col).cast("string").alias("text"))
    postings_type = "array<struct<shingle: bigint, docs: array<string>>>"
    if shared:
        fewest, most = _stance.posting_docs()
        fp = docs.mapInArrow(partial(_fingerprint_batches, html=html, threads=threads),
                             "id string, shingle bigint")
        kept = (fp.groupBy("shingle").agg(F.count(F.lit(1)).alias("n"))
                .where((F.col("n") >= fewest) & (F.col("n") <= most))
                .select("shingle")
                .join(fp, "shingle"))
        groups = kept.groupBy("shingle").agg(F.collect_list("id").alias("docs"))
        per_doc = (kept.join(groups, "shingle")
                   .groupBy("id")
                   .agg(F.collect_list(F.struct("shingle", "docs")).alias("postings")))
        joined = docs.join(per_doc, "id", "left")
    else:
        joined = docs.withColumn("postings", F.lit(None).cast(postings_type))
    joined = joined.select("id", "text", F.col("postings").cast(postings_type).alias("postings"))
    return joined.mapInArrow(
        partial(_tag_batches, html=html, threads=threads, path=model, fields=fields),
        _ddl(fields),
    )
