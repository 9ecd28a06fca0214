"""The Python API, mirroring the CLI: ``storyline.analyze(paths_or_articles, **options) -> Story``."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from storyline import config as config_module
from storyline.config import Config
from storyline.errors import ConfigError
from storyline.model import Article, Doc, Story
from storyline.pipeline import Pipeline, Progress
from storyline.read.ingest import Batch, expand_paths, read_inputs

# Keyword options of analyze() and the config keys they set.
OPTIONS = {
    "max_bytes": ("ingest", "max_bytes"),
    "processes": ("pipeline", "processes"),
    "stages": ("pipeline", "stages"),
    "summary_words": ("summarize", "max_words"),
    "summary_sentences": ("summarize", "max_sentences"),
    "focus": ("summarize", "focus"),
    "max_dates": ("timeline", "max_dates"),
    "sentences_per_date": ("timeline", "sentences_per_date"),
    "since": ("timeline", "since"),
    "until": ("timeline", "until"),
    "months": ("timeline", "months"),
    "languages": ("clean", "languages"),
}

Input = str | Path | Article


def build_config(config: str | Path | None = None, **options: Any) -> Config:
    overrides: dict[str, dict[str, Any]] = {}
    for name, value in options.items():
        if name not in OPTIONS:
            raise ConfigError(f"Unknown option {name!r}. Available: {', '.join(OPTIONS)}.")
        if value is not None:
            section, key = OPTIONS[name]
            overrides.setdefault(section, {})[key] = list(value) if isinstance(value, tuple) else value
    return config_module.load(config, overrides=overrides)


def read(inputs: Input | Iterable[Input], cfg: Config) -> Batch:
    """Read paths (files, folders, globs, '-') and pass Article objects through."""
    items: list[Input] = [inputs] if isinstance(inputs, str | Path | Article) else list(inputs)
    paths = [i for i in items if not isinstance(i, Article)]
    batch = read_inputs(paths, cfg.ingest, stdin=sys.stdin.buffer) if paths else Batch()
    batch.articles.extend(i for i in items if isinstance(i, Article))
    batch.inputs += sum(isinstance(i, Article) for i in items)
    return batch


def count_inputs(inputs: Input | Iterable[Input], cfg: Config) -> int:
    """How many files and articles the inputs name (a record or feed file may hold more articles)."""
    items: list[Input] = [inputs] if isinstance(inputs, str | Path | Article) else list(inputs)
    paths = [i for i in items if not isinstance(i, Article)]
    readable = sum(problem is None for _, problem in expand_paths(paths, cfg.ingest))
    return readable + len(items) - len(paths)


def run(batch: Batch, cfg: Config, *, progress: Progress | None = None, pipeline: Pipeline | None = None) -> Story:
    """Run the pipeline (a started one, or a new one) over what was read."""
    docs = [Doc(article=article) for article in batch.articles]
    return (pipeline or Pipeline(cfg)).run_many(docs, skipped=batch.skipped, progress=progress)


def analyze(inputs: Input | Iterable[Input], *, config: str | Path | None = None, **options: Any) -> Story:
    """Read the inputs and run the whole pipeline. Inputs that cannot be analysed end up in
    ``Story.skipped`` with a reason; nothing raises for a bad article. With many inputs the worker
    processes start first and load their models while the inputs are read."""
    cfg = build_config(config, **options)
    inputs = [inputs] if isinstance(inputs, str | Path | Article) else list(inputs)
    with Pipeline(cfg) as pipeline:
        pipeline.start(count_inputs(inputs, cfg))
        return run(read(inputs, cfg), cfg, pipeline=pipeline)
