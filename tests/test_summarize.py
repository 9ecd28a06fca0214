"""The summarize stage: cited, within the length limits, no sentence said twice, focus honoured."""

from __future__ import annotations

import pytest

from storyline.config import Config
from storyline.errors import ConfigError
from storyline.model import Doc
from storyline.pipeline import Pipeline
from tests.builders import default_config, make_article

A = ("The regional council voted on Tuesday to close the old river crossing after engineers found deep cracks. "
     "Commuters must now use the northern bridge.")
B = ("Engineers found deep cracks in the old river crossing, and the regional council voted on Tuesday to close it. "
     "Shops nearby fear the closure.")
C = ("He said the repairs would take years. The city will open a ferry service across the river for commuters "
     "from next month, the transport office announced.")


def _summary(cfg: Config, *texts: str) -> tuple[list[str], list[list[str]], int]:
    docs = [Doc(article=make_article(t, id=f"d{n}")) for n, t in enumerate(texts)]
    story = Pipeline(cfg, ["clean", "sentences", "summarize"]).run_many(docs)
    out = [story.cited_text(s.sources[0]) for s in story.summary]
    return out, [[c.article for c in s.sources] for s in story.summary], sum(len(t.split()) for t in out)


def test_summarize_paraphrase_selected_once_and_cited_by_both(cfg: Config) -> None:
    texts, cited, _ = _summary(cfg, A, B)
    assert len(texts) == 1
    assert set(cited[0]) == {"d0", "d1"}


def test_summarize_skips_sentence_needing_context(cfg: Config) -> None:
    texts, _, _ = _summary(cfg, C)
    assert texts and not texts[0].startswith("He ")


def test_summarize_respects_word_limit() -> None:
    cfg = default_config(summarize={"max_words": 25})
    _, _, words = _summary(cfg, A, C)
    assert 0 < words <= 25


D = ("The transport office said the new ferry across the river will carry 400 passengers an hour. "
     "Tickets for the ferry will cost two euros, the office added.")


def test_summarize_every_sentence_cites_real_spans(cfg: Config) -> None:
    docs = [Doc(article=make_article(t, id=f"d{n}")) for n, t in enumerate((A, B, C, D))]
    story = Pipeline(cfg, ["clean", "sentences", "summarize"]).run_many(docs)
    assert story.summary
    for sentence in story.summary:
        for citation in sentence.sources:
            doc = story.doc(citation.article)
            assert 0 <= citation.span.start < citation.span.end <= len(doc.text)
            assert any(s.span == citation.span for s in doc.sentences)


def test_summarize_sentence_limit_replaces_word_limit() -> None:
    cfg = default_config(summarize={"max_sentences": 1, "max_words": 5})
    texts, _, _ = _summary(cfg, A, C, D)
    assert len(texts) == 1  # one sentence, although it is longer than five words


def test_summarize_focus_prefers_sentences_that_answer_it() -> None:
    plain, _, _ = _summary(default_config(summarize={"max_sentences": 1}), A, B, D)
    question = "How much will ferry tickets cost?"
    focused, _, _ = _summary(default_config(summarize={"max_sentences": 1, "focus": question}), A, B, D)
    assert "cracks" in plain[0]
    assert "Tickets" in focused[0]


def test_summarize_bad_limits_are_config_errors() -> None:
    with pytest.raises(ConfigError, match=r"summarize\.max_words"):
        default_config(summarize={"max_words": 0})
    with pytest.raises(ConfigError, match=r"summarize\.same"):
        default_config(summarize={"same": 0})


def test_summarize_same_words_repeat_even_below_the_cosine_cap() -> None:
    cfg = default_config(summarize={"repeat": 1.0, "same": 1.0})  # the cosine alone never calls a repeat
    texts, _, _ = _summary(cfg, A, B)
    assert len(texts) == 1


def test_summarize_cosine_cap_passes_over_a_paraphrase() -> None:
    cfg = default_config(summarize={"same": 1.0})  # no support between them: only the cap keeps one out
    texts, _, _ = _summary(cfg, A, B)
    assert len(texts) == 1


def test_summarize_dated_must_not_lower_scores() -> None:
    with pytest.raises(ConfigError, match=r"summarize\.dated"):
        default_config(summarize={"dated": 0.5})
