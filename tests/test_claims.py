"""The claims stage: paraphrases across outlets make one claim, denials and conflicting numbers dispute one."""

from __future__ import annotations

from storyline.config import Config
from storyline.model import Doc, Story
from storyline.pipeline import Pipeline
from storyline.summary import agreement
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


# The false disputes of issue 16, on invented text.
CROSSED = "Freedonia denied that its troops had crossed the border into Sylvania on Monday night."
ALWAYS_DENIED = "Freedonia has always denied that its troops crossed the border into Sylvania."
CROSSED_ASSERTED = "Sylvanian officials said Freedonian troops crossed the border into Sylvania on Monday night."
BLAST_2010 = "The bombing at the Marlow market in 2010 killed 40 people, the health ministry of Sylvania said."
BLAST_2005 = "The explosion at the Kesh refinery in 2005 killed 15 people, the health ministry of Sylvania said."


def test_claims_two_denials_of_one_stance_are_no_dispute(cfg: Config) -> None:
    story = _claims(cfg, (CROSSED, "Gazette", ""), (ALWAYS_DENIED, "Herald", ""))
    assert not any(c.disputed for c in story.claims)


def test_claims_identical_sentences_are_no_dispute(cfg: Config) -> None:
    story = _claims(cfg, (CROSSED, "Gazette", ""), (CROSSED, "Herald", ""))
    assert not any(c.disputed for c in story.claims)
    assert [c.support for c in story.claims] == [2]


def test_claims_denial_disputes_the_assertion_of_the_same_event(cfg: Config) -> None:
    story = _claims(cfg, (CROSSED_ASSERTED, "Gazette", ""), (CROSSED, "Herald", ""))
    disputed = [c for c in story.claims if c.disputed]
    assert len(disputed) == 1
    sides = {story.cited_text(disputed[0].sources[0]), *(story.cited_text(d) for d in disputed[0].disputed_by)}
    assert sides == {CROSSED_ASSERTED, CROSSED}


def test_claims_figures_of_two_events_years_apart_are_no_dispute(cfg: Config) -> None:
    story = _claims(cfg, (BLAST_2010, "Gazette", ""), (BLAST_2005, "Herald", ""))
    assert not any(c.disputed for c in story.claims)
    assert story.claims == ()  # two events, one source each: no claim


def test_claims_support_counts_known_outlets_and_says_how_many_are_unknown(cfg: Config) -> None:
    story = _claims(cfg, (CLOSE, "Gazette", ""), (CLOSE_AGAIN, None, ""), (CLOSE, "Herald", ""),
                    (CLOSE_AGAIN, "Gazette", ""), (CLOSE, None, ""))
    bridge = [c for c in story.claims if "cracks" in story.cited_text(c.sources[0])]
    assert len(bridge) == 1
    assert (bridge[0].support, bridge[0].unknown_outlets) == (2, 2)


def test_claims_count_an_outlet_found_in_the_articles_text_as_known(cfg: Config) -> None:
    story = _claims(cfg, ("KELMARSH (Gazette) - " + CLOSE, None, ""), ("KELMARSH (Herald) - " + CLOSE_AGAIN, None, ""))
    assert [d.outlet for d in story.docs] == ["Gazette", "Herald"]
    bridge = [c for c in story.claims if "cracks" in story.cited_text(c.sources[0])]
    assert len(bridge) == 1
    assert (bridge[0].support, bridge[0].unknown_outlets) == (2, 0)


def test_claims_unrelated_sentences_do_not_support_a_claim(cfg: Config) -> None:
    other_bridge = ("The city council of Dunmore voted on Tuesday to close the Harbour bridge after engineers "
                    "found cracks in its deck.")
    story = _claims(cfg, ("The Riverton council voted on Tuesday to close the old Kell bridge after engineers "
                          "found deep cracks in its arches.", "Gazette", ""), (other_bridge, "Herald", ""))
    assert all(c.support + c.unknown_outlets == 1 for c in story.claims)


def _facets(text: str) -> agreement.Facets:
    return agreement.facets_of(Doc(article=make_article(text)), 99, text)  # no sentences: the text alone


def test_claims_agreement_places_apart_are_two_events() -> None:
    assert not agreement.same_event(_facets("A bomb in Marlow killed 40 people."),
                                    _facets("A bomb in Kesh killed 40 people."))
    assert agreement.same_event(_facets("A bomb in Marlow killed 40 people."),
                                _facets("A bomb in Marlow killed 41 people, the police said."))


def test_claims_agreement_two_denials_are_not_opposed() -> None:
    assert not agreement.opposed(_facets(CROSSED), _facets(ALWAYS_DENIED))
    assert agreement.opposed(_facets(CROSSED_ASSERTED), _facets(CROSSED))
    assert not agreement.opposed(_facets("Nobody said it, and no one was hurt."), _facets("Somebody said it."))


def test_claims_agreement_denying_an_action_is_no_denial() -> None:
    assert agreement.denies("The court denied the council's request for a delay.") is False
    assert agreement.denies("The council denied that it had ignored the report.") is True
    assert agreement.negates("A man who had not been to Marlow fell ill.") is False
    assert agreement.negates("Can the council close the bridge if it is not safe?") is False


def test_claims_agreement_hedged_figures_do_not_conflict() -> None:
    assert not agreement.conflicting_numbers(_facets("The flood killed at least 60 people in Marlow."),
                                             _facets("The flood killed 81 people in Marlow."))
    assert agreement.conflicting_numbers(_facets("The flood killed 60 people in Marlow."),
                                         _facets("The flood killed 81 people in Marlow."))


def test_claims_agreement_pleading_not_guilty_is_the_stance_of_a_denial() -> None:
    assert agreement.denies("The driver pleaded not guilty to dangerous driving.")
    assert not agreement.opposed(_facets("The driver pleaded not guilty to dangerous driving at the Kell bridge."),
                                 _facets("The driver denies dangerous driving at the Kell bridge."))
    assert not agreement.negates("A strain of flu never seen before reached Marlow.")


def test_claims_agreement_a_negation_of_another_verb_is_no_opposition() -> None:
    assert not agreement.opposed(_facets("Jermaine Kell criticised the timing of the Marlow concert."),
                                 _facets("Jermaine Kell said the Marlow concert should not go ahead at that time."))
    assert agreement.opposed(_facets("The Marlow concert will go ahead on Friday, Jermaine Kell said."),
                             _facets("The Marlow concert will not go ahead on Friday, Jermaine Kell said."))
