"""Roles: who holds a role ("Freedonian President Jane Smith", "Jane Smith, the Freedonian president"), and
which holder a role phrase ("the Freedonian leader", "the prime minister") points to.

A text teaches a role where it names a person with it, before ("Freedonia's Deputy Prime Minister Jo
Bloggs") or after the name ("Jo Bloggs, president of Freedonia,"). A role phrase fits a holder when the
roles match ("leader" and "head" fit any head of state, government or organisation) and its nationality, if
any, names the holder's place ("Freedonian" fits "Freedonia's": one word, less its last two letters, begins
the other). It points to a holder only when exactly one person fits. A title or a gendered role also
tells a person's gender, for the pronouns that follow.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping

from storyline.model import Mention

# (qualifier, role) -> the names of the people introduced with that role ("Freedonian", "president").
Roles = Mapping[tuple[str | None, str], frozenset[str]]

_HEADS = ("president", "prime minister", "premier", "chancellor", "king", "queen", "emir", "sultan", "leader",
          "head", "chairman", "chairwoman", "chief executive", "ceo", "supreme leader", "monarch")
_ROLE_WORDS = (r"vice president|president|prime minister|premier|chancellor|king|queen|emir|sultan|leader|head|"
               r"(?:foreign |defen[cs]e |interior |finance |economy |energy |trade |health |justice )?minister|"
               r"(?:foreign )?secretary|secretary of state|spokes(?:man|woman|person)|ambassador|envoy|governor|mayor|"
               r"senator|general|commander|chairman|chairwoman|chief executive|ceo|director|chief|"
               r"attorney general|foreign minister|defence minister|defense minister|pope|monarch")
_MODIFIER = r"(?:(?:vice|deputy|prime|acting|former|interim|first|top|senior|chief|supreme|state|press)\s+)*"
ROLE = re.compile(rf"{_MODIFIER}(?:{_ROLE_WORDS})", re.I)
# "Freedonian President Jane Smith", "Freedonia's Deputy Prime Minister Jo Bloggs", "Palace spokesman X".
_ROLE_BEFORE = re.compile(rf"\b(?:(?P<q>(?-i:[A-Z])[\w.-]+)(?:['’]s)?\s+)?\b(?P<role>{_MODIFIER}(?:{_ROLE_WORDS}))\s+$",
                          re.I)
# "Jane Smith, the Freedonian president," / "Jane Smith, president of Freedonia,"
_ROLE_AFTER = re.compile(rf"^,\s+(?:the\s+|a\s+)?(?:(?P<q>(?-i:[A-Z])[\w.-]+)(?:['’]s)?\s+)?(?P<role>{_MODIFIER}"
                         rf"(?:{_ROLE_WORDS}))(?:\s+of\s+(?:the\s+)?(?P<q2>(?-i:[A-Z])[\w.-]+))?\s*[,.]", re.I)
ROLE_QUERY = re.compile(rf"^(?:(?:the|its|their|his|her)\s+)?(?:(?P<q>(?-i:[A-Z])[\w.-]+)(?:['’]s)?\s+)?"
                         rf"(?P<role>{_MODIFIER}(?:{_ROLE_WORDS}))$", re.I)
_NOT_QUALIFIER = frozenset(re.findall(r"\w+", "the a an this that these those his her its their our one two three "
                                      "several some many most other another both all each few former"))


# Titles and roles that say a person's gender, for pronouns ("Mr", "Queen", "spokeswoman").
_MALE = re.compile(r"^(?:Mr|Sir|Lord|King|Prince|Father|Brother)\b|\b(?:spokesman|chairman|congressman|king)\b", re.I)
_FEMALE = re.compile(r"^(?:Mrs|Ms|Miss|Dame|Lady|Queen|Princess|Sister)\b|\b(?:spokeswoman|chairwoman|"
                     r"congresswoman|queen)\b", re.I)


def learn_roles(text: str, mentions: Iterable[Mention], *, names: Mapping[str, str] | None = None) -> Roles:
    """(qualifier, role) -> the names of the people ``text`` introduces with that role; ``names`` maps a
    mention's name to another (the entity merged across articles)."""
    roles: dict[tuple[str | None, str], set[str]] = defaultdict(set)
    for m in mentions:
        if m.label != "PERSON":
            continue
        name = (names or {}).get(m.name, m.name)
        before = _ROLE_BEFORE.search(text[max(0, m.span.start - 80) : m.span.start])
        after = _ROLE_AFTER.match(text[m.span.end : m.span.end + 120])
        for found in (before, after):
            if found is None:
                continue
            qualifier = found.group("q") or (found.groupdict().get("q2") if found is after else None)
            if qualifier and qualifier.lower() in _NOT_QUALIFIER:
                qualifier = None
            role = norm_role(found.group("role"))
            if not role.startswith("former"):
                roles[(qualifier, role)].add(name)
                roles[(None, role)].add(name)
    return {key: frozenset(found) for key, found in roles.items()}


def merge_roles(many: Iterable[Roles]) -> Roles:
    """The roles taught by several texts together."""
    merged: dict[tuple[str | None, str], frozenset[str]] = {}
    for roles in many:
        for key, names in roles.items():
            merged[key] = merged.get(key, frozenset()) | names
    return merged


def role_holders(roles: Roles, qualifier: str | None, role: str) -> frozenset[str]:
    """The people whose role fits the phrase's (``qualifier`` "Freedonian", ``role`` "leader"); the
    phrase names one of them only when there is exactly one."""
    wanted = norm_role(role)
    return frozenset(name for (q, held), names in roles.items() for name in names if _role_fits(wanted, held)
                     and (qualifier is None or (q is not None and _same_place(qualifier, q))))


def norm_role(role: str) -> str:
    return re.sub(r"\s+", " ", role.lower().replace("defense", "defence")).strip()


def _role_fits(wanted: str, held: str) -> bool:
    if wanted == held:
        return True
    base = wanted.split()[-1]
    return base in ("leader", "head") and held in _HEADS


def _same_place(a: str, b: str) -> bool:
    """Whether two words name one place: "Freedonian" and "Freedonia" (one, less its last two
    letters, begins the other)."""
    short, long = sorted((a.casefold(), b.casefold()), key=len)
    return short == long or (len(short) >= 4 and long.startswith(short[:-2]))


def learn_gender(mentions: list[Mention], roles: Roles) -> dict[str, str]:
    """A person's gender where a title or a gendered role says it ("Mr", "Queen", "spokeswoman")."""
    votes: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        if m.label == "PERSON":
            if _MALE.search(m.alias):
                votes[m.name].add("m")
            if _FEMALE.search(m.alias):
                votes[m.name].add("f")
    for (_, role), names in roles.items():
        for name in names:
            if _MALE.search(role):
                votes[name].add("m")
            if _FEMALE.search(role):
                votes[name].add("f")
    return {name: found.pop() for name, found in votes.items() if len(found) == 1}
