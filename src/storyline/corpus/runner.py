"""Where the per-article work runs: in this process, in local worker processes, or on a Dask cluster
(dask.distributed). Chunks come back in the order they were given, so the store, written by this
process alone, sees the same stream whichever runner did the work.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from storyline.config import Config
from storyline.corpus.prepare import Prepared, prepare
from storyline.corpus.worker import start
from storyline.errors import ConfigError
from storyline.model import Article, Skipped

Chunk = list[Prepared | Skipped]
_AHEAD = 4  # chunks in flight per worker


class Runner:
    """``map(chunks)`` prepares chunks of articles, yielding each chunk's results in order."""

    def __init__(self, cfg: Config, *, workers: int | None = None, scheduler: str | None = None) -> None:
        self.cfg = cfg
        self.workers = workers if workers is not None else (os.cpu_count() or 1)
        if self.workers < 0:
            raise ConfigError(f"--workers must be 0 or more, got {self.workers}.")
        self.scheduler = scheduler
        self._pool: ProcessPoolExecutor | None = None
        self._client: Any = None

    def __enter__(self) -> Runner:
        if self.scheduler:
            self._client = _connect(self.scheduler)
        elif self.workers > 1:
            self._pool = _start_pool(self.workers, self.cfg)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
        if self._client is not None:
            self._client.close()

    def map(self, chunks: Iterable[list[Article]]) -> Iterator[Chunk]:
        if self._client is not None:
            yield from self._ordered(chunks, lambda c: self._client.submit(prepare, c, self.cfg, pure=False))
        elif self._pool is not None:
            pool = self._pool
            yield from self._ordered(chunks, lambda c: pool.submit(prepare, c, self.cfg))
        else:
            for chunk in chunks:
                yield prepare(chunk, self.cfg)

    def _ordered(self, chunks: Iterable[list[Article]], submit: Any) -> Iterator[Chunk]:
        """Keep a few chunks per worker in flight; hand results back in submission order."""
        window: list[Future[Chunk]] = []
        limit = max(1, self.workers) * _AHEAD
        for chunk in chunks:
            window.append(submit(chunk))
            if len(window) >= limit:
                yield window.pop(0).result()
        while window:
            yield window.pop(0).result()


def _start_pool(workers: int, cfg: Config) -> ProcessPoolExecutor:
    """Worker processes started afresh (spawn), so that corpus/worker.py sets their BLAS threads before
    numpy loads in them."""
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=start, initargs=(cfg,))


def _connect(address: str) -> Any:
    try:
        from dask.distributed import Client
    except ImportError as e:  # pragma: no cover - dask is a dependency
        raise ConfigError("Running on a Dask cluster needs dask.distributed: pip install 'dask[distributed]'.") from e
    try:
        return Client(address, timeout="10s")  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError) as e:
        raise ConfigError(f"Cannot reach the Dask scheduler at {address}: {e}. Start one with `dask scheduler` "
                          "and workers with `dask worker ADDRESS`, or leave out --scheduler.") from e
