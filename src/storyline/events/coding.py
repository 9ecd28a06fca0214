"""Coding the events of one parsed sentence: what happened, and whether it did.

1. Triggers: a verb of the lexicon (with its particle or preposition: "call for"), a verb and its object
   ("lift sanctions"), a light verb whose object is an event noun ("launched an attack", "imposed sanctions",
   "went on strike"), an adjective with a to-clause ("ready to"), or an event noun standing alone ("Russia's
   sanctions on Turkey": a standalone noun needs both its source and its target inside its phrase).
2. A verbal event (agree, demand, threaten, accuse, ...) takes in the clause it governs: "threatened to impose
   sanctions" is one THREATEN event; an intention is AGREE or THREATEN by what is intended.
3. Who and whom: ``storyline.events.arguments``. Coordinated sources with no target act on each other for the
   reciprocal types (meetings, agreements, clashes).
4. Status: ``storyline.events.status`` (negated, hypothetical, future or happened).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from spacy.tokens import Doc as SpacyDoc
from spacy.tokens import Token

from storyline.events.arguments import SAY, Found, View, sources_of, targets_of
from storyline.events.lexicon import (
    CUES,
    NOT_OFFICIAL,
    Lexicon,
    Trigger,
    lemmas_of,
    noun_trigger,
    polarity,
    resolve_type,
)
from storyline.events.status import status_of
from storyline.model import Actor, EventStatus

# Verbs that say little but that an event happens; their object noun tells which ("launched an attack").
LIGHT = frozenset({"remain", "stay", "keep", "put", "place",  # "remained on alert"
                   "hold", "launch", "carry", "conduct", "impose", "make", "stage", "mount", "give", "provide",
                   "engage", "complete", "deliver", "issue", "express", "voice", "announce", "declare", "begin",
                   "start", "resume", "continue", "open", "take", "lodge", "file", "extend", "reach", "sign", "seal",
                   "unleash", "step", "intensify", "escalate", "pursue", "wage", "lead", "go", "slap", "renew",
                   "initiate", "undertake", "perpetrate", "commit", "enter", "order", "approve", "do"})
# Verbs of coming together; "for" names what for ("met for talks", "gathered for a rally").
MOTION = frozenset({"return", "come", "go", "travel", "arrive", "gather", "converge", "assemble", "meet", "head",
                    "fly", "sit", "turn"})
# Verbs whose subject undergoes the event their object names ("Turkey faced sanctions from Russia").
PATIENT = frozenset({"face", "suffer", "survive", "receive", "get", "undergo", "endure", "escape", "avoid", "fear",
                     "risk", "accept", "win", "obtain", "secure"})
# Verbs that speak of, see or stop an event rather than do it.
TELL = SAY | frozenset({"call", "describe", "term", "label", "dub", "brand", "see", "watch", "witness", "remember",
                        "recall", "mention", "discuss", "consider", "know", "hear", "read", "cover", "study", "cite",
                        "mark", "commemorate", "predict", "forecast", "prevent", "stop", "foil", "thwart", "avert",
                        "condemn", "blame", "investigate", "deny", "expect", "doubt", "question", "praise"})
# Verbs that report what someone said or concluded; with an obligation in their clause they make a demand.
OBLIGE = SAY | frozenset({"insist", "stress", "emphasize", "argue", "conclude", "remind", "reiterate", "assert",
                          "issue"})
_OBLIGING = frozenset({"must", "should"})
DOMESTIC = frozenset({"PROTEST", "COERCE", "CONCEDE"})  # with no target named: the source's own country
_FIRST_PERSON = frozenset({"we", "i", "us"})
RECIPROCAL = frozenset({"CONSULT", "AGREE", "COOPERATE", "SUPPORT", "FIGHT", "SANCTION", "CONCEDE"})
OFFICIAL = frozenset({None, "GOV", "MIL", "LEG", "JUD", "COP", "SPY"})
ARMED = frozenset({"MIL", "REB", "PRM", "COP", "SPY"})
UNARMED = frozenset({"CVL", "OPP", "PTY", "ELI", "BUS", "EDU", "MED", "LAB", "AGR", "JRN", "REF", "REL", "SOC"})
_ABSORB = frozenset({"xcomp", "ccomp", "dobj", "prep", "acl", "attr", "oprd", "dative", "pcomp", "pobj"})
_BREAK = frozenset({"parataxis", "relcl", "conj", "advcl"})
# Dependents that are clauses or the subject: a verb's pattern words are in its object and complements only.
_CLAUSE = frozenset({"ccomp", "xcomp", "advcl", "conj", "relcl", "acl", "parataxis", "nsubj", "nsubjpass", "csubj",
                     "mark", "aux", "auxpass", "punct", "cc"})


@dataclass(frozen=True)
class Coded:
    """One event found in a sentence; ``trigger`` is the index of the word that reports it and ``depth`` that
    word's distance from the sentence's root (the main clause's event has the least)."""

    code: str
    mode: str | None
    status: EventStatus
    source: Actor
    target: Actor | None
    trigger: int
    depth: int
    reciprocal: bool = False
    past: bool = False  # reported in a past tense
    follows: tuple[str, ...] = ()  # the types of the event the sentence says it followed ("after the downing")
    unless: bool = False  # made conditional on what another does ("will withdraw unless ..."): a threat


def code_sentence(view: View, lexicon: Lexicon) -> list[Coded]:
    found = find_triggers(view.sd, lexicon)
    anchors = {item.anchor.i for item in found}
    found = [item for item in found if not _part_of_main(item.anchor, anchors)]
    events = [event for item in _top_level(found) for event in _code(view, item, lexicon)]
    if view.sd.text.rstrip().endswith("?"):
        events = [_with_status(e, "hypothetical") for e in events]
    return sorted(set(events), key=lambda e: (e.depth, e.trigger, e.source.name, e.target.name if e.target else ""))


def _part_of_main(verb: Token, anchors: set[int]) -> bool:
    if verb.dep_ == "conj" and verb.head.i != verb.i:  # "..., hurting exports and damaging tourism"
        verb = verb.head
    return _result_clause(verb) and verb.head.i in anchors


def _result_clause(verb: Token) -> bool:
    """A participle clause with no subject after its main clause tells what the main event did ("imposed
    sanctions, hurting exports"; "shelled the city, killing 20"): part of that event, not one of its own."""
    return (verb.dep_ == "advcl" and verb.tag_ == "VBG" and verb.i > verb.head.i
            and not any(c.dep_ in ("nsubj", "nsubjpass", "mark") for c in verb.children))


def _with_status(event: Coded, status: EventStatus) -> Coded:
    return replace(event, status=status)


# -- triggers ----------------------------------------------------------------------------------------------------

def find_triggers(sd: SpacyDoc, lexicon: Lexicon) -> list[Found]:
    found: list[Found] = []
    used: set[int] = set()
    for token in sd:
        if token.pos_ == "VERB" and token.dep_ not in ("amod", "compound"):
            item = _verb_trigger(token, lexicon) or _obligation(token)
            if item is not None:
                found.append(item)
                used.update(t.i for t in token.children if t.dep_ in ("dobj", "nsubjpass", "pobj"))
                if item.noun is not None:
                    used.add(item.noun.i)
        elif token.pos_ in ("ADJ", "VERB") or token.lemma_ in ("set", "about"):
            entries = lexicon.entries("adj", token.lemma_) or lexicon.entries("adj", token.lower_)
            if entries and any(c.dep_ in ("xcomp", "ccomp") or (c.dep_ == "prep" and c.lower_ == "to")
                               for c in token.children):
                found.append(Found(token, entries[0]))
    for token in sd:
        if token.pos_ == "NOUN" and token.i not in used:
            trigger = noun_trigger(token, lexicon)
            if trigger is not None and trigger.type not in CUES:
                found.append(Found(token, trigger, noun=token, standalone=True))
    return found


def _verb_trigger(verb: Token, lexicon: Lexicon) -> Found | None:
    lemmas = lemmas_of(verb)
    patterns = [t for lemma in lemmas for t in lexicon.entries("vobj", lemma)]
    if patterns:
        near = _near(verb)
        for entry in patterns:
            if lexicon.has(entry.words[1:], near):
                return Found(verb, entry)
    if LIGHT & set(lemmas):
        for obj in _objects(verb):
            for noun in (obj, *(c for c in obj.children if c.dep_ == "compound")):  # "a mediation effort"
                found = noun_trigger(noun, lexicon) if noun.pos_ == "NOUN" else None
                if found is not None and found.type not in CUES:
                    return Found(verb, found, noun=noun)
    if MOTION & set(lemmas):  # "negotiators return to Geneva for talks", "thousands converged for a rally"
        for noun in (p for c in verb.children if c.dep_ == "prep" and c.lower_ == "for" for p in c.children
                     if p.dep_ == "pobj" and p.pos_ == "NOUN"):
            found = noun_trigger(noun, lexicon)
            if found is not None and found.type in ("CONSULT", "PROTEST"):
                return Found(verb, found, noun=noun)
    entries = [t for lemma in lemmas for t in lexicon.entries("verb", lemma)]
    after = _after(verb) if any(len(t.words) > 1 for t in entries) else set()
    for entry in entries:
        if lexicon.has(entry.words[1:], after):  # "gave in", not "In 2008 it gave"
            return Found(verb, entry)
    if TELL & set(lemmas):
        return None  # "described the raid as a crime": the raid is not the speaker's
    for obj in (c for c in verb.children if c.dep_ == "dobj" and c.pos_ == "NOUN"):  # "planned a protest"
        found = noun_trigger(obj, lexicon)
        if found is not None and found.type not in CUES:
            return Found(verb, found, noun=obj, undergone=bool(PATIENT & set(lemmas)))
    return None


def _near(verb: Token) -> set[str]:
    """The words a verb's pattern may name: its object and complements, never a clause it governs ("said it
    will support" is no "say support"), and what an object is of."""
    phrase = [c for c in verb.children if c.dep_ not in _CLAUSE]
    near = {c.lemma_.lower() for c in phrase} | {c.lower_ for c in phrase}
    for c in phrase:
        if c.dep_ in ("prep", "dobj", "prt"):
            for g in c.children:
                if g.dep_ not in _CLAUSE:
                    near.add(g.lemma_.lower())
                if c.dep_ == "dobj" and g.dep_ == "prep" and g.lower_ == "of":
                    near.update(p.lemma_.lower() for p in g.children)
    return near


def _after(verb: Token) -> set[str]:
    """The words after a verb that may be its particle or preposition ("gave in", not "In 2008 it gave")."""
    words = [c for c in verb.children if c.i > verb.i]
    words += [g for c in words if c.dep_ in ("dobj", "prt") for g in c.children if g.i > c.i]
    return {w.lower_ for w in words} | {w.lemma_.lower() for w in words}


def _obligation(verb: Token) -> Found | None:
    """"X said Y must (or should, or has to) do Z": X demands it of Y (PLOVER codes an obligation laid on
    another as a demand), unless Y is the speaker's own side ("we must", "I should")."""
    if verb.lemma_.lower() not in OBLIGE:
        return None
    clauses = [c for c in verb.children if c.dep_ == "ccomp"]
    clauses += [g for c in verb.children if c.dep_ == "dobj" for g in c.children if g.dep_ in ("acl", "ccomp")]
    for clause in clauses:
        subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        must = any(c.dep_ in ("aux", "auxpass") and c.lower_ in _OBLIGING for c in clause.children) or (
            clause.lemma_ == "have" and clause.i + 1 < len(clause.doc) and clause.nbor(1).lower_ == "to")  # "has to"
        own_side = subject is not None and subject.pos_ == "PRON" and subject.lower_ in _FIRST_PERSON
        if subject is not None and must and not own_side:
            return Found(verb, Trigger((verb.lemma_.lower(),), "verb", "DEMAND", None))
    return None


def _objects(verb: Token) -> list[Token]:
    """The verb's object, or the object of on, in or into ("went on strike", "engaged in talks"), or what a
    quantity object is of ("gave five million dollars of aid")."""
    objects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    objects += [p for o in list(objects) for c in o.children if c.dep_ == "prep" and c.lower_ == "of"
                for p in c.children if p.dep_ == "pobj"]
    return objects + [g for c in verb.children if c.dep_ == "prep" and c.lower_ in ("on", "in", "into")
                      for g in c.children if g.dep_ == "pobj"]


def _top_level(found: list[Found]) -> list[Found]:
    """The triggers no verbal trigger takes in; each verbal one lists those it takes in as complements."""
    by_anchor = {item.anchor.i: item for item in found if item.verbal}
    top = []
    for item in found:
        frame = _frame_of(item, by_anchor)
        if frame is None:
            top.append(item)
        else:
            frame.complements.append(item)
    return top


def _frame_of(item: Found, frames: dict[int, Found]) -> Found | None:
    child, node = item.noun if item.standalone and item.noun is not None else item.anchor, None
    while child.head.i != child.i:
        node = child.head
        if node.i in frames and frames[node.i] is not item and child.dep_ in _ABSORB:
            return frames[node.i]
        own_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in child.children)
        if child.dep_ in _BREAK and (child.dep_ != "conj" or own_subject):
            return None  # a clause of its own ("..., and Turkey imposed"), not "to restore ties and to fight"
        child = node
    return None


# -- one event ---------------------------------------------------------------------------------------------------

def _code(view: View, item: Found, lexicon: Lexicon) -> Iterator[Coded]:
    if item.trigger.type in CUES:
        return
    sources = sources_of(view, item)
    if not sources:
        return
    targets = targets_of(view, item, sources)
    if item.standalone and not targets and len(sources) < 2:
        return
    status = status_of(item, lexicon)
    depth = _depth(item.anchor)
    pairs = [(s, t) for s in sources for t in targets] if targets else [(s, None) for s in sources]
    settled = _settle(item, sources[0], targets[0] if targets else None)
    if settled is None:
        return
    code, mode = settled
    past, follows, unless = _is_past(item), _follows(item, lexicon), _unless(item.anchor)
    if not targets and len(sources) > 1 and code in RECIPROCAL:
        pairs = [(s, t) for s in sources for t in sources if s != t]
        yield from (Coded(code, mode, status, s, t, item.anchor.i, depth, True, past, follows, unless)
                    for s, t in pairs)
        return
    for source, target in pairs:
        kind, how = _settle(item, source, target) or (code, mode)
        target = target or _domestic(view, kind, source)
        yield Coded(kind, how, status, source, target, item.anchor.i, depth, False, past, follows, unless)


def _unless(token: Token) -> bool:
    """Whether the clause of ``token`` (or one it belongs to) is conditioned by "unless"."""
    for node in (token, *list(token.ancestors)[:3]):
        if any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "unless" for m in c.children)
               for c in node.children):
            return True
    return False


def _domestic(view: View, code: str, source: Actor) -> Actor | None:
    """The target PLOVER gives a protest, a repression or a concession that names none: the source's own
    country (its government, its people), as its definitions are domestic."""
    if code not in DOMESTIC or source.country is None or view.dictionary.kind_of(source.country) != "country":
        return None
    return Actor(view.dictionary.names[source.country][1], source.country, None, "")


def _is_past(item: Found) -> bool:
    verb = item.anchor if not item.standalone else item.anchor.head
    tags = {verb.tag_} | {c.tag_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    return bool(tags & {"VBD", "VBN"}) and "MD" not in tags


def _follows(item: Found, lexicon: Lexicon) -> tuple[str, ...]:
    """The types of the event nouns that "after", "following" or "since" put before this event."""
    token, found = item.anchor, []
    for node in (token, *token.ancestors):
        for prep in (c for c in node.children if c.dep_ == "prep" and c.lower_ in ("after", "following", "since")):
            for pobj in (g for g in prep.children if g.dep_ == "pobj"):
                trigger = noun_trigger(pobj, lexicon)
                if trigger is not None:
                    found += trigger.type.replace("ATTACK", "FIGHT|ASSAULT").split("|")
        if node.dep_ in ("ROOT", "ccomp"):
            break
    return tuple(found)


def _depth(token: Token) -> int:
    depth = 0
    while token.head.i != token.i and depth < 50:
        token, depth = token.head, depth + 1
    return depth


def _settle(item: Found, source: Actor, target: Actor | None) -> tuple[str, str | None] | None:
    """The PLOVER type and mode, once the actors are known."""
    kind, mode = resolve_type(item.trigger.type, item.trigger.mode, official=_official(source))
    if kind == NOT_OFFICIAL:
        return None
    if kind == "INTENT" and _wants_of_another(item.anchor):
        return "DEMAND", None  # "wants Chile to extradite him": a demand on Chile
    if kind == "INTENT":
        signs = [polarity(c.trigger.type) for c in item.complements]
        if not signs and item.trigger.pos == "adj" and any(c.dep_ in ("xcomp", "ccomp") and c.pos_ == "VERB"
                                                           for c in item.anchor.children):
            return "AGREE", None  # "is willing to send material": readiness to act, with nothing hostile in it
        if not signs or (0 in signs and len(set(signs)) == 1):
            return None
        return ("THREATEN", _threat_mode(item)) if -1 in signs else ("AGREE", None)
    if kind == "ATTACK":  # conventional force: a state's military, or armed groups fighting armed forces
        fight = _state_force(source) or (source.sector in ARMED - {"COP"} and (target is None or _armed(target)))
        modes = (mode or "|").split("|")
        return ("FIGHT", modes[-1] or None) if fight else ("ASSAULT", modes[0] or None)
    if kind == "RESTRICT":
        foreign = bool(target and target.country and source.country and target.country != source.country)
        modes = (mode or "|").split("|")
        return ("SANCTION", modes[0] or None) if foreign else ("COERCE", modes[-1] or None)
    if kind == "THREATEN" and mode is None:
        return kind, _threat_mode(item)
    return kind, mode


def _wants_of_another(verb: Token) -> bool:
    return (any(c.dep_ == "dobj" for c in verb.children) and any(c.dep_ == "xcomp" for c in verb.children)) or any(
        c.dep_ == "ccomp" and any(g.dep_ == "nsubj" and g.lower_ not in ("it", "they", "we") for g in c.children)
        and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children) for c in verb.children)


def _threat_mode(item: Found) -> str | None:
    kinds = {c.trigger.type.split("|")[0] for c in item.complements}
    if kinds & {"ATTACK", "FIGHT", "ASSAULT", "MOBILIZE"}:
        return "violence"
    if kinds & {"SANCTION", "RESTRICT"}:
        return "restrict"
    return None


def _official(actor: Actor) -> bool:
    return actor.country is not None and actor.sector in OFFICIAL


def _state_force(actor: Actor) -> bool:
    return actor.country is not None and actor.sector in ("MIL", "GOV", None)


def _armed(actor: Actor) -> bool:
    return actor.sector in ARMED or (actor.country is not None and actor.sector in (None, "GOV"))
