"""The events stage: who did what to whom, normalized actors, negated, hypothetical and future events, dates."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

import storyline
from storyline.config import Config
from storyline.model import Event, Published, Story, When
from storyline.pipeline import Pipeline
from tests.builders import default_config, make_doc

STAGES = ["clean", "sentences", "entities", "temporal", "timex", "aliases", "dates", "events"]


# An opening sentence with no actor and no event, so that the clean stage keeps a one-sentence report.
LEAD = "Reporters waited outside the building for most of the day, and the weather stayed cold. "


def _story(texts: list[str], cfg: Config, published: Published | None = None) -> Story:
    docs = [make_doc(LEAD + text, id=f"a{n}", published=published) for n, text in enumerate(texts)]
    return Pipeline(cfg, STAGES).run_many(docs)


def _events(text: str, cfg: Config) -> list[tuple[str, str | None, str, str | None, str]]:
    """(source name, source sector, code, target name, status) of each event."""
    return [(e.source.name, e.source.sector, e.code, e.target.name if e.target else None, e.status)
            for e in _story([text], cfg).events]


def test_events_capitals_seats_and_military_stand_for_their_country(cfg: Config) -> None:
    found = _events("Moscow imposed sanctions on Ankara after the Turkish military downed a Russian drone.", cfg)
    assert ("Russia", "GOV", "SANCTION", "Turkey", "happened") in found
    assert ("Turkey", "MIL", "FIGHT", "Russia", "happened") in found


def test_events_actor_carries_country_code_sector_and_text(cfg: Config) -> None:
    event = _story(["The Kremlin condemned the decision of the Polish government on Tuesday."], cfg).events[0]
    assert (event.source.name, event.source.country, event.source.sector, event.source.text) == (
        "Russia", "RUS", "GOV", "Kremlin")
    assert event.target is not None and (event.target.country, event.target.sector) == ("POL", "GOV")
    assert event.code == "DISAPPROVE"


def test_events_negated(cfg: Config) -> None:
    assert _events("Russia did not attack Turkish troops near the border last week.", cfg) == [
        ("Russia", "GOV", "FIGHT", "Turkey", "negated")]


def test_events_denial_negates_what_is_denied(cfg: Config) -> None:
    found = _events("Greece denied attacking Turkish fishing boats in the Aegean Sea on Sunday.", cfg)
    assert [(code, status) for _, _, code, _, status in found] == [("FIGHT", "negated")]


def test_events_hypothetical_modal_and_condition(cfg: Config) -> None:
    assert _events("Russia could impose new sanctions on Turkey over the dispute.", cfg) == [
        ("Russia", "GOV", "SANCTION", "Turkey", "hypothetical")]
    assert [e[4] for e in _events("If talks fail, Egypt may recall its ambassador from Ethiopia.", cfg)] == [
        "hypothetical"]


def test_events_future(cfg: Config) -> None:
    assert _events("Japan will send humanitarian aid to Nepal, the ministry said.", cfg) == [
        ("Japan", "GOV", "AID", "Nepal", "future")]


def test_events_threat_takes_in_what_is_threatened(cfg: Config) -> None:
    event = _story(["Russia threatened to impose sanctions on Turkey on Monday."], cfg).events
    assert [(e.code, e.mode, e.status, e.target.name if e.target else None) for e in event] == [
        ("THREATEN", "restrict", "happened", "Turkey")]


def test_events_intention_to_cooperate_is_agree(cfg: Config) -> None:
    assert _events("Turkey wants to restore relations with Russia, a senior official said.", cfg)[0][2:] == (
        "AGREE", "Russia", "happened")


def test_events_meeting_of_two_sides_is_reciprocal(cfg: Config) -> None:
    found = _events("Turkey and Greece held talks in Athens on Monday.", cfg)
    assert sorted(found) == [("Greece", "GOV", "CONSULT", "Turkey", "happened"),
                             ("Turkey", "GOV", "CONSULT", "Greece", "happened")]


def test_events_person_acts_for_the_country_their_title_names(cfg: Config) -> None:
    story = _story(["Turkish President Ahmet Kaya arrived in Athens on Monday for a two-day visit to Greece.",
                    "Kaya later criticized Bulgaria over the border dispute."], cfg)
    critic = [e for e in story.events if e.code == "DISAPPROVE"]
    assert [(e.source.name, e.source.sector, e.source.text, e.target.name if e.target else None)
            for e in critic] == [("Turkey", "GOV", "Kaya", "Bulgaria")]


def test_events_intensity_from_the_goldstein_table(cfg: Config) -> None:
    story = _story(["Moscow imposed sanctions on Ankara.", "The Kenyan president visited Uganda on Friday."], cfg)
    assert {(e.code, e.mode, e.intensity) for e in story.events} == {("SANCTION", None, -4.0),
                                                                     ("CONSULT", "visit", 1.9)}


def test_events_dated_by_their_sentence_else_by_the_article(cfg: Config) -> None:
    published = Published(When(datetime(2021, 5, 20, tzinfo=UTC)), "metadata")
    story = _story(["On 3 March 2021, Chile recalled its ambassador from Peru. Peru condemned Chile on Monday."],
                   cfg, published)
    dates = {e.code: (e.when.iso() if e.when else None, e.when_how) for e in story.events}
    assert dates["SANCTION"] == ("2021-03-03", "text")
    assert dates["DISAPPROVE"][1] in ("text", "published")
    undated = _story(["Peru condemned Chile."], cfg, published).events[0]
    assert (undated.when, undated.when_how) == (published.when, "published")


def test_events_recounted_event_takes_the_date_the_story_gives_it(cfg: Config) -> None:
    published = Published(When(datetime(2021, 9, 1, tzinfo=UTC)), "metadata")
    story = _story(["Estonian troops shot down a Latvian drone on 2 March 2021.",
                    "Relations soured after Estonian troops shot down a Latvian drone near the border."],
                   cfg, published)
    dates = [(e.citation.article, e.when.iso() if e.when else None) for e in story.events if e.code == "FIGHT"]
    assert dates == [("a0", "2021-03-02"), ("a1", "2021-03-02")]


def test_events_user_dictionary_from_config(tmp_path: Path) -> None:
    path = tmp_path / "actors.csv"
    path.write_text("kind,code,sector,name,aliases\nperson,ISR,GOV,Ziva Blum,Blum\n", encoding="utf-8")
    found = _events("Blum criticized Jordan over the water deal.", default_config(events={"actors": str(path)}))
    assert found[0][:4] == ("Israel", "GOV", "DISAPPROVE", "Jordan")


def test_events_sentence_without_actor_or_trigger_gives_nothing(cfg: Config) -> None:
    assert _events("The weather was mild and the markets were calm on Tuesday afternoon.", cfg) == []


# -- the seed story ----------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seed_events(seeds_dir: Path) -> list[Event]:
    return list(storyline.analyze(seeds_dir).events)


def _pair_score(events: list[Event], since: str, until: str) -> tuple[float, set[str]]:
    pair = {"RUS", "TUR"}
    chosen = [e for e in events if e.status == "happened" and e.when is not None and e.target is not None
              and {e.source.country, e.target.country} == pair and since <= e.when.iso() < until]
    return sum(e.intensity for e in chosen), {e.code for e in chosen}


@pytest.mark.external
@pytest.mark.slow
def test_events_seeds_russia_turkey_hostile_around_the_downing_and_sanctions(seed_events: list[Event]) -> None:
    score, codes = _pair_score(seed_events, "2015-09", "2016-06")
    assert score < 0
    assert {"FIGHT", "SANCTION"} <= codes


@pytest.mark.external
@pytest.mark.slow
def test_events_seeds_russia_turkey_friendly_from_mid_2016(seed_events: list[Event]) -> None:
    score, codes = _pair_score(seed_events, "2016-06", "2017-01")
    assert score > 0
    assert codes & {"CONSULT", "SUPPORT", "AGREE"}


def test_events_polarity_reads_the_official_reading_of_a_two_way_entry() -> None:
    from storyline.events.lexicon import polarity

    assert polarity("ATTACK|PROTEST") == -1  # "strike": an attack by an official source, else a protest
    assert polarity("RESTRICT") == -1 and polarity("AGREE") == 1 and polarity("INTENT") == 0


# --- rules added for PLOVER's coding conventions (invented sentences) ----------------------------------------

def test_events_obligation_under_saying_is_a_demand(cfg: Config) -> None:
    found = _events("Poland said on Monday that Belarus must release the detained journalists at once.", cfg)
    assert ("Poland", "GOV", "DEMAND", "Belarus", "happened") in found


def test_events_obligation_of_the_speakers_own_side_is_no_demand(cfg: Config) -> None:
    found = _events("The Polish minister said on Monday that we must do more for the farmers.", cfg)
    assert all(code != "DEMAND" for _, _, code, _, _ in found)


def test_events_quantity_of_aid_is_aid(cfg: Config) -> None:
    found = _events("Japan gave Nepal ten million dollars of aid after the floods in the south.", cfg)
    assert ("Japan", "GOV", "AID", "Nepal", "happened") in found


def test_events_domestic_types_with_no_target_act_on_the_own_country(cfg: Config) -> None:
    found = _events("Kenyan police imposed a curfew in the port city on Friday night.", cfg)
    assert ("Kenya", "COP", "COERCE", "Kenya", "happened") in found


def test_events_types_that_are_not_domestic_keep_no_target(cfg: Config) -> None:
    found = _events("Kenya and Uganda held talks in Nairobi on Friday.", cfg)
    assert found and all(target in ("Kenya", "Uganda") for _, _, _, target, _ in found)


def test_events_unless_marks_a_conditional_threat(cfg: Config) -> None:
    from storyline.evaluate.events import plover_type
    from storyline.stages.events import code_story

    story = _story(["Ghana will withdraw its troops from Mali unless the junta holds elections this year."], cfg)
    coded = [event for _, _, found in code_story(story, cfg) for event in found if event.code == "RETREAT"]
    assert coded and coded[0].unless and coded[0].status == "future"
    assert plover_type(coded[0]) == "THREATEN"


def test_events_coming_together_for_talks_is_a_meeting(cfg: Config) -> None:
    found = _events("Peruvian and Chilean negotiators returned to Lima for talks on the maritime border.", cfg)
    assert {code for _, _, code, _, _ in found} == {"CONSULT"}


def test_events_readiness_with_nothing_hostile_is_agree(cfg: Config) -> None:
    found = _events("Norway is willing to send engineers to Chad next spring.", cfg)
    assert [(source, code) for source, _, code, _, _ in found] == [("Norway", "AGREE")]


def test_events_passive_subject_acts_for_commitments(cfg: Config) -> None:
    found = _events("The minister said Mexico is committed to opening its markets to Guatemala.", cfg)
    assert found and found[0][:3] == ("Mexico", "GOV", "AGREE")


def test_events_compound_modifier_does_not_name_the_actor(cfg: Config) -> None:
    found = _events("NATO-member Norway imposed sanctions on Belarus over the election.", cfg)
    assert ("Norway", "GOV", "SANCTION", "Belarus", "happened") in found


def test_events_particle_must_follow_its_verb(cfg: Config) -> None:
    found = _events("In 2008, Chile gave two million dollars to schools in Peru.", cfg)
    assert all(code != "CONCEDE" for _, _, code, _, _ in found)  # "In ... gave" is no "give in"


def test_events_official_only_entry_is_no_event_for_others() -> None:
    from storyline.events.lexicon import NOT_OFFICIAL, resolve_type

    assert resolve_type("CONCEDE|-", None, official=True) == ("CONCEDE", None)  # "the ministry allowed ..."
    assert resolve_type("CONCEDE|-", None, official=False)[0] == NOT_OFFICIAL  # "the new rules allow ..."


def test_events_having_something_is_no_obligation(cfg: Config) -> None:
    found = _events("Chile said Peruvian families do not have a fund to fall back on this winter.", cfg)
    assert all(code != "DEMAND" for _, _, code, _, _ in found)
    found = _events("Chile said on Monday that Peru has to return the seized fishing boats.", cfg)
    assert ("Chile", "GOV", "DEMAND", "Peru", "happened") in found


# --- the lexicon's sources and the general rules of English they are read with (invented sentences) -----------

def test_events_lexicon_synonym_set_matches_any_of_its_phrases() -> None:
    from storyline.events.lexicon import Lexicon

    lexicon = Lexicon({}, frozenset(), {}, {"weapon": (("rifle",), ("cluster", "bomb"))})
    assert lexicon.has(("&weapon",), {"cluster", "bomb", "the"})
    assert lexicon.has(("send", "&weapon"), {"send", "rifle"})
    assert not lexicon.has(("&weapon",), {"cluster"})  # every word of one phrase


def test_events_lexicon_sources_differ() -> None:
    from storyline.events.lexicon import load_lexicon

    rules, dictionaries = load_lexicon("rules"), load_lexicon("dictionaries")
    assert rules.entries("noun", "sanction") and not dictionaries.entries("noun", "sanction")  # nouns: hand list
    assert dictionaries.entries("vobj", "abduct") and dictionaries.synsets  # CAMEO patterns and synonym sets
    assert load_lexicon("both").entries("vobj", "abduct") and load_lexicon("both").entries("noun", "sanction")


def test_events_cameo_null_pattern_is_no_event(cfg: Config) -> None:
    found = _events("A Latvian official was hurt in an accident near the Estonian border on Friday.", cfg)
    assert all(code not in ("ASSAULT", "FIGHT") for _, _, code, _, _ in found)


def test_events_pattern_words_are_not_read_in_a_governed_clause(cfg: Config) -> None:
    found = _events("Hungary said on Monday that it will support the Slovak plan for the river.", cfg)
    assert [status for _, _, code, _, status in found if code == "SUPPORT"] in ([], ["future"])


def test_events_result_clause_is_part_of_its_main_event(cfg: Config) -> None:
    found = _events("Estonia imposed sanctions on Latvia, hurting Latvian exporters and damaging its ports.", cfg)
    assert [code for _, _, code, _, _ in found] == ["SANCTION"]


def test_events_passive_participle_takes_no_subject_from_its_head(cfg: Config) -> None:
    found = _events("Asked whether Latvia would help, the Estonian minister spoke of the border talks.", cfg)
    assert all(not (code == "DEMAND" and source == "Estonia") for source, _, code, _, _ in found)


def test_events_need_is_a_modal_not_a_demand(cfg: Config) -> None:
    found = _events("Estonia needs Latvian tourists to come back to the coast next summer.", cfg)
    assert all(code != "DEMAND" for _, _, code, _, _ in found)
