"""Entities: spaCy's named entities, trimmed ("the", possessives, titles), with the title before a
person's name kept in the mention's alias ("Mr Smith"). Merging names is the aliases stage's job."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from storyline import nlp
from storyline.config import Config
from storyline.model import Doc, Mention, Span
from storyline.pipeline import stage
from storyline.stages.sentences import pieces

# Titles and honorifics that may stand before a name ("Mr Smith", "Turkish President X", "Sen. Y").
TITLE = re.compile(
    r"(?:(?:[A-Z][a-z]+ )?(?:Vice |Deputy |Prime |Foreign |Defen[cs]e |Interior |Finance |Chief |Former |Acting )?"
    r"(?:President|Minister|Chancellor|Premier|Secretary|Mr|Mrs|Ms|Miss|Dr|Prof|Sir|Dame|Lord|Lady|Sen|Senator|"
    r"Rep|Representative|Gov|Governor|King|Queen|Prince|Princess|Pope|Sheikh|Judge|Justice|Mayor|General|Gen|"
    r"Col|Colonel|Adm|Admiral|Capt|Captain|Lt|Sergeant|Sgt|Ambassador|Chairman|Chairwoman|Director|Spokesman|"
    r"Spokeswoman|Commissioner|Speaker|Leader|Cleric|Ayatollah|Rabbi|Reverend|Rev|Father|Bishop)\.? )+$"
)
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_TRAILING = re.compile(r"(?:['’]s|['’]|[.,;:!?\"“”\s])+$")
_NAME_TITLE = re.compile(r"^(?:(?:Mr|Mrs|Ms|Miss|Dr|Prof|Sir|President|Prime Minister|Sen|Senator|Gov|King|Queen|"
                         r"Pope|General|Gen)\.?\s+)+")


@stage("entities", requires=("text",), provides=("mentions",), batched=True, setup=nlp.load_sentence_ner)
def find_entities(docs: Sequence[Doc], cfg: Config) -> list[Doc]:
    model = nlp.sentence_ner(cfg.nlp.model)
    labels = set(cfg.entities.labels)
    parts = pieces(docs)
    found: list[list[Mention]] = [[] for _ in docs]
    parsed = model.pipe((p for _, _, p in parts), batch_size=cfg.nlp.batch_size, disable=["senter"])
    for (n, offset, _), spacy_doc in zip(parts, parsed, strict=True):
        for ent in spacy_doc.ents:
            if ent.label_ in labels:
                mention = make_mention(docs[n].text, offset + ent.start_char, offset + ent.end_char, ent.label_)
                if mention is not None:
                    found[n].append(mention)
    return [replace(doc, mentions=tuple(mentions)) for doc, mentions in zip(docs, found, strict=True)]


def make_mention(text: str, start: int, end: int, label: str) -> Mention | None:
    """Trim "the" and possessives off the span; take a title before a person's name into its alias."""
    surface = text[start:end]
    lead = re.match(r"\s*(?:(?:the|The)\s+)?", surface)
    if lead:
        start += lead.end()
    trail = _TRAILING.search(text[start:end])
    if trail:
        end -= len(trail.group(0))
    name = _NAME_TITLE.sub("", text[start:end]).strip()
    if end <= start or not name or not any(c.isalpha() for c in name):
        return None
    alias_start = start
    if label == "PERSON":
        title = TITLE.search(text[max(0, start - 60) : start])
        if title:
            alias_start = start - len(title.group(0))
    name = re.sub(r"\s+", " ", name)
    return Mention(Span(start, end), label, name, re.sub(r"\s+", " ", text[alias_start:end]))
