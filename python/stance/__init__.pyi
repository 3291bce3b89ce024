import os
from typing import Any, Iterable, Mapping, Sequence

__version__: str

Document = str | Mapping[str, Any]
Record = dict[str, Any]

class Model:
    """A stance model: ``Model()`` the embedded default, ``Model(path)`` a model file."""

    path: str | None
    def __init__(self, path: str | os.PathLike[str] | None = None) -> None: ...
    @property
    def stance_classes(self) -> list[str]: ...
    @property
    def sentiment_classes(self) -> list[str] | None: ...
    def tag(
        self,
        docs: Iterable[Document],
        *,
        shared: bool = True,
        threads: int = 0,
        any_language: bool = False,
        targets: Sequence[str] = (),
    ) -> list[Record]:
        """One record per paragraph: exactly the fields and values of ``stance tag``'s JSONL."""
    def tag_documents(
        self,
        docs: Iterable[Document],
        *,
        shared: bool = True,
        threads: int = 0,
        any_language: bool = False,
        targets: Sequence[str] = (),
    ) -> list[list[Record]]: ...
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
    ) -> list[Record]:
        """Fetches pages (politely, as ``stance tag URL`` does) and tags them; a URL not
        fetched is a ``FetchWarning``, never an exception."""
    def tag_files(
        self,
        paths: Iterable[str | os.PathLike[str]],
        *,
        shared: bool = True,
        threads: int = 0,
        any_language: bool = False,
        targets: Sequence[str] = (),
    ) -> list[Record]:
        """Reads and tags files and directories exactly as ``stance tag PATH...`` does."""
    def tag_frame(self, df: Any, id: str = "id", text: str = "text", *, shared: bool = True) -> Any:
        """pandas DataFrame of documents → pandas DataFrame, one row per paragraph."""

class FetchWarning(UserWarning):
    """A URL ``Model.tag_urls`` did not fetch, and why."""

    url: str
    reason: str
    def __init__(self, url: str, reason: str) -> None: ...

def read_warc(path: str | os.PathLike[str]) -> list[dict[str, str]]:
    """``[{"id": WARC-Target-URI, "html": page}, ...]`` for the HTML responses of a WARC file."""
