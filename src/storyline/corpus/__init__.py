"""Corpus mode: the embedded store (DuckDB), near-duplicates at scale, online story clustering and the
Dask runner. A stream of articles sorted into stories, each story's briefing kept current.

The modules: ``store`` (the DuckDB file, its schema and transactions), ``prepare`` (the per-article work,
run in workers), ``runner`` (local processes or a Dask cluster), ``signals`` and ``cluster`` (online story
clustering), ``corpus`` (``Corpus``: add, stories, find, show), ``inputs`` (paths, URLs and feeds),
``export``, ``cli`` (`storyline corpus ...`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from storyline.corpus.corpus import AddReport, Corpus, StoryInfo

__all__ = ["AddReport", "Corpus", "StoryInfo"]


def __getattr__(name: str) -> Any:
    """Imported on first use: a spawned worker imports this package before corpus/worker.py, which must
    set the BLAS threads before numpy loads (tests/test_corpus.py checks it)."""
    if name in __all__:
        from storyline.corpus import corpus

        return getattr(corpus, name)
    raise AttributeError(f"module 'storyline.corpus' has no attribute {name!r}")
