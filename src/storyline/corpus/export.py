"""``corpus export``: every article kept, with its story and the sources of its copies, as JSON Lines
(which ``corpus add`` reads back as it is: a store moves to a new one this way) or Parquet (written by
DuckDB itself)."""

from __future__ import annotations

from pathlib import Path

from storyline.corpus.store import Store, StoreError

FORMATS = ("jsonl", "parquet")

_SELECT = """
SELECT a.id, a.story, a.source, a.url, a.title, a.outlet, strftime(a.published, '%Y-%m-%d') AS published,
       json_extract_string(a.doc, '$.article.text') AS text,
       coalesce((SELECT list(c.source ORDER BY c.source) FROM copies c WHERE c.article = a.id), []) AS copies
FROM articles a ORDER BY a.seq
"""


def export(store: Store, path: Path, *, format: str = "jsonl") -> int:
    """Write the articles to ``path``; returns how many."""
    if format not in FORMATS:
        raise StoreError(f"Unknown export format {format!r}. Available: {', '.join(FORMATS)}.")
    target = str(path).replace("'", "''")
    options = "FORMAT json" if format == "jsonl" else "FORMAT parquet"
    try:
        store.db.execute(f"COPY ({_SELECT}) TO '{target}' ({options})")
    except Exception as e:
        raise StoreError(f"Cannot write the export to {path}: {e}") from e
    return int(store.one("SELECT count(*) FROM articles"))
