"""Actors from PETRARCH2's public Phoenix dictionaries (MIT licence; ``data/README.md``), as derived by
``tools/derive_event_data.py``:

- ``data/phoenix_people.csv``: people and offices with the roles the Phoenix country file dates ("USA GOV
  2009-01-20 -": acts for the United States' government from that day on). A form names the role in force on
  the article's day, so a leader named by surname or title alone acts for the right country at that date; an
  undated role is the default outside every dated one.
- ``data/phoenix_agents.csv``: common nouns that name a sector ("soldier", "opposition leader").
- ``data/phoenix_organizations.csv``: armed groups (the country they act in, or IMG), IGOs and NGOs.

Neither replaces a form of ``countries.csv``, ``actors.csv`` or the user's file.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from storyline.errors import ConfigError

if TYPE_CHECKING:
    from storyline.events.actors import Entry

_ORIGIN = "Phoenix.Countries.actors.txt (PETRARCH2)"


@dataclass(frozen=True)
class Role:
    """An entry in force from ``start`` to ``end`` (inclusive; None: open)."""

    start: date | None
    end: date | None
    entry: Entry

    def holds_on(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


def role_on(roles: tuple[Role, ...], day: date | None) -> Entry | None:
    """The entry a form has on ``day``: the narrowest dated role in force (an office before an elite role),
    else the undated one, else the nearest role's country as an elite (ELI); with no day, the undated role,
    else the latest one."""
    undated = next((r.entry for r in roles if r.start is None and r.end is None), None)
    if day is None:
        latest = max(roles, key=lambda r: (r.end or date.max, r.start or date.min), default=None)
        return undated or (latest.entry if latest is not None else None)
    current = [r for r in roles if (r.start or r.end) and r.holds_on(day)]
    if current:
        best = min(current, key=lambda r: (r.entry.sector == "ELI", (r.end or date.max) - (r.start or date.min)))
        return best.entry
    if undated is not None or not roles:
        return undated
    nearest = min(roles, key=lambda r: min(abs((d - day).days) for d in (r.start, r.end) if d is not None))
    return replace(nearest.entry, sector="ELI")  # before or after office: one of the country's elite


@lru_cache(maxsize=4096)
def _day(value: str, where: str) -> date | None:
    if value in ("", "-"):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as e:
        raise ConfigError(f"{where}: {value!r} is not a date (YYYY-MM-DD or '-').") from e


@lru_cache(maxsize=1)
def _people_text() -> str:
    return resources.files("storyline.events").joinpath("data", "phoenix_people.csv").read_text(encoding="utf-8")


def people() -> Iterator[tuple[str, str]]:
    """(form, roles) for every form of every person of ``phoenix_people.csv``; the roles as written there
    ("USA GOV 2009-01-20 -;USA ELI - -"), read by ``parse_roles`` only when a form is met."""
    from storyline.events.actors import read_text_table

    for row in read_text_table(_people_text()):
        for form in (row["name"], *(a for a in row["aliases"].split(";") if a)):
            yield form, row["roles"]


def parse_roles(text: str, names: Mapping[str, tuple[str, str]]) -> tuple[Role, ...]:
    """The roles of ``text`` whose codes are countries of ``names``."""
    from storyline.events.actors import Entry

    roles = []
    for part in text.split(";"):
        code, sector, start, end = part.split()
        if code in names:
            entry = Entry("person", code, sector, names[code][1], _ORIGIN)
            roles.append(Role(_day(start, part), _day(end, part), entry))
    return tuple(roles)


def organizations_text() -> str:
    """``phoenix_organizations.csv``: armed groups, IGOs and NGOs in ``actors.csv``'s format."""
    data = resources.files("storyline.events").joinpath("data", "phoenix_organizations.csv")
    return data.read_text(encoding="utf-8")


def agents() -> Iterator[tuple[str, Entry]]:
    """(noun, entry) for each sector noun of ``phoenix_agents.csv``."""
    from storyline.events.actors import Entry, read_text_table

    text = resources.files("storyline.events").joinpath("data", "phoenix_agents.csv").read_text(encoding="utf-8")
    for row in read_text_table(text):
        yield row["words"], Entry("sector", None, row["sector"], row["words"], "Phoenix.agents.txt (PETRARCH2)")
