"""Corpus mode: the embedded store (DuckDB), near-duplicates at scale, online story clustering and the
Dask runner. A stream of articles sorted into stories, each story's briefing kept current."""
