"""Quotes: direct quotations in straight or curly marks, with the speaker named next to the
reporting verb in the same sentence. A pronoun or no name leaves the speaker null, never a guess.
(First version: indirect speech, roles and pronoun resolution come with the quotes issue.)"""

from __future__ import annotations

import re
from dataclasses import replace

from storyline.config import Config
from storyline.model import Doc, Mention, Quote, Span
from storyline.pipeline import stage

_QUOTED = re.compile(r"“([^“”]{12,}?)”|\"([^\"\n]{12,}?)\"")
_CUE = re.compile(r"\b(said|says|told|added|stated|declared|insisted|warned|noted|explained|argued|"
                  r"wrote|asked|replied|continued|promised|according to)\b", re.I)
_PRONOUN = re.compile(r"\b(he|she|they|it|we|i)\s+(?:said|says|told|added)\b|\b(?:said|says|added)\s+(he|she|they)\b",
                      re.I)
_SPEAKER_LABELS = {"PERSON", "ORG"}
_BEFORE_CUE = re.compile(r"\s*(?:,[^,\"“”]{1,80},\s*)?(?:also |then |later |had |has )?")
_AFTER_CUE = re.compile(r"\s*(?:(?:[A-Z][a-z]+\.? ){0,3})?")


@stage("quotes", requires=("sentences", "mentions"), provides=("quotes",))
def find_quotes(doc: Doc, cfg: Config) -> Doc:
    found: list[Quote] = []
    for sent in doc.sentences:
        text = sent.span.text_of(doc.text)
        spans = [Span(sent.span.start + m.start(), sent.span.start + m.end()) for m in _QUOTED.finditer(text)]
        if not spans:
            continue
        outside = _blank(text, [s.shift(-sent.span.start) for s in spans])
        cue = _CUE.search(outside)
        speaker = None
        if cue and not _PRONOUN.search(outside):
            speaker = _nearest_speaker(doc.mentions, sent.span, cue, text, spans)
        for span in spans:
            found.append(Quote(span, speaker, cue.group(0).lower() if cue else None, "direct"))
    return replace(doc, quotes=tuple(found))


def _blank(text: str, spans: list[Span]) -> str:
    chars = list(text)
    for span in spans:
        chars[span.start : span.end] = " " * (span.end - span.start)
    return "".join(chars)


def _nearest_speaker(mentions: tuple[Mention, ...], sentence: Span, cue: re.Match[str], text: str,
                     quotes: list[Span]) -> str | None:
    """The person or organisation standing right next to the cue: "X said", "X, a minister, said",
    "said X", "according to X". Anything looser is left unresolved."""
    cue_start, cue_end = sentence.start + cue.start(), sentence.start + cue.end()
    for m in mentions:
        if m.label not in _SPEAKER_LABELS or any(q.start <= m.span.start < q.end for q in quotes):
            continue
        if not (sentence.start <= m.span.start and m.span.end <= sentence.end):
            continue
        before = text[m.span.end - sentence.start : cue.start()]
        after = text[cue.end() : m.span.start - sentence.start]
        if m.span.end <= cue_start and _BEFORE_CUE.fullmatch(before):
            return m.name
        if m.span.start >= cue_end and _AFTER_CUE.fullmatch(after):
            return m.name
    return None
