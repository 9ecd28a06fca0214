"""Timeline: the story's key dates, each with what was reported, cited to the articles.

First version: the dates are the articles' publication dates, ranked by how many articles were
published that day; each date carries the lead sentence of its articles. (Dating the events the
sentences report, and choosing dates by how they are referred to, come with the time issue.)"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from storyline.config import Config
from storyline.model import Citation, Doc, Story, TimelineEntry, When
from storyline.pipeline import stage
from storyline.stages.summarize import lead_sentences, overlap, words


@stage("timeline", scope="story", requires=("sentences", "published"), provides=("timeline",))
def build_timeline(story: Story, cfg: Config) -> Story:
    by_date: dict[str, list[Doc]] = defaultdict(list)
    when_of: dict[str, When] = {}
    for doc in story.docs:
        if doc.published is not None:
            by_date[doc.published.when.iso()].append(doc)
            when_of.setdefault(doc.published.when.iso(), doc.published.when)
    ranked = sorted(by_date, key=lambda d: (-len(by_date[d]), d))[: cfg.timeline.max_dates]
    entries = []
    for date in sorted(ranked):
        chosen: list[tuple[Citation, set[str]]] = []
        for citation, text in lead_sentences(by_date[date]):
            bag = words(text)
            if len(chosen) < cfg.timeline.sentences_per_date and all(overlap(bag, b) < 0.5 for _, b in chosen):
                chosen.append((citation, bag))
        if chosen:
            entries.append(TimelineEntry(when_of[date], tuple(c for c, _ in chosen)))
    return replace(story, timeline=tuple(entries))
