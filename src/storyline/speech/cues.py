"""Cues: quotation marks, the words that report speech, the reported clause they introduce, and the
frames (sentences joined where a quote runs on) quotes are read in. A helper of the quotes stage (not a
stage). The verbs are general English reporting verbs in all their forms."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from storyline.model import Doc, Span

if TYPE_CHECKING:
    from storyline.speech.resolver import Resolver, Speaker

OPEN, CLOSE, STRAIGHT = "“„«", "”»", '"'
_MARK = re.compile('[“„«”»"]')
_OPENER = set(" \t\n([{—–-/")
_CLOSER = set(" \t\n.,;:!?)]}—–-…'’")
PARAGRAPH = re.compile(r"[^\n]+(?:\n(?!\n)[^\n]+)*")

_VERBS = ("say tell add state declare insist warn note explain argue ask reply respond answer continue promise vow "
          "pledge claim allege contend maintain assert stress emphasize emphasise acknowledge admit concede announce "
          "confirm deny reveal disclose recall observe remark comment complain lament predict suggest tweet "
          "report testify joke quip boast conclude counter retort caution urge demand repeat reiterate estimate "
          "write agree charge accuse exclaim confess boom chant mutter whisper scream shout yell sigh laugh snap muse "
          "chide scold tease intone proclaim assure gush rail thunder marvel interject interrupt advise grumble "
          "mock recount underscore opine posit surmise clarify elaborate plead beg inform remind tout sneer "
          "rejoin read remember bark")
_PHRASAL = ("point out", "go on", "shoot back", "fire back", "hit back", "chime in")
_IRREGULAR = {"say": "says|said|saying|Said|Says", "tell": "tells|told|telling",
              "write": "writes|wrote|written|writing", "go on": "goes on|went on|going on",
              "shoot back": "shoots back|shot back|shooting back", "hit back": "hits back|hitting back",
              "think": "thinks|thought|thinking", "read": "reads|reading",
              "tweet": "tweets|tweeted|tweeting|Tweeted|Tweets"}
_DOUBLED = {"admit", "quip", "refer", "label", "snap", "beg"}
_NOT_VERBS = {"report", "reports", "comment", "comments", "counter", "charge", "charges", "state", "states", "boom",
              "booms", "snap", "mock", "laugh", "laughs", "sigh", "rail", "thunder", "marvel", "tease", "plead", "beg",
              "answer", "reply", "demand", "demands", "estimate", "estimates", "promise", "promises", "post"}
# Verbs whose clause may follow without "that" ("she said the talks failed"); others need "that".
_BARE = {"say", "tell", "add", "claim", "argue", "insist", "warn", "tweet", "believe", "think", "predict",
         "suggest", "contend", "maintain", "assert", "admit", "concede", "complain", "acknowledge", "report", "declare",
         "confess", "proclaim", "assure", "remind", "inform"}
_OBJECT_FIRST = {"tell", "warn", "ask", "urge", "remind", "assure", "inform"}  # "told reporters (that) ..."


def _forms(verb: str) -> list[str]:
    if verb in _IRREGULAR:
        return [verb, *_IRREGULAR[verb].split("|")]
    head, _, rest = verb.partition(" ")
    tail = f" {rest}" if rest else ""
    consonant_y = head.endswith("y") and head[-2] not in "aeiou"
    plural = head[:-1] + "ies" if consonant_y else head + ("es" if head.endswith(("s", "sh", "ch", "x")) else "s")
    double = head + head[-1] if head in _DOUBLED else head
    past = head + "d" if head.endswith("e") else head[:-1] + "ied" if consonant_y else double + "ed"
    ing = head[:-1] + "ing" if head.endswith("e") and not head.endswith("ee") else double + "ing"
    return [form + tail for form in (head, plural, past, ing)]


# Each form of a reporting verb, less the forms that are more often nouns ("a report", "the state").
_BASE = {form: verb for verb in (*_VERBS.split(), *_PHRASAL, "believe", "think") for form in _forms(verb)
         if form not in _NOT_VERBS}
_SPEECH = sorted((f for f, v in _BASE.items() if v not in ("believe", "think")), key=len, reverse=True)
CUE = re.compile(rf"(?<![\w-])(?:{'|'.join(map(re.escape, _SPEECH))})\b")
_REPORT = re.compile(rf"\b(?:{'|'.join(map(re.escape, sorted(_BASE, key=len, reverse=True)))})\b")
ACCORDING = re.compile(r"\b[Aa]ccording to\b")
TOLD = re.compile(r"tells|told|telling")  # a form of "tell": the phrase after it is the hearer
_AS_SAYING = r"as\s+(?:saying|telling|stating|writing)\b"
# "the ministry, in a statement, cited X as saying" / "X was quoted by Y as saying", after the quote.
CITED_AFTER = re.compile(rf"[^.!?;“”\"]{{0,120}}?\b(?:(?P<cue>cited|quoted)\s+(?P<x>[^.!?;,“”\"]{{1,60}}?)\s+"
                         rf"{_AS_SAYING}|(?P<x2>[^.!?;,“”\"]{{1,60}}?)\s+(?:was|were|is|has been|had been)\s+"
                         rf"(?P<cue2>quoted|cited)\s+(?:by\s+[^.!?;,“”\"]{{1,60}}?\s+)?{_AS_SAYING})")
CITED_BEFORE = re.compile(rf"\b(?P<cue>cited|quoted)\s+(?P<x>[^.!?;,“”\"]{{1,60}}?)\s+{_AS_SAYING}\s*[,:]?\s*$")
_ARTICLE = r"(?:an?\s+|the\s+|his\s+|her\s+|its\s+|their\s+)?"
PARTIAL_BEFORE = re.compile(
    rf"(?<![\w-])(?:(?P<cue>call(?:s|ed|ing)?|describ(?:e|es|ed|ing)|dub(?:s|bed|bing)?|label(?:s|l?ed|l?ing)?|"
    rf"brand(?:s|ed|ing)?|term(?:s|ed|ing)?|refer(?:s|red|ring)?\s+to)\b(?:[^.!?;:,“”\"]{{0,40}}?\s+by\s+"
    rf"(?P<by>[^.!?;:,“”\"]{{1,60}}?))?(?:\s+[^\s.!?;:,“”\"]+){{0,5}}?(?:\s+as)?\s*{_ARTICLE})$")
# The forms round a direct quote: a naming verb (PARTIAL_BEFORE's), a speaker's name signing the quote
# after a dash on its line or on a line of its own, a possessor before a name ("the party’s Jo Bloggs
# said"), and what may stand between a cue and its quote ("said:", "told reporters on Monday,").
NAMING = re.compile(r"call|describ|dub|label|brand|term|refer")  # PARTIAL_BEFORE's cue verbs
DASH_NAME = re.compile(r"[ \t]*[―—–][ \t]*(?P<who>(?-i:[A-Z])[\w'’-]*"
                        r"(?:[ \t]+(?:(?-i:[A-Z])[\w'’-]*\.?|de|del|la|van|von)){0,4})[ \t]*\.?[ \t]*(?=\n|$)")
DASH_LINE = re.compile(r"[ \t]*\n\s*[―—–-][ \t]*(?P<who>(?-i:[A-Z])[\w'’-]*(?:[ \t]+(?-i:[A-Z])[\w'’-]*\.?){0,4})"
                        r"(?:,[^\n,]{1,80})?[ \t]*\.?[ \t]*(?=\n|$)")
POSSESSOR = re.compile(r"\s*|(?:the\s+)?(?-i:[A-Z])[^,.;:!?“”\"]{0,60}['’]s\s+")
ATTACHED = re.compile(r"(?:\s+[^.!?;:“”\"]{0,100}?)?\s*[,:]\s*|\s*")  # "said:", "told reporters on Monday,"
_WEEKDAY = (r"(?:(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today|tonight|"
            r"last\s+\w+)|\w+ly|instead|also|again|later|then|now|once|earlier|too|afterward|afterwards)")
_ADVERBIAL = (rf"(?:{_WEEKDAY}|(?:on|in|at|during|after|before|to|from|with|without|via|while|despite|amid|of)\s+"
              r"[^,.;:!?\u2063]{1,80}?|"
              r"(?-i:[A-Z])[\w.]*(?:\s+(?-i:[A-Z])[\w.]*)*)")
_NOT_CLAUSE = re.compile(r"\s+(?:that|to|in|on|at|for|about|with|so|no one|nothing|something|anything|yes|no|little|"
                         r"much|more|goodbye|hello|thanks|sorry|otherwise|as much|was|were|is|are|would|will|has|"
                         r"had|have|could|should|might|may|can)\b")
_STARTER = re.compile(r"\s+(?:he|she|it|they|we|I|you|there|this|these|those|the|a|an|his|her|its|their|our|some|"
                      r"many|most|all|no|every|each|(?-i:[A-Z])[\w’'.-]*|\d)\b")

_RELATIVE = re.compile(r"(?i:who|which)")

Pieces = tuple[list[Span], "Speaker | None", str, Span]


@dataclass(frozen=True)
class Segment:
    """Text between a pair of quotation marks, the marks included. ``runs_on``: the paragraph ends
    before the closing mark, so the quote goes on in the next paragraph."""

    span: Span
    runs_on: bool = False


def find_segments(text: str) -> list[Segment]:
    """Every quoted stretch, paragraph by paragraph (marks included)."""
    found: list[Segment] = []
    for para in PARAGRAPH.finditer(text):
        found.extend(_pair_marks(text, para.start(), para.end()))
    return found


def _pair_marks(text: str, lo: int, hi: int) -> list[Segment]:
    """Pair the marks of one paragraph: a mark's direction is read from its glyph, or from the spaces
    around it when the glyph is straight or wrong; a nested pair stays inside the outer one."""
    found: list[Segment] = []
    depth, start = 0, lo
    for mark in _MARK.finditer(text, lo, hi):
        i, char = mark.start(), mark.group(0)
        opening = i == lo or text[i - 1] in _OPENER
        closing = i + 1 == hi or text[i + 1] in _CLOSER
        if char in OPEN:
            is_open = not (closing and not opening)
        elif char in CLOSE:
            is_open = opening and not closing
        else:
            is_open = depth == 0 if opening == closing else opening
        if is_open:
            depth, start = depth + 1, (i if depth == 0 else start)
        elif depth:
            depth -= 1
            if depth == 0 and any(ch.isalpha() for ch in text[start:i]):
                found.append(Segment(Span(start, i + 1)))
    if depth:
        end = len(text[lo:hi].rstrip()) + lo
        if any(ch.isalpha() for ch in text[start:end]):
            found.append(Segment(Span(start, end), runs_on=True))
    return found


def is_title(text: str, seg: Segment) -> bool:
    """Whether a quote is a few words or a capitalised title ("Meet the Press"), not a statement."""
    words = re.findall(r"\w+", seg.span.text_of(text))
    return len(words) <= 3 or (len(words) <= 6 and sum(w[0].isupper() for w in words) * 2 > len(words))


def ends_sentence(text: str) -> bool:
    """Whether a sentence ends inside ``text`` (a stop after a short capitalised word is an abbreviation)."""
    for stop in re.finditer(r"([\w.]*)[.!?;:]\s", text):
        word = stop.group(1)
        if not (stop.group(0)[-2] == "." and word[:1].isupper() and (len(word) <= 4 or "." in word)):
            return True
    return False


def last_cue(before: str) -> re.Match[str] | None:
    """The last reporting verb in ``before``."""
    last = None
    for last in CUE.finditer(before):  # noqa: B007  (the last one is wanted)
        pass
    return last


def that_clause(text: str, lo: int, quote: Span) -> Span:
    """The quote, or the clause it ends when "that" opens one shortly before it in its sentence (which
    starts at ``lo``): "his prediction that Jo Bloggs would be “…”" reports the clause, as a cue would."""
    that = None
    for that in re.finditer(r"\bthat\s", text[lo : quote.start]):  # noqa: B007  (the last one is wanted)
        pass
    if that is None:
        return quote
    between = text[lo + that.start() : quote.start]
    if re.search(r"[.;!?\n“”\"]", between) or len(between.split()) > 20:
        return quote
    return Span(lo + that.start(), quote.end)


def one_clause(text: str, first: Span, second: Span, marks: list[Span]) -> bool:
    """Whether two pieces of one quote are joined by a few words of the same clause ("called him a “liar”
    who is “amoral”", "is “a big problem” but “nobody talks about it”"): one span, as the reader reads
    them; not when its cue or speaker (``marks``) stand between."""
    gap = text[first.end : second.start]
    return (len(gap.split()) <= 6 and not re.search(r"[\n.!?;:]", gap)
            and not re.search(r"[.!?]\W*$", first.text_of(text))
            and not any(first.end <= m.start < second.start for m in marks))


def trim_end(text: str, end: int) -> int:
    """``end`` less a sentence's final stop (a closing quotation mark is kept)."""
    while end > 0 and text[end - 1] in " \n.!?;":
        end -= 1
    return end


def cited(match: re.Match[str]) -> tuple[Span, Span]:
    """(speaker phrase, cue) of a CITED_AFTER match, relative to the matched string."""
    if match.group("cue"):
        return Span(match.start("x"), match.end("x")), Span(match.start("cue"), match.end())
    return Span(match.start("x2"), match.end("x2")), Span(match.start("cue2"), match.end())


def words_inside(text: str, pieces: list[Span], quoted: list[Span]) -> bool:
    """Whether at least half the words of ``pieces`` lie inside the ``quoted`` spans (sorted)."""
    starts = [q.start for q in quoted]
    total = inside = 0
    for piece in pieces:
        for word in re.finditer(r"\w+", piece.text_of(text)):
            at = piece.start + word.start()
            n = bisect_right(starts, at) - 1
            total += 1
            inside += n >= 0 and at < quoted[n].end
    return total > 0 and 2 * inside >= total


def clause_start(outside: str, off: int, resolver: Resolver, taken: list[Span],
                 subject: Callable[[int], Speaker | None]) -> Pieces | None:
    """Reported speech in one sentence (``outside``: its text with quotes blanked, at ``off``):
    "According to X, …", "…, X said.", "…, X said, …", "X said (that) …", "X accused Y of …". The
    content stops where a span in ``taken`` (another quote's) starts; a cue in one is passed over.
    ``subject(at)`` names who speaks with the verb at ``at``."""
    reader = _Reader(outside, off, resolver, taken, subject)
    return reader.according() or reader.final() or reader.forward()


class _Reader:
    def __init__(self, s: str, off: int, resolver: Resolver, taken: list[Span],
                 subject: Callable[[int], Speaker | None]) -> None:
        self.s, self.off, self.resolver, self.taken, self.subject = s, off, resolver, taken, subject

    def according(self) -> Pieces | None:
        lead = re.match(r"\s*According to\s+([^,.;:!?]{1,80}),\s*", self.s)
        if lead is None:
            return None
        at = self.off + self.s.index("According")
        who = self.resolver.after(self.off + lead.start(1), self.off + lead.end(1))
        piece = self.piece(lead.end(), len(self.s))
        return ([piece], who, "according to", Span(at, at + 12)) if piece and not self.is_taken(at) else None

    def final(self) -> Pieces | None:
        """"…, X said (on Tuesday).", "…, said X.", "…, according to X." and "…, X said, …"."""
        s = self.s
        for verb in reversed(list(_REPORT.finditer(s)) + list(ACCORDING.finditer(s))):
            rest = s[verb.end() :]
            cue = Span(self.off + verb.start(), self.off + verb.end())
            if self.is_taken(cue.start):
                continue
            inverted = re.search(r"[,—–]\s*$", s[: verb.start()]) if not verb.group(0).endswith("ing") else None
            if inverted:
                if not re.fullmatch(r"\s+[^.!?;:\u2063]{1,150}?[.!?]?\s*", rest):
                    continue
                who = self.resolver.after(cue.end, self.off + len(s))
                piece = self.piece(0, inverted.start())
                if who is not None and piece and self.resolver.passes_on(who, verb.group(0)):
                    return self.passed_on(inverted.start(), piece, who, verb.group(0).lower(), cue)
                if who is not None and piece:
                    return [piece], who, verb.group(0).lower(), cue
                continue
            found = self.subject(cue.start)
            head = re.search(r"[,—–]\s*$", s[: found.span.start - self.off]) if found else None
            if found is None or head is None or _RELATIVE.fullmatch(found.span.text_of(self.resolver.text)):
                continue  # "…, who said": what comes before a relative clause is not what it reports
            if re.fullmatch(r"(?:\s+[^,.!?;:\u2063]{0,60})?\s*[.!?]?\s*", rest):
                piece = self.piece(0, head.start())
                if piece and self.resolver.passes_on(found, verb.group(0)):
                    return self.passed_on(head.start(), piece, found, verb.group(0), cue)
                return ([piece], found, verb.group(0), cue) if piece else None
            middle = re.match(r"(?:\s+[^,.!?;:\u2063]{0,40})?,\s+", rest)
            if middle:
                first, second = self.piece(0, head.start()), self.piece(verb.end() + middle.end(), len(s))
                pieces = [p for p in (first, second) if p is not None]  # "By contrast, she said, …" has one
                return (pieces, found, verb.group(0), cue) if second else None
        return None

    def passed_on(self, cut: int, piece: Span, who: Speaker, verb: str, cue: Span) -> Pieces:
        """The words a news organisation reports ("…, Jo Bloggs said on Monday, the agency reported"): their
        own speaker's, read in the sentence cut before the organisation (``cut``), when the report names
        them; else the report is the organisation's own ("…, the agency reported": ``who``)."""
        inner = _Reader(self.s[:cut], self.off, self.resolver, self.taken, self.subject)
        for found in (inner.forward(), inner.final()):  # a name before its verb: "…, Jo Bloggs said on Monday"
            if found is not None and found[1] is not None and found[1].name is not None and \
                    found[1].span.end <= found[3].start:
                return found
        return [piece], who, verb, cue

    def forward(self) -> Pieces | None:
        """"X said (that) …", "X told reporters …", "X accused Y of …": the first cue with a subject."""
        for verb in _REPORT.finditer(self.s):
            start = content_start(self.s, verb.end(), verb.group(0))
            if start is None or self.is_taken(self.off + verb.start()):
                continue
            who = self.subject(self.off + verb.start())
            piece = self.piece(start, len(self.s)) if who is not None else None
            if piece:
                return [piece], who, verb.group(0), Span(self.off + verb.start(), self.off + verb.end())
        return None

    def is_taken(self, at: int) -> bool:
        return any(t.start <= at < t.end for t in self.taken)

    def piece(self, start: int, end: int) -> Span | None:
        """The content between ``start`` and ``end`` (relative) less spaces, commas, a final stop and what
        another quote took; None when fewer than three words are left."""
        s, off = self.s, self.off
        while start < end and s[start] in " \n,":
            start += 1
        if self.is_taken(off + start):
            return None
        end = min([end, *(t.start - off for t in self.taken if start < t.start - off < end)])
        text = s[start:end]
        text = re.sub(r"(?:[\s,.;:!?—–]|\b(?:and|but|or|while)\b)+$", "", text)
        if len(re.findall(r"[\w\u2063]+", text)) < 3:
            return None
        return Span(off + start, off + start + len(text))


def content_start(s: str, at: int, verb: str) -> int | None:
    """Where the clause reported with ``verb`` (any form of a cue verb) that ends at ``at`` starts in ``s``,
    or None when no clause follows."""
    base = _BASE[verb]
    rest = s[at:]
    if base in ("promise", "vow", "pledge") and re.match(r"\s+to\s", rest):
        return at + _next_word(rest, 0)
    if base in ("accuse", "urge"):
        obj = re.match(rf"\s+([^.;:!?\u2063]{{1,60}}?)\s+{'of' if base == 'accuse' else 'to'}\s+", rest)
        return at + obj.start(1) if obj else None
    that = re.match(rf"(?:\s*,?\s+{_ADVERBIAL},?){{0,3}}\s+(?=that\s)", rest)
    if that is None and base in _OBJECT_FIRST:
        that = re.match(r"(?:\s+[^,.;:!?\u2063\s]+){1,12}?\s+(?=that\s)", rest)
    if that:
        return at + that.end()
    if base in _OBJECT_FIRST:
        obj = re.match(r"\s+(?:\S+\s+){0,4}?(?=(?:he|she|it|they|we|I|there)\s)", rest)
        if obj:
            return at + obj.end()
        word = re.match(r"\s+\w+", rest)
        single = _STARTER.match(rest, word.end()) if word and base == "tell" else None
        return at + _next_word(rest, single.start()) if single else None
    if base not in _BARE:
        return None
    skip = re.match(rf"(?:\s+{_WEEKDAY}\b,?)+", rest)
    offset = skip.end() if skip else 0
    if _NOT_CLAUSE.match(rest, offset) or not re.match(r"\s+\w", rest[offset:]):
        return None
    starter = _STARTER.match(rest, offset)
    if starter is None and base != "say":  # "she said presumptive nominees ..." needs no determiner
        return None
    return at + _next_word(rest, offset)


def _next_word(s: str, at: int) -> int:
    return at + len(s[at:]) - len(s[at:].lstrip())


def make_frames(doc: Doc, segments: list[Segment]) -> list[Span]:
    """The sentences, joined where a quote runs across a boundary or the next sentence goes on the
    previous one ("…?” she asked.", a lower-case start); never across a paragraph."""
    sents = [s.span for s in doc.sentences] or [Span(m.start(), m.end()) for m in PARAGRAPH.finditer(doc.text)]
    frames: list[Span] = []
    for sent in sents:
        if frames and _joins_previous(doc.text, frames[-1], sent, segments):
            frames[-1] = Span(frames[-1].start, sent.end)
        else:
            frames.append(sent)
    return frames


def _joins_previous(text: str, prev: Span, sent: Span, segments: list[Segment]) -> bool:
    if "\n\n" in text[prev.end : sent.start]:
        return False
    if any(s.span.start < sent.start < s.span.end for s in segments):
        return True
    head = text[sent.start : sent.start + 1]
    if head.islower() or head in ",;:—–":
        return True
    tail = text[max(prev.start, prev.end - 2) : prev.end]
    words = text[sent.start : sent.end].split()
    named = _APPOSITIVE_CUE.match(text, sent.start, sent.end)  # "“…!” Jo Bloggs, a farmer, said."
    return bool(tail[-1:] in CLOSE + STRAIGHT and tail[:1] in ",?!" and (CUE.search(" ".join(words[:6])) or named))


_APPOSITIVE_CUE = re.compile(rf"(?-i:[A-Z])[^,.]{{0,40}},[^,“”\"]{{1,80}},\s*(?:\w+ly\s+)?(?:{CUE.pattern})")
