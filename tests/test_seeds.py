"""End to end over the real seed articles in ../shared/seeds (read from there, never copied)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

import storyline
from storyline.model import Story
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


def test_seeds_undated_articles_stay_null(story: Story) -> None:
    # Inferring missing dates is the time issue's job; until then an unstated date is null, not a guess.
    undated = [d.id for d in story.docs if d.published is None]
    assert len(undated) == 4


def test_seeds_every_summary_sentence_is_cited(story: Story) -> None:
    assert story.summary
    for sentence in story.summary:
        for citation in sentence.sources:
            doc = story.doc(citation.article)
            assert 0 <= citation.span.start < citation.span.end <= len(doc.text)


def test_seeds_story_json_follows_schema(story: Story) -> None:
    schema = json.loads((ROOT / "docs" / "story.schema.json").read_text())
    jsonschema.validate(to_dict(story), schema)
