"""`storyline corpus ...`: a thin edge over ``Corpus`` (parse, call, print; errors to exit code 2)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from storyline.errors import StorylineError

if TYPE_CHECKING:  # the store's libraries load only when a corpus command runs
    from storyline.corpus.corpus import AddReport, Corpus, StoryInfo

app = typer.Typer(no_args_is_help=True, help="Sort a stream of articles into stories in a store; brief each story.")
err = Console(stderr=True, soft_wrap=True)
out = Console(soft_wrap=True)

StoreOption = Annotated[Path, typer.Option("--store", help="The corpus store (a DuckDB file).")]
ConfigOption = Annotated[Path | None, typer.Option("--config", help="A TOML file overriding defaults.toml.")]
WorkersOption = Annotated[int | None, typer.Option(
    "--workers", help="Local worker processes for the per-article work (default: the cores available).")]
SchedulerOption = Annotated[str | None, typer.Option(
    "--scheduler", help="Run the per-article work on this Dask scheduler (tcp://HOST:PORT).")]
DEFAULT_STORE = Path("storyline.duckdb")
PROGRESS_FROM = 20


@contextmanager
def _opened(store: Path, config: Path | None = None, *, read_only: bool = False) -> Iterator[Corpus]:
    from storyline import api
    from storyline.corpus.corpus import Corpus

    try:
        corpus = Corpus(store, cfg=api.build_config(config), read_only=read_only)
    except StorylineError as e:
        err.print(f"[red]error:[/red] {escape(str(e))}", highlight=False)
        raise typer.Exit(2) from e
    try:
        yield corpus
    except StorylineError as e:
        err.print(f"[red]error:[/red] {escape(str(e))}", highlight=False)
        raise typer.Exit(2) from e
    finally:
        corpus.close()


def _progress(quiet: bool) -> tuple[Any, Callable[[int], None] | None, Callable[[int], None] | None]:
    """A bar (None when quiet), its advance and its total: the total grows as inputs turn out to hold
    several articles, and the bar shows once PROGRESS_FROM articles are expected."""
    if quiet:
        return None, None, None
    bar = Progress(TextColumn("adding"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=err,
                   transient=True)
    task = bar.add_task("articles", total=None, visible=False)
    return (bar, lambda n: bar.advance(task, n),
            lambda n: bar.update(task, total=n, visible=n >= PROGRESS_FROM))


def _print_report(report: AddReport, quiet: bool) -> None:
    if quiet:
        return
    err.print(f"Read {report.inputs} input(s) holding {report.articles} article(s): {report.added} added, "
              f"{report.copies} copies of stored articles (sources recorded), {report.unchanged} already in the "
              f"store, {len(report.skipped)} skipped; {len(report.stories)} story(ies) changed, "
              f"{len(report.merges)} merge(s).", highlight=False, markup=False)
    for skipped in report.skipped[:10]:
        err.print(f"  skipped {skipped.source}: {skipped.reason}", highlight=False, markup=False)
    if len(report.skipped) > 10:
        err.print(f"  ... and {len(report.skipped) - 10} more: storyline corpus skipped", highlight=False)


@app.command("add")
def add(inputs: Annotated[list[str], typer.Argument(help="Files, folders, globs, page or feed URLs, or -.")],
        store: StoreOption = DEFAULT_STORE, workers: WorkersOption = None, scheduler: SchedulerOption = None,
        config: ConfigOption = None, quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False) -> None:
    """Add articles: each new one joins its story or starts one; copies are recorded, not analysed again."""
    from storyline.corpus.inputs import Inputs

    with _opened(store, config) as corpus:
        found = Inputs.find(inputs, corpus.cfg)
        bar, advance, total = _progress(quiet)
        with bar or nullcontext():
            report = corpus.add(found, workers=workers, scheduler=scheduler, progress=advance, total=total)
    _print_report(report, quiet)
    if report.articles and not (report.added or report.copies or report.unchanged):
        raise typer.Exit(1)


@app.command("watch")
def watch(feeds_file: Annotated[Path, typer.Argument(help="A text file of feed URLs, one a line (# comments).")],
          every: Annotated[str, typer.Option("--every", help="How often to poll: 90s, 15m, 1h.")] = "15m",
          once: Annotated[bool, typer.Option("--once", help="Poll every feed once, then stop.")] = False,
          store: StoreOption = DEFAULT_STORE, workers: WorkersOption = None, config: ConfigOption = None,
          quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False) -> None:
    """Poll feeds and add what is new, until stopped (Ctrl-C) or, with --once, after one round."""
    from storyline.corpus.inputs import watch_feeds

    with _opened(store, config) as corpus:
        try:
            watch_feeds(corpus, feeds_file, every=every, once=once, workers=workers,
                        report=lambda r: _print_report(r, quiet))
        except KeyboardInterrupt:
            err.print("Stopped.", highlight=False)


@app.command("stories")
def stories(store: StoreOption = DEFAULT_STORE,
            since: Annotated[str | None, typer.Option(help="Stories with news on or after this day (YYYY-MM-DD).")]
            = None,
            until: Annotated[str | None, typer.Option(help="Stories with news on or before this day.")] = None,
            min_articles: Annotated[int, typer.Option("--min-articles", help="Only stories this large.")] = 1,
            as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False) -> None:
    """The stories of the store, the most recently changed first."""
    with _opened(store, read_only=True) as corpus:
        found = corpus.stories(since=_day(since, "--since"), until=_day(until, "--until"), min_articles=min_articles)
    if as_json:
        sys.stdout.write(json.dumps([story_dict(s) for s in found], indent=1) + "\n")
        return
    out.print(_story_table(found, f"{len(found)} story(ies) in {store}"))


@app.command("find")
def find(words: Annotated[str, typer.Argument(help="Words or a name.")], store: StoreOption = DEFAULT_STORE) -> None:
    """Stories and articles that mention WORDS."""
    with _opened(store, read_only=True) as corpus:
        found, articles = corpus.find(words)
    out.print(_story_table(found, f"stories mentioning {words!r}"))
    table = Table(title=f"articles mentioning {words!r}")
    for column in ("article", "story", "title"):
        table.add_column(column)
    for article_id, story_id, title in articles:
        table.add_row(escape(article_id), story_id, escape(title or ""))
    out.print(table)


@app.command("show")
def show(story_id: Annotated[str, typer.Argument(help="A story id from `storyline corpus stories`.")],
         store: StoreOption = DEFAULT_STORE,
         outdir: Annotated[Path, typer.Option("-o", "--out", help="Folder for the briefing.")] = Path("storyline-out"),
         formats: Annotated[str, typer.Option("--format", help="Comma-separated: json, md, html.")] = "json,md,html",
         config: ConfigOption = None) -> None:
    """Write a story's briefing, as `storyline analyze` writes it (built once, kept until the story changes)."""
    from storyline.render import write_reports

    with _opened(store, config) as corpus:
        story = corpus.show(story_id)
        written = write_reports(story, outdir, [f.strip() for f in formats.split(",") if f.strip()])
    err.print(f"Briefing of {story_id} ({len(story.docs)} article(s)): {', '.join(map(str, written))}",
              highlight=False, markup=False)


@app.command("skipped")
def skipped(store: StoreOption = DEFAULT_STORE) -> None:
    """Every input not added, with its reason."""
    with _opened(store, read_only=True) as corpus:
        rows = corpus.skipped()
    table = Table(title=f"{len(rows)} input(s) not added")
    for column in ("input", "reason", "when"):
        table.add_column(column, overflow="fold")
    for source, reason, at in rows:
        table.add_row(escape(source), escape(reason), f"{at:%Y-%m-%d %H:%M}")
    out.print(table)


@app.command("export")
def export(store: StoreOption = DEFAULT_STORE,
           fmt: Annotated[str, typer.Option("--format", help="jsonl or parquet.")] = "jsonl",
           output: Annotated[Path, typer.Option("-o", "--out", help="The file to write.")] = Path("corpus.jsonl"))\
        -> None:
    """Every article with its story and copies (JSONL can be added to another store as it is)."""
    with _opened(store, read_only=True) as corpus:
        n = corpus.export(output, format=fmt)
    err.print(f"Wrote {n} article(s) to {output}.", highlight=False, markup=False)


def _day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as e:
        raise typer.BadParameter(f"{value!r} is not a day; use YYYY-MM-DD.", param_hint=option) from e


def story_dict(info: StoryInfo) -> dict[str, Any]:
    return {"id": info.id, "label": info.label, "entities": list(info.entities),
            "first_day": info.first_day.isoformat() if info.first_day else None,
            "last_day": info.last_day.isoformat() if info.last_day else None, "articles": info.articles,
            "outlets": info.outlets, "unknown_outlets": info.unknown_outlets, "updated_at": info.updated_at.isoformat()}


def _story_table(found: list[StoryInfo], title: str) -> Table:
    table = Table(title=title)
    for column in ("story", "label", "dates", "articles", "outlets", "main entities"):
        table.add_column(column, overflow="fold")
    for s in found:
        span = f"{s.first_day} – {s.last_day}" if s.first_day else "undated"
        outlets = f"{s.outlets}" + (f" (+{s.unknown_outlets} unknown)" if s.unknown_outlets else "")
        table.add_row(s.id, escape(s.label), span, str(s.articles), outlets, escape(", ".join(s.entities[:5])))
    return table
