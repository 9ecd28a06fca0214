"""Entities: spaCy's named entities, trimmed ("the", possessives, titles), with the title before a
person's name kept in the mention's alias ("Mr Smith"). Merging names is the aliases stage's job.

The recognizer runs only on paragraphs that could name something: names are capitalised in English
news, so a paragraph whose only capitals open sentences with function words ("The", "He", "But") is
skipped. About 18 % of Timeline17's words are in such paragraphs; on a sample of 2,275 of them spaCy
found 20 entities of the kept labels, nearly all wrong ("the pelican" as NORP, "the gulf" as LOC).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from spacy.lang.en.stop_words import STOP_WORDS

from storyline.config import Config
from storyline.language import nlp
from storyline.language.nlp import pieces
from storyline.model import Doc, Mention, Span
from storyline.registry import stage

# Titles and honorifics that may stand before a name ("Mr Smith", "Turkish President X", "Sen. Y").
TITLE = re.compile(
    r"(?:(?:[A-Z][a-z]+ )?(?:Vice |Deputy |Prime |Foreign |Defen[cs]e |Interior |Finance |Chief |Former |Acting )?"
    r"(?:President|Minister|Chancellor|Premier|Secretary|Mr|Mrs|Ms|Miss|Dr|Prof|Sir|Dame|Lord|Lady|Sen|Senator|"
    r"Rep|Representative|Gov|Governor|King|Queen|Prince|Princess|Pope|Sheikh|Judge|Justice|Mayor|General|Gen|"
    r"Col|Colonel|Adm|Admiral|Capt|Captain|Lt|Sergeant|Sgt|Ambassador|Chairman|Chairwoman|Director|Spokesman|"
    r"Spokeswoman|Commissioner|Speaker|Leader|Cleric|Ayatollah|Rabbi|Reverend|Rev|Father|Bishop)\.? )+$"
)
_TRAILING = re.compile(r"(?:['’]s|['’]|[.,;:!?\"“”\s])+$")
_NAME_TITLE = re.compile(r"^(?:(?:Mr|Mrs|Ms|Miss|Dr|Prof|Sir|President|Prime Minister|Sen|Senator|Gov|King|Queen|"
                         r"Pope|General|Gen)\.?\s+)+")


@stage("entities", requires=("text",), provides=("mentions",), batched=True, setup=nlp.load_sentence_ner)
def find_entities(docs: Sequence[Doc], cfg: Config) -> list[Doc]:
    model = nlp.sentence_ner(cfg.nlp.model)
    labels = set(cfg.entities.labels)
    parts = [part for part in pieces(docs) if could_name(part[2])]
    found: list[list[Mention]] = [[] for _ in docs]
    parsed = model.pipe((p for _, _, p in parts), batch_size=cfg.nlp.batch_size, disable=["senter"])
    for (n, offset, _), spacy_doc in zip(parts, parsed, strict=True):
        for ent in spacy_doc.ents:
            if ent.label_ in labels:
                mention = make_mention(docs[n].text, offset + ent.start_char, offset + ent.end_char, ent.label_)
                if mention is not None:
                    found[n].append(mention)
    return [replace(doc, mentions=tuple(mentions)) for doc, mentions in zip(docs, found, strict=True)]


_WORD = re.compile(r"\S+")
_EDGE = "\"“”‘’'()[]{}<>-–—:;,.!?…*"
_FIRST_PERSON = re.compile(r"I(?:['’](?:m|ve|d|ll))?")
_SENTENCE_END = re.compile(r"[.!?…][\"”’')\]]*$")


def could_name(paragraph: str) -> bool:
    """Whether ``paragraph`` holds a capital letter anywhere but at the start of a sentence-opening
    function word ("The", "But", "He"); only such paragraphs can hold a name."""
    opening = True
    for match in _WORD.finditer(paragraph):
        token = match.group(0)
        word = token.strip(_EDGE)
        if word and not word.islower():
            is_opener = opening and word[0].isupper() and (len(word) == 1 or word[1:].islower())
            function_word = (is_opener and word.lower() in STOP_WORDS) or _FIRST_PERSON.fullmatch(word)
            if not function_word and any(c.isupper() for c in word):
                return True
        if word or token.strip():
            opening = bool(_SENTENCE_END.search(token)) or (opening and not word)
    return False


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
