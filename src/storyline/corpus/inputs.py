"""What ``corpus add`` and ``corpus watch`` read: paths through the file reader, page and feed URLs
through the polite fetcher (read/fetch.py), into one ``Batch``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from storyline.config import Config
from storyline.corpus.corpus import AddReport, Corpus
from storyline.model import Article, Skipped
from storyline.read.fetch import Fetcher, is_url, parse_every, read_feed_list, watch
from storyline.read.ingest import Batch


def read_any(inputs: Sequence[str], cfg: Config, *, fetcher: Fetcher | None = None) -> Batch:
    """Read paths, globs, '-' and URLs; every input is counted, and every one not read is in skipped."""
    from storyline import api

    urls = [i for i in inputs if is_url(i)]
    paths = [i for i in inputs if not is_url(i)]
    batch = api.read(paths, cfg) if paths else Batch()
    if urls:
        fetcher = fetcher or Fetcher(cfg.fetch)
        for url in urls:
            articles, skipped = fetcher.read_url(url)
            batch.inputs += 1
            batch.articles.extend(articles)
            batch.skipped.extend(skipped)
    return batch


def watch_feeds(corpus: Corpus, feeds_file: Path, *, every: str, once: bool, workers: int | None,
                report: Callable[[AddReport], object], rounds: int | None = None) -> None:
    """Poll the feeds listed in ``feeds_file`` and add what is new to ``corpus``."""
    feeds = read_feed_list(feeds_file)
    fetcher = Fetcher(corpus.cfg.fetch)

    def add(articles: list[Article], skipped: list[Skipped]) -> None:
        batch = Batch(articles=list(articles), skipped=list(skipped), inputs=len(articles) + len(skipped))
        report(corpus.add(batch, workers=workers))

    watch(feeds, fetcher, add, every=parse_every(every), once=once, seen=corpus.has_url, rounds=rounds)
