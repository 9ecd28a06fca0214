"""Invariants, checked with Hypothesis: the pipeline never raises on any text, every span stays inside
its article's cleaned text, Span refuses reversed ranges, and config.load refuses unknown keys."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import storyline
from storyline import config
from storyline.errors import ConfigError
from storyline.model import Article, Citation, Published, Span, Story, When
from tests.builders import make_article

# Each example runs spaCy over the whole pipeline: keep the count modest and drop the deadline.
PIPELINE = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --- strategies: English-like news sentences mixed with the debris the clean stage removes -----

PEOPLE = ["Mayor Ana Ortiz", "Kofi Mensah", "Dr Helen Strand", "Senator Paul Ridley", "Ms Ortiz", "Mensah",
          "the minister", "a spokeswoman for the council", "Prime Minister Lena Vaskova"]
PLACES = ["Redhaven", "the Carrow valley", "Port Sallow", "Brackley", "the northern provinces", "Elmstow"]
ORGS = ["the county council", "Northvale Railways", "the Brackley Heritage Trust", "the United Nations",
        "the finance ministry", "NATO"]
VERBS = ["said", "announced", "warned", "denied", "confirmed", "told reporters"]
THINGS = ["the bridge would reopen next month", "the talks had broken down",
          "funding for the new hospital was approved", "troops had crossed the border near the river",
          "no one was hurt in the fire", "prices would rise by 4% in March"]
WHEN = ["on Monday", "on 3 March 2024", "last week", "in January", "late on Tuesday night", ""]
DEBRIS = [
    "Follow us on Twitter for the latest news", "Share this article", "Advertisement", "Image: Getty Images",
    "01:45", "02:13 - Source: Reuters", "protest-crowd_2024.jpg", "Story highlights", "Related stories",
    "We use cookies to improve your experience. By continuing you agree to our privacy policy.",
    "Copyright 2024 Example Wire. All rights reserved.", "By Tomasz Elverum", "Updated 4 March 2024 09:12 GMT",
    "REDHAVEN (Example Wire) —", "Read more:", "Sign up for our newsletter", "Additional reporting by Ana Ortiz",
    "A photo shows people gathering in the square.", "What happens next?", "* * *", "|", "—",
]


@st.composite
def news_sentence(draw: st.DrawFn) -> str:
    who = draw(st.sampled_from(PEOPLE + ORGS))
    form = draw(st.integers(0, 3))
    when = draw(st.sampled_from(WHEN))
    thing = draw(st.sampled_from(THINGS))
    place = draw(st.sampled_from(PLACES))
    verb = draw(st.sampled_from(VERBS))
    if form == 0:
        sentence = f"{who} {verb} {when} that {thing} in {place}."
    elif form == 1:
        sentence = f"“{thing.capitalize()},” {who} {verb} {when}."
    elif form == 2:
        sentence = f'"We will not accept this in {place}," {who} {verb}.'
    else:
        sentence = f"In {place}, {who} {verb} {when} that {thing}, according to {draw(st.sampled_from(ORGS))}."
    return " ".join(sentence.split()).replace(" .", ".").replace(" ,", ",")


def paragraph() -> st.SearchStrategy[str]:
    return st.lists(news_sentence(), min_size=1, max_size=4).map(" ".join)


# One block: a paragraph of sentences, a line of debris, or a short run of arbitrary characters.
block = st.one_of(paragraph(), paragraph(), st.sampled_from(DEBRIS), st.text(max_size=30))
separator = st.sampled_from(["\n\n", "\n", "\r\n", "\n \n", "\n\n\n"])


@st.composite
def news_text(draw: st.DrawFn) -> str:
    blocks = draw(st.lists(block, min_size=1, max_size=10))
    text = blocks[0]
    for b in blocks[1:]:
        text += draw(separator) + b
    return text


published = st.one_of(
    st.none(),
    st.dates(min_value=datetime(2015, 1, 1).date(), max_value=datetime(2025, 12, 31).date()).map(
        lambda d: Published(When(datetime(d.year, d.month, d.day, tzinfo=UTC), "day"), "metadata")
    ),
)


@st.composite
def articles(draw: st.DrawFn) -> list[Article]:
    n = draw(st.integers(1, 3))
    return [make_article(draw(news_text()), id=f"p{i}", published=draw(published)) for i in range(n)]


def accounted_for(story: Story, article: Article) -> tuple[bool, bool]:
    analysed = any(doc.id == article.id for doc in story.docs)
    skipped = any(s.source == article.source for s in story.skipped)
    return analysed, skipped


# --- (a) the pipeline never raises; each article is analysed or skipped, never both or neither --


@PIPELINE
@given(st.text())
def test_model_props_any_text_is_analysed_or_skipped(text: str) -> None:
    article = make_article(text)
    story = storyline.analyze([article])
    analysed, skipped = accounted_for(story, article)
    assert analysed != skipped, (story.docs, story.skipped)
    assert all(s.reason.strip() for s in story.skipped)


@PIPELINE
@given(news_text())
def test_model_props_news_with_debris_is_analysed_or_skipped(text: str) -> None:
    article = make_article(text)
    story = storyline.analyze([article])
    analysed, skipped = accounted_for(story, article)
    assert analysed != skipped, (story.docs, story.skipped)


@PIPELINE
@given(news_text())
def test_model_props_no_stage_crashes_on_news_with_debris(text: str) -> None:
    story = storyline.analyze([make_article(text)])
    assert story.failures == ()


@PIPELINE
@given(st.text())
def test_model_props_no_stage_crashes_on_any_text(text: str) -> None:
    story = storyline.analyze([make_article(text)])
    assert story.failures == ()


# --- (b) every span lies inside its article's cleaned text --------------------------------------


def assert_inside(span: Span, text: str, what: str) -> None:
    assert 0 <= span.start <= span.end <= len(text), f"{what} {span} outside a text of {len(text)} characters"


def assert_cited(story: Story, citation: Citation, what: str) -> None:
    doc = story.doc(citation.article)  # KeyError if it cites an article that is not in the story
    assert_inside(citation.span, doc.text, what)


def check_spans(story: Story) -> None:
    for doc in story.docs:
        for sent in doc.sentences:
            assert_inside(sent.span, doc.text, "sentence")
            assert sent.span.end > sent.span.start
        for mention in doc.mentions:
            assert_inside(mention.span, doc.text, "mention")
        for quote in doc.quotes:
            assert_inside(quote.span, doc.text, "quote")
    for ent in story.entities:
        for citation in ent.mentions:
            assert_cited(story, citation, f"mention of {ent.name!r}")
    for summary_sentence in story.summary:
        assert summary_sentence.sources
        for citation in summary_sentence.sources:
            assert_cited(story, citation, "summary citation")
    for entry in story.timeline:
        for citation in entry.sentences:
            assert_cited(story, citation, f"timeline citation on {entry.when.iso()}")
    for event in story.events:
        assert_cited(story, event.citation, "event citation")


@PIPELINE
@given(articles())
def test_model_props_spans_stay_inside_the_cleaned_text(batch: list[Article]) -> None:
    check_spans(storyline.analyze(batch))


@PIPELINE
@given(st.lists(st.text(min_size=80), min_size=1, max_size=2))
def test_model_props_spans_stay_inside_arbitrary_text(texts: list[str]) -> None:
    check_spans(storyline.analyze([make_article(t, id=f"x{i}") for i, t in enumerate(texts)]))


@PIPELINE
@given(articles())
def test_model_props_mention_spans_hold_their_alias(batch: list[Article]) -> None:
    # The alias is the surface form the span ends with (a title may stand before the name).
    story = storyline.analyze(batch)
    for doc in story.docs:
        for mention in doc.mentions:
            surface = " ".join(mention.span.text_of(doc.text).split())
            assert mention.alias.endswith(surface), (mention, surface)


# --- (c) Span refuses reversed and negative ranges --------------------------------------------


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=1, max_value=10**6))
def test_model_props_span_rejects_start_after_end(end: int, gap: int) -> None:
    with pytest.raises(ValueError, match="start <= end"):
        Span(end + gap, end)


@given(st.integers(max_value=-1), st.integers(min_value=0, max_value=10**6))
def test_model_props_span_rejects_negative_start(start: int, end: int) -> None:
    with pytest.raises(ValueError):
        Span(start, end)


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=0, max_value=10**6))
def test_model_props_span_accepts_ordered_bounds(a: int, b: int) -> None:
    span = Span(min(a, b), max(a, b))
    assert span.text_of("x" * span.end) == "x" * (span.end - span.start)


# --- (d) config.load refuses unknown keys, naming them -----------------------------------------

DEFAULTS = config.read_defaults()
SECTIONS = sorted(DEFAULTS)
key_name = st.from_regex(r"[a-z][a-z0-9_]{0,20}", fullmatch=True)
value = st.one_of(st.integers(), st.booleans(), st.text(max_size=10), st.floats(allow_nan=False))


@given(st.sampled_from(SECTIONS), key_name, value)
def test_model_props_config_rejects_unknown_key(section: str, key: str, val: object) -> None:
    if key in DEFAULTS[section]:
        return
    with pytest.raises(ConfigError) as info:
        config.load(overrides={section: {key: val}})
    message = str(info.value)
    assert f"'{section}.{key}'" in message
    assert next(iter(DEFAULTS[section])) in message  # the valid keys are offered


@given(key_name, value)
def test_model_props_config_rejects_unknown_section(section: str, val: object) -> None:
    if section in DEFAULTS:
        return
    with pytest.raises(ConfigError) as info:
        config.load(overrides={section: {"max_bytes": val}})
    assert f"[{section}]" in str(info.value)


@settings(max_examples=30)
@given(st.sampled_from(SECTIONS), key_name)
def test_model_props_config_file_rejects_unknown_key(section: str, key: str) -> None:
    if key in DEFAULTS[section]:
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "storyline.toml"
        path.write_text(f"[{section}]\n{key} = 1\n", encoding="utf-8")
        with pytest.raises(ConfigError) as info:
            config.load(path)
    message = str(info.value)
    assert f"'{section}.{key}'" in message
    assert str(path) in message
