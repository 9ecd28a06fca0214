"""The summary's candidates: the sentences of a story that stand on their own (stages/summarize.py says
which), shared by the summary and the claims."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from storyline.model import Citation, Doc

_CONTEXT_OPENERS = re.compile(
    r"^(?:he|she|it|they|we|i|you|this|that|these|those|but|and|or|so|also|yet|still|then|his|her|its|their|"
    r"our|there|here|such|both|however|meanwhile|instead|nevertheless|moreover|furthermore|otherwise|thus|"
    r"hence|however|later|earlier|afterwards|the latter|the former|the same|other|another|again|in addition|"
    r"additionally|in turn|as a result|in response|at the same time|for (?:his|her|its|their) part)\b", re.I)
_QUOTE = re.compile(r"[\"“”]|(?:^|\s)['‘](?=\w)")
_MIN_WORDS, _MAX_WORDS = 8, 60


@dataclass(frozen=True)
class Candidate:
    citation: Citation
    text: str
    words: int
    position: int
    when: datetime | None
    stated: bool = False  # its date is its own time expression's, not only its article's


def pool_size(n_articles: int, pool: int, budget: int) -> int:
    """Candidates per article: ``pool``, fewer when ``n_articles * pool`` would pass ``budget`` (each
    candidate is run through the sentence model: about 70 a second here), never under one."""
    return max(1, min(pool, budget // max(1, n_articles)))


def find_candidates(docs: Sequence[Doc], *, pool: int) -> list[Candidate]:
    """Sentences that stand on their own (see the module docstring), at most ``pool`` per article, in
    article and text order."""
    found = []
    for doc in docs:
        taken = 0
        for position, sent in enumerate(doc.sentences):
            if taken >= pool:
                break
            text = sent.span.text_of(doc.text).strip()
            n = len(text.split())
            if (_MIN_WORDS <= n <= _MAX_WORDS and not _CONTEXT_OPENERS.match(text) and not _QUOTE.search(text)
                    and text[-1:] in ".!?" and text[:1].isupper()):
                when = sent.when.start if sent.when is not None else None
                found.append(Candidate(Citation(doc.id, sent.span), text, n, position, when,
                                       sent.when is not None and sent.when_how == "text"))
                taken += 1
    return found
