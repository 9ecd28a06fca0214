"""Who did it and to whom: the actors a parsed sentence names in an event's arguments.

The source is the subject (the agent of a passive; the controller of an infinitive: "urged Turkey to
withdraw"; the first conjunct's subject; the noun a relative clause modifies); a pronoun that opens what a
speaker said is the speaker ("Russia said it would ..."), another pronoun the last country, organization or
person the article named. The target is the object, the passive subject, or the object of against, on, with,
to, at, into, toward, between, from; a verbal event with none looks at the clause it governs.

An argument's actor comes from the dictionary forms inside its phrase (``storyline.events.actors``): the form
nearest the phrase's head says whom it acts for, a sector noun ("military", "police") its sector. A phrase
with a sector but no country takes the place the sentence names ("police ... in Cairo"), else the one country
the sentence names, if it names only one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from spacy.tokens import Doc as SpacyDoc
from spacy.tokens import Token

from storyline.events.actors import ActorDictionary, Match
from storyline.events.lexicon import VERBAL, Lexicon, Trigger, noun_trigger
from storyline.model import Actor

SAY = frozenset({"say", "tell", "announce", "state", "add", "report", "claim", "insist", "warn", "write", "confirm",
                 "declare", "note", "explain", "reply", "respond", "quote", "cite"})
_TARGET_PREPS = frozenset({"against", "on", "upon", "with", "to", "toward", "towards", "at", "into", "between",
                           "from", "of"})
_NOUN_TARGET_PREPS = _TARGET_PREPS - {"at", "from"}
_PHRASE_PREPS = frozenset({"of", "in", "from", "for"})  # kept in an actor's phrase: "rebels in Sudan"
_NOT_PHRASE = frozenset({"conj", "cc", "relcl", "acl", "advcl", "punct", "parataxis"})
_INTRANSITIVE = frozenset({"RETREAT", "MOBILIZE"})  # "the withdrawal of Serbian forces": of names who acts
# Heads that do not name who acts, whatever their prepositional phrase names ("the rise of X", "a letter from X").
_NOT_ACTORS = frozenset({"rise", "decline", "fall", "growth", "effort", "attempt", "letter", "statement", "message",
                         "decision", "policy", "position", "stance", "response", "reaction", "role", "wake", "result",
                         "outcome", "issue", "question", "situation", "crisis", "economy", "industry", "market",
                         "trade", "import", "export", "border", "territory", "land", "city", "town", "region", "area",
                         "capital", "relation", "relationship", "tie", "interest", "security", "future", "history",
                         "visitor", "tourist", "number", "share", "part", "rest", "majority", "half"})
# Passives whose subject is who acts: "forces were engaged in fighting", "Vietnam is committed to opening up",
# "guerrillas have been demobilized" (an event one undergoes of one's own accord).
_SUBJECT_ACTS = frozenset({"engage", "involve", "commit", "prepare", "determine", "resolve", "demobilize",
                           "demobilise", "disarm", "deploy", "mobilize", "mobilise", "station"})
_FAR = 99
Pronouns = Callable[[str, int], Actor | None]  # (pronoun, its offset in the sentence) -> antecedent


@dataclass
class Found:
    """A trigger in a parsed sentence. ``anchor`` is the word the event hangs on (the verb, the adjective, or
    a standalone noun); ``noun`` the event noun when a noun reports it; ``complements`` the triggers a verbal
    event takes in."""

    anchor: Token
    trigger: Trigger
    noun: Token | None = None
    standalone: bool = False
    undergone: bool = False  # the verb's subject undergoes the event ("faced sanctions"): it is the target
    complements: list[Found] = field(default_factory=list)

    @property
    def verbal(self) -> bool:
        return self.trigger.type.split("|")[0] in VERBAL


class View:
    """A parsed sentence with what the dictionary and the entity recognizer found in it."""

    def __init__(self, sd: SpacyDoc, matches: Iterable[Match], names: Iterable[tuple[int, int, str, str]],
                 dictionary: ActorDictionary, lexicon: Lexicon, pronouns: Pronouns) -> None:
        self.sd, self.dictionary, self.lexicon, self.pronouns = sd, dictionary, lexicon, pronouns
        self.cue_at: dict[int, Match] = {}
        self.name_at: dict[int, tuple[str, str]] = {}  # token -> (name, label) of a named entity
        names = list(names)
        for start, end, label, name in names:
            for token in _tokens(sd, start, end):
                self.name_at[token.i] = (name, label)
        people = [(start, end) for start, end, label, _ in names if label == "PERSON"]
        for match in matches:
            inside = any(s <= match.start and match.end <= e and (s, e) != (match.start, match.end) for s, e in people)
            if inside and match.entry.kind not in ("person", "sector"):
                continue  # "Chad" in a person's name (but "Ugandan" the recognizer took for a person stays)
            for token in _tokens(sd, match.start, match.end):
                self.cue_at[token.i] = match


def _tokens(sd: SpacyDoc, start: int, end: int) -> list[Token]:
    span = sd.char_span(start, end, alignment_mode="expand")
    return list(span) if span is not None else []


# -- the source --------------------------------------------------------------------------------------------------

def sources_of(view: View, item: Found) -> list[Actor]:
    if item.standalone and item.noun is not None:
        return noun_source(view, item.noun)
    if item.undergone and item.noun is not None:  # "received aid from Japan", "faced Russia's sanctions"
        givers = [p for c in item.anchor.children if c.dep_ == "prep" and c.lower_ in ("from", "by")
                  for p in _prep_objects(c)]
        return noun_source(view, item.noun) or _first_actors(view, givers)
    subject = subject_of(item.anchor)
    if subject is None and item.noun is not None:
        return noun_source(view, item.noun)
    return actors_of(view, subject) if subject is not None else []


def subject_of(verb: Token, steps: int = 0) -> Token | None:
    """The token whose phrase names who acts: subject, passive agent, controller, first conjunct's subject."""
    children = list(verb.children)
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in children):
        agent = next((c for c in children if c.dep_ == "agent"), None)
        if agent is None and verb.lemma_.lower() in _SUBJECT_ACTS:  # "forces were engaged in fighting"
            return next((c for c in children if c.dep_ == "nsubjpass"), None)
        return next(_prep_objects(agent), None) if agent is not None else None
    subject = next((c for c in children if c.dep_ in ("nsubj", "csubj")), None)
    if subject is not None:
        relative = subject.lower_ in ("which", "who", "that") and verb.dep_ == "relcl"
        return verb.head if relative else subject
    head = verb.head
    if steps > 3 or head.i == verb.i:
        return None
    if verb.dep_ == "relcl":
        return head
    if verb.dep_ == "pcomp" and head.dep_ == "prep":
        governor = head.head
        obj = next((c for c in governor.children if c.dep_ == "dobj"), None)
        return obj if head.lower_ == "from" and obj is not None else subject_of(governor, steps + 1)
    if verb.dep_ in ("acomp", "attr"):  # "Vietnam is committed to ..."
        return subject_of(head, steps + 1)
    if verb.dep_ == "xcomp":
        obj = next((c for c in head.children if c.dep_ == "dobj"), None)
        return obj if obj is not None else subject_of(head, steps + 1)
    if verb.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN") and verb.tag_ != "VBN":
        return head  # "groups donating aid" (but "weapons seized" were not the ones seizing)
    if verb.dep_ in ("advcl", "acl") and verb.tag_ == "VBN" and not any(c.dep_ == "aux" for c in children):
        agent = next((c for c in children if c.dep_ == "agent"), None)  # a passive participle: "Asked whether
        return next(_prep_objects(agent), None) if agent is not None else None  # ..., X said": X was asked
    if verb.dep_ in ("conj", "advcl", "acl"):
        return subject_of(head, steps + 1)
    return None


def noun_source(view: View, noun: Token) -> list[Actor]:
    """Who an event noun's phrase says acts: "Russia's sanctions", "Russian sanctions", "sanctions by Russia"
    (and "the withdrawal of Serbian forces", for a noun of what an actor does on its own)."""
    return _first_actors(view, _agent_tokens(view, noun))


def _agent_tokens(view: View, noun: Token) -> Iterator[Token]:
    trigger = noun_trigger(noun, view.lexicon)
    between = [p for c in noun.children if c.dep_ == "prep" and c.lower_ == "between" for p in _prep_objects(c)]
    if between and len(actors_of(view, between[0])) > 1:
        yield between[0]  # "talks between Russia and Turkey", "clashes between police and protesters"
    for child in noun.children:
        if child.dep_ == "poss" or (child.dep_ in ("amod", "compound", "nmod") and child.i in view.cue_at):
            yield child
        elif child.dep_ == "prep" and (child.lower_ == "by" or (child.lower_ == "of" and trigger is not None
                                       and trigger.type in _INTRANSITIVE)):
            yield from _prep_objects(child)


def _first_actors(view: View, tokens: Iterable[Token]) -> list[Actor]:
    for token in tokens:
        found = actors_of(view, token)
        if found:
            return found
    return []


# -- the target --------------------------------------------------------------------------------------------------

def targets_of(view: View, item: Found, sources: list[Actor]) -> list[Actor]:
    """The first phrase that names an actor other than the source, preferring one with a country. A verbal
    event with no target of its own looks at what it governs: who is to act ("demanded that the US cancel"),
    whom the governed clause acts on ("threatened to cut off electricity to X")."""
    if item.undergone:
        subject = subject_of(item.anchor)
        return [a for a in actors_of(view, subject) if not any(_same(a, s) for s in sources)] if subject else []
    tokens: list[Token | None] = list(_target_tokens(item))
    if item.verbal:
        tokens += _governed_tokens(item.anchor)
        for complement in item.complements:
            if not complement.standalone:
                tokens.append(subject_of(complement.anchor))
            tokens += _target_tokens(complement)
    fallback: list[Actor] = []
    if not any(t is not None for t in tokens):
        return _other_country(view, item, sources)  # the event names no object at all
    for token in tokens:
        if token is None:
            continue
        is_event = token.pos_ == "NOUN" and noun_trigger(token, view.lexicon) is not None
        if token.lemma_.lower() in _NOT_ACTORS:  # "against Sweden's decision": whose decision it is
            token = next((c for c in token.children if c.dep_ == "poss"), token)
        found = noun_source(view, token) if is_event else actors_of(view, token)
        found = [a for a in found if not any(_same(a, s) or _place_of(a, s) for s in sources)]
        if any(a.country for a in found):
            return [a for a in found if a.country]
        fallback = fallback or found
    return fallback


def _other_country(view: View, item: Found, sources: list[Actor]) -> list[Actor]:
    """With no object in the event's arguments, the one other country or organization the sentence names
    outside the source's phrase and outside an attribution ("..., Thai police said")."""
    own = {s.country for s in sources}
    source_tokens = {t.i for t in _source_phrase(item)}
    found: dict[str, Match] = {}
    for token in view.sd:
        match = view.cue_at.get(token.i)
        if match is None or match.entry.kind == "sector" or match.entry.code in own or token.i in source_tokens:
            continue
        if not _attribution(token):
            found.setdefault(str(match.entry.code), match)
    if len(found) != 1:
        return []
    entry = next(iter(found.values())).entry
    sector = entry.sector if entry.kind not in ("country", "demonym") else None
    return [Actor(entry.name, entry.code, sector, view.sd.text[next(iter(found.values())).start :
                                                               next(iter(found.values())).end])]


def _source_phrase(item: Found) -> list[Token]:
    subject = subject_of(item.anchor) if not item.standalone else None
    return list(subject.subtree) if subject is not None else []


def _attribution(token: Token) -> bool:
    """Whether a word is in who says so: the subject of a verb of saying, or "according to ..."."""
    steps = 0
    while token.head.i != token.i and steps < 12:
        if token.dep_ == "nsubj" and token.head.lemma_.lower() in SAY:
            return True
        if token.dep_ == "prep" and token.lower_ == "according":
            return True
        token, steps = token.head, steps + 1
    return False


def _place_of(target: Actor, source: Actor) -> bool:
    """A target in the source's own country that names no one ("withdrew from a Bosnian town")."""
    return target.sector is None and target.country is not None and target.country == source.country


def _target_tokens(item: Found) -> Iterator[Token]:
    verb = item.anchor
    nouns = [item.noun] if item.noun is not None else []
    own_forces = item.trigger.type == "MOBILIZE" or item.trigger.mode in ("withdraw", "disarm")
    if not item.standalone:
        objects = [c for c in verb.children if c.dep_ in ("dobj", "dative", "nsubjpass")]
        yield from ([] if own_forces else objects)  # "deployed troops": the troops are the source's
        nouns += [o for o in objects if o.pos_ in ("NOUN", "PROPN")]
        for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in _TARGET_PREPS):
            yield from _prep_objects(prep)
    for noun in nouns:
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ in _NOUN_TARGET_PREPS:
                yield from _prep_objects(child)
    if item.standalone and item.noun is not None:
        yield from (c for c in item.noun.children if c.dep_ in ("compound", "amod"))


def _governed_tokens(verb: Token) -> list[Token | None]:
    out: list[Token | None] = []
    for child in verb.children:
        if child.dep_ == "dobj" and child.pos_ == "NOUN":  # "demanded an admission by Moscow"
            out += [g for g in child.children if g.dep_ == "poss"]
            out += [p for g in child.children if g.dep_ == "prep" and g.lower_ in ("by", "from")  # "an offer from X"
                    for p in _prep_objects(g)]
        elif child.dep_ in ("xcomp", "ccomp") and child.pos_ in ("VERB", "AUX"):
            out.append(next((c for c in child.children if c.dep_ in ("nsubj", "nsubjpass")), None))
            out += [c for c in child.children if c.dep_ in ("dobj", "dative")]
            out += [p for c in child.children if c.dep_ == "prep" and c.lower_ in _TARGET_PREPS
                    for p in _prep_objects(c)]
    return out


def _prep_objects(prep: Token) -> Iterator[Token]:
    return (pobj for pobj in prep.children if pobj.dep_ == "pobj")


def _same(a: Actor, b: Actor) -> bool:
    return a.name == b.name and a.country == b.country and a.sector == b.sector


# -- the actor a phrase names ------------------------------------------------------------------------------------

def actors_of(view: View, token: Token) -> list[Actor]:
    """The actors a phrase names: one per coordinated head ("Russia and Turkey")."""
    out: list[Actor] = []
    for head in [token, *token.conjuncts]:
        actor = actor_of(view, head)
        if actor is not None and not any(_same(actor, a) for a in out):
            out.append(actor)
    return out


def actor_of(view: View, head: Token) -> Actor | None:
    if head.pos_ == "PRON" and head.i not in view.cue_at:
        reporter = _reporter(head)
        if reporter is not None:
            return actor_of(view, reporter)
        return view.pronouns(head.lower_, head.idx) if head.dep_ in ("nsubj", "nsubjpass", "poss") else None
    scope = _scope(view, head)
    cues = sorted({view.cue_at[t.i] for t in scope if t.i in view.cue_at},
                  key=lambda m: (_distance(view, head, m), _distance(view, head, m, compounds=True)))
    country = next((m for m in cues if m.entry.kind != "sector"), None)
    sector = next((m for m in cues if m.entry.kind == "sector"), None)
    text = _surface(view, head, [m for m in (country, sector) if m is not None])
    name = next((view.name_at[t.i] for t in scope if t.i in view.name_at), None)
    if country is None and sector is not None and name is None:
        country = _location(view)
    if country is None and (sector is not None or (name is not None and name[1] in ("PERSON", "ORG"))):
        country = _only_country(view)
    if country is None:
        if sector is None and (name is None or name[1] not in ("PERSON", "ORG", "NORP", "GPE")):
            return None
        label = name[0] if name is not None else sector.entry.name if sector is not None else text
        return Actor(label, None, sector.entry.sector if sector is not None else None, text)
    return Actor(country.entry.name, country.entry.code, _sector(view, head, country, sector), text)


def _sector(view: View, head: Token, country: Match, sector: Match | None) -> str | None:
    """The sector noun nearest the head if it is no farther than the country's form; else what the form
    implies: a country named as the actor is its government, a demonym as the head is its people."""
    entry, distance = country.entry, _distance(view, head, country)
    if sector is not None and (distance == _FAR or _distance(view, head, sector) <= distance):
        return sector.entry.sector
    if distance == _FAR:
        return None
    if entry.kind == "country" and distance == 0:
        return "GOV"
    if entry.kind == "demonym":
        return "CVL" if distance == 0 else None
    return entry.sector


def _reporter(pronoun: Token) -> Token | None:
    """The subject of the verb of saying whose clause a subject pronoun opens, when it is not a pronoun."""
    clause = pronoun.head
    if pronoun.dep_ not in ("nsubj", "nsubjpass") or clause.dep_ != "ccomp":
        return None
    subject = next((c for c in clause.head.children if c.dep_ == "nsubj"), None)
    if clause.head.lemma_.lower() in SAY and subject is not None and subject.pos_ != "PRON":
        return subject
    return None


def _only_country(view: View) -> Match | None:
    """The one country the sentence names, if it names exactly one (an organization does not count)."""
    found = {m.entry.code: m for m in view.cue_at.values()
             if m.entry.kind in ("country", "capital", "demonym", "seat", "person")}
    return next(iter(found.values())) if len(found) == 1 else None


def _location(view: View) -> Match | None:
    """The one country or capital the sentence places events in ("in Cairo", "across Syria")."""
    places = {view.cue_at[t.i] for t in view.sd if t.i in view.cue_at and t.dep_ == "pobj"
              and t.head.lower_ in ("in", "across", "throughout", "inside")
              and view.cue_at[t.i].entry.kind in ("country", "capital")}
    return places.pop() if len({p.entry.code for p in places}) == 1 else None


def _scope(view: View, head: Token) -> list[Token]:
    """The head's phrase without clauses and coordinated phrases. A preposition (of, in, from, for) stays only
    after a head that can name an actor ("leaders of Russia", "rebels in Sudan"; not "the rise of X", not an
    event noun)."""
    out = [head]
    lemma = head.lemma_.lower()
    actor_like = lemma not in _NOT_ACTORS and noun_trigger(head, view.lexicon) is None
    for child in head.children:
        if child.dep_ in _NOT_PHRASE or (child.dep_ == "prep" and (child.lower_ not in _PHRASE_PREPS
                                                                   or not actor_like)):
            continue
        out.extend(_scope(view, child))
    return out


def _distance(view: View, head: Token, match: Match, *, compounds: bool = False) -> int:
    """Dependency steps from the head to the form (a compound step counts nothing unless ``compounds``: the
    tie-break that makes "NATO-member Norway" Norway); _FAR when outside."""
    tokens = [t for t in view.sd if view.cue_at.get(t.i) is match]
    return min((_path(head, t, compounds) for t in tokens), default=_FAR)


def _path(head: Token, token: Token, compounds: bool) -> int:
    steps = 0
    while token.i != head.i and token.head.i != token.i and steps < 20:
        token, steps = token.head, steps + (1 if compounds or token.dep_ != "compound" else 0)
    return steps if token.i == head.i else _FAR


def _surface(view: View, head: Token, cues: list[Match]) -> str:
    """How the text names the actor: the head with its modifiers, and the forms that resolved it."""
    tokens = [head, *(t for left in head.lefts if left.dep_ in ("compound", "amod", "poss", "nmod")
                      for t in left.subtree)]
    starts = [t.idx for t in tokens] + [m.start for m in cues]
    ends = [t.idx + len(t) for t in tokens] + [m.end for m in cues]
    text = view.sd.text[min(starts) : max(ends)].strip()
    return text[4:] if text.lower().startswith("the ") else text
