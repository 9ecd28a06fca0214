"""Status: whether a coded event happened, and if not, how it stands: negated (not, never, "no", denied, failed,
prevented from), hypothetical (could, may, might, should, if, considering, likely, a to-clause nothing makes real,
a question), future (will, would after a past "said", is set to, is expected to, is going to, "will ... unless");
else happened. General English: what a clause's auxiliaries, markers and governing verbs say of it."""

from __future__ import annotations

from spacy.tokens import Token

from storyline.events.arguments import SAY, Found
from storyline.events.lexicon import CUES, Lexicon
from storyline.model import EventStatus

# Verbs that make their to-clause real ("managed to", "began to").
IMPLICATIVE = frozenset({"manage", "begin", "start", "continue", "proceed", "try", "attempt", "move", "resume", "keep",
                         "help", "go", "come", "dare", "choose", "act", "use", "work", "step", "rush", "hasten"})
_FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo", "’ll"})
_MODAL_AUX = frozenset({"could", "might", "may", "should", "must", "can"})
_IF = frozenset({"if", "unless", "whether"})
_HYPOTHETICAL_AMOD = frozenset({"possible", "potential", "proposed", "planned", "future", "likely", "threatened"})


def status_of(item: Found, lexicon: Lexicon) -> EventStatus:
    flags: set[str] = set()
    _own_cues(item.anchor, flags)
    if item.noun is not None:
        for child in item.noun.children:
            if child.lower_ == "no" or child.dep_ == "neg":
                flags.add("negated")
            if child.dep_ == "amod" and child.lemma_.lower() in _HYPOTHETICAL_AMOD:
                flags.add("hypothetical")
    _governor_cues(item.anchor, flags, lexicon)
    if "would" in flags:
        flags.add("future" if "reported" in flags else "hypothetical")
    if "conditional" in flags and "future" not in flags:
        flags.add("hypothetical")
    statuses: tuple[EventStatus, ...] = ("negated", "hypothetical", "future")
    return next((status for status in statuses if status in flags), "happened")


def _own_cues(token: Token, flags: set[str]) -> None:
    for child in token.children:
        word = child.lower_
        if child.dep_ == "neg" or word in ("never", "not", "n't"):
            flags.add("negated")
        elif child.dep_ in ("aux", "auxpass") and word in _FUTURE_AUX:
            flags.add("future")
        elif child.dep_ in ("aux", "auxpass") and word == "would":
            flags.add("would")
        elif child.dep_ == "aux" and word == "to" and token.dep_ in ("conj", "ROOT"):
            flags.add("hypothetical")  # "..., and to fight smuggling together": an aim, not a deed
        elif _modal(child) or (child.dep_ == "mark" and word in _IF):
            flags.add("hypothetical")
        elif child.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in _IF for m in child.children):
            flags.add("conditional")  # "will boycott unless ...": a conditional promise or threat


def _modal(child: Token) -> bool:
    return child.dep_ in ("aux", "auxpass") and child.lower_ in _MODAL_AUX and child.lower_ != "can"


def _governor_cues(token: Token, flags: set[str], lexicon: Lexicon) -> None:
    """What the clauses above say of this one: denied, prevented from, set to, considering, if, a to-clause."""
    child, steps = token, 0
    while child.head.i != child.i and steps < 6:
        node, steps = child.head, steps + 1
        infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children)
        cue = _cue(node, lexicon)
        if (child.dep_ == "pcomp" and node.lower_ == "from") or cue == "NEGATE":
            flags.add("negated")
        elif cue == "FUTURE" or (node.lemma_ == "go" and node.tag_ == "VBG" and child.dep_ == "xcomp"):
            flags.add("future")
        elif cue == "HYPOTHETICAL" or (infinitive and child.dep_ in ("xcomp", "advcl") and not _makes_real(node)):
            flags.add("hypothetical")
        if child.dep_ == "ccomp" and node.lemma_.lower() in SAY:
            if node.tag_ in ("VBD", "VBN"):
                flags.add("reported")
            return
        if child.dep_ not in ("xcomp", "pcomp", "prep", "advcl", "ccomp", "conj", "acl", "dobj", "pobj"):
            return
        if child.dep_ in ("xcomp", "conj"):
            _own_cues(node, flags)
        child = node


def _cue(token: Token, lexicon: Lexicon) -> str | None:
    for pos in ("verb", "adj"):
        for trigger in lexicon.entries(pos, token.lemma_):
            if trigger.type in CUES:
                return trigger.type
    return None


def _makes_real(token: Token) -> bool:
    """Whether a verb makes its to-clause real ("managed to", "began to"), or is itself an event word that
    takes it in (a verbal trigger)."""
    return token.lemma_.lower() in IMPLICATIVE
