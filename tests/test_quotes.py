"""The quotes stage (first version): direct quotes, and a speaker only when named beside the cue."""

from __future__ import annotations

from storyline.config import Config
from storyline.model import Doc
from storyline.pipeline import Pipeline
from tests.builders import make_article


def _quotes(text: str, cfg: Config) -> list[tuple[str, str | None]]:
    pipeline = Pipeline(cfg, ["clean", "sentences", "entities", "quotes"])
    doc = pipeline.run(Doc(article=make_article(text)))
    return [(q.span.text_of(doc.text), q.speaker) for q in doc.quotes]


def test_quotes_speaker_after_quote(cfg: Config) -> None:
    text = "“We will rebuild the bridge before winter,” Maria Lopez said on Tuesday at the town hall meeting."
    assert _quotes(text, cfg) == [("“We will rebuild the bridge before winter,”", "Maria Lopez")]


def test_quotes_speaker_before_quote_with_straight_marks(cfg: Config) -> None:
    text = 'The mayor Maria Lopez said: "The bridge will be rebuilt before winter comes." Council members agreed.'
    assert _quotes(text, cfg) == [('"The bridge will be rebuilt before winter comes."', "Maria Lopez")]


def test_quotes_pronoun_speaker_left_null(cfg: Config) -> None:
    text = ("Maria Lopez spoke to the council for an hour on Tuesday evening. "
            "“The bridge will be rebuilt before winter,” she said.")
    assert _quotes(text, cfg) == [("“The bridge will be rebuilt before winter,”", None)]


def test_quotes_short_scare_quotes_ignored(cfg: Config) -> None:
    text = "The council called the plan “bold” and the mayor Maria Lopez called it necessary for the town's future."
    assert _quotes(text, cfg) == []
