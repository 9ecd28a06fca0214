"""The per-article work of corpus mode, done once at ingest and only what later steps need: the clean
and temporal stages (the cleaned text, what was removed, the stated publication date), the
near-duplicate fingerprint and the clustering signal. Pure and picklable: it runs in local worker
processes or on Dask workers; the store is written by the one process that called ``Corpus.add``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import date

from storyline.config import Config
from storyline.corpus.signals import Signal, make_signals
from storyline.model import Article, Doc, Skipped
from storyline.pipeline import Pipeline
from storyline.read.duplicates import Fingerprint, fingerprint

INGEST_STAGES = ("clean", "temporal")


@dataclass(frozen=True)
class Prepared:
    """One article ready for the store."""

    key: str
    doc: Doc
    fingerprint: Fingerprint
    signal: Signal


def input_key(article: Article) -> str:
    """A key of what was read: the same input read again has the same key."""
    parts = (article.source, article.url or "", article.title or "", article.text)
    return hashlib.sha256("\x00".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def prepare(articles: list[Article], cfg: Config) -> list[Prepared | Skipped]:
    """Clean and date each article, fingerprint it and compute its clustering signal; an article that
    cannot be analysed comes back as ``Skipped`` with the reason."""
    one_process = replace(cfg, pipeline=replace(cfg.pipeline, processes=1))  # the runner spreads the work
    story = Pipeline(one_process, names=INGEST_STAGES).run_many([Doc(article=a) for a in articles])
    by_id = {doc.id: doc for doc in story.docs}
    docs = [by_id.get(a.id) for a in articles]
    kept = [doc for doc in docs if doc is not None]
    signals = iter(make_signals([(doc.id, doc.title, doc.text, _day(doc)) for doc in kept]))
    skipped = {s.source: s for s in story.skipped}
    out: list[Prepared | Skipped] = []
    for article, doc in zip(articles, docs, strict=True):
        if doc is None:
            out.append(skipped.get(article.source, Skipped(article.source, "could not be analysed")))
        else:
            out.append(Prepared(input_key(article), doc, fingerprint(doc.text), next(signals)))
    return out


def set_up(cfg: Config) -> None:
    """Worker start: load the models the ingest stages use."""
    for info in Pipeline(cfg, names=INGEST_STAGES).stages:
        if info.setup is not None:
            info.setup(cfg)


def _day(doc: Doc) -> date | None:
    return doc.published.when.start.date() if doc.published is not None else None
