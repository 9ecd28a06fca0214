"""The timeline stage (first version): publication dates, sorted, each entry cited."""

from __future__ import annotations

from datetime import UTC, datetime

from storyline.config import Config
from storyline.model import Doc, Published, When
from storyline.pipeline import Pipeline
from tests.builders import make_article

TEXT = "The regional council voted to close the old river crossing after engineers found deep cracks in it."


def _doc(id: str, day: int | None) -> Doc:
    published = Published(When(datetime(2021, 5, day, tzinfo=UTC)), "metadata") if day else None
    return Doc(article=make_article(TEXT.replace("old", f"{id} old"), id=id, published=published))


def test_timeline_sorted_and_cited(cfg: Config) -> None:
    story = Pipeline(cfg, ["clean", "sentences", "temporal", "timeline"]).run_many(
        [_doc("late", 9), _doc("early", 2), _doc("undated", None)])
    assert [t.when.iso() for t in story.timeline] == ["2021-05-02", "2021-05-09"]
    assert [t.sentences[0].article for t in story.timeline] == ["early", "late"]
    assert all(t.when.granularity == "day" for t in story.timeline)
