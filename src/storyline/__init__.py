"""storyline: turn the articles written about a news story into a briefing a reader can trust."""

from typing import Any

from storyline.api import analyze
from storyline.model import Article, Story

__all__ = ["Article", "Corpus", "Story", "analyze"]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name == "Corpus":  # loaded on first use: the store's libraries (DuckDB, datasketch) are not needed before
        from storyline.corpus import Corpus

        return Corpus
    raise AttributeError(f"module 'storyline' has no attribute {name!r}")
