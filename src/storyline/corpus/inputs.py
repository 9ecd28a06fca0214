"""What ``corpus add`` and ``corpus watch`` read: paths through the file reader, page and feed URLs
through the polite fetcher (read/fetch.py). ``Inputs`` names them all first (cheap: the paths are
listed, nothing is read) and reads them one at a time, so ``Corpus.add`` holds a slice of articles,
never the whole input."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from storyline.config import Config
from storyline.corpus.corpus import AddReport, Corpus
from storyline.model import Article, Skipped
from storyline.read.fetch import Fetcher, is_url, parse_every, read_feed_list, watch
from storyline.read.ingest import Batch, expand_paths, iter_inputs


@dataclass
class Inputs:
    """Paths (files found, or the reason one cannot be read) and URLs, read lazily by ``read``."""

    files: list[tuple[str | Path, str | None]]
    urls: list[str]
    cfg: Config
    fetcher: Fetcher | None = field(default=None, repr=False)

    @classmethod
    def find(cls, inputs: Sequence[str], cfg: Config, *, fetcher: Fetcher | None = None) -> Inputs:
        """List what ``inputs`` (paths, folders, globs, '-', URLs) name, reading nothing."""
        paths = [i for i in inputs if not is_url(i)]
        return cls(expand_paths(paths, cfg.ingest), [i for i in inputs if is_url(i)], cfg, fetcher)

    def __len__(self) -> int:
        return len(self.files) + len(self.urls)

    def read(self) -> Iterator[Batch]:
        """One ``Batch`` per input, read when asked for."""
        yield from iter_inputs(self.files, self.cfg.ingest, stdin=sys.stdin.buffer)
        if self.urls:
            fetcher = self.fetcher or Fetcher(self.cfg.fetch)
            for url in self.urls:
                articles, skipped = fetcher.read_url(url)
                yield Batch(articles, skipped, 1)


def read_any(inputs: Sequence[str], cfg: Config, *, fetcher: Fetcher | None = None) -> Batch:
    """Read paths, globs, '-' and URLs into one Batch; every input is counted, and every one not read
    is in skipped."""
    batch = Batch()
    for read in Inputs.find(inputs, cfg, fetcher=fetcher).read():
        batch.extend(read)
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
