"""The event lexicon: the words that report an event of each PLOVER type, and the intensity of each type and
mode (``data/intensity.csv``, Goldstein's scale by way of CAMEO: the file says where each number comes from).

The words come from two sources, read together by default (``SOURCES``):

- ``dictionaries``: ``data/cameo_verbs.csv``, derived by ``tools/derive_event_data.py`` from PETRARCH2's public
  CAMEO verb-pattern dictionary (MIT licence; ``data/README.md``) with each CAMEO code put in PLOVER's terms by
  the CAMEO-to-PLOVER table: verbs, verbs with a particle ("call for"), and verbs with what their object or a
  prepositional phrase holds ("lift sanctions", "ask for aid"); a word "&name" stands for any phrase of the
  synonym set ``name`` (``data/cameo_synsets.csv``).
- ``rules``: ``data/triggers.csv``, a hand-written list from the PLOVER type definitions, with the event nouns
  the CAMEO verb dictionary does not list ("sanctions", "air strike").

Both read ``data/cues.csv``: the general English words of intention, negation, plans and possibility.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from storyline.errors import ConfigError
from storyline.events.actors import read_text_table

if TYPE_CHECKING:
    from spacy.tokens import Token

PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "RETREAT", "CONCEDE", "INVESTIGATE", "DEMAND",
                "DISAPPROVE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT", "FIGHT")
# Types that code what an actor says: their clause's content is part of the event, not an event of its own.
VERBAL = frozenset({"AGREE", "SUPPORT", "CONCEDE", "DEMAND", "DISAPPROVE", "REJECT", "THREATEN", "INVESTIGATE",
                    "INTENT"})
CUES = frozenset({"NEGATE", "FUTURE", "HYPOTHETICAL"})  # not events: they mark what they govern
RESOLVED = frozenset({"ATTACK", "RESTRICT", "INTENT"})  # settled by the actors or the clause
NOT_OFFICIAL = "-"  # "A|-": an event only when an official acts ("the ministry allowed ...", not "the law allows");
# "-" alone: no event (a CAMEO null pattern: "hurt in an accident")
_POS = ("verb", "noun", "vobj", "adj")
SOURCES = ("both", "dictionaries", "rules")  # the first is the default
_FILES = {"rules": ("cues.csv", "triggers.csv"), "dictionaries": ("cues.csv", "cameo_verbs.csv"),
          "both": ("cues.csv", "triggers.csv", "cameo_verbs.csv")}
# Irregular past forms of the lexicon's verbs, for the quick test of whether a sentence could report an event.
_IRREGULAR = {
    "meet": "met", "hold": "held", "fight": "fought", "shoot": "shot", "seek": "sought", "send": "sent",
    "give": "gave given", "take": "took taken", "strike": "struck stricken", "withdraw": "withdrew withdrawn",
    "break": "broke broken", "lay": "laid", "freeze": "froze frozen", "beat": "beaten", "lead": "led",
    "forgive": "forgave forgiven", "lend": "lent", "fly": "flew flown", "overrun": "overran", "blow": "blew blown",
    "stand": "stood", "retake": "retook retaken", "go": "went gone", "deal": "dealt", "speak": "spoke spoken",
    "make": "made", "say": "said", "tell": "told", "bring": "brought", "win": "won", "set": "set", "hit": "hit",
    "cut": "cut", "put": "put", "draw": "drew drawn", "throw": "threw thrown", "begin": "began begun",
}


@dataclass(frozen=True)
class Trigger:
    """A lexicon entry: ``words`` (lemmas), ``pos``, the ``type`` it reports, the ``mode`` where PLOVER has one.
    ``type`` and ``mode`` may hold "A|B": A for an official source, B for another."""

    words: tuple[str, ...]
    pos: str
    type: str
    mode: str | None

    @property
    def head(self) -> str:
        return self.words[-1] if self.pos == "noun" else self.words[0]


@dataclass(frozen=True)
class Lexicon:
    by_head: dict[tuple[str, str], tuple[Trigger, ...]]  # (pos, head lemma) -> entries, longest first
    forms: frozenset[str]  # every inflected form of every event word's head, lower-case
    intensity: dict[tuple[str, str | None], float]
    synsets: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)  # "&name" -> its phrases
    objects: dict[str, frozenset[str]] = field(default_factory=dict)  # a pattern verb's form -> its objects' forms

    def could_report(self, words: set[str]) -> bool:
        """Whether a sentence of these lower-case words could hold an entry: an event word, or a pattern's verb
        with a word of one of its objects (the quick test of which sentences are parsed)."""
        return bool(words & self.forms) or any(words & self.objects[w] for w in words if w in self.objects)

    def entries(self, pos: str, lemma: str) -> tuple[Trigger, ...]:
        return self.by_head.get((pos, lemma.lower()), ())

    _split: dict[tuple[str, ...], tuple[frozenset[str], tuple[str, ...]]] = field(
        default_factory=dict, compare=False, repr=False)  # words -> (plain words, synonym sets), filled on use

    def has(self, words: tuple[str, ...], near: set[str]) -> bool:
        """Whether every word is among ``near``; a synonym set's word, when all words of one of its phrases are."""
        split = self._split.get(words)
        if split is None:
            split = (frozenset(w for w in words if not w.startswith("&")),
                     tuple(w[1:] for w in words if w.startswith("&")))
            self._split[words] = split
        plain, sets = split
        return plain <= near and all(any(near.issuperset(p) for p in self.synsets.get(name, ())) for name in sets)

    def intensity_of(self, code: str, mode: str | None) -> float:
        return self.intensity.get((code, mode), self.intensity[(code, None)])


@lru_cache(maxsize=4)
def load_lexicon(sources: str = SOURCES[0]) -> Lexicon:
    """The lexicon of ``sources`` (one of ``SOURCES``). An entry read earlier comes first among those of
    the same length: the cues, then the hand list, then the dictionaries."""
    if sources not in _FILES:
        raise ConfigError(f"Unknown lexicon sources {sources!r}. Available: {', '.join(SOURCES)}.")
    data = resources.files("storyline.events").joinpath("data")
    by_head: dict[tuple[str, str], list[Trigger]] = defaultdict(list)
    synsets: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    if "cameo_verbs.csv" in _FILES[sources]:
        for row in read_text_table(data.joinpath("cameo_synsets.csv").read_text(encoding="utf-8")):
            synsets[row["set"]].append(tuple(row["words"].split()))
    forms: set[str] = set()
    needs: dict[tuple[str, str], set[str]] = defaultdict(set)  # (head, its irregular forms) -> objects' words
    for name in _FILES[sources]:
        for n, row in enumerate(read_text_table(data.joinpath(name).read_text(encoding="utf-8")), 1):
            trigger = _trigger(row, n, name)
            by_head[(trigger.pos, trigger.head)].append(trigger)
            if trigger.type in CUES or trigger.type == NOT_OFFICIAL:  # "set to", "likely": no event of their own
                continue
            if trigger.pos == "vobj" and set(trigger.words[1:]) - _FUNCTION:
                needs[(trigger.head, row.get("forms", ""))].update(trigger.words[1:])
            else:
                forms.update(inflections(trigger.head, noun=trigger.pos == "noun") | set(row.get("forms", "").split()))
    objects: dict[str, set[str]] = defaultdict(set)
    for (head, irregular), words in needs.items():
        wanted = _object_forms(words, synsets)
        for form in inflections(head, noun=False) | set(irregular.split()):
            objects[form] |= wanted
    intensity = {}
    for row in read_text_table(data.joinpath("intensity.csv").read_text(encoding="utf-8")):
        intensity[(row["type"], row["mode"] or None)] = float(row["intensity"])
    missing = [t for t in PLOVER_TYPES if (t, None) not in intensity]
    if missing:
        raise ConfigError(f"data/intensity.csv has no row for {', '.join(missing)}; every PLOVER type needs one.")
    ordered = {k: tuple(sorted(v, key=lambda t: -len(t.words))) for k, v in by_head.items()}
    return Lexicon(ordered, frozenset(forms), intensity, {k: tuple(v) for k, v in synsets.items()},
                   {k: frozenset(v) for k, v in objects.items() if k not in forms})


_FUNCTION = frozenset({"to", "for", "with", "against", "from", "at", "by", "of", "in", "on", "into", "onto", "upon",
                       "up", "down", "out", "off", "over", "back", "away", "aside", "forward", "a", "an", "the"})


def _object_forms(words: set[str], synsets: Mapping[str, list[tuple[str, ...]]]) -> frozenset[str]:
    """The forms of the content words patterns need beside their verb (any one will do for the quick test)."""
    content: set[str] = set()
    for word in words:
        phrases = synsets.get(word[1:], []) if word.startswith("&") else [(word,)]
        content.update(w for phrase in phrases for w in phrase)
    return frozenset(form for w in content - _FUNCTION for form in inflections(w, noun=True))


def _trigger(row: dict[str, str], n: int, name: str) -> Trigger:
    words, pos, kind = tuple(row["words"].lower().split()), row["pos"], row["type"]
    known = set(PLOVER_TYPES) | RESOLVED | CUES | {NOT_OFFICIAL}
    if not words or pos not in _POS or not all(part in known for part in kind.split("|")):
        raise ConfigError(f"data/{name}, entry {n}: {row!r} needs words, a pos ({', '.join(_POS)}) and a "
                          f"type (a PLOVER type or {', '.join(sorted(RESOLVED | CUES))}).")
    return Trigger(words, pos, kind, row["mode"] or None)


def inflections(lemma: str, *, noun: bool) -> set[str]:
    """The forms a head word may take in text (generous: this only decides which sentences are parsed)."""
    out = {lemma, lemma + "s", lemma + "es"}
    if lemma.endswith("y"):
        out |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if noun:
        return out
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    out |= {lemma + "d", stem + "ed", stem + "ing", lemma + "ing"}
    if re.search(r"[^aeiou][aeiou][bdgklmnprt]$", lemma):
        out |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    out.update(_IRREGULAR.get(lemma, "").split())
    return out


def resolve_type(kind: str, mode: str | None, *, official: bool) -> tuple[str, str | None]:
    """The type and mode of an "A|B" entry: A's for an official source, B's otherwise."""
    if "|" not in kind:
        return kind, mode
    types, modes = kind.split("|"), (mode or "|").split("|")
    pick = 0 if official else 1
    return types[pick], (modes[pick] if pick < len(modes) else None) or None


def polarity(kind: str) -> int:
    """+1 for a cooperative type, -1 for a hostile one (by its intensity's sign), 0 for cues."""
    first = kind.split("|")[0]  # "A|B": the official reading decides
    if first in CUES or first in ("INTENT", NOT_OFFICIAL):
        return 0
    if first in ("ATTACK", "RESTRICT"):
        return -1
    return 1 if load_lexicon().intensity_of(first, None) > 0 else -1


def lemmas_of(token: Token) -> list[str]:
    """The token's lemma, and its word with a regular ending taken off (the lemmatizer makes "staged" "stag")."""
    word, out = token.lower_, [token.lemma_.lower()]
    for ending, put in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"),
                        ("es", ""), ("s", ""), ("d", "")):
        if word.endswith(ending) and len(word) > len(ending) + 2:
            out.append(word[: -len(ending)] + put)
    return list(dict.fromkeys([*out, word]))


def noun_trigger(noun: Token, lexicon: Lexicon) -> Trigger | None:
    """The lexicon's entry for an event noun, its modifiers included ("air strike", "state of emergency")."""
    near = {c.lemma_.lower() for c in noun.children} | {noun.head.lemma_.lower(), noun.head.head.lemma_.lower()}
    for trigger in (t for lemma in lemmas_of(noun) for t in lexicon.entries("noun", lemma)):
        if all(word in near for word in trigger.words[:-1]):
            return trigger
    return None
