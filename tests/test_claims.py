"""The claims stage: paraphrases across outlets make one claim, denials and conflicting numbers dispute one."""

from __future__ import annotations

from storyline.config import Config
from storyline.model import Doc, Story
from storyline.pipeline import Pipeline
from tests.builders import make_article

CLOSE = ("The regional council voted on Tuesday to close the old river bridge after engineers found deep cracks "
         "in its arches.")
CLOSE_AGAIN = ("Engineers found deep cracks in the arches of the old river bridge, and the regional council voted on "
               "Tuesday to shut it.")
FERRY = "The transport office will run a ferry service across the river for commuters from next month."
ACCUSED = ("Opposition members said the mayor had ignored an inspection report warning about the cracks in the "
           "bridge arches last year.")
DENIED = "The mayor denied ever seeing the report."
HURT_DIGITS_A = "The collapse of the scaffolding under the old bridge on Tuesday hurt 11 workers, the police said."
HURT_DIGITS_B = "The collapse of the scaffolding under the old bridge on Tuesday hurt 14 workers, the police said."


def _claims(cfg: Config, *articles: tuple[str, str | None, str]) -> Story:
    docs = [Doc(article=make_article(text, id=f"d{n}", outlet=outlet)) for n, (text, outlet, _) in enumerate(articles)]
    return Pipeline(cfg, ["clean", "sentences", "claims"]).run_many(docs)


def _texts(story: Story) -> list[tuple[str, int, bool]]:
    return [(story.cited_text(c.sources[0]), c.support, c.disputed) for c in story.claims]


def test_claims_paraphrases_from_two_outlets_make_one_claim(cfg: Config) -> None:
    story = _claims(cfg, (CLOSE + " " + FERRY, "Gazette", ""), (CLOSE_AGAIN, "Herald", ""))
    bridge = [c for c in story.claims if "cracks" in story.cited_text(c.sources[0])]
    assert len(bridge) == 1
    assert bridge[0].support == 2 and {s.article for s in bridge[0].sources} == {"d0", "d1"}
    assert not any("ferry" in t for t, _, _ in _texts(story))  # one source only: no claim


def test_claims_two_articles_of_one_outlet_count_once(cfg: Config) -> None:
    story = _claims(cfg, (CLOSE, "Gazette", ""), (CLOSE_AGAIN, "Gazette", ""))
    assert story.claims == ()  # support 1 < claims.min_support


def test_claims_denial_right_after_a_sentence_disputes_it(cfg: Config) -> None:
    story = _claims(cfg, (ACCUSED + " " + DENIED, "Gazette", ""), (CLOSE, "Herald", ""))
    disputed = [c for c in story.claims if c.disputed]
    assert len(disputed) == 1
    assert "inspection report" in story.cited_text(disputed[0].sources[0])
    assert [story.cited_text(d) for d in disputed[0].disputed_by] == [DENIED]


def test_claims_conflicting_numbers_dispute_a_claim(cfg: Config) -> None:
    story = _claims(cfg, (HURT_DIGITS_A, "Gazette", ""), (HURT_DIGITS_B, "Herald", ""))
    disputed = [c for c in story.claims if c.disputed]
    assert len(disputed) == 1
    sides = {story.cited_text(disputed[0].sources[0]), *(story.cited_text(d) for d in disputed[0].disputed_by)}
    assert sides == {HURT_DIGITS_A, HURT_DIGITS_B}


def test_claims_sources_are_real_sentences(cfg: Config) -> None:
    story = _claims(cfg, (CLOSE + " " + FERRY, "Gazette", ""), (CLOSE_AGAIN, "Herald", ""),
                    (ACCUSED + " " + DENIED, "Courier", ""))
    for claim in story.claims:
        for citation in (*claim.sources, *claim.disputed_by):
            assert any(s.span == citation.span for s in story.doc(citation.article).sentences)
