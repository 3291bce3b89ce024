import os
from typing import Any, Iterable, Mapping

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
        self, docs: Iterable[Document], *, shared: bool = True, threads: int = 0
    ) -> list[Record]:
        """One record per paragraph: exactly the fields and values of ``stance tag``'s JSONL."""
    def tag_documents(
        self, docs: Iterable[Document], *, shared: bool = True, threads: int = 0
    ) -> list[list[Record]]: ...
    def tag_files(
        self, paths: Iterable[str | os.PathLike[str]], *, shared: bool = True, threads: int = 0
    ) -> list[Record]:
        """Reads and tags files and directories exactly as ``stance tag PATH...`` does."""
    def tag_frame(self, df: Any, id: str = "id", text: str = "text", *, shared: bool = True) -> Any:
        """pandas DataFrame of documents → pandas DataFrame, one row per paragraph."""

def read_warc(path: str | os.PathLike[str]) -> list[dict[str, str]]:
    """``[{"id": WARC-Target-URI, "html": page}, ...]`` for the HTML responses of a WARC file."""
