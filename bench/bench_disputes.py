"""The claims stage's disputes on Timeline17, written out for labelling by hand (issue 16, part 2).

For each story given (bpoil, H1N1, ...), the articles of every outlet's topic folder (<story>_<outlet>) are
analysed together, the outlet being the folder's suffix; at most --per-outlet articles of each, spread evenly
over its days. The stages are those the claims stage reads (clean, sentences, entities, temporal, timex,
dates, claims). Each dispute is written as a Markdown block (article ids, the claim's sentence, the sentence
disputing it) to --out, with an empty label to fill in.

    PYTHONPATH=src python bench/bench_disputes.py /work/shared/data/timeline17 bpoil H1N1 --out /tmp/d.md
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace
from pathlib import Path

from storyline import api
from storyline.evaluate.tls import read_articles
from storyline.model import Article, Doc, Story
from storyline.pipeline import Pipeline

STAGES = ["clean", "sentences", "entities", "temporal", "timex", "dates", "claims"]


def story_articles(root: Path, story: str, per_outlet: int) -> list[Article]:
    articles: list[Article] = []
    for folder in sorted(root.glob(f"{story}_*")):
        outlet = folder.name.split("_", 1)[1]
        found = read_articles(folder)
        step = max(1, len(found) // per_outlet)
        articles += [replace(a, id=f"{folder.name}/{a.id}", outlet=outlet) for a in found[::step][:per_outlet]]
    return articles


def disputes(story: Story) -> list[tuple[str, str, str, str]]:
    return [(c.sources[0].article, story.cited_text(c.sources[0]), d.article, story.cited_text(d))
            for c in story.claims for d in c.disputed_by]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("stories", nargs="+")
    parser.add_argument("--per-outlet", type=int, default=40)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    cfg = api.build_config(stages=STAGES)
    lines: list[str] = []
    n = 0
    for name in args.stories:
        articles = story_articles(args.root, name, args.per_outlet)
        started = time.perf_counter()
        with Pipeline(cfg) as pipeline:
            story = pipeline.run_many([Doc(article=a) for a in articles])
        found = disputes(story)
        claims = len(story.claims)
        print(f"{name}: {len(articles)} articles, {claims} claims, {len(found)} disputes, "
              f"{time.perf_counter() - started:.0f} s")
        for claim_article, claim, other_article, other in found:
            n += 1
            lines += [f"{n}. `{claim_article}` vs `{other_article}` — label: ", f"   - claim: {claim}",
                      f"   - disputed by: {other}", ""]
    args.out.write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    main()
