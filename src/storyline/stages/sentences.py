"""Sentences: spaCy's sentence recognizer, paragraph by paragraph (a sentence never crosses one)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import replace

from storyline import nlp
from storyline.config import Config
from storyline.model import Doc, Sentence, Span
from storyline.pipeline import stage


def paragraphs(text: str) -> Iterator[tuple[int, str]]:
    """(offset, paragraph) for each blank-line separated paragraph of ``text``."""
    for match in re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]+)*", text):
        yield match.start(), match.group(0)


def pieces(docs: Sequence[Doc]) -> list[tuple[int, int, str]]:
    """(doc index, offset, paragraph) for every paragraph of every doc, to feed spaCy in one stream."""
    return [(n, offset, para) for n, doc in enumerate(docs) for offset, para in paragraphs(doc.text)]


@stage("sentences", requires=("text",), provides=("sentences",), batched=True)
def split_sentences(docs: Sequence[Doc], cfg: Config) -> list[Doc]:
    model = nlp.sentence_ner(cfg.nlp.model)
    parts = pieces(docs)
    found: list[list[Sentence]] = [[] for _ in docs]
    parsed = model.pipe((p for _, _, p in parts), batch_size=cfg.nlp.batch_size, disable=["ner"])
    for (n, offset, _), doc in zip(parts, parsed, strict=True):
        for sent in doc.sents:
            text = sent.text
            start = offset + sent.start_char + (len(text) - len(text.lstrip()))
            end = offset + sent.end_char - (len(text) - len(text.rstrip()))
            if end > start:
                found[n].append(Sentence(Span(start, end)))
    return [replace(doc, sentences=tuple(sents)) for doc, sents in zip(docs, found, strict=True)]
