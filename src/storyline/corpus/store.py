"""The corpus store: one DuckDB file, embedded, one writer at a time.

Tables (``SCHEMA_VERSION`` in ``meta``):
- ``articles``: every article kept, in the order added (``seq``): where it came from, its title, outlet
  and dates, the cleaned text and its hash, what the clean stage removed (inside ``doc``, the article as
  cleaned, in storyline.codec's form), its annotations once a briefing needed them (``annotated``), its
  near-duplicate fingerprint, the clustering signal (vector, entities, day) and its story;
- ``copies``: every other source of a kept article (a syndicated or re-posted copy), never analysed again;
- ``inputs``: every input seen, by a key of its content, so adding it again costs nothing;
- ``skipped``: every input not added, with the reason;
- ``stories``: label, main entities, date span, article and independent-outlet counts, ``version``
  (raised whenever the story changes); ``merges``: stories found to be one, and when;
- ``briefings``: each story's briefing, with the story version and settings it was built from.

Every add commits its inputs a slice at a time (``corpus.slice`` articles), each slice in one transaction:
a process killed at any moment leaves the store as it was after the last whole slice, and the same command
run again adds the rest.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from storyline.errors import StorylineError

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS articles (
    id VARCHAR PRIMARY KEY, seq BIGINT NOT NULL, source VARCHAR NOT NULL, url VARCHAR, title VARCHAR,
    outlet VARCHAR, published DATE, published_how VARCHAR, published_confidence DOUBLE,
    added_at TIMESTAMPTZ NOT NULL, content_hash VARCHAR NOT NULL, text VARCHAR NOT NULL,
    doc JSON NOT NULL, annotated JSON, fingerprint BLOB NOT NULL, grams INTEGER NOT NULL,
    vector BLOB NOT NULL, entities VARCHAR[] NOT NULL, day DATE, story VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS copies (
    article VARCHAR NOT NULL, source VARCHAR NOT NULL, url VARCHAR, outlet VARCHAR, title VARCHAR,
    added_at TIMESTAMPTZ NOT NULL, PRIMARY KEY (article, source));
CREATE TABLE IF NOT EXISTS inputs (key VARCHAR PRIMARY KEY, source VARCHAR NOT NULL, article VARCHAR);
CREATE TABLE IF NOT EXISTS skipped (
    source VARCHAR NOT NULL, reason VARCHAR NOT NULL, skipped_at TIMESTAMPTZ NOT NULL, PRIMARY KEY (source, reason));
CREATE TABLE IF NOT EXISTS stories (
    id VARCHAR PRIMARY KEY, label VARCHAR NOT NULL, entities VARCHAR[] NOT NULL, first_day DATE,
    last_day DATE, articles INTEGER NOT NULL, outlets INTEGER NOT NULL, unknown_outlets INTEGER NOT NULL,
    created_at TIMESTAMPTZ NOT NULL, updated_at TIMESTAMPTZ NOT NULL, version BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS merges (
    absorbed VARCHAR NOT NULL, into_story VARCHAR NOT NULL, merged_at TIMESTAMPTZ NOT NULL);
CREATE TABLE IF NOT EXISTS briefings (
    story VARCHAR PRIMARY KEY, version BIGINT NOT NULL, settings VARCHAR NOT NULL, story_data JSON NOT NULL,
    built_at TIMESTAMPTZ NOT NULL);
"""


class StoreError(StorylineError):
    """The store cannot be opened or used."""


class Store:
    """An open store. ``Store(path)`` creates the file if needed and checks its schema version."""

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        if read_only and not self.path.exists():
            raise StoreError(f"No corpus store at {self.path}. Create one with `storyline corpus add PATH "
                             f"--store {self.path}`.")
        try:
            self.db = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.IOException as e:
            if "lock" in str(e).lower():
                raise StoreError(f"The corpus store {self.path} is in use by another storyline process ({_holder(e)})."
                                 " Wait for it to finish, or use another --store.") from e
            raise StoreError(f"Cannot open the corpus store {self.path}: {e}") from e
        except duckdb.Error as e:
            raise StoreError(f"{self.path} is not a storyline corpus store (DuckDB could not read it: {e}). "
                             "Give another --store, or move the file away.") from e
        self._check_schema(read_only)

    def _check_schema(self, read_only: bool) -> None:
        tables = {row[0] for row in self.db.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        if "meta" not in tables:
            if tables:
                raise StoreError(f"{self.path} is a DuckDB file but not a storyline corpus store (it holds "
                                 f"{', '.join(sorted(tables))}). Give another --store.")
            if read_only:
                raise StoreError(f"The corpus store {self.path} is empty. Add articles first.")
            with self.transaction():
                self.db.execute(_SCHEMA)
                self.db.execute("INSERT INTO meta VALUES ('schema_version', ?), ('created_by', 'storyline')",
                                [str(SCHEMA_VERSION)])
            return
        row = self.db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        version = int(row[0]) if row else 0
        if version > SCHEMA_VERSION:
            raise StoreError(f"The corpus store {self.path} was written by a newer storyline (schema {version}; "
                             f"this one reads {SCHEMA_VERSION}). Upgrade storyline: pip install -U storyline.")
        if version < SCHEMA_VERSION:
            raise StoreError(f"The corpus store {self.path} was written by an older storyline (schema {version}; "
                             f"this one reads {SCHEMA_VERSION}) and cannot be migrated. Export it with the "
                             "older version (`storyline corpus export -o old.jsonl`) and add that file to a new "
                             "store (`storyline corpus add old.jsonl --store new.duckdb`).")

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        self.db.execute("BEGIN TRANSACTION")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def one(self, sql: str, params: list[Any] | None = None) -> Any:
        row = self.db.execute(sql, params or []).fetchone()
        return row[0] if row else None

    def rows(self, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
        return self.db.execute(sql, params or []).fetchall()


def _holder(error: Exception) -> str:
    text = str(error)
    at = text.find("PID ")
    return text[at : text.find(")", at)].strip() if at >= 0 else "it holds the lock"
