"""End to end over the real seed articles in ../shared/seeds (read from there, never copied)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

import storyline
from storyline.model import Relation, Story
from storyline.render.json import to_dict
from tests.conftest import ROOT

pytestmark = pytest.mark.external

DEBRIS = [
    (r"\.(?:jpe?g|png)\b", "image file name"),
    (r"\b\d{1,2}:\d{2} - Source", "video length"),
    (r"(?i)follow us", "social prompt"),
    (r"(?i)you agree|cookies", "consent notice"),
    (r"(?i)contributed to this report", "credit line"),
    (r"(?m)^Source:", "credit line"),
    (r"(?i)file image", "caption"),
    (r":\s*Getty", "caption credit"),
    (r"(?i)story highlights", "highlights block"),
    (r"(?m)^\s*CNN\s*—", "dateline left in the body"),
    (r"(?i)people wave .{0,40}flags", "photo caption"),
    (r"(?i)rescue workers help", "photo caption"),
    (r"(?i)military presence in \w+, \w+\.", "photo caption"),
    (r"(?m)^By [A-Z]\w+ [A-Z]\w+$", "byline"),
    (r"(?m)^\d{1,2} \w+ \d{4} \d{2}:\d{2}", "date line"),
]


@pytest.fixture(scope="module")
def story(seeds_dir: Path) -> Story:
    return storyline.analyze(seeds_dir)


def test_seeds_all_five_read_none_skipped(story: Story) -> None:
    assert len(story.docs) == 5
    assert story.skipped == ()


@pytest.mark.parametrize(("pattern", "what"), DEBRIS)
def test_seeds_no_debris_left(story: Story, pattern: str, what: str) -> None:
    left = [(doc.id, m.group(0)) for doc in story.docs for m in re.finditer(pattern, doc.text)]
    assert not left, f"{what} left in {left}"


def test_seeds_keep_article_sentences(story: Story) -> None:
    # A sentence that follows a removed heading, and the first sentence after a removed dateline.
    texts = " ".join(doc.text for doc in story.docs)
    assert "has been hit hard by a decline in visitors" in texts
    assert "He wasn’t kidding." in texts
    assert any(doc.text.startswith("Nine months after") for doc in story.docs)


@pytest.mark.parametrize(("surname", "forms"), [
    ("Putin", {"Vladimir Putin", "Putin", "Mr Putin", "President Putin"}),
    ("Erdogan", {"Recep Tayyip Erdogan", "Erdogan", "Mr Erdogan", "Turkish President Recep Tayyip Erdogan"}),
])
def test_seeds_president_is_one_entity_with_all_name_forms(story: Story, surname: str, forms: set[str]) -> None:
    holders = [e for e in story.entities if any(surname in alias for alias in e.aliases)]
    assert len(holders) == 1, [(e.id, e.aliases) for e in holders]
    entity = holders[0]
    assert entity.type == "PERSON"
    assert forms <= set(entity.aliases)
    assert entity.name == max(forms - {f for f in forms if f.startswith(("Mr", "Turkish", "President"))},
                              key=len)
    assert len(entity.articles) == 5


def test_seeds_article_001_date_read_from_its_date_line(story: Story) -> None:
    doc = next(d for d in story.docs if d.id.startswith("001"))
    assert doc.published is not None
    assert doc.published.when.iso() == "2016-08-16"
    assert doc.published.how == "text"


def test_seeds_every_article_dated_with_a_reason(story: Story) -> None:
    for doc in story.docs:
        assert doc.published is not None, doc.id
        if not doc.id.startswith("001"):
            assert doc.published.how == "inferred"
            assert 0 < doc.published.confidence < 1
            assert doc.published.reason and "\n" not in doc.published.reason


@pytest.mark.parametrize("prefix", ["003", "004"])
def test_seeds_meeting_reports_dated_by_the_dated_meeting(story: Story, prefix: str) -> None:
    # Each names the St. Petersburg meeting relative to its own day; another article dates it 9 August.
    doc = next(d for d in story.docs if d.id.startswith(prefix))
    assert doc.published is not None and doc.published.when.iso() == "2016-08-09"
    assert "001" in doc.published.reason


def test_seeds_last_year_article_placed_in_the_following_year(story: Story) -> None:
    doc = next(d for d in story.docs if d.id.startswith("000"))
    assert doc.published is not None
    assert (doc.published.when.granularity, doc.published.when.start.year) == ("year", 2016)


@pytest.mark.parametrize(("date", "granularity", "words"), [
    ("2015-11-01", "month", r"(?i)jet|warplane"),
    ("2016-07-15", "day", r"(?i)coup"),
    ("2016-08-09", "day", r"St\. Petersburg"),
])
def test_seeds_timeline_holds_the_key_events(story: Story, date: str, granularity: str, words: str) -> None:
    entry = next((t for t in story.timeline if t.when.iso() == date), None)
    assert entry is not None, [t.when.iso() for t in story.timeline]
    assert entry.when.granularity == granularity
    assert any(re.search(words, story.cited_text(c)) for c in entry.sentences)


def test_seeds_timeline_dates_all_named_in_the_texts(story: Story) -> None:
    assert [t.when.iso() for t in story.timeline] == sorted(t.when.iso() for t in story.timeline)
    for entry in story.timeline:
        for citation in (*entry.sentences, *entry.support):
            sent = next(s for s in story.doc(citation.article).sentences if s.span == citation.span)
            assert sent.when is not None and sent.when.iso() == entry.when.iso()


def test_seeds_every_summary_sentence_is_cited(story: Story) -> None:
    assert story.summary
    for sentence in story.summary:
        for citation in sentence.sources:
            doc = story.doc(citation.article)
            assert 0 <= citation.span.start < citation.span.end <= len(doc.text)


def test_seeds_summary_short_cited_and_on_the_main_points(story: Story) -> None:
    texts = [story.cited_text(s.sources[0]) for s in story.summary]
    summary = " ".join(texts)
    assert len(summary.split()) <= 150
    assert len({c.article for s in story.summary for c in s.sources}) >= 3
    downing = [s for s, text in zip(story.summary, texts, strict=True)
               if re.search(r"shot down a Russian (?:jet|warplane|plane)", text)]
    assert downing, "the summary should say the jet was shot down"
    dates = {sent.when.iso()[:7] for c in downing[0].sources for sent in story.doc(c.article).sentences
             if sent.span == c.span and sent.when is not None}
    assert any(d.startswith("2015") for d in dates), dates  # one of the sentences cited dates it
    assert re.search(r"restor\w+ (?:[\w-]+ ){0,3}(?:relations|relationship|ties)|normalis\w+ relations", summary)
    assert not any(re.search(r"Follow us|\.jpg|\d+:\d\d\b|cookies", t) for t in texts)


def test_seeds_airspace_violation_stands_disputed_with_the_denial_cited(story: Story) -> None:
    disputed = [c for c in story.claims if c.disputed and "airspace" in story.cited_text(c.sources[0])]
    assert disputed, [story.cited_text(c.sources[0]) for c in story.claims]
    denials = [story.cited_text(d) for d in disputed[0].disputed_by]
    assert any(re.search(r"Russia denied", d) for d in denials), denials


def test_seeds_story_json_follows_schema(story: Story) -> None:
    schema = json.loads((ROOT / "docs" / "story.schema.json").read_text())
    jsonschema.validate(to_dict(story), schema)


@pytest.mark.external
def test_seeds_relation_between_the_two_countries_turns_from_hostile_to_friendly(story: Story) -> None:
    def countries(relation: Relation) -> set[str | None]:
        event = story.events[relation.series[0].events[0]]
        return {event.source.country, event.target.country if event.target else None}

    relation = next(r for r in story.relations if countries(r) == {"RUS", "TUR"})
    assert relation is story.relations[0]  # the busiest pair
    score = {p.period: p.score for p in relation.series}
    assert score["2015-11"] < 0  # the downing of the jet and the first sanctions
    assert sum(v for k, v in score.items() if "2016-06" <= k <= "2016-12") > 0  # the restored ties


def test_seeds_entries_placed_from_weak_dates_are_marked(story: Story) -> None:
    for entry in story.timeline:
        weak = {c.article for c in entry.sentences
                if next(s for s in story.doc(c.article).sentences if s.span == c.span).when_confidence < 0.8}
        assert set(entry.weak_dates) == weak, entry.when.iso()
    assert any(entry.weak_dates for entry in story.timeline)  # articles dated from weak clues place entries
