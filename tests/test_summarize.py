"""The summarize stage (lead baseline): cited, within the word limit, no sentence said twice."""

from __future__ import annotations

from storyline.config import Config
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
