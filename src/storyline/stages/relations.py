"""Relations: how each main pair of actors got on, month by month.

For every unordered pair of actors (by the name they act for, so "Paris" and "the Elysee" are one
actor) with at least ``relations.min_events`` events that happened, a monthly series: the summed
intensity (Goldstein-style, -10 to +10 per event), and the events behind each month (indices into
``story.events``). Events without a date or dated only to a season, quarter or year ("in 2015"), events
whose date is less sure than ``relations.sure`` (it rests on a publication date inferred from weak clues),
and negated, hypothetical or future ones, do not count. The ``relations.most`` pairs with the most events
are kept, busiest first.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from storyline.config import Config
from storyline.model import Event, Relation, RelationPoint, Story
from storyline.registry import stage

_IN_A_MONTH = frozenset({"day", "week", "month"})


@stage("relations", scope="story", requires=("events",), provides=("relations",))
def build_relations(story: Story, cfg: Config) -> Story:
    by_pair: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, event in enumerate(story.events):
        pair = pair_of(event, sure=cfg.relations.sure)
        if pair is not None:
            by_pair[pair].append(index)
    busy = [(pair, found) for pair, found in by_pair.items() if len(found) >= cfg.relations.min_events]
    busy.sort(key=lambda item: (-len(item[1]), item[0]))
    relations = tuple(Relation(pair, monthly(story.events, found)) for pair, found in busy[: cfg.relations.most])
    return replace(story, relations=relations)


def pair_of(event: Event, *, sure: float = 0.0) -> tuple[str, str] | None:
    """The two actors in a fixed order, or None for an event that does not count in a relation (not
    happened, undated, dated less surely than ``sure``, or not to a month)."""
    if event.status != "happened" or event.when is None or event.target is None or event.when_confidence < sure:
        return None
    if event.when.granularity not in _IN_A_MONTH:  # "in 2015" cannot be placed in one of its months
        return None
    a, b = event.source.name, event.target.name
    if a == b:
        return None
    return (a, b) if a < b else (b, a)


def monthly(events: tuple[Event, ...], indices: list[int]) -> tuple[RelationPoint, ...]:
    """One point per month that has events: YYYY-MM, the summed intensity, the events."""
    months: dict[str, list[int]] = defaultdict(list)
    for index in indices:
        when = events[index].when
        if when is not None:  # always so for events pair_of keeps
            months[f"{when.start:%Y-%m}"].append(index)
    return tuple(RelationPoint(period, round(sum(events[i].intensity for i in found), 2), tuple(found))
                 for period, found in sorted(months.items()))
