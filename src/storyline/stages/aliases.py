"""Aliases: merge entity mentions within and across articles into entities.

1. A name's type is the one most of its mentions carry across the collection, so one "Smith" that
   spaCy tagged as a place does not split a person; a one-word name that is the surname of a person
   named in full elsewhere is that person, unless most of its mentions are places.
2. Inside an article, a surname becomes the full name it ends (the only one, else the nearest before).
3. Across articles, a shorter name joins the one longer name that ends with it; an acronym joins the
   one organisation whose initials it spells. A person never merges with a place.
The entity's name is its fullest form; its aliases are every form seen, titles included.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import replace

from storyline.config import Config
from storyline.language.nlp import PLACE_LABELS
from storyline.model import Citation, Doc, Entity, Mention, Story
from storyline.registry import stage
from storyline.speech.quotes import rename_speakers

_GROUP = {"GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE"}
_NEVER_PERSON = PLACE_LABELS | {"NORP", "EVENT", "LAW", "LANGUAGE"}
_STOP = {"of", "the", "and", "for", "on", "in", "de", "&"}
_PARTICLE = re.compile(r"^(?:al|el|ad|an|as|bin|ibn|abu|de|da|di|du|van|von|le|la)-", re.I)

Key = tuple[str, str]  # (type group, case-folded name)
Found = tuple[str, Mention, str]  # (article id, mention with its resolved name, name as written)


@stage("aliases", scope="story", requires=("mentions",), provides=("entities",))
def merge_aliases(story: Story, cfg: Config) -> Story:
    label_of = vote_labels(m for doc in story.docs for m in doc.mentions)
    groups: dict[Key, list[Found]] = defaultdict(list)
    key_of: dict[str, dict[str, Key]] = defaultdict(dict)  # article -> name as written -> its group
    for doc in story.docs:
        relabelled = [replace(m, label=label_of[m.name]) for m in doc.mentions]
        for surface, mention in zip(doc.mentions, resolve_surnames(relabelled), strict=True):
            key = (_GROUP.get(mention.label, mention.label), mention.name.casefold())
            groups[key].append((doc.id, mention, surface.name))
            key_of[doc.id].setdefault(surface.name, key)
    parent = join_names(list(groups))
    merged: dict[Key, list[Found]] = defaultdict(list)
    for key, items in groups.items():
        merged[_root(parent, key)].extend(items)
    entity_of = {root: _make_entity(items) for root, items in merged.items()}
    entities = sorted(entity_of.values(), key=lambda e: (-len(e.mentions), e.name))
    docs = tuple(
        _name_speakers(doc, {name: entity_of[_root(parent, key)].name for name, key in key_of[doc.id].items()})
        for doc in story.docs
    )
    return replace(story, docs=docs, entities=tuple(_unique_ids(entities)))


def _name_speakers(doc: Doc, full_names: dict[str, str]) -> Doc:
    """Quote speakers, found as written ("Smith"), take the merged entity's name ("Jane Smith")."""
    if not any(q.speaker for q in doc.quotes):
        return doc
    return replace(doc, quotes=tuple(rename_speakers(q, full_names) for q in doc.quotes))


def vote_labels(mentions: Iterable[Mention]) -> dict[str, str]:
    """Each surface name's majority label. A one-word name tagged as an organisation or the like that
    is the surname of a person named in full is that person, unless it is an acronym, a place or a
    group ("Haitian"), or far more common than the full names it would join (a bad span)."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for mention in mentions:
        votes[mention.name][mention.label] += 1
    label_of = {name: counts.most_common(1)[0][0] for name, counts in votes.items()}
    full_count: Counter[str] = Counter()
    for name, label in label_of.items():
        if label == "PERSON" and " " in name:
            full_count[_surname(name)] += sum(votes[name].values())
    for name, label in label_of.items():
        if (" " not in name and label not in _NEVER_PERSON and not name.isupper()
                and 0 < sum(votes[name].values()) <= 10 * full_count[_surname(name)]):
            label_of[name] = "PERSON"
    return label_of


def resolve_surnames(mentions: list[Mention]) -> list[Mention]:
    """A one-word person name becomes the full name it ends (or begins) in this article: the only
    such name, or else the nearest one before it."""
    full = [m for m in mentions if m.label == "PERSON" and " " in m.name]
    out: list[Mention] = []
    for mention in mentions:
        if mention.label == "PERSON" and " " not in mention.name:
            matches = [f for f in full if _surname(mention.name) in (_surname(f.name), f.name.split()[0])]
            names = {f.name for f in matches}
            before = [f for f in matches if f.span.start < mention.span.start]
            if len(names) == 1:
                mention = replace(mention, name=names.pop())
            elif before:
                mention = replace(mention, name=before[-1].name)
        out.append(mention)
    return out


def join_names(keys: list[Key]) -> dict[Key, Key]:
    """Point each short name at the longer name it stands for, when exactly one fits."""
    parent: dict[Key, Key] = {}
    people = [k for k in keys if k[0] == "PERSON"]
    for key in people:
        longer = [k for k in people if _extends(k, key)]
        longest = {k for k in longer if not any(_extends(o, k) for o in longer)}
        if len(longest) == 1:
            parent[key] = longest.pop()
    orgs = [k for k in keys if k[0] == "ORG"]
    for key in orgs:
        if re.fullmatch(r"[a-z]{2,6}", key[1]):
            spelled = [k for k in orgs if " " in k[1] and _initials(k[1]) == key[1]]
            if len(spelled) == 1:
                parent[key] = spelled[0]
    return parent


def _surname(name: str) -> str:
    return _PARTICLE.sub("", name.split()[-1]).casefold()


def _extends(longer: Key, shorter: Key) -> bool:
    a, b = longer[1].split(), shorter[1].split()
    if len(a) <= len(b):
        return False
    if len(b) == 1:
        return _surname(longer[1]) == _surname(shorter[1])
    return a[-len(b):] == b


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w not in _STOP and w[:1].isalpha())


def _root(parent: dict[Key, Key], key: Key) -> Key:
    seen = set()
    while key in parent and key not in seen:
        seen.add(key)
        key = parent[key]
    return key


def _make_entity(items: list[Found]) -> Entity:
    names = Counter(m.name for _, m, _ in items)
    name = max(names, key=lambda n: (len(n.split()), names[n], n))
    forms = Counter(m.alias for _, m, _ in items) + Counter(written for _, _, written in items)
    label = Counter(m.label for _, m, _ in items).most_common(1)[0][0]
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "entity"
    aliases = tuple(sorted(forms, key=lambda f: (-forms[f], f)))
    return Entity(f"{label.lower()}:{slug}", name, label, aliases, tuple(Citation(a, m.span) for a, m, _ in items))


def _unique_ids(entities: list[Entity]) -> list[Entity]:
    seen: Counter[str] = Counter()
    out = []
    for entity in entities:
        seen[entity.id] += 1
        out.append(entity if seen[entity.id] == 1 else replace(entity, id=f"{entity.id}-{seen[entity.id]}"))
    return out
