"""The relations stage: monthly series per actor pair, from the events that happened."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from storyline.model import Actor, Citation, Event, Span, Story, When
from storyline.stages.relations import build_relations
from tests.builders import default_config

A = Actor("Aland", "ALA", "GOV", "Aland")
B = Actor("Borduria", "BOR", "GOV", "the Bordurian government")
C = Actor("Carpania", "CAR", "MIL", "Carpanian troops")


def _event(source: Actor, target: Actor | None, day: str | None, intensity: float, status: str = "happened") -> Event:
    when = When(datetime.fromisoformat(day).replace(tzinfo=UTC), "day") if day else None
    return Event(when, source, target, "FIGHT" if intensity < 0 else "AGREE", intensity,
                 Citation("a1", Span(0, 5)), status=status)  # type: ignore[arg-type]


def _relations(*events: Event, **relations: int) -> Story:
    cfg = default_config(relations={"min_events": 2, **relations})
    return build_relations(replace(Story(), events=events), cfg)


def test_relations_sum_intensity_per_month_in_either_direction() -> None:
    story = _relations(_event(A, B, "2016-01-05", -10), _event(B, A, "2016-01-20", -5), _event(A, B, "2016-03-02", 4))
    (relation,) = story.relations
    assert relation.actors == ("Aland", "Borduria")
    assert [(p.period, p.score, p.events) for p in relation.series] == [("2016-01", -15, (0, 1)), ("2016-03", 4, (2,))]


def test_relations_leave_out_negated_hypothetical_future_and_undated_events() -> None:
    story = _relations(_event(A, B, "2016-01-05", -10), _event(A, B, "2016-01-06", -10, "negated"),
                       _event(A, B, "2016-01-07", -10, "hypothetical"), _event(A, B, "2016-01-08", 6, "future"),
                       _event(A, B, None, 3), _event(A, B, "2016-02-01", 2))
    (relation,) = story.relations
    assert [(p.period, p.events) for p in relation.series] == [("2016-01", (0,)), ("2016-02", (5,))]


def test_relations_leave_out_events_dated_coarser_than_a_month() -> None:
    year = replace(_event(A, B, "2015-01-01", -10), when=When(datetime(2015, 1, 1, tzinfo=UTC), "year"))
    story = _relations(year, _event(A, B, "2015-11-24", -10), _event(A, B, "2015-11-28", -3))
    assert [(p.period, p.events) for p in story.relations[0].series] == [("2015-11", (1, 2))]


def test_relations_need_enough_events_and_keep_the_busiest_pairs() -> None:
    events = (_event(A, B, "2016-01-05", -1), _event(A, B, "2016-01-06", -1), _event(A, B, "2016-01-07", -1),
              _event(A, C, "2016-01-05", 2), _event(C, A, "2016-02-05", 2), _event(B, C, "2016-02-05", 2),
              _event(A, None, "2016-02-05", 2), _event(A, A, "2016-02-05", 2))
    assert [r.actors for r in _relations(*events).relations] == [("Aland", "Borduria"), ("Aland", "Carpania")]
    assert [r.actors for r in _relations(*events, most=1).relations] == [("Aland", "Borduria")]
    assert _relations(*events, min_events=4).relations == ()


def test_relations_leave_out_events_dated_from_a_weak_date() -> None:
    weak = replace(_event(A, B, "2016-08-15", -10), when_how="published", when_confidence=0.39)
    story = _relations(weak, _event(A, B, "2016-09-02", -4), _event(A, B, "2016-09-03", -3))
    assert [(p.period, p.events) for p in story.relations[0].series] == [("2016-09", (1, 2))]
    assert _relations(weak, _event(A, B, "2016-09-02", -4), sure=0.3).relations[0].series[0].events == (0,)
