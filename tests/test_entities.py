"""The entities stage: spaCy's entities, trimmed, with titles kept in the alias."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import pytest

from storyline.config import Config
from storyline.language import nlp
from storyline.model import Doc
from storyline.stages.entities import could_name, find_entities, make_mention
from tests.builders import make_article


def _doc(text: str) -> Doc:
    return Doc(article=make_article(text), text=text)


def test_entities_finds_people_and_places(cfg: Config) -> None:
    doc = find_entities([_doc("Chancellor Angela Merkel met President Emmanuel Macron in Paris on Monday.")], cfg)[0]
    found = {(m.name, m.label) for m in doc.mentions}
    assert ("Angela Merkel", "PERSON") in found and ("Paris", "GPE") in found
    assert all(m.label != "DATE" for m in doc.mentions)


def test_entities_alias_keeps_title_before_name() -> None:
    text = "Turkish President Ana Diaz spoke."
    start = text.index("Ana")
    mention = make_mention(text, start, start + len("Ana Diaz"), "PERSON")
    assert mention is not None
    assert (mention.name, mention.alias) == ("Ana Diaz", "Turkish President Ana Diaz")


def test_entities_trims_possessive_and_article() -> None:
    text = "It was the Council's decision."
    start = text.index("the")
    mention = make_mention(text, start, start + len("the Council's"), "ORG")
    assert mention is not None
    assert mention.span.text_of(text) == "Council" and mention.name == "Council"


def test_entities_drops_mention_without_letters() -> None:
    assert make_mention("In 1999 it rained.", 3, 7, "ORG") is None


def test_entities_spans_point_into_text(cfg: Config) -> None:
    text = "Ana Diaz visited Lisbon.\n\nLater, Diaz flew to Madrid with Luis Ortega."
    doc = find_entities([_doc(text)], cfg)[0]
    assert doc.mentions
    for m in doc.mentions:
        assert m.span.text_of(text) == m.name or m.name in m.span.text_of(text)


@pytest.mark.parametrize("paragraph, expected", [
    ("The crowd left the square before dawn.", False),
    ("He said it was over. But then the rain came.", False),
    ("“It is over,” she said. I went home.", False),
    ("The mayor met Ana Diaz.", True),
    ("Officials said the bridge would reopen.", True),  # an opening word that is not a function word
    ("It was over. Riverton agreed.", True),
    ("the new anti-Riverton mood", True),
    ("US officials left.", True),  # an acronym is not the pronoun "us"
])
def test_could_name(paragraph: str, expected: bool) -> None:
    assert could_name(paragraph) is expected


def test_entities_skip_paragraphs_without_names(cfg: Config, monkeypatch: pytest.MonkeyPatch) -> None:
    model = nlp.sentence_ner(cfg.nlp.model)
    fed: list[str] = []
    pipe = model.pipe

    def recording_pipe(texts: Iterable[str], **kwargs: Any) -> Iterator[Any]:
        for text in texts:
            fed.append(text)
            yield from pipe([text], **kwargs)

    monkeypatch.setattr(model, "pipe", recording_pipe)
    text = "The crowd left the square before dawn.\n\nAngela Merkel visited Paris on Monday."
    doc = find_entities([_doc(text)], cfg)[0]
    assert fed == ["Angela Merkel visited Paris on Monday."]
    assert {m.name for m in doc.mentions} >= {"Angela Merkel", "Paris"}
