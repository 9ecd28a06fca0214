"""Speakers: resolve role speakers across the story ("the Freedonian leader" said …, in an article that
never names the Freedonian leader's title and name together).

The quotes stage resolves a role phrase from the role-holders its own article introduces. This stage
learns the role-holders every article introduces ("Freedonian President Jane Smith", "Jo Bloggs, the
Freedonian foreign minister,"), each under the name of the entity merged across articles, and finds
again the quotes of each article with a speaker left unresolved: a role phrase its article cannot
resolve now names the one person the story introduces with that role, and a pronoun after it follows.
Two or more such people leave it unresolved: never a guess. Speakers take the merged entity's name.
"""

from __future__ import annotations

from dataclasses import replace

from storyline.config import Config
from storyline.model import Doc, Quote, Span, Story
from storyline.registry import stage
from storyline.speech.quotes import find_quotes, rename_speakers
from storyline.speech.resolver import speaker_mentions
from storyline.speech.roles import Roles, learn_roles, merge_roles


@stage("speakers", scope="story", requires=("quotes", "entities"), provides=("speakers",))
def resolve_speakers(story: Story, cfg: Config) -> Story:
    merged = {(c.article, c.span): ent.name for ent in story.entities for c in ent.mentions}
    names = {doc.id: _merged_names(doc, merged) for doc in story.docs}
    roles = merge_roles(learn_roles(doc.text, speaker_mentions(doc), names=names[doc.id]) for doc in story.docs)
    if not roles:
        return story
    docs = tuple(_requote(doc, cfg, roles, names[doc.id]) if _unresolved(doc.quotes) else doc for doc in story.docs)
    return replace(story, docs=docs)


def _merged_names(doc: Doc, merged: dict[tuple[str, Span], str]) -> dict[str, str]:
    """Each mention name of the doc ("Smith") -> the name of the entity it was merged into ("Jane Smith")."""
    names: dict[str, str] = {}
    for m in doc.mentions:
        names.setdefault(m.name, merged.get((doc.id, m.span), m.name))
    return names


def _unresolved(quotes: tuple[Quote, ...]) -> bool:
    return any(q.speaker is None and q.speaker_span is not None for q in quotes)


def _requote(doc: Doc, cfg: Config, roles: Roles, names: dict[str, str]) -> Doc:
    """The doc's quotes found again with the story's roles, speakers under their merged names."""
    quotes = find_quotes(doc, cfg, story_roles=roles).quotes
    return replace(doc, quotes=tuple(rename_speakers(q, names) for q in quotes))
