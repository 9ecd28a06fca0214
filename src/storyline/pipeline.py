"""The pipeline: an ordered list of registered stages, checked when it is built.

A stage is a pure function registered with ``@stage``. A ``doc`` stage maps one ``Doc`` to a new
``Doc`` (and runs in worker processes when there are many articles); a ``story`` stage maps the
whole ``Story`` (de-duplication, merging entities across articles, the timeline, the summary).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace

from storyline.config import Config
from storyline.errors import ConfigError, InputError
from storyline.model import Doc, Failure, Skipped, Story
from storyline.registry import REGISTRY, StageInfo, stage  # noqa: F401  (stage: re-exported for user stages)

log = logging.getLogger(__name__)

Progress = Callable[[int], None]


def available_stages() -> dict[str, StageInfo]:
    import storyline.stages  # noqa: F401  (registers every stage module)

    return REGISTRY


class Pipeline:
    """Stages in order; building one checks every name exists and every requirement is met."""

    def __init__(self, cfg: Config, names: Sequence[str] | None = None) -> None:
        registry = available_stages()
        self.cfg = cfg
        self.stages: list[StageInfo] = []
        provided: set[str] = set()
        for name in names if names is not None else cfg.pipeline.stages:
            if name not in registry:
                raise ConfigError(f"Unknown stage {name!r}. Available: {', '.join(registry)}.")
            info = registry[name]
            missing = [r for r in info.requires if r not in provided]
            if missing:
                raise ConfigError(
                    f"Stage {name!r} requires {', '.join(map(repr, missing))}, which no earlier stage "
                    f"provides. Put the stage that provides it first; order given: {', '.join(names or [])}."
                )
            provided.update(info.provides)
            self.stages.append(info)
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Pipeline:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self, n_docs: int) -> None:
        """Start the worker processes for about ``n_docs`` articles, if that many need them. The
        workers load their models at once, so a caller can start them and then read the input."""
        processes = self._processes(n_docs)
        if self._pool is None and processes > 1:
            self._pool = ProcessPoolExecutor(max_workers=processes, initializer=_set_up,
                                             initargs=([i for i in self.stages if i.scope == "doc"], self.cfg))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None

    @property
    def names(self) -> list[str]:
        return [info.name for info in self.stages]

    def run(self, doc: Doc) -> Doc:
        """Run the per-article stages on one doc. Raises InputError if it cannot be analysed."""
        for info in self.stages:
            if info.scope == "doc" and info.name not in doc.done:
                doc = _call_doc_stage(info, doc, self.cfg)
        return doc

    def run_many(self, docs: Iterable[Doc], *, skipped: Sequence[Skipped] = (),
                 progress: Progress | None = None) -> Story:
        """Run every stage over a collection; failures are recorded and the run goes on."""
        docs = list(docs)
        story = Story(docs=(), skipped=tuple(skipped))
        started_here = self._pool is None
        self.start(len(docs))
        try:
            story = self._run_groups(docs, story, progress)
        finally:
            if started_here:
                self.close()
        return story

    def _run_groups(self, docs: list[Doc], story: Story, progress: Progress | None) -> Story:
        for group in _group_by_scope(self.stages):
            if group[0].scope == "doc":
                results = list(_map_docs(group, docs, self.cfg, self._pool, progress))
                docs = [doc for doc, _, _ in results if doc is not None]
                story = replace(
                    story,
                    skipped=story.skipped + tuple(s for _, s, _ in results if s is not None),
                    failures=story.failures + tuple(f for _, _, f in results if f is not None),
                )
                story = replace(story, docs=tuple(docs))
            else:
                for info in group:
                    story = _call_story_stage(info, story, self.cfg)
                docs = list(story.docs)
        return replace(story, docs=tuple(docs))

    def _processes(self, n_docs: int) -> int:
        wanted = self.cfg.pipeline.processes
        if wanted > 0:
            return wanted
        return min(2, os.cpu_count() or 1) if n_docs >= 20 else 1


def _group_by_scope(stages: list[StageInfo]) -> list[list[StageInfo]]:
    groups: list[list[StageInfo]] = []
    for info in stages:
        if groups and groups[-1][0].scope == info.scope == "doc":
            groups[-1].append(info)
        else:
            groups.append([info])
    return groups


DocResult = tuple[Doc | None, Skipped | None, Failure | None]
_CHUNK = 16  # docs per batch handed to a worker


def _run_chunk(job: tuple[list[StageInfo], list[Doc], Config]) -> list[DocResult]:
    """Run the stages over a chunk of docs; a doc that fails leaves the chunk with its reason."""
    stages, docs, cfg = job
    results: list[DocResult] = [(doc, None, None) for doc in docs]
    for info in stages:  # a stage a doc has been through already (a corpus's stored article) is not run again
        alive = [i for i, (doc, _, _) in enumerate(results) if doc is not None and info.name not in doc.done]
        if info.batched and len(alive) > 1:
            try:
                done = _call_batch(info, [results[i][0] for i in alive], cfg)  # type: ignore[misc]
            except Exception:  # find the doc that fails by running them one at a time
                done = None
            if done is not None:
                for i, doc in zip(alive, done, strict=True):
                    results[i] = (doc, None, None)
                continue
        for i in alive:
            results[i] = _run_one(info, results[i][0], cfg)  # type: ignore[arg-type]
    return results


def _run_one(info: StageInfo, doc: Doc, cfg: Config) -> DocResult:
    try:
        return _call_doc_stage(info, doc, cfg), None, None
    except InputError as e:
        return None, Skipped(doc.article.source, str(e)), None
    except Exception as e:  # a bug or a library failure on one article: record it, go on
        error = f"{type(e).__name__}: {e}"
        return None, Skipped(doc.article.source, f"stage {info.name!r} failed: {error}"), Failure(
            doc.id, info.name, error)


def _set_up(stages: list[StageInfo], cfg: Config) -> None:
    """Worker start: load every doc stage's models once, before the first chunk arrives."""
    for info in stages:
        if info.setup is not None:
            try:
                info.setup(cfg)
            except Exception as e:  # the stage itself will meet and report the problem
                log.debug("Setting up stage %r failed: %s", info.name, e)


def _map_docs(stages: list[StageInfo], docs: list[Doc], cfg: Config, pool: ProcessPoolExecutor | None,
              progress: Progress | None) -> Iterator[DocResult]:
    jobs = [(stages, docs[i : i + _CHUNK], cfg) for i in range(0, len(docs), _CHUNK)]
    chunks: Iterable[list[DocResult]] = map(_run_chunk, jobs) if pool is None or len(jobs) < 2 else pool.map(
        _run_chunk, jobs)
    for chunk in chunks:
        if progress:
            progress(len(chunk))
        yield from chunk


def _call_doc_stage(info: StageInfo, doc: Doc, cfg: Config) -> Doc:
    out = _call_batch(info, [doc], cfg)[0] if info.batched else info.func(doc, cfg)
    if not isinstance(out, Doc):
        raise TypeError(f"Stage {info.name!r} returned {type(out).__name__}, not Doc; a stage must "
                        "return the new Doc.")
    return replace(out, done=out.done | {info.name})


def _call_batch(info: StageInfo, docs: list[Doc], cfg: Config) -> list[Doc]:
    out = info.func(docs, cfg)
    if not isinstance(out, list) or len(out) != len(docs) or not all(isinstance(d, Doc) for d in out):
        raise TypeError(f"Batched stage {info.name!r} must return a list of {len(docs)} Docs.")
    return [replace(d, done=d.done | {info.name}) for d in out]


def _call_story_stage(info: StageInfo, story: Story, cfg: Config) -> Story:
    try:
        out = info.func(story, cfg)
    except Exception as e:  # corpus mode: keep what the earlier stages made
        log.warning("Stage %r failed on the collection: %s: %s", info.name, type(e).__name__, e)
        failure = Failure("*", info.name, f"{type(e).__name__}: {e}")
        return replace(story, failures=(*story.failures, failure))
    if not isinstance(out, Story):
        raise TypeError(f"Stage {info.name!r} returned {type(out).__name__}, not Story.")
    return replace(out, done=out.done | {info.name})
