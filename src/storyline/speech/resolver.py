"""Resolver: a helper of the quotes stage (not a stage). It reads the phrase that names a quote's
speaker and resolves it to an entity of the article, or to None when the text does not make it clear.

- By name: a person, organisation or place mention heading the phrase ("Jane Smith, a lawyer,",
  "the ministry's statement"); a mention inside a prepositional phrase is not the head ("a spokesman
  for the ministry" is an unnamed spokesman).
- By role: "the Freedonian leader", "the prime minister" (speech/roles.py): the one person the article
  introduces with a role that fits; when the article introduces nobody who fits, the one person the
  other articles of the story introduce so (given as ``story_roles`` by the speakers stage).
- By pronoun: "he said" takes the most recent person who spoke or opened a sentence within a few
  sentences, if the titles and roles the article gives them do not contradict the pronoun. A relative
  pronoun ("Jo Bloggs, who said") takes the person or organisation named right before it.
- A quote with no cue: the subject of its sentence, when no other clause's subject comes between.
- Several at once: names joined by "and" ("Jo Bloggs and the council said", "said Freedonia and
  Ruritania") are all the speakers (``Speaker.names``), the phrase spanning them all.
- A news organisation that reports quoted words ("“…,” the agency reported", "according to the newspaper":
  speech/outlets.py) passes them on: it is not their speaker (``passes_on``), nor is the one told
  ("“…,” told the newspaper"). Reported speech it reports is the speaker's the report names ("…, Jo Bloggs
  said, the agency reported"), else the organisation's own report (speech/cues.py).
Unnamed sources ("officials", "a source close to the talks") keep their span and no entity.
"""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from dataclasses import dataclass, replace

from storyline.model import Doc, Mention, Span
from storyline.speech.cues import CUE
from storyline.speech.outlets import is_news_outlet
from storyline.speech.roles import ROLE, ROLE_QUERY, Roles, learn_gender, learn_roles, role_holders

# A quote right after a possessive or a determiner is someone's phrase or a name, not the subject's words:
# "mocked Ward's “basket of ...” remark", "criticized the “ten-year plan”".
_OWNED = re.compile(r"(?:['’]s|\b(?:his|her|their|its|the|a|an|this|that|these|those))\s*$", re.I)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


SPEAKER_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
PRONOUNS = {"he": "m", "she": "f", "they": "p", "we": "p", "it": "n", "i": "s"}
_SKIP = _words("also has have had was were is are would will could did does do then later once again previously "
               "recently repeatedly further earlier first often publicly privately reportedly simply flatly "
               "not never just still now already later yesterday today 's ’s 've ’ve 'd ’d")
PRONOUN_OWNERS = _words("his her its their our my your")
_PREP = _words("of for in at from with on near to by among inside outside about")
_DET = _words("the a an this that these those his her its their our one two three several some many most other "
              "another both all each few")
_NOT_HEAD = _words("who which that what where when and or but as than if because while before after without "
                   "despite since until")
_DOC_NOUNS = _words("statement statements letter report release announcement website account communique "
                    "spokesman spokeswoman spokesperson media agency office ministry newspaper")
_THE_DOCUMENT = re.compile(r"(?:the|that|this) (?:statement|letter|release|announcement|email|message)", re.I)
_SPOKES = frozenset({"spokesman", "spokeswoman", "spokesperson"})
_CLAUSE = re.compile(r"\b(?:(who|which)|that|after|before|when|where|whether|because|while|although|though|if|"
                     r"since|until|and|but|so)\s+")
_REPORTED = frozenset({"reported", "reporting", "according to"})  # a news organisation's cues: it passes words on
_JOINED = re.compile(r"(?:(?P<comma>,)\s*(?:and\s+)?|\s+(?:and|&)\s+)$")
_TOKEN = re.compile(r"(?:[\w.&-]|['’](?=\w)(?!s\b))+|['’]s\b|[,()—–]")


@dataclass(frozen=True)
class Speaker:
    """Who the text says spoke: the entity ``name`` (None when unresolved), where the text names them
    (``span``), and the resolved entity's label; ``names``: every speaker's name, in text order, when
    several speak together (``name`` is then the first)."""

    name: str | None
    span: Span
    label: str | None = None
    names: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Said:
    at: int
    frame: int
    name: str | None
    label: str | None


Token = tuple[int, int, str]


class Resolver:
    """Resolves speaker phrases of one article. Built per article; ``remember`` records who spoke or
    opened a sentence, so that a later pronoun can find them. ``frames`` are the sentence starts."""

    def __init__(self, doc: Doc, frames: list[int], *, window: int, story_roles: Roles | None = None) -> None:
        self.text = doc.text
        self.outlet = doc.outlet
        self.frames = frames
        self.window = window
        self.mentions = speaker_mentions(doc)
        self._starts = [m.span.start for m in self.mentions]
        self.persons = {m.name.casefold(): m for m in self.mentions if m.label == "PERSON"}
        self.roles = learn_roles(doc.text, self.mentions)
        self.story_roles: Roles = story_roles or {}
        self.gender = learn_gender(self.mentions, self.roles)
        self.said: list[_Said] = []

    def remember(self, at: int, speaker: Speaker | None) -> None:
        """Record a speaker (resolved or not) or a sentence's subject at position ``at``."""
        if speaker is not None:
            insort(self.said, _Said(at, self._frame(at), speaker.name, speaker.label), key=lambda said: said.at)

    def remember_subject(self, frame: Span) -> None:
        """Record the person, organisation or place that opens the sentence, for pronouns later on."""
        hi = min(frame.end, frame.start + 120)
        subject = self.opening(frame.start, hi, first_only=True) or self.opening(frame.start, hi)
        if subject is not None and subject.label in ("PERSON", "ORG", "GPE"):
            self.remember(subject.span.start, subject)

    def name_like(self, span: Span) -> bool:
        """A pronoun, or capitalised words that read as a name the recognizer missed."""
        words = span.text_of(self.text).split()
        return (len(words) == 1 and words[0].lower() in PRONOUNS) or (
            0 < len(words) <= 4 and all(w[:1].isupper() for w in words) and words[0].lower() not in ("the", "a", "an"))

    def mention_at(self, start: int, end: int) -> Mention | None:
        """The first speaker-like mention that starts inside ``[start, end)``."""
        i = bisect_left(self._starts, start)
        return self.mentions[i] if i < len(self.mentions) and self.mentions[i].span.start < end else None

    def is_person(self, span: Span) -> bool:
        """Whether the recognizer found a person's name overlapping ``span`` (its edges may be off: "-Jo Bloggs")."""
        i = bisect_left(self._starts, span.start - 2)
        return any(m.label == "PERSON" and m.span.start < span.end and span.start < m.span.end
                   for m in self.mentions[max(0, i - 1) : i + 3])

    def opening(self, lo: int, hi: int, *, first_only: bool = False) -> Speaker | None:
        """The subject of the clause that starts at ``lo`` ("Jane Smith said …", "Later, she wrote …",
        "Speaking in Ruritania, Smith said …"): a pronoun, or a name followed by a verb, at the start or
        after one of its first commas; else a name followed by an appositive."""
        tokens = self._tokens(lo, hi)
        fallback = None
        starts = [0] if first_only else [0, *[i + 1 for i, t in enumerate(tokens[:30]) if t[2] == ","][:4]]
        for first in starts:
            head = tokens[first : first + 6]
            role = next((self._phrase(head[:n]) for n in (4, 3, 2) if len(head) > n and head[n][2].islower() and
                         ROLE_QUERY.match(" ".join(t[2] for t in head[:n]))), None)
            if role is not None and role.name is not None:
                return role
            while head and head[0][2].lower() in _DET:
                head = head[1:]
            if head and head[0][2].lower() in PRONOUNS:
                return self.pronoun(head[0][0], head[0][1])
            for n, token in enumerate(head):
                mention = self.mention_at(token[0], token[0] + 1)
                known = self.persons.get(token[2].casefold()) if token[2][:1].isupper() else None
                if mention is None and known is not None:
                    mention = replace(known, span=Span(token[0], token[1]))
                if mention is None or mention.span.start != token[0] or not _could_title(head[:n]):
                    continue
                found = Speaker(mention.name, mention.span, mention.label)
                after = next((t[2] for t in tokens if t[0] >= mention.span.end), "")
                if after.islower() and after not in _PREP | _NOT_HEAD:
                    return found
                fallback = fallback or (found if after in ",(" else None)
                if not (mention.label == "GPE" and after[:1].isupper()):  # "New Jersey Gov. Jo Bloggs": read on
                    break
        return fallback

    def uncued(self, lo: int, hi: int) -> Speaker | None:
        """Who speaks a quote with no cue that starts at ``hi`` in the sentence that starts at ``lo``: the
        sentence's subject ("Jo Bloggs thanked the council for “…”", "She said that he had promised “…”":
        hers), as news prose quotes the subject of the clause it quotes in. A relative clause that reports
        speech between them takes it ("…, who declared in the hall, “…”"); any other clause with a subject
        of its own leaves it unresolved ("Jo Bloggs left after the mayor called it “…”": whose?), as do a
        place or a people and a quote that opens its sentence."""
        lead = self.text[lo:hi]
        if len(lead.split()) < 2 or lead.lstrip()[:1] in "“„«\"" or _OWNED.search(lead):
            return None
        who = self.opening(lo, hi) or self.head_phrase(lo, hi)
        if who is None or who.label in ("GPE", "NORP"):
            return None
        for clause in _CLAUSE.finditer(self.text, who.span.end, hi):
            if clause.group(1):  # a relative clause: its verb's subject is the relative pronoun
                if CUE.match(self.text, clause.end()):
                    who = self.before(lo, clause.end())
                    if who is None or who.name is None:
                        return None
                continue
            reported = CUE.search(" ".join(self.text[who.span.end : clause.start()].split()[-4:]))
            if not reported and self.opening(clause.end(), hi, first_only=True) is not None:
                return None
        return who

    def head_phrase(self, lo: int, hi: int) -> Speaker | None:
        """The noun phrase that opens the clause at ``lo`` when a verb follows it ("The town released …",
        "His office has put out …"): the speaker it names (a role, a name), or an unnamed one with its span.
        A verb is a word the phrase cannot go on with: an auxiliary, an adverb, or a form in -ed or -s."""
        tokens = self._tokens(lo, hi)[:7]
        if len(tokens) < 3 or tokens[0][2].lower() not in _DET | PRONOUN_OWNERS:
            return None
        for n in range(2, len(tokens)):
            word = tokens[n - 1][2]
            if not word.isalpha() or word.lower() in _PREP | _NOT_HEAD | _SKIP:
                return None
            verb = tokens[n][2]
            if verb.islower() and (verb in _SKIP or verb.endswith(("ed", "ly")) or (verb.endswith("s") and
                                                                               not verb.endswith("ss"))):
                return self._phrase(tokens[:n])
        return None

    def before(self, lo: int, hi: int) -> Speaker | None:
        """The speaker named by the phrase that ends at ``hi`` (a cue) and starts no earlier than ``lo``."""
        tokens = self._tokens(lo, hi)
        while tokens and tokens[-1][2] in (")", ","):
            _drop_adverbs(tokens)
            if tokens and tokens[-1][2] == ")":  # "Jo Bloggs (D-Ruritania) said"
                opened = [i for i, t in enumerate(tokens) if t[2] == "("]
                tokens = tokens[: opened[-1]] if opened else []
            elif len(tokens) > 1 and tokens[-2][2] == ")":  # "Jo Bloggs (D-Ruritania), said"
                tokens.pop()
            elif tokens and tokens[-1][2] == ",":  # an appositive: "Jane Smith, a lawyer at X, said"
                commas = [i for i, t in enumerate(tokens[:-1]) if t[2] in ",—–"]
                tokens = tokens[: commas[-1]] if commas else []
        _drop_adverbs(tokens)
        if not tokens or tokens[-1][2] in ",—–()":
            return None
        head = self._head_at_end(tokens)
        return self._joint(head, lo) if head is not None else None

    def passes_on(self, who: Speaker | None, cue: str) -> bool:
        """Whether ``who`` is a news organisation that reports the words with ``cue`` ("…, the agency
        reported", "according to the newspaper"), and so not their speaker."""
        if who is None or cue.lower() not in _REPORTED:
            return False
        return any(is_news_outlet(name, self.outlet) for name in (who.name, who.span.text_of(self.text)) if name)

    def _joint(self, head: Speaker, lo: int) -> Speaker:
        """``head`` with the names joined to it before it by "and" ("Jo Bloggs and the council",
        "Freedonia, Ruritania and Kuwait"): each a person, organisation or place mention, the nearest join
        an "and", and no preposition before the first ("talks between Freedonia and Ruritania")."""
        named = self._mention_ending(head.span.end)
        if head.name is None or named is None or named.span.start != head.span.start or \
                named.label not in ("PERSON", "ORG", "GPE"):
            return head  # only a bare name joins others: not "his Freedonian critics", not a people
        names, start, joined = [head.name], head.span.start, False
        while (join := _JOINED.search(self.text, max(lo, start - 8), start)) is not None:
            if join.group("comma") and not joined:
                break  # "Jo Bloggs, the mayor, said": an appositive; "…, and Jo Bloggs said": a new clause
            prev = self._mention_ending(join.start())
            if prev is None or prev.label not in ("PERSON", "ORG", "GPE") or prev.span.start < lo:
                break
            names.insert(0, prev.name)
            start, joined = prev.span.start, True
        word = re.search(r"(\w+)\s*$", self.text[max(lo, start - 20) : start])
        if not joined or (word and word.group(1).lower() in _PREP | {"between", "both"}) or len(set(names)) < 2:
            return head
        names = list(dict.fromkeys(names))
        return Speaker(names[0], Span(start, head.span.end), head.label, tuple(names))

    def after(self, lo: int, hi: int) -> Speaker | None:
        """The speaker named by the phrase that starts at ``lo`` (right after an inverted cue: "said X")."""
        tokens = self._tokens(lo, hi)
        cut = next((i for i, t in enumerate(tokens) if t[2] in ",()—–" or (i and t[2] in _PREP and t[2] != "of")),
                   len(tokens))
        tokens = tokens[:cut]
        if tokens and tokens[-1][2].endswith(".") and not _abbreviation(tokens[-1][2]):
            start, end, word = tokens[-1]
            tokens[-1] = (start, end - 1, word[:-1])
        if not tokens or tokens[0][2].lower() in _NOT_HEAD | _PREP:
            return None
        if tokens[0][2].lower() in PRONOUNS:
            return self.pronoun(tokens[0][0], tokens[0][1])
        joins = [i for i, t in enumerate(tokens) if t[2].lower() in ("and", "&")]
        if len(joins) == 1 and 0 < joins[0] < len(tokens) - 1:  # "said Jo Bloggs and the council"
            first, second = self._phrase(tokens[: joins[0]]), self._phrase(tokens[joins[0] + 1 :])
            if first and second and first.name and second.name and first.name != second.name and all(
                    self._mention_ending(p.span.end) for p in (first, second)):
                return Speaker(first.name, Span(first.span.start, second.span.end), first.label,
                               (first.name, second.name))
        return self._phrase(tokens)

    def pronoun(self, start: int, end: int, *, kind: str | None = None) -> Speaker:
        """A pronoun's speaker: the latest person (he, she) or group (they, it) that spoke or opened a
        sentence within the window, unless the article's titles give them the other gender; with kind
        "a", the latest speaker of any kind. An unnamed speaker in between ("a source said") leaves it
        unresolved."""
        kind = kind or PRONOUNS.get(self.text[start:end].lower(), "s")
        span = Span(start, end)
        frame = self._frame(start)
        for said in reversed([s for s in self.said if s.at < start and frame - s.frame <= self.window]):
            if said.name is None:
                break
            if kind in "mf" and said.label == "PERSON" and self.gender.get(said.name, kind) == kind:
                return Speaker(said.name, span, "PERSON")
            if (kind in "pn" and said.label in ("ORG", "GPE")) or kind == "a":
                return Speaker(said.name, span, said.label)
        return Speaker(None, span)

    def _tokens(self, lo: int, hi: int) -> list[Token]:
        return [(lo + t.start(), lo + t.end(), t.group(0)) for t in _TOKEN.finditer(self.text[lo:hi])]

    def _frame(self, at: int) -> int:
        return bisect_left(self.frames, at + 1) - 1

    def _head_at_end(self, tokens: list[Token]) -> Speaker | None:
        """The noun phrase that ends the tokens: a pronoun, a role, a name, or an unnamed source. A name
        after a preposition is not the head ("a spokesman for the ministry", "Jo Bloggs of X")."""
        word = tokens[-1][2].lower()
        if word in PRONOUNS:
            return self.pronoun(tokens[-1][0], tokens[-1][1])
        if word in ("who", "which") and len(tokens) > 1 and (tokens[-2][2] == "," or self._named(tokens[-2][1])):
            return self._relative(tokens)  # not "officials who agree that …": they are what the clause tells apart
        if word in _NOT_HEAD | _PREP | _DET:
            return None
        mention = self._mention_ending(tokens[-1][1]) or self._mention_ending(_before_doc_nouns(tokens))
        if mention is not None:
            first = next(i for i, t in enumerate(tokens) if t[1] > mention.span.start)
            j = first - 1 - (first > 0 and tokens[first - 1][2].lower() in _DET)
            if j > 0 and tokens[j][2].lower() in _PREP:
                return self._head_at_end(tokens[:j])
        start = _phrase_start(tokens, mention)
        if start > 1 and tokens[start - 1][2].lower() in _PREP and tokens[start - 1][2].lower() != "of":
            return self._head_at_end(tokens[: start - 1])
        return self._phrase(tokens[start:])

    def _named(self, end: int) -> bool:
        mention = self._mention_ending(end)
        return mention is not None and mention.label in ("PERSON", "ORG")

    def _relative(self, tokens: list[Token]) -> Speaker | None:
        """"Jo Bloggs, who said …", "the ministry, which said …": the relative pronoun speaks for the person
        or organisation named right before it, even after a preposition ("heard from Jo Bloggs, who said");
        for an unnamed phrase, None."""
        before = tokens[:-2] if tokens[-2][2] == "," else tokens[:-1]
        if not before:
            return None
        mention = self._mention_ending(before[-1][1])
        if mention is not None and mention.label in ("PERSON", "ORG"):
            antecedent: Speaker | None = Speaker(mention.name, mention.span, mention.label)
        else:  # "Jo Bloggs of Freedonia, who said": the head, not the place
            antecedent = self._head_at_end(before)
        if antecedent is None or antecedent.name is None:
            return None
        return Speaker(antecedent.name, Span(tokens[-1][0], tokens[-1][1]), antecedent.label)

    def _phrase(self, tokens: list[Token]) -> Speaker | None:
        """A short noun phrase: a role, a named entity, or an unnamed source."""
        if len(tokens) > 12:
            return None
        span = Span(tokens[0][0], tokens[-1][1])
        words = " ".join(t[2] for t in tokens).replace(" ’s", "’s").replace(" 's", "'s")
        if _THE_DOCUMENT.fullmatch(words):  # "the statement said": the latest speaker issued it
            return self.pronoun(span.start, span.end, kind="a")
        role = ROLE_QUERY.match(words)
        if role:
            holder = self._role_holder(role.group("q"), role.group("role"))
            if holder is not None:
                return Speaker(holder, span, "PERSON")
        inside = [m for m in self._mentions_in(span) if not self.text.startswith(("'s", "’s"), m.span.end)
                  or tokens[-1][2].lower() in _DOC_NOUNS]
        inside = [m for m in inside if m.label != "NORP" or len(tokens) == 1]
        people = [m for m in inside if m.label == "PERSON"]
        if people:
            return Speaker(people[-1].name, span, "PERSON")
        tail = tokens[-1][2].lower()
        if inside and (inside[-1].span.end == span.end or tail in _DOC_NOUNS - _SPOKES):
            return Speaker(inside[-1].name, span, inside[-1].label)
        known = self.persons.get(words.casefold()) if words[:1].isupper() else None
        if known is not None:  # a name the recognizer missed here but found elsewhere in the article
            return Speaker(known.name, span, "PERSON")
        return Speaker(None, span)

    def _role_holder(self, qualifier: str | None, role: str) -> str | None:
        """The one person the article introduces with a fitting role; if nobody, the one the story does."""
        fits = role_holders(self.roles, qualifier, role) or role_holders(self.story_roles, qualifier, role)
        return next(iter(fits)) if len(fits) == 1 else None

    def _mention_ending(self, end: int) -> Mention | None:
        i = bisect_left(self._starts, end) - 1
        while i >= 0 and self.mentions[i].span.start >= end - 120:
            if self.mentions[i].span.end == end:
                return self.mentions[i]
            i -= 1
        return None

    def _mentions_in(self, span: Span) -> list[Mention]:
        i = bisect_left(self._starts, span.start)
        found = []
        while i < len(self.mentions) and self.mentions[i].span.start < span.end:
            if self.mentions[i].span.end <= span.end:
                found.append(self.mentions[i])
            i += 1
        return found


def _abbreviation(word: str) -> bool:
    """Whether a word ending in a stop is an abbreviation ("Jr.", "U.S.", "Gov.") rather than a sentence's end."""
    return "." in word[:-1] or (word[:1].isupper() and len(word) <= 4)


def _drop_adverbs(tokens: list[Token]) -> None:
    """Drop auxiliaries and adverbs between a speaker and the cue ("has also repeatedly said")."""
    while tokens and (tokens[-1][2].lower() in _SKIP or (tokens[-1][2].endswith("ly") and tokens[-1][2].islower())):
        tokens.pop()


def _could_title(tokens: list[Token]) -> bool:
    """Whether the words before a name can be its title ("Texas Sen.", "band member")."""
    if not tokens:
        return True
    first = tokens[0][2]
    return not (first.lower().endswith(("ing", "ed")) and not first[:1].isupper()) and all(
        t[2][:1].isupper() or ROLE.fullmatch(t[2]) or (t[2].isalpha() and t[2].lower() not in _PREP | _NOT_HEAD | _SKIP)
        for t in tokens) and not tokens[0][2].endswith("ing")


def speaker_mentions(doc: Doc) -> list[Mention]:
    """The doc's person, organisation and place mentions in text order, a name given to a person
    anywhere in it taken as a person's."""
    return _as_people(sorted((m for m in doc.mentions if m.label in SPEAKER_LABELS), key=lambda m: m.span))


def _as_people(mentions: list[Mention]) -> list[Mention]:
    """The mentions with a name the article gives a person elsewhere (or a surname of one) as people:
    the recognizer's labels vary from one mention of a name to the next."""
    people = {m.name for m in mentions if m.label == "PERSON"}
    people |= {name.split()[-1] for name in people if " " in name}
    return [replace(m, label="PERSON") if m.name in people and m.label != "PERSON" else m for m in mentions]


def _phrase_start(tokens: list[Token], mention: Mention | None) -> int:
    """Where the noun phrase ending the tokens starts: back over names, nouns and possessives, through
    the mention that ends it, to a determiner (included) or a word that cannot be inside it."""
    i = len(tokens) - 1
    while i > 0 and len(tokens) - i < 10:
        prev = tokens[i - 1]
        low = prev[2].lower()
        if mention is not None and prev[0] >= mention.span.start:
            i -= 1
            continue
        if prev[2] in ",—–()" or set(prev[2]) == {"-"} or low in _NOT_HEAD | _PREP | _SKIP or low in PRONOUNS:
            break
        i -= 1
        if low in _DET and (prev[2].islower() or i == 0 or not tokens[i - 1][2][:1].isupper()):
            break
    return i


def _before_doc_nouns(tokens: list[Token]) -> int:
    """The end of the phrase less up to two trailing lower-case nouns ("the ministry statement")."""
    n = 0
    while n < min(2, len(tokens) - 1) and tokens[-1 - n][2].islower():
        n += 1
    return tokens[-1 - n][1]
