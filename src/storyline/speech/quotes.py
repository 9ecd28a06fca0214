"""The quote finder: who said what, directly ("…,” she said) or in reported speech (she said that …).

1. Quotation marks are paired per paragraph (speech/cues.py): straight or curly, a mark's direction
   read from the spaces around it when the glyph is wrong; a quote nested in another stays inside it; a
   paragraph that ends inside a quote goes on in the next one. A sentence is extended over the
   sentences a quote spans, and over a following "…?” she asked".
2. A quote's cue stands right after it ("…,” X said / said X / X told reporters / according to X /
   the ministry cited X as saying) or right before it (X said: “…” / X: “…” / …, adding: “…” / X called
   it “…” / a sentence ending in a colon before a quote paragraph). When the quote is part of a longer
   clause (X said the plan was “a disaster”), the clause is the content. A quote ending in a full stop
   takes no cue after it: "“… over.” Smith then left" starts a new sentence.
3. A quote without a cue continues a quote with one: the one before it in the sentence when the cue
   comes first, the one right before it (“…,” he said. “…”, or the quote's next paragraph), or the one
   right after it, when only the cue and the speaker stand between them: the pieces share the cue. A
   paragraph that is only a quote, right after a paragraph that reports someone's words, is theirs
   (no cue); so is a sentence that is only a quote, after a sentence of its paragraph that reports
   someone's words.
4. Reported speech (speech/cues.py): "X said (that) …", "…, X said.", "…, said X.", "…, X said, …",
   "According to X, …", "X accused Y of …"; the content is the reported clause, and a quote inside it
   belongs to it.
5. A long quote left without any cue, inside a sentence, is the words of the sentence's subject ("Jo
   Bloggs thanked the council for “…”"), unless a clause with a subject of its own comes between
   (speech/resolver.py); its content is the "that" clause it ends, if any. Otherwise it is kept with no
   speaker. Short quoted words without a cue are scare quotes or titles and are left out.
A quote is ``direct`` when at least half the words of its content are inside quotation marks. The
speaker is resolved by speech/resolver.py (names, roles, pronouns); unresolved speakers stay None.
No parser runs: everything is read off the marks, the cue words and the entity mentions.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from storyline.config import Config
from storyline.model import Doc, Quote, QuoteKind, Span
from storyline.speech.cues import (
    ACCORDING,
    ATTACHED,
    CITED_AFTER,
    CITED_BEFORE,
    CUE,
    DASH_LINE,
    DASH_NAME,
    NAMING,
    OPEN,
    PARTIAL_BEFORE,
    POSSESSOR,
    STRAIGHT,
    TOLD,
    Segment,
    cited,
    clause_start,
    content_start,
    ends_sentence,
    find_segments,
    is_title,
    last_cue,
    make_frames,
    one_clause,
    that_clause,
    trim_end,
    words_inside,
)
from storyline.speech.resolver import Resolver, Speaker
from storyline.speech.roles import Roles

_CONJ = frozenset({"and", "but", "or", "while", "as", "so", "then", "because"})


@dataclass
class _Found:
    pieces: list[Span]
    speaker: Speaker | None
    cue: str | None
    cue_span: Span | None
    segments: list[Segment] = field(default_factory=list)


def find_quotes(doc: Doc, cfg: Config, *, story_roles: Roles | None = None) -> Doc:
    """The doc with its quotes; ``story_roles`` are the roles other articles teach (stages/speakers.py);
    the quotes stage calls it with none."""
    segments = find_segments(doc.text)
    frames = make_frames(doc, segments)
    resolver = Resolver(doc, [f.start for f in frames], window=cfg.quotes.pronoun_window, story_roles=story_roles)
    found: list[_Found] = []
    cued: dict[Segment, _Found] = {}
    frame_of: dict[Segment, int] = {}
    for k, frame in enumerate(frames):
        inside = [s for s in segments if frame.start <= s.span.start < frame.end]
        frame_of.update((s, k) for s in inside)
        if not inside or inside[0].span.start > frame.start + 1:  # a sentence that opens with a quote has none
            resolver.remember_subject(frame)
        for n, seg in enumerate(inside):
            hit = _direct(doc.text, frames, k, inside, n, resolver)
            if hit is not None:
                same = next((f for f in found if f.cue_span == hit.cue_span and hit.cue_span is not None), None)
                if same is not None:
                    same.pieces.append(hit.pieces[0])
                    same.segments.append(seg)
                    cued[seg] = same
                else:
                    found.append(hit)
                    cued[seg] = hit
                    resolver.remember(_at(hit), hit.speaker)
        if cfg.quotes.indirect:
            _report(doc.text, frame, inside, cued, found, resolver)
    _continue(doc.text, segments, cued, frame_of)
    _carry(doc.text, segments, cued, found, frames)
    quotes = [_quote(doc.text, f, segments) for f in found]
    loose = [seg for seg in segments if seg not in cued and _long_enough(doc.text, seg, cfg.quotes.min_words)]
    quotes += [[_uncued(doc.text, seg, frames, resolver)] for seg in loose]
    flat = sorted((q for group in quotes for q in group), key=lambda q: (q.span.start, q.span.end))
    return replace(doc, quotes=tuple(flat))


def _direct(text: str, frames: list[Span], k: int, inside: list[Segment], n: int,
            resolver: Resolver) -> _Found | None:
    """The cue of the n-th quote of the k-th frame: read after it, then before it, then at the end of
    the sentence before when that ends with a colon ("… released a statement:" + a quote paragraph)."""
    frame, seg = frames[k], inside[n]
    lo = inside[n - 1].span.end if n else frame.start
    later = [s for s in inside[n + 1 :] if not is_title(text, s)]
    hi = later[0].span.start if later else frame.end
    hit = _cue_after(text, seg, hi, resolver)
    if hit is not None:
        lead = text[lo : seg.span.start]
        own = not n and lead.strip(" ,—–-") and not CUE.search(lead) and not re.search(r"[,:]\s*$", lead)
        return _Found([Span(lo if own else seg.span.start, seg.span.end)], hit[0], hit[1], hit[2], [seg])
    before = _cue_before(text, frame, lo, seg.span.start, resolver)
    if before is None and k and not text[frame.start : seg.span.start].strip() and \
            text[: frames[k - 1].end].rstrip().endswith(":"):
        before = _cue_before(text, frames[k - 1], frames[k - 1].start, frames[k - 1].end, resolver)
    if before is None:
        return None
    speaker, cue, cue_span, start = before
    end = seg.span.end
    if start < seg.span.start <= frame.end and n + 1 == len(inside) and re.search(r"\w", text[end : frame.end]) \
            and not re.search(r",\W*$", seg.span.text_of(text)) and not NAMING.match(cue) \
            and not _closes_clause(text, start, seg.span):
        # a clause reported round the quote goes on after it, unless the quote names something ("called
        # it “…”") or closes with a comma, inside or after its mark (“…,” while others …: a new clause follows)
        end = trim_end(text, frame.end)
    return _Found([Span(min(start, seg.span.start), end)], speaker, cue, cue_span, [seg])


def _closes_clause(text: str, start: int, quote: Span) -> bool:
    """Whether a comma, a semicolon or a dash right after the quote's closing mark ends the clause reported
    round it ("X said the town needed to “…”, in what appeared an admission …": the reporter's words
    follow), rather than closing an aside the clause opened before the quote ("the plan, called “…”, would
    …"): no comma stands between the content's start and the quote."""
    return bool(re.match(r"\s*[,;—–]", text[quote.end : quote.end + 3])) and "," not in text[start : quote.start]


Hit = tuple[Speaker | None, str, Span]


def _cue_after(text: str, seg: Segment, hi: int, resolver: Resolver) -> Hit | None:
    """"…,” X said / said X / according to X / X cited Y as saying, right after the quote."""
    start = seg.span.end
    lead = re.match(r"[\s,]*(?:[—–-]\s*)?", text[start:hi])
    at = start + (lead.end() if lead else 0)
    rest = text[at:hi]
    dash = DASH_NAME.match(text, start) or DASH_LINE.match(text, start)  # the name may end the line or be one
    if dash:  # “…” ― Jo Bloggs: the quote signed with its speaker's name, as in a collection of readers' words
        who = resolver.after(dash.start("who"), dash.end("who"))
        person = dash.re is DASH_NAME or resolver.is_person(Span(dash.start("who"), dash.end("who")))
        if who is not None and who.name is None and person:  # a name the recognizer missed or cut wrongly
            who = Speaker(dash.group("who"), who.span, "PERSON")
        who = who if who is None or who.name is not None else None
        return (who, "—", Span(dash.start("who") - 1, dash.start("who"))) if who is not None else None
    found = CITED_AFTER.match(rest)
    if found:
        who_span, cue_span = cited(found)
        return resolver.before(at + who_span.start, at + who_span.end), "cited as saying", cue_span.shift(at)
    if re.search(r"\.[\s”’\"']*$", seg.span.text_of(text)) and not ACCORDING.match(rest):
        return None  # “… over.” starts a new sentence: "“…,” she said" closes a quote with a comma
    verb = CUE.match(rest) or ACCORDING.match(rest)
    if verb:
        who = resolver.after(at + verb.end(), hi)
        cue = verb.group(0).lower()
        if who is None or TOLD.fullmatch(cue):  # "…,” told the newspaper: who comes after is the hearer
            return None
        return (None if resolver.passes_on(who, cue) else who), cue, Span(at, at + verb.end())
    verb = CUE.search(rest, 0, 160)
    if verb is None or ends_sentence(rest[: verb.start()] + " ") or rest.split(maxsplit=1)[0].lower() in _CONJ:
        return None
    who = resolver.before(at, at + verb.start())
    if who is None or not POSSESSOR.fullmatch(text[at : who.span.start]):  # "the party’s Jo Bloggs said"
        return None
    cue_span = Span(at + verb.start(), at + verb.end())
    return (None if resolver.passes_on(who, verb.group(0)) else who), verb.group(0), cue_span


BeforeHit = tuple[Speaker | None, str, Span, int]  # speaker, cue, cue span, where the content starts


def _cue_before(text: str, frame: Span, lo: int, hi: int, resolver: Resolver) -> BeforeHit | None:
    """X said: “…” / X said that … “…” / X: “…” / according to X, “…” / …, adding: “…” / X called it
    “…”, in ``text[lo:hi]`` right before a quote that starts at ``hi``."""
    before = text[lo:hi]
    by_cite = CITED_BEFORE.search(before)
    if by_cite:
        who = resolver.before(lo + by_cite.start("x"), lo + by_cite.end("x"))
        return who, "cited as saying", Span(lo + by_cite.start("cue"), lo + by_cite.end()), hi
    verb = last_cue(before)
    partial = PARTIAL_BEFORE.search(before)
    if partial and (verb is None or partial.start() > verb.start()):
        cue = Span(lo + partial.start("cue"), lo + partial.end("cue"))
        who = (resolver.after(lo + partial.start("by"), lo + partial.end("by")) if partial.group("by")
               else _verb_subject(text, frame, lo, cue.start, resolver))
        if who is not None:  # the content takes in what is called so ("called him “…”", "described it as “…”")
            rest = partial.group(0)[partial.end("cue") - partial.start():]
            named = hi if partial.group("by") or not rest.strip() else cue.end + len(rest) - len(rest.lstrip())
            return who, partial.group("cue").lower(), cue, named
    if verb is not None:
        attached = ATTACHED.fullmatch(before, verb.end())
        start = len(before) if attached else content_start(before, verb.end(), verb.group(0))
        if start is not None:
            who = _verb_subject(text, frame, lo, lo + verb.start(), resolver)
            if who is None and not before[: verb.start()].strip():  # "Said Jo Bloggs, “…”"
                who = resolver.after(lo + verb.end(), hi)
            if who is not None:
                who = None if resolver.passes_on(who, verb.group(0)) else who
                return who, verb.group(0), Span(lo + verb.start(), lo + verb.end()), min(hi, lo + start)
    according = ACCORDING.search(before)
    if according and re.fullmatch(r"[^.!?;:]{1,80}[,:]\s*", before[according.end() :]):
        who = resolver.after(lo + according.end(), hi)
        who = None if resolver.passes_on(who, "according to") else who
        return who, "according to", Span(lo + according.start(), lo + according.end()), hi
    colon = re.search(r"\s*:\s*$", before)
    if colon:
        start = lo + max([0, *(m.end() for m in re.finditer(r"\s[-—–]\s|[—–]|[.;!?]\s", before[: colon.start()]))])
        who, named = None, False
        if len(text[start : lo + colon.start()].split()) <= 5:  # "Jo Bloggs:", "Continued Bloggs:"
            who = resolver.before(start, lo + colon.start())
            named = who is not None and (who.name is not None or resolver.name_like(who.span))
        if not named:  # "Bloggs went even further:", "Bloggs gave a short answer:"
            who, named = resolver.opening(start, lo + colon.start()), True
        if who is not None and named:
            return who, ":", Span(lo + colon.start(), lo + colon.end()), hi
    return None


def _verb_subject(text: str, frame: Span, lo: int, at: int, resolver: Resolver) -> Speaker | None:
    """Who speaks with the verb at ``at``: the phrase before it; for a participle (", adding", "before
    claiming") or a second verb ("… and added", "went on to say"), the subject of the verb before it in
    the sentence ("she said, adding …", "said Jo, adding …") or else the subject that opens the sentence.
    A participle after a document ("issued a statement saying") speaks for whoever issued it."""
    lead = text[lo:at]
    participle = bool(re.match(r"\w+ing\b", text[at : at + 20]))
    joined = re.search(r"(?:,|\b(?:by|before|after|while|when|without|despite|since|in|and|but|then|to))\s*$", lead)
    opener = frame.start if text[frame.start] not in OPEN + STRAIGHT else lo
    if joined and (participle or not lead.rstrip().endswith(",")):
        earlier = last_cue(lead)
        if earlier is not None:
            who = resolver.before(lo, lo + earlier.start())
            if who is None and re.fullmatch(r"|.*[,”\"]", lead[: earlier.start()].strip()):  # "…,” said Jo, adding"
                who = resolver.after(lo + earlier.end(), lo + joined.start())
            if who is not None:
                return who
        return resolver.opening(opener, at)
    absolute = re.search(r"\bwith\s+((?:[^\s,.;:!?]+\s+){1,6})$", lead) if participle else None
    if absolute:  # "…, with Jo Bloggs calling it": the participle's own subject
        return resolver.before(lo + absolute.start(1), at)
    who = resolver.before(lo, at)
    if participle and who is not None and who.name is None:  # "The town issued a statement saying"
        return resolver.opening(opener, at) or resolver.head_phrase(opener, at) or who
    return who


def _report(text: str, frame: Span, inside: list[Segment], cued: dict[Segment, _Found], found: list[_Found],
            resolver: Resolver) -> None:
    """Reported speech in the frame, outside what the direct quotes took."""
    taken = [p for f in found for p in f.pieces if p.start < frame.end and frame.start < p.end]
    taken += [f.cue_span for f in found if f.cue_span and frame.start <= f.cue_span.start < frame.end]
    outside = _blank(text, frame, inside)
    def subject(at: int) -> Speaker | None:
        lo = max([frame.start, *(s.span.end for s in inside if s.span.end <= at)])
        return _verb_subject(text, frame, lo, at, resolver)

    hit = clause_start(outside, frame.start, resolver, taken, subject)
    if hit is None:
        return
    pieces, speaker, cue, cue_span = hit
    mine = [s for s in inside if s not in cued and any(p.start <= s.span.start < p.end for p in pieces)]
    report = _Found(pieces, speaker, cue, cue_span, mine)
    for seg in mine:
        cued[seg] = report
    found.append(report)
    resolver.remember(_at(report), speaker)


def _blank(text: str, frame: Span, inside: list[Segment]) -> str:
    chars = list(text[frame.start : frame.end])
    for seg in inside:
        for i in range(seg.span.start, min(seg.span.end, frame.end)):
            chars[i - frame.start] = "\u2063" if not chars[i - frame.start].isspace() else " "
    return "".join(chars)


def _continue(text: str, segments: list[Segment], cued: dict[Segment, _Found], frame_of: dict[Segment, int]) -> None:
    """A quote without a cue continues an attributed quote: the one before it in its sentence when the
    cue comes first ("X called it “…” and “…”"), the one right before it (“…,” he said. “…”, or a
    quote's next paragraph; short titles in between are passed over), or else the one right after it,
    when only the cue and the speaker stand between them."""
    for n in range(1, len(segments)):
        seg = segments[n]
        back = n - 1
        while back > 0 and segments[back] not in cued and is_title(text, segments[back]):
            back -= 1
        prev = segments[back]
        if seg in cued or prev not in cued:
            continue
        owner = cued[prev]
        cue_first = owner.cue_span is not None and owner.cue_span.end <= owner.segments[0].span.start
        if prev.runs_on or (cue_first and frame_of[prev] == frame_of[seg]) or _adjacent(text, prev, seg, owner):
            _join(cued, seg, owner)
    for n in range(len(segments) - 2, -1, -1):
        seg, nxt = segments[n], segments[n + 1]
        if seg not in cued and nxt in cued and (seg.runs_on or _adjacent(text, seg, nxt, cued[nxt])):
            _join(cued, seg, cued[nxt])


def _carry(text: str, segments: list[Segment], cued: dict[Segment, _Found], found: list[_Found],
           frames: list[Span]) -> None:
    """A paragraph that is only a quote, with no cue, right after a paragraph whose last sentence
    reports someone's words, is taken as theirs ("X said that …¶“…”"): a new quote, no cue. So is a
    sentence that is only a quote, after a sentence of its paragraph whose last report has a speaker."""
    starts = [f.start for f in frames]
    for seg in segments:
        k = bisect_right(starts, seg.span.start) - 1
        if seg not in cued and k > 0 and _whole_sentence(text, seg, frames[k], frames[k - 1]):
            prev = [f for f in found if any(frames[k - 1].start <= p.start < frames[k - 1].end for p in f.pieces)]
            last = max(prev, key=lambda f: max(p.end for p in f.pieces), default=None)
            if last is not None and last.speaker is not None and last.speaker.name is not None:
                carried = _Found([seg.span], last.speaker, None, None, [seg])
                found.append(carried)
                cued[seg] = carried
                continue
        para_start = text.rfind("\n\n", 0, seg.span.start) + 2 if "\n\n" in text[: seg.span.start] else 0
        para_end = text.find("\n\n", seg.span.end)
        para_end = len(text) if para_end < 0 else para_end
        if seg in cued or text[para_start : seg.span.start].strip() or text[seg.span.end : para_end].strip():
            continue
        before = [f for f in found if f.speaker is not None and f.speaker.name is not None and
                  max(p.end for p in f.pieces) <= para_start and
                  not text[max(p.end for p in f.pieces) : para_start].strip(" \n.,;:!?”’\"'")]
        if before:
            carried = _Found([seg.span], before[-1].speaker, None, None, [seg])
            found.append(carried)
            cued[seg] = carried


def _uncued(text: str, seg: Segment, frames: list[Span], resolver: Resolver) -> Quote:
    """A quote with no cue: its sentence's subject's words when the resolver reads one (resolver.py,
    ``uncued``); the content is the "that" clause it ends, if any, as with a cue (cues.py)."""
    frame = frames[bisect_right([f.start for f in frames], seg.span.start) - 1]
    span = that_clause(text, frame.start, seg.span)
    who = resolver.uncued(frame.start, seg.span.start)
    return Quote(span, who.name if who else None, None, "direct", who.span if who else None,
                 speakers=who.names if who else ())


def _whole_sentence(text: str, seg: Segment, frame: Span, prev: Span) -> bool:
    """Whether the quote is all of its sentence, and the sentence before is in its paragraph."""
    return (not text[frame.start : seg.span.start].strip() and not text[seg.span.end : frame.end].strip(" .,;!?")
            and "\n" not in text[prev.end : frame.start])


def _join(cued: dict[Segment, _Found], seg: Segment, owner: _Found) -> None:
    owner.pieces.append(seg.span)
    owner.segments.append(seg)
    cued[seg] = owner


def _adjacent(text: str, first: Segment, second: Segment, owner: _Found) -> bool:
    """Whether nothing but punctuation, or the owner's cue and speaker ending a sentence, stand between
    two quotes ("…,” she said. “…", "…,” Jo Bloggs, a farmer, told reporters on Monday. “…")."""
    between = text[first.span.end : second.span.start]
    if not between.strip(" \n,.;:—–-"):
        return True
    named = [s for s in (owner.cue_span, owner.speaker.span if owner.speaker else None) if s is not None]
    if not named or not all(first.span.end <= s.start < second.span.start for s in named):
        return False
    lead = text[first.span.end : min(s.start for s in named)]
    if "\n" in lead:  # a speaker named in the next paragraph introduces what follows, not what went before
        return False
    tail = text[max(s.end for s in named) : second.span.start]
    stop = tail.rstrip().rstrip("”’\"'")
    return not ends_sentence(lead) and not ends_sentence(stop[:-1]) and (stop[-1:] in ".!?," or "\n" in tail)


def _quote(text: str, found: _Found, segments: list[Segment]) -> list[Quote]:
    pieces: list[Span] = []
    for piece in sorted(found.pieces):
        if pieces and (piece.start <= pieces[-1].end or one_clause(text, pieces[-1], piece, _marks(found))):
            pieces[-1] = Span(pieces[-1].start, max(piece.end, pieces[-1].end))
        else:
            pieces.append(piece)
    inside = words_inside(text, pieces, [s.span for s in segments])
    kind: QuoteKind = "direct" if inside else "indirect"
    speaker = found.speaker
    return [Quote(piece, speaker.name if speaker else None, found.cue, kind, speaker.span if speaker else None,
                  found.cue_span, speaker.names if speaker else ()) for piece in pieces]


def rename_speakers(quote: Quote, names: Mapping[str, str]) -> Quote:
    """The quote with its speakers' names (``speaker`` and ``speakers``) replaced as ``names`` says (a name
    found as written, "Smith", -> the merged entity's, "Jane Smith"); a name it does not hold is kept."""
    if quote.speaker is None and not quote.speakers:
        return quote
    return replace(quote, speaker=names.get(quote.speaker, quote.speaker) if quote.speaker else None,
                   speakers=tuple(dict.fromkeys(names.get(n, n) for n in quote.speakers)))


def _marks(found: _Found) -> list[Span]:
    return [s for s in (found.cue_span, found.speaker.span if found.speaker else None) if s is not None]


def _at(found: _Found) -> int:
    return found.speaker.span.start if found.speaker else found.pieces[0].start


def _long_enough(text: str, seg: Segment, min_words: int) -> bool:
    return len(re.findall(r"\w+", seg.span.text_of(text))) >= min_words
