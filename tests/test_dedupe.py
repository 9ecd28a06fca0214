"""The dedupe stage: a re-post is kept once with both sources; overlapping articles stay apart."""

from __future__ import annotations

from dataclasses import replace

import pytest

from storyline.config import Config
from storyline.model import Doc, Story
from storyline.stages.dedupe import dedupe
from tests.builders import make_doc

PARAS = [
    "The regional council voted on Tuesday to close the old river crossing after engineers found deep cracks.",
    "Commuters will have to use the northern bridge, adding about twenty minutes to the journey into town.",
    "The council said repairs would cost more than building a new crossing, which could open in two years.",
    "Shop owners near the crossing said they feared losing customers during the long closure period ahead.",
]


def _doc(id: str, text: str) -> Doc:
    doc = make_doc(text, id=id)
    return replace(doc, text=text, sources=(doc.article.source,))


def test_dedupe_keeps_repost_once_with_both_sources(cfg: Config) -> None:
    original = "\n\n".join(PARAS)
    repost = original + "\n\nDistributed by Example Syndication."
    story = dedupe(Story(docs=(_doc("a", original), _doc("b", repost))), cfg)
    assert [d.id for d in story.docs] == ["b"]
    assert story.docs[0].sources == ("test:b", "test:a")
    assert "same article as 'a'" in story.docs[0].notes[0]


def test_dedupe_keeps_articles_that_only_share_a_paragraph(cfg: Config) -> None:
    other = "\n\n".join([PARAS[0], "A different story follows here about the city budget and new parks plan.",
                         "Officials will vote on the budget next month after public hearings in every ward."])
    story = dedupe(Story(docs=(_doc("a", "\n\n".join(PARAS)), _doc("b", other))), cfg)
    assert [d.id for d in story.docs] == ["a", "b"]


def test_dedupe_keeps_three_hundred_copies_once(cfg: Config) -> None:
    original = "\n\n".join(PARAS)
    docs = [_doc(f"copy{n:03d}", original if n % 3 else f"Headline number {n}\n\n{original}") for n in range(300)]
    other = _doc("other", "Officials will vote on the city budget and a new parks plan next month after hearings.")
    story = dedupe(Story(docs=(*docs, other)), cfg)
    assert len(story.docs) == 2
    kept = next(d for d in story.docs if d.id != "other")
    assert len(kept.sources) == 300


def test_dedupe_fingerprint_containment_finds_a_short_article_inside_a_long_one() -> None:
    from storyline.read.duplicates import containment, fingerprint

    short, long = PARAS[0] + " " + PARAS[1], " ".join(PARAS) + " " + " ".join(PARAS[::-1]).upper()
    assert containment(fingerprint(short), fingerprint(long)) > 0.8
    assert containment(fingerprint(PARAS[0]), fingerprint(PARAS[2])) < 0.2


def test_dedupe_index_candidates_are_exactly_datasketch_lsh_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    import random

    from datasketch import MinHashLSH

    from storyline.read import duplicates
    from storyline.read.duplicates import _LSH_THRESHOLD, NUM_PERM, DuplicateIndex, fingerprint

    monkeypatch.setattr(duplicates, "_MERGE_FROM", 16)  # the sorted table is merged into many times

    rng = random.Random(3)
    words = [f"w{n}" for n in range(400)]
    bases = [[rng.choice(words) for _ in range(60)] for _ in range(6)]
    texts = []  # variants of six bases, from near copies to strangers, so candidates fall on both sides
    for n in range(300):
        base = list(bases[n % 6])
        for i in rng.sample(range(60), rng.randrange(16)):
            base[i] = rng.choice(words)
        texts.append(" ".join(base))
    index, lsh = DuplicateIndex(min_containment=0.8), MinHashLSH(threshold=_LSH_THRESHOLD, num_perm=NUM_PERM)
    proposed = 0
    for n, text in enumerate(texts):
        fp = fingerprint(text)
        expected = sorted(int(key) for key in lsh.query(fp.minhash()))
        assert index._candidates(fp.hashes) == expected, f"text {n}"
        proposed += len(expected)
        index.add(str(n), fp)
        lsh.insert(str(n), fp.minhash())
    assert proposed > len(texts), "the texts should make LSH propose pairs"
