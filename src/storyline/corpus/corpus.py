"""``Corpus``: a stream of articles sorted into stories in one store, each story's briefing kept current.

``add`` reads files, folders, page and feed URLs, prepares each new article once (corpus/prepare.py, in
worker processes or on Dask), keeps one copy of each article (read/duplicates.py: every other source
is recorded), puts each article in its story (corpus/cluster.py) and commits each slice whole.
``show`` builds a story's briefing with the pipeline, from the articles' stored annotations, and keeps
it until the story changes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from storyline import codec
from storyline.config import Config
from storyline.corpus.cluster import StoryClusterer, describe
from storyline.corpus.prepare import INGEST_STAGES, Prepared, input_key
from storyline.corpus.runner import Runner
from storyline.corpus.signals import Signal
from storyline.corpus.store import Store, StoreError
from storyline.model import Article, Doc, Skipped, Story
from storyline.pipeline import Pipeline
from storyline.read.duplicates import DuplicateIndex, Fingerprint
from storyline.read.ingest import Batch

if TYPE_CHECKING:
    from storyline.corpus.inputs import Inputs

CHUNK = 16  # articles per unit of work handed to a worker
_LOAD_ROWS = 4096  # stored articles read at a time when their state is loaded
_DESCRIBE_MOST = 300  # articles a story's label and main entities are drawn from

Progress = Callable[[int], None]


@dataclass
class AddReport:
    """What one ``add`` did: every input is counted in exactly one of the last five."""

    inputs: int = 0
    articles: int = 0
    added: int = 0
    copies: int = 0
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    stories: set[str] = field(default_factory=set)
    merges: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class StoryInfo:
    id: str
    label: str
    entities: tuple[str, ...]
    first_day: date | None
    last_day: date | None
    articles: int
    outlets: int
    unknown_outlets: int
    updated_at: datetime


_STORY_COLUMNS = "id, label, entities, first_day, last_day, articles, outlets, unknown_outlets, updated_at"


class Corpus:
    """A corpus store opened for reading and writing (``read_only`` for the queries alone)."""

    def __init__(self, path: str | Path = "storyline.duckdb", *, cfg: Config | None = None,
                 read_only: bool = False) -> None:
        from storyline import api

        self.cfg = cfg or api.build_config()
        self.store = Store(path, read_only=read_only)
        self._clusterer: StoryClusterer | None = None
        self._duplicates: DuplicateIndex | None = None

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.store.close()

    # --- adding --------------------------------------------------------------------------------

    def add(self, inputs: Batch | Inputs | str | Path | Sequence[str | Path], *, workers: int | None = None,
            scheduler: str | None = None, progress: Progress | None = None,
            total: Progress | None = None) -> AddReport:
        """Add files, folders, globs, page or feed URLs (or ``Inputs`` listed, or a ``Batch`` already read);
        inputs already in the store change nothing. The inputs are read ``corpus.slice`` articles at a time
        and each slice's results committed whole, so memory does not grow with the number of inputs.
        ``progress`` is called with the articles done, ``total`` with the articles expected in all (those
        read so far and one for each input not yet read) each time that changes."""
        count, batches = self._open_inputs(inputs)
        report = AddReport(inputs=count)
        chunks = self._new_chunks(self._read_slices(batches, report, total), report, progress)
        first = next(chunks, None)
        if first is None:
            return report
        self._load_state()
        with Runner(self.cfg, workers=workers, scheduler=scheduler) as runner:
            pending: list[Prepared | Skipped] = []
            for results in runner.map(chain([first], chunks)):
                pending.extend(results)
                if len(pending) >= self.cfg.corpus.slice:
                    self._commit(pending, report, progress)
                    pending = []
            if pending:
                self._commit(pending, report, progress)
        return report

    def _open_inputs(self, inputs: Batch | Inputs | str | Path | Sequence[str | Path]) -> tuple[int, Iterable[Batch]]:
        """How many inputs there are, and their batches (read lazily unless a ``Batch`` was given)."""
        if isinstance(inputs, Batch):
            return inputs.inputs, [inputs]
        from storyline.corpus.inputs import Inputs

        if not isinstance(inputs, Inputs):
            inputs = Inputs.find([str(i) for i in ([inputs] if isinstance(inputs, str | Path) else inputs)], self.cfg)
        return len(inputs), inputs.read()

    def _read_slices(self, batches: Iterable[Batch], report: AddReport,
                     total: Progress | None) -> Iterator[list[Article]]:
        """The articles read, ``corpus.slice`` at a time (an input is read only when the slice before it
        was handed on); every input not read is recorded as skipped."""
        size = self.cfg.corpus.slice
        held: list[Article] = []
        unread = report.inputs
        for batch in batches:
            for skipped in batch.skipped:
                self._record_skipped(skipped, report)
            report.articles += len(batch.articles)
            unread -= batch.inputs
            if total:
                total(report.articles + max(0, unread))
            held.extend(batch.articles)
            while len(held) >= size:
                yield held[:size]
                del held[:size]
        if held:
            yield held

    def _new_chunks(self, slices: Iterable[list[Article]], report: AddReport,
                    progress: Progress | None) -> Iterator[list[Article]]:
        """The articles of each slice not yet in the store, in chunks for the workers."""
        for articles in slices:
            known = self._known_keys(articles)
            new = [a for a in articles if input_key(a) not in known]
            unchanged = len(articles) - len(new)
            report.unchanged += unchanged
            if progress and unchanged:
                progress(unchanged)
            yield from _chunks(new, CHUNK)

    def _known_keys(self, articles: Sequence[Article]) -> set[str]:
        keys = [input_key(a) for a in articles]
        if not keys:
            return set()
        rows = self.store.rows("SELECT key FROM inputs WHERE key IN (SELECT unnest(?))", [keys])
        return {r[0] for r in rows}

    def _load_state(self) -> None:
        if self._clusterer is not None:
            return
        self._duplicates = DuplicateIndex(min_containment=self.cfg.dedupe.min_containment)
        self._clusterer = StoryClusterer.restore(self.cfg.cluster, self._stored_signals(self._duplicates))

    def _stored_signals(self, duplicates: DuplicateIndex) -> Iterator[tuple[Signal, str]]:
        """Each stored article's signal and story, in the order added, its fingerprint put in ``duplicates``
        on the way; read a slice at a time, so loading a large store never holds all its rows."""
        cursor = self.store.db.cursor()
        cursor.execute("SELECT id, fingerprint, grams, vector, entities, day, story FROM articles ORDER BY seq")
        while rows := cursor.fetchmany(_LOAD_ROWS):
            for article_id, fp, grams, vector, entities, day, story in rows:
                duplicates.add(article_id, Fingerprint.from_bytes(fp, grams))
                yield Signal(article_id, np.frombuffer(vector, dtype=np.float32), tuple(entities), day), story
        cursor.close()

    def _commit(self, results: list[Prepared | Skipped], report: AddReport, progress: Progress | None) -> None:
        """One transaction: the slice's articles, copies, stories and merges, all or nothing."""
        assert self._clusterer is not None and self._duplicates is not None  # _load_state ran
        now = datetime.now(UTC)
        touched: set[str] = set()
        with self.store.transaction() as db:
            for item in results:
                if isinstance(item, Skipped):
                    self._record_skipped(item, report)
                    continue
                if db.execute("SELECT 1 FROM inputs WHERE key = ?", [item.key]).fetchone():
                    report.unchanged += 1  # the same input twice in one call
                    continue
                copy_of = self._duplicates.find(item.fingerprint)
                if copy_of is not None:
                    self._insert_copy(copy_of, item.doc, now)
                    db.execute("INSERT INTO inputs VALUES (?, ?, ?)", [item.key, item.doc.article.source, copy_of])
                    touched.add(self.store.one("SELECT story FROM articles WHERE id = ?", [copy_of]))
                    report.copies += 1
                    continue
                article_id = self._free_id(item.doc.id, item.key)
                doc = item.doc if article_id == item.doc.id else _renamed(item.doc, article_id)
                signal = replace(item.signal, article_id=article_id)
                assignment = self._clusterer.add(signal)
                for absorbed, into in assignment.merged:
                    self._merge(absorbed, into, now)
                    report.merges.append((absorbed, into))
                    touched.discard(absorbed)
                    touched.add(into)
                self._insert_article(doc, item, signal, assignment.story_id, now)
                db.execute("INSERT INTO inputs VALUES (?, ?, ?)", [item.key, doc.article.source, article_id])
                self._duplicates.add(article_id, item.fingerprint)
                touched.add(assignment.story_id)
                report.added += 1
            for story_id in touched:
                self._refresh_story(story_id, now)
        report.stories |= touched
        if progress:
            progress(len(results))

    def _free_id(self, wanted: str, key: str) -> str:
        if self.store.one("SELECT 1 FROM articles WHERE id = ?", [wanted]) is None:
            return wanted
        return f"{wanted}-{key[:8]}"

    def _insert_article(self, doc: Doc, item: Prepared, signal: Signal, story_id: str, now: datetime) -> None:
        published = doc.published
        self.store.db.execute(
            "INSERT INTO articles VALUES (?, (SELECT coalesce(max(seq), 0) + 1 FROM articles), ?, ?, ?, ?, ?, ?, ?, "
            "?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?)",
            [doc.id, doc.article.source, doc.article.url, doc.title, _outlet(doc),
             published.when.start.date() if published else None, published.how if published else None,
             published.confidence if published else None, now, hashlib.sha256(doc.text.encode()).hexdigest(),
             doc.text, json.dumps(codec.to_data(doc)), item.fingerprint.to_bytes(), item.fingerprint.size,
             np.asarray(signal.vector, dtype=np.float32).tobytes(), list(signal.entities), signal.day, story_id])

    def _insert_copy(self, article_id: str, doc: Doc, now: datetime) -> None:
        self.store.db.execute("INSERT INTO copies VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                              [article_id, doc.article.source, doc.article.url, _outlet(doc), doc.title, now])

    def _record_skipped(self, skipped: Skipped, report: AddReport) -> None:
        self.store.db.execute("INSERT INTO skipped VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                              [skipped.source, skipped.reason, datetime.now(UTC)])
        report.skipped.append(skipped)

    def _merge(self, absorbed: str, into: str, now: datetime) -> None:
        db = self.store.db
        db.execute("UPDATE articles SET story = ? WHERE story = ?", [into, absorbed])
        db.execute("DELETE FROM stories WHERE id = ?", [absorbed])
        db.execute("DELETE FROM briefings WHERE story = ?", [absorbed])
        db.execute("INSERT INTO merges VALUES (?, ?, ?)", [absorbed, into, now])

    def _refresh_story(self, story_id: str, now: datetime) -> None:
        """Recount a story from its articles and copies; raise its version."""
        db = self.store.db
        stats = db.execute("SELECT count(*), min(day), max(day) FROM articles WHERE story = ?", [story_id]).fetchone()
        count, first_day, last_day = stats or (0, None, None)
        rows = db.execute(  # a large story is described from a fixed sample of its articles, so a commit stays cheap
            "SELECT id, title, vector, entities, day FROM articles WHERE story = ? ORDER BY hash(id), id LIMIT ?",
            [story_id, _DESCRIBE_MOST]).fetchall()
        rows.sort(key=lambda r: r[0])
        signals = [Signal(r[0], np.frombuffer(r[2], dtype=np.float32), tuple(r[3]), r[4]) for r in rows]
        label, entities = describe(signals, [r[1] for r in rows])
        outlets = db.execute(
            "SELECT count(DISTINCT outlet), count(*) FILTER (WHERE outlet IS NULL) FROM ("
            "SELECT outlet FROM articles WHERE story = ? UNION ALL "
            "SELECT c.outlet FROM copies c JOIN articles a ON c.article = a.id WHERE a.story = ?)",
            [story_id, story_id]).fetchone()
        assert outlets is not None
        db.execute(
            "INSERT INTO stories VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) ON CONFLICT (id) DO UPDATE SET "
            "label = excluded.label, entities = excluded.entities, first_day = excluded.first_day, "
            "last_day = excluded.last_day, articles = excluded.articles, outlets = excluded.outlets, "
            "unknown_outlets = excluded.unknown_outlets, updated_at = excluded.updated_at, "
            "version = stories.version + 1",
            [story_id, label, list(entities), first_day, last_day, count, outlets[0], outlets[1], now, now])

    # --- reading -------------------------------------------------------------------------------

    def stories(self, *, since: date | None = None, until: date | None = None,
                min_articles: int = 1) -> list[StoryInfo]:
        """Stories, the most recently changed first."""
        sql = f"SELECT {_STORY_COLUMNS} FROM stories WHERE articles >= ?"
        params: list[Any] = [min_articles]
        if since is not None:
            sql += " AND coalesce(last_day, DATE '9999-12-31') >= ?"
            params.append(since)
        if until is not None:
            sql += " AND coalesce(first_day, DATE '0001-01-01') <= ?"
            params.append(until)
        sql += " ORDER BY updated_at DESC, last_day DESC NULLS LAST, id"
        return [_story_info(row) for row in self.store.rows(sql, params)]

    def story(self, story_id: str) -> StoryInfo:
        row = self.store.db.execute(f"SELECT {_STORY_COLUMNS} FROM stories WHERE id = ?", [story_id]).fetchone()
        if row is None:
            merged = self.store.one("SELECT into_story FROM merges WHERE absorbed = ? ORDER BY merged_at DESC",
                                    [story_id])
            hint = f" It was merged into {merged}." if merged else " List them with `storyline corpus stories`."
            raise StoreError(f"No story {story_id!r} in {self.store.path}.{hint}")
        return _story_info(row)

    def find(self, words: str, *, limit: int = 20) -> tuple[list[StoryInfo], list[tuple[str, str, str | None]]]:
        """Stories whose label or main entities name ``words``, and articles whose title or text holds
        them: (story info list, [(article id, story id, title)])."""
        pattern = f"%{words.strip()}%"
        story_rows = self.store.rows(
            f"SELECT {_STORY_COLUMNS} FROM stories WHERE label ILIKE ? OR array_to_string(entities, '|') ILIKE ? "
            "ORDER BY articles DESC LIMIT ?", [pattern, pattern, limit])
        articles = self.store.rows(
            "SELECT id, story, title FROM articles WHERE title ILIKE ? OR array_to_string(entities, '|') ILIKE ? "
            "OR text ILIKE ? ORDER BY seq LIMIT ?", [pattern, pattern, pattern, limit])
        found = {r[0] for r in story_rows}
        extra = [s for s in dict.fromkeys(a[1] for a in articles) if s not in found]
        stories = [_story_info(r) for r in story_rows] + [self.story(s) for s in extra]
        return stories, [(a[0], a[1], a[2]) for a in articles]

    def has_url(self, url: str) -> bool:
        """Whether an article or a copy from ``url`` is stored (a feed's item need not be fetched again)."""
        return bool(self.store.one("SELECT count(*) FROM articles WHERE url = ?", [url])
                    or self.store.one("SELECT count(*) FROM copies WHERE url = ?", [url]))

    def skipped(self) -> list[tuple[str, str, datetime]]:
        rows = self.store.rows("SELECT source, reason, skipped_at FROM skipped ORDER BY skipped_at, source")
        return [(r[0], r[1], r[2]) for r in rows]

    def merges(self) -> list[tuple[str, str, datetime]]:
        rows = self.store.rows("SELECT absorbed, into_story, merged_at FROM merges ORDER BY merged_at")
        return [(r[0], r[1], r[2]) for r in rows]

    def export(self, path: str | Path, *, format: str = "jsonl") -> int:
        """Write every article (with its story and copies) as JSON lines or Parquet; returns the count.
        A JSONL export can be added to another store as it is."""
        from storyline.corpus.export import export

        return export(self.store, Path(path), format=format)

    # --- briefings -----------------------------------------------------------------------------

    def show(self, story_id: str, *, progress: Progress | None = None) -> Story:
        """The story's briefing: the stored one when the story has not changed since, else built now."""
        info_version = self.store.one("SELECT version FROM stories WHERE id = ?", [story_id])
        if info_version is None:
            self.story(story_id)  # raises with the reason
        settings = _settings_key(self.cfg)
        row = self.store.db.execute("SELECT version, settings, story_data FROM briefings WHERE story = ?",
                                    [story_id]).fetchone()
        if row is not None and row[0] == info_version and row[1] == settings:
            return codec.from_data(Story, json.loads(row[2]))
        story = self._build(story_id, progress)
        if not self.store.read_only:  # a store opened read-only still shows the briefing, it does not keep it
            with self.store.transaction() as db:
                db.execute("INSERT OR REPLACE INTO briefings VALUES (?, ?, ?, ?, ?)",
                           [story_id, info_version, settings, json.dumps(codec.to_data(story)), datetime.now(UTC)])
        return story

    def _build(self, story_id: str, progress: Progress | None) -> Story:
        rows = self.store.rows("SELECT id, doc, annotated FROM articles WHERE story = ? ORDER BY seq", [story_id])
        copies: dict[str, list[str]] = {}
        for article, source in self.store.rows(
                "SELECT c.article, c.source FROM copies c JOIN articles a ON c.article = a.id WHERE a.story = ? "
                "ORDER BY c.added_at, c.source", [story_id]):
            copies.setdefault(article, []).append(source)
        docs = [codec.from_data(Doc, json.loads(annotated or doc)) for _, doc, annotated in rows]
        doc_stages = [n for n in self.cfg.pipeline.stages if n not in INGEST_STAGES and _is_doc_stage(n)]
        todo = [d for d in docs if not set(doc_stages) <= d.done]
        if todo:
            annotated = Pipeline(self.cfg, names=[*INGEST_STAGES, *doc_stages]).run_many(todo, progress=progress)
            self._keep_annotations(annotated.docs)
            done = {d.id: d for d in annotated.docs}
            docs = [done.get(d.id, d) for d in docs]
        docs = [replace(d, sources=tuple(dict.fromkeys((*d.sources, *copies.get(d.id, ()))))) for d in docs]
        return Pipeline(self.cfg).run_many(docs)

    def _keep_annotations(self, docs: Iterable[Doc]) -> None:
        if self.store.read_only:
            return
        with self.store.transaction() as db:
            for doc in docs:
                db.execute("UPDATE articles SET annotated = ? WHERE id = ?", [json.dumps(codec.to_data(doc)), doc.id])


def _chunks(items: list[Article], size: int) -> Iterator[list[Article]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _renamed(doc: Doc, article_id: str) -> Doc:
    return replace(doc, article=replace(doc.article, id=article_id))


def _outlet(doc: Doc) -> str | None:
    if doc.outlet:
        return doc.outlet
    url = doc.article.url
    if url and "://" in url:
        host = url.split("://", 1)[1].split("/", 1)[0].lower()
        return host[4:] if host.startswith("www.") else host
    return None


def _is_doc_stage(name: str) -> bool:
    from storyline.pipeline import available_stages

    return available_stages()[name].scope == "doc"


def _settings_key(cfg: Config) -> str:
    data = codec.to_data(replace(cfg, pipeline=replace(cfg.pipeline, processes=0)))
    del data["corpus"]  # how adds are sliced changes no briefing
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


def _story_info(row: tuple[Any, ...]) -> StoryInfo:
    return StoryInfo(row[0], row[1], tuple(row[2]), row[3], row[4], row[5], row[6], row[7], row[8])
