"""Sentences: spaCy's sentence recognizer, paragraph by paragraph (a sentence never crosses one)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from storyline import nlp
from storyline.config import Config
from storyline.model import Doc, Sentence, Span
from storyline.pipeline import stage


def paragraphs(text: str) -> Iterator[tuple[int, str]]:
    """(offset, paragraph) for each blank-line separated paragraph of ``text``."""
    for match in re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]+)*", text):
        yield match.start(), match.group(0)


@stage("sentences", requires=("text",), provides=("sentences",))
def split_sentences(doc: Doc, cfg: Config) -> Doc:
    model = nlp.sentence_ner(cfg.nlp.model)
    parts = list(paragraphs(doc.text))
    found: list[Sentence] = []
    for (offset, _), parsed in zip(parts, model.pipe((p for _, p in parts), batch_size=cfg.nlp.batch_size,
                                                     disable=["ner"]), strict=True):
        for sent in parsed.sents:
            text = sent.text
            start = offset + sent.start_char + (len(text) - len(text.lstrip()))
            end = offset + sent.end_char - (len(text) - len(text.rstrip()))
            if end > start:
                found.append(Sentence(Span(start, end)))
    return replace(doc, sentences=tuple(found))
