"""The timeline stage: dates chosen by how many articles refer to them, sorted, each entry cited."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from storyline.config import Config
from storyline.errors import ConfigError
from storyline.model import Doc, Published, When
from storyline.pipeline import Pipeline
from tests.builders import default_config, make_article

STAGES = ["clean", "sentences", "temporal", "timex", "dates", "timeline"]
VOTE = "The regional council voted on 3 May 2021 to close the old river crossing after engineers found cracks."
REOPEN = "The river crossing reopened on 20 May 2021 after repairs that took two weeks."
FILLER = "Residents of the valley said the closure had lengthened their journeys to work and to school."


def _doc(id: str, text: str, day: int | None = None) -> Doc:
    published = Published(When(datetime(2021, 5, day, tzinfo=UTC)), "metadata") if day else None
    return Doc(article=make_article(f"{text}\n\n{FILLER}", id=id, published=published))


def _run(cfg: Config, docs: list[Doc]) -> list[tuple[str, str]]:
    story = Pipeline(cfg, STAGES).run_many(docs)
    return [(t.when.iso(), t.sentences[0].article) for t in story.timeline]


def test_timeline_dates_come_from_what_the_articles_name(cfg: Config) -> None:
    docs = [_doc("a", VOTE, 4), _doc("b", VOTE.replace("regional", "county"), 5), _doc("c", REOPEN, 21)]
    assert _run(default_config(timeline={"max_dates": 1}), docs) == [("2021-05-03", "a")]  # named by two articles
    assert [d for d, _ in _run(cfg, docs)][:2] == ["2021-05-03", "2021-05-04"]


def test_timeline_sorted_and_every_entry_cited(cfg: Config) -> None:
    story = Pipeline(cfg, STAGES).run_many([_doc("c", REOPEN, 21), _doc("a", VOTE, 4), _doc("u", FILLER)])
    dates = [t.when.iso() for t in story.timeline]
    assert dates == sorted(dates) and "2021-05-20" in dates
    for entry in story.timeline:
        assert entry.sentences
        for citation in entry.sentences:
            assert story.cited_text(citation)


def test_timeline_since_and_until_bound_the_dates() -> None:
    docs = [_doc("a", VOTE, 4), _doc("c", REOPEN, 21)]
    assert all(d >= "2021-05-10" for d, _ in _run(default_config(timeline={"since": "2021-05-10"}), docs))
    assert all(d <= "2021-05-10" for d, _ in _run(default_config(timeline={"until": "2021-05-10"}), docs))


def test_timeline_rejects_a_bad_since() -> None:
    with pytest.raises(ConfigError, match="YYYY-MM-DD"):
        default_config(timeline={"since": "May 2021"})


WEAK = Published(When(datetime(2021, 8, 15, tzinfo=UTC)), "inferred", 0.3, "it tells the same news as article 'x'")
TRUCE = "The truce agreed in December held for three weeks before the shelling of the valley towns resumed."


def _weak_story(cfg: Config) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    docs = [Doc(article=make_article(f"{TRUCE}\n\n{FILLER}", id="w", published=WEAK)), _doc("a", VOTE, 4)]
    story = Pipeline(cfg, STAGES).run_many(docs)
    return [(t.when.iso(), tuple(c.article for c in t.sentences), t.weak_dates) for t in story.timeline]


def test_timeline_marks_an_entry_placed_from_a_weak_date(cfg: Config) -> None:
    entries = _weak_story(cfg)
    december = [e for e in entries if e[0] == "2020-12-01"]  # "in December" read against 15 August 2021
    assert december == [("2020-12-01", ("w",), ("w",))]
    assert all(weak == () for day, _, weak in entries if day == "2021-05-03")  # a named date stays sure


def test_timeline_omits_sentences_placed_from_a_weak_date() -> None:
    entries = _weak_story(default_config(timeline={"weak_dates": "omit"}))
    assert entries and all("w" not in articles for _, articles, _ in entries)
    assert all(weak == () for _, _, weak in entries)
