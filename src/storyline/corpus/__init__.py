"""Corpus mode: the embedded store (DuckDB), near-duplicates at scale, online story clustering and the
Dask runner. A stream of articles sorted into stories, each story's briefing kept current.

The modules: ``store`` (the DuckDB file, its schema and transactions), ``prepare`` (the per-article work,
run in workers), ``runner`` (local processes or a Dask cluster), ``signals`` and ``cluster`` (online story
clustering), ``corpus`` (``Corpus``: add, stories, find, show), ``inputs`` (paths, URLs and feeds),
``export``, ``cli`` (`storyline corpus ...`).
"""

from storyline.corpus.corpus import AddReport, Corpus, StoryInfo

__all__ = ["AddReport", "Corpus", "StoryInfo"]
