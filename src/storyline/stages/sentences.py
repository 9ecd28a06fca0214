"""Sentences: spaCy's sentence recognizer, paragraph by paragraph (a sentence never crosses one)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from storyline.config import Config
from storyline.language import nlp
from storyline.language.nlp import pieces
from storyline.model import Doc, Sentence, Span
from storyline.registry import stage

# A place where a sentence could end inside a paragraph: terminal punctuation (and closing quotes)
# followed by more text, or a line break. A paragraph without one is a single sentence.
_INNER_BOUNDARY = re.compile(r"[.!?…][\"”’')\]]*\s+\S|\n")


@stage("sentences", requires=("text",), provides=("sentences",), batched=True, setup=nlp.load_sentence_ner)
def split_sentences(docs: Sequence[Doc], cfg: Config) -> list[Doc]:
    """spaCy's sentence recognizer on every paragraph that could hold more than one sentence; a
    paragraph that cannot is one sentence as it stands (most one-line paragraphs: much faster)."""
    found: list[list[Sentence]] = [[] for _ in docs]
    to_split: list[tuple[int, int, str]] = []
    for n, offset, para in pieces(docs):
        if _INNER_BOUNDARY.search(para.strip()):
            to_split.append((n, offset, para))
        else:
            found[n].append(Sentence(_trimmed(offset, para)))
    model = nlp.sentence_ner(cfg.nlp.model)
    parsed = model.pipe((p for _, _, p in to_split), batch_size=cfg.nlp.batch_size, disable=["ner"])
    for (n, offset, _), doc in zip(to_split, parsed, strict=True):
        for sent in doc.sents:
            if sent.text.strip():
                found[n].append(Sentence(_trimmed(offset + sent.start_char, sent.text)))
    return [replace(doc, sentences=tuple(sorted(sents, key=lambda s: s.span)))
            for doc, sents in zip(docs, found, strict=True)]


def _trimmed(start: int, text: str) -> Span:
    """The span of ``text`` at ``start`` without its leading and trailing white space."""
    left = len(text) - len(text.lstrip())
    return Span(start + left, start + len(text.rstrip()))
