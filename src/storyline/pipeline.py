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
from dataclasses import dataclass, replace
from typing import Any, Literal

from storyline.config import Config
from storyline.errors import ConfigError, InputError
from storyline.model import Doc, Failure, Skipped, Story

log = logging.getLogger(__name__)

Scope = Literal["doc", "story"]
Progress = Callable[[int], None]


@dataclass(frozen=True)
class StageInfo:
    name: str
    func: Callable[..., Any]
    scope: Scope
    requires: tuple[str, ...]
    provides: tuple[str, ...]


REGISTRY: dict[str, StageInfo] = {}


def stage(
    name: str, *, scope: Scope = "doc", requires: Sequence[str] = (), provides: Sequence[str] = ()
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a stage function under ``name`` with what it needs and what it adds."""

    def register(func: Callable[..., Any]) -> Callable[..., Any]:
        REGISTRY[name] = StageInfo(name, func, scope, tuple(requires), tuple(provides or (name,)))
        return func

    return register


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

    @property
    def names(self) -> list[str]:
        return [info.name for info in self.stages]

    def run(self, doc: Doc) -> Doc:
        """Run the per-article stages on one doc. Raises InputError if it cannot be analysed."""
        for info in self.stages:
            if info.scope == "doc":
                doc = _call_doc_stage(info, doc, self.cfg)
        return doc

    def run_many(self, docs: Iterable[Doc], *, skipped: Sequence[Skipped] = (),
                 progress: Progress | None = None) -> Story:
        """Run every stage over a collection; failures are recorded and the run goes on."""
        docs = list(docs)
        story = Story(docs=(), skipped=tuple(skipped))
        processes = self._processes(len(docs))
        for group in _group_by_scope(self.stages):
            if group[0].scope == "doc":
                results = list(_map_docs(group, docs, self.cfg, processes, progress))
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


def _run_chain(job: tuple[list[StageInfo], Doc, Config]) -> DocResult:
    stages, doc, cfg = job
    for info in stages:
        try:
            doc = _call_doc_stage(info, doc, cfg)
        except InputError as e:
            return None, Skipped(doc.article.source, str(e)), None
        except Exception as e:  # a bug or a library failure on one article: record it, go on
            error = f"{type(e).__name__}: {e}"
            reason = f"stage {info.name!r} failed: {error}"
            return None, Skipped(doc.article.source, reason), Failure(doc.id, info.name, error)
    return doc, None, None


def _map_docs(stages: list[StageInfo], docs: list[Doc], cfg: Config, processes: int,
              progress: Progress | None) -> Iterator[DocResult]:
    jobs = ((stages, doc, cfg) for doc in docs)
    if processes <= 1 or len(docs) < 2:
        results: Iterable[DocResult] = map(_run_chain, jobs)
        for result in results:
            if progress:
                progress(1)
            yield result
        return
    with ProcessPoolExecutor(max_workers=processes) as pool:
        for result in pool.map(_run_chain, jobs, chunksize=4):
            if progress:
                progress(1)
            yield result


def _call_doc_stage(info: StageInfo, doc: Doc, cfg: Config) -> Doc:
    out = info.func(doc, cfg)
    if not isinstance(out, Doc):
        raise TypeError(f"Stage {info.name!r} returned {type(out).__name__}, not Doc; a stage must "
                        "return the new Doc.")
    return replace(out, done=out.done | {info.name})


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
