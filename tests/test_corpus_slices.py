"""Corpus mode reads, prepares and commits its inputs a slice at a time: what one `corpus add` holds does
not grow with the number of inputs, and nothing of exactly-once, copies or skipped inputs is lost."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from storyline.corpus import Corpus
from storyline.corpus.inputs import Inputs
from storyline.model import Article, Skipped
from storyline.read.ingest import Batch
from tests.builders import default_config, make_article

SLICE = 8
PLACES = ["Harwick", "Orlen", "Vessa", "Tamsin", "Brell"]


def _article(i: int) -> Article:
    place = PLACES[i % len(PLACES)]
    return make_article(f"Officials in {place} met on day {i} to weigh plan number {i}, which covers item {i * 13} "
                        f"of the budget. The {place} mayor said plan {i} would cost {i * 3 + 7} million. Residents "
                        f"asked about {i * 5 + 1} homes and {i % 9 + 2} schools named in plan {i}.",
                        id=f"a{i:03d}", title=f"{place} report {i}: council weighs plan number {i}")


class _Recorded(Inputs):
    """``n`` inputs of one article each, read lazily; at each read, how many inputs the store holds."""

    def __init__(self, n: int, corpus: Corpus, articles: dict[int, Article] | None = None) -> None:
        super().__init__([(f"in{i}", None) for i in range(n)], [], corpus.cfg)
        self.corpus = corpus
        self.articles = articles or {}
        self.stored_at_read: list[int] = []

    def read(self) -> Iterator[Batch]:
        for i in range(len(self)):
            self.stored_at_read.append(self.corpus.store.one("SELECT count(*) FROM inputs"))
            yield Batch([self.articles.get(i) or _article(i)], [], 1)


def _corpus(tmp_path: Path) -> Corpus:
    return Corpus(tmp_path / "s.duckdb", cfg=default_config(corpus={"slice": SLICE}))


def test_corpus_add_reads_at_most_a_slice_ahead_of_the_store(tmp_path: Path) -> None:
    with _corpus(tmp_path) as corpus:
        inputs = _Recorded(5 * SLICE, corpus)
        report = corpus.add(inputs, workers=0)
    assert report.added == 5 * SLICE
    ahead = [read - stored for read, stored in enumerate(inputs.stored_at_read)]
    assert max(ahead) < SLICE, f"inputs read ahead of the store's commits: {ahead}"


def test_corpus_add_finds_copies_across_slices(tmp_path: Path) -> None:
    text = _article(1).text
    copies = {i: Article(f"copy{i}", f"test:copy{i}", text, title=f"Copy {i}") for i in (SLICE + 2, 4 * SLICE)}
    with _corpus(tmp_path) as corpus:
        report = corpus.add(_Recorded(4 * SLICE + 1, corpus, copies), workers=0)
        sources = corpus.store.rows("SELECT source FROM copies WHERE article = 'a001' ORDER BY source")
    assert (report.added, report.copies) == (4 * SLICE - 1, 2)
    assert sources == [("test:copy10",), ("test:copy32",)]


def test_corpus_add_lists_skipped_inputs_of_every_slice(tmp_path: Path) -> None:
    class _WithBad(_Recorded):
        def read(self) -> Iterator[Batch]:
            for i, batch in enumerate(super().read()):
                yield Batch(skipped=[Skipped(f"bad{i}", "broken")], inputs=1) if i % SLICE == 3 else batch

    with _corpus(tmp_path) as corpus:
        report = corpus.add(_WithBad(3 * SLICE, corpus), workers=0)
        stored = {source for source, _, _ in corpus.skipped()}
    assert stored == {"bad3", f"bad{SLICE + 3}", f"bad{2 * SLICE + 3}"}
    assert (report.added, len(report.skipped)) == (3 * SLICE - 3, 3)


def test_corpus_add_reports_the_total_as_inputs_turn_out_to_hold_more(tmp_path: Path) -> None:
    class _Records(_Recorded):
        def read(self) -> Iterator[Batch]:  # the first input is a record file of three articles
            yield Batch([_article(90), _article(91), _article(92)], [], 1)
            yield from list(super().read())[1:]

    totals: list[int] = []
    done: list[int] = []
    with _corpus(tmp_path) as corpus:
        corpus.add(_Records(4, corpus), workers=0, progress=done.append, total=totals.append)
    assert totals[0] == 3 + 3 and totals[-1] == 6 and sum(done) == 6
