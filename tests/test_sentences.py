"""The sentences stage: spans that tile the text's sentences and never cross a paragraph."""

from __future__ import annotations

from storyline.config import Config
from storyline.language.nlp import paragraphs
from storyline.model import Doc
from storyline.stages.sentences import split_sentences
from tests.builders import make_article


def _sentences(text: str, cfg: Config) -> list[str]:
    doc = split_sentences([Doc(article=make_article(text), text=text)], cfg)[0]
    return [s.span.text_of(doc.text) for s in doc.sentences]


def test_sentences_split_within_paragraph(cfg: Config) -> None:
    text = "The mayor of Riverton, Dr. Ana Diaz, opened the bridge. It cost $4.5 million. Crowds cheered."
    assert _sentences(text, cfg) == ["The mayor of Riverton, Dr. Ana Diaz, opened the bridge.",
                                     "It cost $4.5 million.", "Crowds cheered."]


def test_sentences_never_cross_paragraphs(cfg: Config) -> None:
    text = "The bridge opened on Monday\n\nTraffic was light all day."
    assert _sentences(text, cfg) == ["The bridge opened on Monday", "Traffic was light all day."]


def test_sentences_spans_are_trimmed(cfg: Config) -> None:
    for sent in _sentences("  The bridge opened.   Traffic was light.  ", cfg):
        assert sent == sent.strip()


def test_sentences_paragraph_offsets_point_into_text() -> None:
    text = "One.\n\nTwo lines\nstill one paragraph.\n\n\nThree."
    assert [(off, p) for off, p in paragraphs(text)] == [
        (0, "One."), (6, "Two lines\nstill one paragraph."), (39, "Three.")]
    assert all(text[off:off + len(p)] == p for off, p in paragraphs(text))


def test_sentences_one_sentence_paragraphs_match_the_model(cfg: Config) -> None:
    # Paragraphs with no inner boundary skip the model; the result must be what the model gives.
    text = ("The bridge opened on Monday\n\nTraffic was light all day.\n\nOfficials said the toll, set at $2.50, "
            "would stay until 2030.\n\nShe said: “It is done”")
    assert _sentences(text, cfg) == ["The bridge opened on Monday", "Traffic was light all day.",
                                     "Officials said the toll, set at $2.50, would stay until 2030.",
                                     "She said: “It is done”"]
