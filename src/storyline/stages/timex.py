"""The timex stage: every time expression of an article, normalised to a TIMEX3 value (time/grammar.py)."""

from __future__ import annotations

from dataclasses import replace

from storyline.config import Config
from storyline.model import Doc
from storyline.registry import stage
from storyline.time.grammar import tag


@stage("timex", requires=("text", "sentences"), provides=("timexes",))
def find_timexes(doc: Doc, cfg: Config) -> Doc:
    """Tag the article's time expressions, anchored to its publication date when it is known."""
    dct = doc.published.when.start.date() if doc.published is not None else None
    return replace(doc, timexes=tuple(tag(doc.text, dct, [s.span for s in doc.sentences])))
