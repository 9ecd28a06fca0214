"""`storyline eval clusters`: online story clustering against gold stories.

Each ROOT holds gold stories as ``ROOT/<story>/<article>`` (articles may sit deeper: every file under a
story folder is one of its articles); a ROOT that holds files and no folders is one story. Several roots
make one stream (the development stream is four: ECB+, Timeline17, MEANTIME and the seeds). Two
layouts are recognised inside a story folder:

- Timeline17 (``<topic>/InputDocs/<YYYY-MM-DD>/<id>.htm.txt``): the gold story is the topic folder's
  name before the first ``_`` (``bpoil_bbc`` and ``bpoil_reuters`` are one story told by two outlets, as
  the data's README defines it, and as ``eval pubdate --by-story`` groups them);
- MEANTIME/NAF XML (``<Document>`` of ``<token>``s): the text is rebuilt from the tokens, the first
  sentence is the title, the day is the document creation time.

An article's day is the ``YYYY-MM-DD`` folder it sits in, else the day storyline's reader finds (HTML or
JSON metadata, a feed's date), else none. The articles are streamed in publication order, undated ones
last in name order, each given to ``StoryClusterer.add`` once (signals made in batches first).

Figures: B-cubed precision, recall and F1 (per article, averaged over articles), the adjusted Rand index,
the stories found and gold, and the same per source (each ROOT).
``--half a|b`` keeps only the gold stories whose name hashes to that half (tune on one, report the other).
"""

from __future__ import annotations

import hashlib
import re
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from storyline.config import ClusterConfig, IngestConfig
from storyline.errors import InputError

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_BATCH = 64
Advance = Callable[[int], None]


@dataclass(frozen=True)
class GoldArticle:
    """One article of the stream: where it came from, its gold story and what clustering reads of it."""

    source: str
    story: str
    name: str
    title: str | None
    text: str
    day: date | None


def find_articles(roots: Sequence[Path], ingest: IngestConfig) -> list[GoldArticle]:
    """Every article under the roots, with its gold story (named ``<root>/<story>``)."""
    out: list[GoldArticle] = []
    for root in roots:
        if not root.is_dir():
            raise InputError(f"{root} is not a folder; give folders laid out as ROOT/<story>/<article>.")
        folders = sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))
        groups = [(root.name, root)] if not folders else [(_story_name(p), p) for p in folders]
        for story, folder in groups:
            inside = folder / "InputDocs" if (folder / "InputDocs").is_dir() else folder
            for path in sorted(p for p in inside.rglob("*") if p.is_file() and not p.name.startswith(".")):
                article = _read(root.name, f"{root.name}/{story}", path, root, ingest)
                if article is not None:
                    out.append(article)
    if not out:
        raise InputError(f"No articles under {', '.join(map(str, roots))}; give folders laid out as "
                         "ROOT/<story>/<article>.")
    return out


def _story_name(folder: Path) -> str:
    return folder.name.split("_", 1)[0] if (folder / "InputDocs").is_dir() else folder.name


def _read(source: str, story: str, path: Path, root: Path, ingest: IngestConfig) -> GoldArticle | None:
    from storyline.read.ingest import read_file

    name = f"{root.name}/{path.relative_to(root)}"
    day = next((date.fromisoformat(p.name) for p in path.parents if _DAY.match(p.name)), None)
    if path.suffix.lower() == ".xml" and "<token" in path.read_text(encoding="utf-8", errors="replace")[:4000]:
        title, text, dct = read_naf(path)
        return GoldArticle(source, story, name, title, text, day or dct)
    try:
        articles, _ = read_file(path, ingest)
    except InputError:
        return None
    if not articles:
        return None
    article = articles[0]
    published = article.published.when.start.date() if article.published else None
    return GoldArticle(source, story, name, article.title, article.text, day or published)


def read_naf(path: Path) -> tuple[str, str, date | None]:
    """A MEANTIME (NAF-like) document: its title (first sentence), text rebuilt from tokens, and DCT."""
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as e:
        raise InputError(f"{path}: not a readable MEANTIME XML file ({e}).") from e
    sentences: dict[str, list[str]] = defaultdict(list)
    for token in root.iter("token"):
        sentences[token.get("sentence", "0")].append(token.text or "")
    lines = [_join(words) for _, words in sorted(sentences.items(), key=lambda kv: int(kv[0]))]
    dct = next((el.get("value", "")[:10] for el in root.iter("TIMEX3")
                if el.get("functionInDocument") == "CREATION_TIME"), "")
    day = date.fromisoformat(dct) if _DAY.match(dct) else None
    return (lines[0] if lines else ""), "\n".join(lines[1:]), day


def _join(words: list[str]) -> str:
    text = " ".join(words)
    return re.sub(r"\s+([.,;:!?%)\]'])|([(\[$])\s+", lambda m: m.group(1) or m.group(2), text)


def stream_order(articles: Sequence[GoldArticle]) -> list[GoldArticle]:
    """Publication order; undated articles last, in name order."""
    return sorted(articles, key=lambda a: (a.day is None, a.day or date.min, a.name))


def half_of(story: str) -> str:
    """'a' or 'b': the half a gold story falls in, by a stable hash of its name."""
    return "ab"[hashlib.sha1(story.encode("utf-8")).digest()[0] % 2]


def evaluate(roots: Sequence[Path], *, cfg: ClusterConfig, ingest: IngestConfig, half: str | None = None,
             progress: Callable[[str, int], Advance] | None = None) -> dict[str, Any]:
    """Stream the roots' articles through StoryClusterer and score the stories against the gold."""
    from storyline.corpus.cluster import StoryClusterer
    from storyline.corpus.signals import make_signals

    articles = stream_order(find_articles(roots, ingest))
    if half is not None:
        articles = [a for a in articles if half_of(a.story) == half]
    advance = progress("signals and clustering", len(articles)) if progress else (lambda n: None)
    clusterer = StoryClusterer(cfg)
    started = time.perf_counter()
    signal_seconds = 0.0
    for start in range(0, len(articles), _BATCH):
        batch = articles[start : start + _BATCH]
        t0 = time.perf_counter()
        signals = make_signals([(a.name, a.title, a.text, a.day) for a in batch])
        signal_seconds += time.perf_counter() - t0
        for signal in signals:
            clusterer.add(signal)
        advance(len(batch))
    elapsed = time.perf_counter() - started
    predicted = {aid: story_id for story_id, members in clusterer.stories().items() for aid in members}
    gold = {a.name: a.story for a in articles}
    figures = score(predicted, gold)
    figures["per_source"] = {source: score(predicted, gold, only={a.name for a in articles if a.source == source})
                             for source in dict.fromkeys(a.source for a in articles)}
    figures["articles_per_second"] = round(len(articles) / elapsed, 1) if elapsed else None
    figures["signal_seconds"] = round(signal_seconds, 1)
    figures["cluster_seconds"] = round(elapsed - signal_seconds, 1)
    return figures


def score(predicted: dict[str, str], gold: dict[str, str], *, only: set[str] | None = None) -> dict[str, Any]:
    """B-cubed precision, recall, F1 and the adjusted Rand index; ``only`` limits the articles averaged
    over (the clusters stay whole, so a source's precision counts the other sources' articles too)."""
    items = [k for k in gold if only is None or k in only]
    pred_size = Counter(predicted.values())
    gold_size = Counter(gold.values())
    both = Counter((predicted[k], gold[k]) for k in gold)
    precision = sum(both[predicted[k], gold[k]] / pred_size[predicted[k]] for k in items) / max(len(items), 1)
    recall = sum(both[predicted[k], gold[k]] / gold_size[gold[k]] for k in items) / max(len(items), 1)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"articles": len(items), "bcubed_precision": round(precision, 4), "bcubed_recall": round(recall, 4),
            "bcubed_f1": round(f1, 4), "ari": round(adjusted_rand(predicted, gold, items), 4),
            "stories_found": len({predicted[k] for k in items}), "stories_gold": len({gold[k] for k in items})}


def adjusted_rand(predicted: dict[str, str], gold: dict[str, str], items: Sequence[str]) -> float:
    """Hubert and Arabie's adjusted Rand index of the two partitions of ``items``."""
    n = len(items)
    if n < 2:
        return 1.0

    def pairs(count: int) -> float:
        return count * (count - 1) / 2

    joint = sum(pairs(c) for c in Counter((predicted[k], gold[k]) for k in items).values())
    rows = sum(pairs(c) for c in Counter(predicted[k] for k in items).values())
    cols = sum(pairs(c) for c in Counter(gold[k] for k in items).values())
    expected = rows * cols / pairs(n)
    top = (rows + cols) / 2
    return 1.0 if top == expected else (joint - expected) / (top - expected)
