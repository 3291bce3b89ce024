from typing import Any

def tag(
    df: Any,
    id_col: str = "id",
    text_col: str = "text",
    *,
    html: bool = False,
    model: str | None = None,
    threads: int = 1,
    shared: bool = True,
) -> Any:
    """Spark DataFrame of documents → Spark DataFrame, one row per paragraph (the CLI's fields)."""
