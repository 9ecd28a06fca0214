"""The stage registry: ``@stage`` records a stage function with what it needs and what it adds.

Stages import this module, never the pipeline that runs them; ``storyline.pipeline`` imports the
``stages`` package (which registers every stage) and builds an ordered, checked list from the registry.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from storyline.config import Config

Scope = Literal["doc", "story"]


@dataclass(frozen=True)
class StageInfo:
    name: str
    func: Callable[..., Any]
    scope: Scope
    requires: tuple[str, ...]
    provides: tuple[str, ...]
    batched: bool = False  # func takes (list[Doc], cfg) -> list[Doc], so models see big batches
    setup: Callable[[Config], None] | None = None  # loads the stage's models ahead of its first call


REGISTRY: dict[str, StageInfo] = {}


def stage(
    name: str, *, scope: Scope = "doc", requires: Sequence[str] = (), provides: Sequence[str] = (),
    batched: bool = False, setup: Callable[[Config], None] | None = None,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a stage function under ``name`` with what it needs and what it adds. A ``batched``
    doc stage maps a list of docs to a list of new docs (one model call for many articles).
    ``setup(cfg)`` loads what the stage needs; worker processes call it as they start."""

    def register(func: Callable[..., Any]) -> Callable[..., Any]:
        REGISTRY[name] = StageInfo(name, func, scope, tuple(requires), tuple(provides or (name,)), batched, setup)
        return func

    return register


