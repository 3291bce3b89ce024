"""stance: label every paragraph of a post as reported fact, quotation or opinion.

The Python face of the `stance` Rust library. Records are exactly the ones
`stance tag` writes as JSONL (same fields in the same order, same
probabilities), produced by the library's own writer::

    import stance
    model = stance.Model()                    # the embedded default model
    records = model.tag(["A post.", {"id": "b", "text": "Another post."}])
    records = model.tag_urls(["https://example.org/news/story"])   # fetched politely

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

__all__ = ["Model", "FetchWarning", "read_warc", "__version__"]
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
    record = {"id": doc_id, key: doc[key]}
    if "targets" in doc:
        record["targets"] = doc["targets"]
    return ("jsonl", str(doc_id), json.dumps(record))


def _items(docs: Iterable[Document]) -> list[tuple[str, str, str]]:
    if isinstance(docs, (str, Mapping)):
        raise TypeError("tag() takes a list of documents; wrap a single one in a list")
    return [_item(i, d) for i, d in enumerate(docs)]


def _records(chunks: Sequence[str], messages: Sequence[str]) -> list[list[dict[str, Any]]]:
    for message in messages:
        warnings.warn(message, stacklevel=3)
    return [[json.loads(line) for line in chunk.splitlines()] for chunk in chunks]


class FetchWarning(UserWarning):
    """A URL :meth:`Model.tag_urls` did not fetch: ``url`` and ``reason``.

    One is raised (as a warning) per URL, e.g. ``HTTP 404 Not Found``,
    ``forbidden by the site's robots.txt; not fetched``, ``no complete
    response within 2 s (the timeout)``. Collect them with
    ``warnings.catch_warnings(record=True)``, or turn them into exceptions
    with ``warnings.simplefilter("error", stance.FetchWarning)``.
    """

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


def _urls(value: str | Iterable[str], name: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    urls = list(value)
    for u in urls:
        if not isinstance(u, str):
            raise TypeError(f"{name}: expected URLs as strings, found {type(u).__name__}")
    return urls


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
        self,
        docs: Iterable[Document],
        *,
        shared: bool = True,
        threads: int = 0,
        any_language: bool = False,
        targets: Sequence[str] = (),
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
        A document in a language the model was not trained on (declared by
        the page, else told from at least 20 words of text) is not labelled
        (``skipped: "language"``, one warning per call) unless
        ``any_language``.

        ``targets`` (names, ``"NAME=alias|alias"`` as ``stance tag --target``)
        adds the ``targets`` field: per content paragraph, the tone toward
        each target it mentions. A document dict may also carry its own
        ``"targets"`` list (text and paragraphs documents).
        """
        return [r for doc in self.tag_documents(docs, shared=shared, threads=threads,
                                                any_language=any_language, targets=targets)
                for r in doc]

    def tag_documents(
        self,
        docs: Iterable[Document],
        *,
        shared: bool = True,
        threads: int = 0,
        any_language: bool = False,
        targets: Sequence[str] = (),
    ) -> list[list[dict[str, Any]]]:
        """Like :meth:`tag`, but one list of records per input document."""
        if isinstance(targets, str):
            raise TypeError("targets is a list of names; wrap a single one in a list")
        chunks, messages = self._model.tag_jsonl(_items(docs), shared, threads, any_language,
                                                 list(targets))
        return _records(chunks, messages)

    def tag_urls(
        self,
        urls: str | Iterable[str] = (),
        *,
        feeds: str | Iterable[str] = (),
        sitemaps: str | Iterable[str] = (),
        delay: float = 1.0,
        timeout: float = 30.0,
        max_page_size: int = 20 << 20,
        user_agent: str | None = None,
        any_language: bool = False,
        save_warc: str | os.PathLike[str] | None = None,
        shared: bool = True,
        threads: int = 0,
    ) -> list[dict[str, Any]]:
        """Fetches web pages and tags them, as ``stance tag URL...`` does.

        ``urls`` are pages; ``feeds`` RSS or Atom feeds (every item's link
        is fetched); ``sitemaps`` sitemaps or sitemap indexes (``.xml`` or
        ``.xml.gz``). Fetching is the CLI's, polite and bounded: robots.txt
        is obeyed, one request at a time per host with ``delay`` seconds
        between (a longer robots.txt ``Crawl-delay`` wins), up to 8 hosts at
        once; each request ends within ``timeout`` seconds; redirects are
        followed (at most 10); 429 and 5xx answers are retried, honouring
        ``Retry-After``; a page over ``max_page_size`` bytes (also once
        decompressed) is refused. ``user_agent`` defaults to
        ``stance/VERSION``. With ``save_warc`` every request and response is
        written to that ``.warc.gz`` file (it appears only when the fetching
        is done); :meth:`tag_files` of it gives the same records.

        Returns the records :meth:`tag` returns, one per paragraph, pages in
        the order they arrived; each document's id is its final URL (after
        redirects). A URL that could not be fetched does not raise: it is a
        :class:`FetchWarning` naming the URL and why (``HTTP 404 Not
        Found``, robots.txt, a timeout, ...), and the other pages are tagged.
        Other problems (a response that is not a web page, documents not
        labelled for their language) are ``UserWarning``\s. Ctrl-C stops the
        fetching (within one request) and removes an unfinished archive.
        """
        urls, feeds, sitemaps = _urls(urls, "urls"), _urls(feeds, "feeds"), _urls(sitemaps, "sitemaps")
        if not (urls or feeds or sitemaps):
            raise ValueError("tag_urls: nothing to fetch: give urls, feeds or sitemaps")
        if delay < 0 or timeout <= 0 or max_page_size <= 0:
            raise ValueError(
                f"tag_urls: delay must be >= 0, timeout and max_page_size > 0 "
                f"(got delay={delay}, timeout={timeout}, max_page_size={max_page_size})")
        chunks, messages, failures = self._model.tag_urls_jsonl(
            urls, feeds, sitemaps, float(delay), float(timeout), int(max_page_size), user_agent,
            None if save_warc is None else os.fspath(save_warc), any_language, shared, threads)
        for url, reason in failures:
            warnings.warn(FetchWarning(url, reason), stacklevel=2)
        return [r for doc in _records(chunks, messages) for r in doc]

    def tag_files(
        self,
        paths: Iterable[str | os.PathLike[str]],
        *,
        shared: bool = True,
        threads: int = 0,
        any_language: bool = False,
        targets: Sequence[str] = (),
    ) -> list[dict[str, Any]]:
        """Reads and tags files and directories exactly as ``stance tag PATH...`` does.

        Directories are walked in sorted order; the format comes from the
        extension (``.txt``, ``.html``, ``.md``, ``.jsonl``, ``.warc``,
        ``.warc.gz``). Returns the records the CLI would write, in its order;
        the readers' warnings are raised as Python warnings, among them one
        counting the files of the directories that were not read (a
        ``.pdf``, a ``.docx``), by extension. A URL is refused: fetch pages
        with :meth:`tag_urls`.
        """
        if isinstance(paths, (str, os.PathLike)):
            paths = [paths]
        paths = [os.fspath(p) for p in paths]
        for p in paths:
            if isinstance(p, str) and p.lower().startswith(("http://", "https://")):
                raise ValueError(f"tag_files takes files, and {p} is a URL; fetch pages with tag_urls()")
        if isinstance(targets, str):
            raise TypeError("targets is a list of names; wrap a single one in a list")
        chunks, messages = self._model.tag_paths_jsonl(paths, shared, threads, any_language,
                                                       list(targets))
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
