# The compiled extension (python/src/lib.rs); use the API of `stance` instead.
__version__: str

Item = tuple[str, str, str]

class Model:
    def __init__(self, path: str | None = None) -> None: ...
    @property
    def source(self) -> str: ...
    def stance_classes(self) -> list[str]: ...
    def sentiment_classes(self) -> list[str] | None: ...
    def tag_jsonl(
        self,
        items: list[Item],
        shared: bool = True,
        threads: int = 0,
        any_language: bool = False,
        targets: list[str] = ...,
    ) -> tuple[list[str], list[str]]: ...
    def tag_paths_jsonl(
        self,
        paths: list[str],
        shared: bool = True,
        threads: int = 0,
        any_language: bool = False,
        targets: list[str] = ...,
    ) -> tuple[list[str], list[str]]: ...
    def tag_urls_jsonl(
        self,
        urls: list[str],
        feeds: list[str],
        sitemaps: list[str],
        delay: float,
        timeout: float,
        max_page_size: int,
        user_agent: str | None = None,
        save_warc: str | None = None,
        any_language: bool = False,
        shared: bool = True,
        threads: int = 0,
    ) -> tuple[list[str], list[str], list[tuple[str, str]]]: ...
    def tag_with_postings_jsonl(
        self, items: list[Item], postings: list[list[tuple[int, list[str]]]], threads: int = 0
    ) -> tuple[list[str], list[str]]: ...

def shingles(items: list[Item], threads: int = 0) -> tuple[list[str], list[list[int]]]: ...
def read_warc(path: str) -> tuple[list[tuple[str, str]], list[str]]: ...
def max_docs_per_shingle() -> int: ...
