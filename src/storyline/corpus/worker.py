"""The start of a local worker process: one BLAS thread, then the ingest models. Kept free of numpy's
import so the setting is read when numpy loads (a spawned worker imports this module first)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storyline.config import Config

BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def start(cfg: Config) -> None:
    """The workers already use every core: numpy's BLAS threads on top of them only fight for the same
    cores (bench/RESULTS.md, corpus mode). A user's own setting is kept."""
    for name in BLAS_THREADS:
        os.environ.setdefault(name, "1")
    from storyline.corpus.prepare import set_up

    set_up(cfg)
