"""stance: label every paragraph of a post as reported fact, quotation or opinion.

The Python face of the `stance` Rust library. Records are exactly the ones
`stance tag` writes as JSONL (same fields in the same order, same
probabilities), produced by the library's own writer::

    import stance
    model = stance.Model()                    # the embedded default model
    records = model.tag(["A post.", {"id": "b", "text": "Another post."}])

Documents passed to one ``tag`` call are checked against each other for
shared passages, as the documents of one ``stance tag`` run are. For
archives beyond one machine see :mod:`stance.spark`.
"""

from __future__ import annotations

import json
import os
import warnings
from typing import Any, Iterable, Mapping, Sequence

from . import _stance

__all__ = ["Model", "read_warc", "__version__"]
__version__: str = _stance.__version__

Document = str | Mapping[str, Any]


def _item(i: int, doc: Document) -> tuple[str, str, str]:
    """One document → the (kind, id, payload) triple the extension reads."""
    if isinstance(doc, str):
        return ("jsonl", str(i), json.dumps({"id": str(i), "text": doc}))
    if not isinstance(doc, Mapping):
        raise TypeError(
            f"document {i}: expected a str or a dict with 'text', 'paragraphs' or 'html', "
            f"found {type(doc).__name__}"
        )
    keys = [k for k in ("text", "paragraphs", "html") if k in doc]
    if len(keys) != 1:
        raise ValueError(
            f"document {i}: give exactly one of 'text', 'paragraphs' or 'html' (found {keys or 'none'})"
        )
    doc_id = doc.get("id")
    if doc_id is None:
        doc_id = str(i)
    elif not isinstance(doc_id, (str, int)) or isinstance(doc_id, bool):
        raise ValueError(f"document {i}: 'id' must be a string or an integer, found {doc_id!r}")
    key = keys[0]
    if key == "html":
        html = doc["html"]
        if not isinstance(html, str):
            raise ValueError(f"document {i}: 'html' must be a string")
        return ("html", str(doc_id), html)
    return ("jsonl", str(doc_id), json.dumps({"id": doc_id, key: doc[key]}))


def _items(docs: Iterable[Document]) -> list[tuple[str, str, str]]:
    if isinstance(docs, (str, Mapping)):
        raise TypeError("tag() takes a list of documents; wrap a single one in a list")
    return [_item(i, d) for i, d in enumerate(docs)]


def _records(chunks: Sequence[str], messages: Sequence[str]) -> list[list[dict[str, Any]]]:
    for message in messages:
        warnings.warn(message, stacklevel=3)
    return [[json.loads(line) for line in chunk.splitlines()] for chunk in chunks]


class Model:
    """A stance model: the embedded default, or a model file.

    ``Model()`` is the model built into the package (the CLI's default);
    ``Model(path)`` loads a file written by ``stance train``. Loading checks
    the file; a bad one raises ``ValueError`` (``OSError`` when unreadable).
    """

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self._model = _stance.Model(None if path is None else os.fspath(path))
        self.path = None if path is None else os.fspath(path)

    def __repr__(self) -> str:
        return repr(self._model)

    @property
    def stance_classes(self) -> list[str]:
        """The stance labels, in the order of ``scores``."""
        return self._model.stance_classes()

    @property
    def sentiment_classes(self) -> list[str] | None:
        """The sentiment labels, or None when the model has no sentiment head."""
        return self._model.sentiment_classes()

    def tag(
        self, docs: Iterable[Document], *, shared: bool = True, threads: int = 0
    ) -> list[dict[str, Any]]:
        """Tags documents; returns one record (a dict) per paragraph, in order.

        Each document is a string (its id is its position in the list, as a
        string) or a dict ``{"id", "text"}`` (segmented like a text file),
        ``{"id", "paragraphs": [...]}`` (kept as given) or ``{"id", "html"}``
        (a web page). Records carry exactly the fields of ``stance tag``'s
        JSONL, in its order. With ``shared`` (the default) passages shared
        between the documents of this call are marked (``reproduced_by:
        "shared"``, ``shared_with``). Scoring runs in parallel on
        ``threads`` threads (0: one per core) with the GIL released.
        """
        return [r for doc in self.tag_documents(docs, shared=shared, threads=threads) for r in doc]

    def tag_documents(
        self, docs: Iterable[Document], *, shared: bool = True, threads: int = 0
    ) -> list[list[dict[str, Any]]]:
        """Like :meth:`tag`, but one list of records per input document."""
        chunks, messages = self._model.tag_jsonl(_items(docs), shared, threads)
        return _records(chunks, messages)

    def tag_files(
        self, paths: Iterable[str | os.PathLike[str]], *, shared: bool = True, threads: int = 0
    ) -> list[dict[str, Any]]:
        """Reads and tags files and directories exactly as ``stance tag PATH...`` does.

        Directories are walked in sorted order; the format comes from the
        extension (``.txt``, ``.html``, ``.md``, ``.jsonl``, ``.warc``,
        ``.warc.gz``). Returns the records the CLI would write, in its order;
        the readers' warnings are raised as Python warnings.
        """
        if isinstance(paths, (str, os.PathLike)):
            paths = [paths]
        chunks, messages = self._model.tag_paths_jsonl([os.fspath(p) for p in paths], shared, threads)
        return [r for doc in _records(chunks, messages) for r in doc]

    def tag_frame(self, df: Any, id: str = "id", text: str = "text", *, shared: bool = True):
        """Tags a pandas DataFrame of documents; returns one row per paragraph.

        ``id`` and ``text`` name the columns holding each document's id and
        text. The result has the record fields as columns (``scores`` and
        ``sentiment_scores`` stay dicts).
        """
        try:
            import pandas as pd
        except ModuleNotFoundError as e:
            raise ModuleNotFoundError(
                "Model.tag_frame needs pandas, an optional dependency: pip install 'stance[pandas]'",
                name="pandas") from e

        missing = [c for c in (id, text) if c not in df.columns]
        if missing:
            raise KeyError(f"no column {missing[0]!r} in the DataFrame (columns: {list(df.columns)})")
        docs = [{"id": i if isinstance(i, (int, str)) else str(i), "text": t}
                for i, t in zip(df[id].tolist(), df[text].tolist())]
        records = self.tag(docs, shared=shared)
        if records:
            return pd.DataFrame.from_records(records, columns=list(records[0]))
        return pd.DataFrame.from_records([])


def read_warc(path: str | os.PathLike[str]) -> list[dict[str, str]]:
    """The HTML response records of a WARC file (``.warc`` or ``.warc.gz``).

    Returns ``[{"id": WARC-Target-URI, "html": page}, ...]``, ready for
    :meth:`Model.tag`; records that are not HTML responses are skipped and
    counted in a warning, as ``stance tag crawl.warc.gz`` does.
    """
    pages, messages = _stance.read_warc(os.fspath(path))
    for message in messages:
        warnings.warn(message, stacklevel=2)
    return [{"id": uri, "html": html} for uri, html in pages]
