"""Summarize: a short summary of the whole story, every sentence cited to each article that reports it.

Extractive. The candidates are sentences that stand on their own: 8 to 60 words, no quotation marks
(a quote out of its context is a fragment), not opening on a word that needs the sentence before ("He",
"But", "This"), not a byline or a caption (the clean stage removed those). Each sentence is a TF-IDF
vector (scikit-learn; words lower-cased, English stop words out, sublinear counts) and scored by

- support: how many other articles hold a sentence that says the same (cosine >= ``summarize.same``);
  a fact many sources report is a main point;
- centrality: its mean cosine with the sentences of the other articles (how much of the story it covers);
- position: the lead of an article carries its news (1 for the first sentence, falling to 0.5);
- with ``summarize.focus``, its cosine with the question, which then leads: the score becomes
  (0.01 + cosine) x the square root of the rest.

Selection is greedy maximal marginal relevance (``summarize.diversity`` trades score for novelty), and
a sentence too close to one already chosen (cosine >= ``summarize.same``) is never taken: the summary
says nothing twice. It stops at ``summarize.max_words`` words (or ``summarize.max_sentences`` sentences
when that is set) and reads in the order of what it reports: by the sentence's date, then by article.
Each summary sentence cites itself first, then the closest sentence of every other article saying the same.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from storyline.config import Config
from storyline.model import Citation, Doc, Story, SummarySentence
from storyline.pipeline import stage

_CONTEXT_OPENERS = re.compile(
    r"^(?:he|she|it|they|we|i|you|this|that|these|those|but|and|or|so|also|yet|still|then|his|her|its|their|"
    r"our|there|here|such|both|however|meanwhile|instead|nevertheless|moreover|furthermore|otherwise|thus|"
    r"hence|however|later|earlier|afterwards|the latter|the former|the same|other|another|again)\b", re.I)
_QUOTE = re.compile(r"[\"“”]|(?:^|\s)['‘](?=\w)")
_MIN_WORDS, _MAX_WORDS = 8, 60
_LEAD = 5  # sentences of an article that count as its lead


@dataclass(frozen=True)
class Candidate:
    citation: Citation
    text: str
    words: int
    position: int
    when: datetime | None


def find_candidates(docs: Sequence[Doc]) -> list[Candidate]:
    """Sentences that stand on their own (see the module docstring), in article and text order."""
    found = []
    for doc in docs:
        for position, sent in enumerate(doc.sentences):
            text = sent.span.text_of(doc.text).strip()
            n = len(text.split())
            if (_MIN_WORDS <= n <= _MAX_WORDS and not _CONTEXT_OPENERS.match(text) and not _QUOTE.search(text)
                    and text[-1:] in ".!?" and text[:1].isupper()):
                when = sent.when.start if sent.when is not None else None
                found.append(Candidate(Citation(doc.id, sent.span), text, n, position, when))
    return found


@stage("summarize", scope="story", requires=("sentences",), provides=("summary",))
def summarize(story: Story, cfg: Config) -> Story:
    candidates = find_candidates(story.docs)
    if not candidates:
        return replace(story, summary=())
    every = [Citation(doc.id, s.span) for doc in story.docs for s in doc.sentences]
    texts = [c.span.text_of(story.doc(c.article).text) for c in every]
    vectors, all_vectors, query = _vectors([c.text for c in candidates], texts, cfg.summarize.focus)
    similar = (vectors @ all_vectors.T).tocsr()  # candidates x every sentence: cosines (rows are unit length)
    scores, support = _scores(candidates, similar, every, cfg)
    if query is not None:  # the summary answers the question: relevance leads, the story's weight follows
        relevance = (vectors @ query.T).toarray().ravel()
        scores = [math.sqrt(s) * (0.01 + float(r)) for s, r in zip(scores, relevance, strict=True)]
    chosen = _select(candidates, vectors, scores, cfg)
    ordered = sorted(chosen, key=lambda i: (candidates[i].when is None, candidates[i].when or _NEVER,
                                            candidates[i].citation.article, candidates[i].citation.span.start))
    return replace(story, summary=tuple(SummarySentence((candidates[i].citation, *support[i])) for i in ordered))


_NEVER = datetime.max.replace(tzinfo=UTC)


def _vectors(texts: list[str], every: list[str], focus: str) -> tuple[Any, Any, Any]:
    """Unit-length TF-IDF rows for the candidates, every sentence and the focus question (or None)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(lowercase=True, stop_words="english", sublinear_tf=True, ngram_range=(1, 2),
                                 token_pattern=r"(?u)\b[^\W\d_][\w'-]+\b")
    try:
        vectorizer.fit(every)
    except ValueError:  # nothing but stop words
        vectorizer = TfidfVectorizer(lowercase=True, token_pattern=r"(?u)\b\w+\b").fit(every)
    query = vectorizer.transform([focus]) if focus.strip() else None
    return vectorizer.transform(texts), vectorizer.transform(every), query


def _scores(candidates: list[Candidate], similar: Any, every: list[Citation],
            cfg: Config) -> tuple[list[float], list[list[Citation]]]:
    """Each candidate's score and, to cite beside it, the closest sentence of each other article that
    says the same."""
    same = cfg.summarize.same
    n_other = max(1, len({c.article for c in every}) - 1)
    scores, support = [], []
    for i, cand in enumerate(candidates):
        row = similar.getrow(i)
        best: dict[str, tuple[float, int]] = {}
        total = 0.0
        for j, value in zip(row.indices, row.data, strict=True):
            article = every[j].article
            if article == cand.citation.article:
                continue
            total += value
            if value >= same and value > best.get(article, (0.0, -1))[0]:
                best[article] = (value, j)
        centrality = total / len(every)
        position = 1.0 if cand.position < _LEAD else 0.5 + 0.5 / (1 + cand.position - _LEAD)
        breadth = 1 + math.log1p(len(best)) / math.log1p(n_other)
        scores.append(breadth * (0.01 + centrality) * position)
        support.append([every[j] for _, (_, j) in sorted(best.items())])
    return scores, support


def _select(candidates: list[Candidate], vectors: Any, scores: list[float], cfg: Config) -> list[int]:
    """Greedy maximal marginal relevance within the length limit; nothing said twice."""
    top = max(scores) or 1.0
    relevance = [s / top for s in scores]
    diversity, same = cfg.summarize.diversity, cfg.summarize.same
    max_sentences = cfg.summarize.max_sentences
    chosen: list[int] = []
    closest = [0.0] * len(candidates)  # each candidate's highest cosine with a chosen sentence
    words = 0
    remaining = set(range(len(candidates)))
    while remaining and (not max_sentences or len(chosen) < max_sentences):
        room = cfg.summarize.max_words - words
        fits = [i for i in remaining if closest[i] < same and (max_sentences or candidates[i].words <= room)]
        if not fits:
            break
        pick = max(fits, key=lambda i: ((1 - diversity) * relevance[i] - diversity * closest[i], -i))
        chosen.append(pick)
        words += candidates[pick].words
        remaining.discard(pick)
        cosines = (vectors @ vectors.getrow(pick).T).toarray().ravel()
        closest = [max(c, float(v)) for c, v in zip(closest, cosines, strict=True)]
    return chosen
