"""The command line: parse, call the API, render, map errors to exit codes (0 ok, 1 nothing
analysed, 2 usage or configuration error)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from storyline import api
from storyline.corpus.cli import app as corpus_app
from storyline.errors import StorylineError
from storyline.evaluate.cli import app as eval_app
from storyline.model import TRUNCATED, Story
from storyline.pipeline import Pipeline
from storyline.read.ingest import Batch
from storyline.render import FORMATS, write_reports

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Turn the articles written about a news story into a cited briefing.")
err = Console(stderr=True, soft_wrap=True)

PROGRESS_FROM = 20  # show a progress bar from this many articles


@app.callback()
def _main() -> None:
    """storyline: cited briefings from news articles."""


@app.command()
def analyze(
    paths: Annotated[list[str], typer.Argument(help="Files, folders (read recursively), globs, or - for stdin.")],
    out: Annotated[Path, typer.Option("-o", "--out", help="Folder for story.json, report.md, report.html.")] = Path(
        "storyline-out"),
    formats: Annotated[str, typer.Option("--format", help="Comma-separated: json, md, html.")] = "json,md,html",
    config: Annotated[Path | None, typer.Option("--config", help="A TOML file overriding defaults.toml.")] = None,
    max_bytes: Annotated[int | None, typer.Option(help="Skip files larger than this (ingest.max_bytes).")] = None,
    processes: Annotated[int | None, typer.Option(help="Worker processes; 0 picks (pipeline.processes).")] = None,
    summary_words: Annotated[int | None, typer.Option(help="Longest summary in words (summarize.max_words).")] = None,
    summary_sentences: Annotated[int | None, typer.Option(
        help="Summary of this many sentences instead of a word limit (summarize.max_sentences).")] = None,
    focus: Annotated[str | None, typer.Option(help="A question the summary should answer (summarize.focus).")] = None,
    max_dates: Annotated[int | None, typer.Option(help="Most dates on the timeline (timeline.max_dates).")] = None,
    sentences_per_date: Annotated[int | None, typer.Option(
        help="Most sentences under one date (timeline.sentences_per_date).")] = None,
    since: Annotated[str | None, typer.Option(help="Timeline dates on or after this day, YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Timeline dates on or before this day, YYYY-MM-DD.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")] = False,
) -> None:
    """Analyse articles and write the briefing."""
    logging.basicConfig(level=logging.ERROR if quiet else logging.WARNING, format="%(levelname)s %(message)s")
    wanted = [f.strip() for f in formats.split(",") if f.strip()]
    try:
        unknown = [f for f in wanted if f not in FORMATS]
        if unknown or not wanted:
            raise typer.BadParameter(f"unknown format {unknown[0] if unknown else formats!r}. "
                                     f"Available: {', '.join(FORMATS)}.", param_hint="--format")
        cfg = api.build_config(config, max_bytes=max_bytes, processes=processes, summary_words=summary_words,
                               summary_sentences=summary_sentences, focus=focus,
                               max_dates=max_dates, sentences_per_date=sentences_per_date, since=since, until=until)
        with Pipeline(cfg) as pipeline:
            pipeline.start(api.count_inputs(paths, cfg))  # workers load their models while we read
            batch = api.read(paths, cfg)
            if len(batch.articles) >= PROGRESS_FROM and not quiet:
                with Progress(TextColumn("analysing"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                              console=err, transient=True) as bar:
                    task = bar.add_task("articles", total=len(batch.articles))
                    story = api.run(batch, cfg, progress=lambda n: bar.advance(task, n), pipeline=pipeline)
            else:
                story = api.run(batch, cfg, pipeline=pipeline)
        written = write_reports(story, out, wanted) if story.docs else []  # never replace a report with nothing
    except StorylineError as e:
        err.print(f"[red]error:[/red] {escape(str(e))}", highlight=False)
        raise typer.Exit(2) from e
    if not quiet:
        _print_outcome(batch, story)
        report = next((p for p in written if p.suffix == ".html"), written[0] if written else out)
        if written:
            err.print(f"Report: {report}", highlight=False, markup=False)
        else:
            err.print(f"No article analysed: nothing written to {out} (a report already there is left as it was).",
                      highlight=False, markup=False)
    if not story.docs:
        raise typer.Exit(1)


def _print_outcome(batch: Batch, story: Story) -> None:
    """One line whose counts add up: the articles found are analysed, kept once as duplicates, or skipped;
    inputs (or records) that could not be read are counted apart. Then each skip and each cut text."""
    merged = sum(len(doc.sources) - 1 for doc in story.docs)
    unread = len(batch.skipped)
    line = (f"Read {batch.inputs} input(s) holding {len(batch.articles)} article(s): {len(story.docs)} analysed, "
            f"{len(story.skipped) - unread} skipped")
    line += f", {merged} duplicate(s) kept once" if merged else ""
    line += f"; {unread} input(s) or record(s) could not be read ({len(story.skipped)} skipped in all)." \
        if unread else "."
    cut = [(doc.id, note) for doc in story.docs for note in doc.notes if note.startswith(TRUNCATED)]
    line += f" {len(cut)} article(s) analysed only in part (clean.max_chars)." if cut else ""
    err.print(line, highlight=False, markup=False)
    for skipped in story.skipped[:10]:
        err.print(f"  skipped {skipped.source}: {skipped.reason}", highlight=False, markup=False)
    if len(story.skipped) > 10:
        err.print(f"  ... and {len(story.skipped) - 10} more (see skipped[] in story.json).", highlight=False)
    for article_id, note in cut:
        err.print(f"  cut {article_id}: {note}", highlight=False, markup=False)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on; any but loopback needs --token.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    store: Annotated[Path, typer.Option("--store", help="The corpus store (a DuckDB file).")] = Path(
        "storyline.duckdb"),
    token: Annotated[str | None, typer.Option(envvar="STORYLINE_TOKEN", show_envvar=True,
                                              help="Access token every /v1 request must send as a Bearer token.")]
    = None,
    config: Annotated[Path | None, typer.Option("--config", help="A TOML file overriding defaults.toml.")] = None,
    openapi: Annotated[Path | None, typer.Option("--openapi", help="Write the OpenAPI document here and stop.")]
    = None,
) -> None:
    """Serve the HTTP API (docs/usage.md, Server) on loopback unless told otherwise."""
    from storyline.serve.run import serve as run_server

    try:
        run_server(host=host, port=port, store=store, token=token, config=config, openapi=openapi)
    except StorylineError as e:
        err.print(f"[red]error:[/red] {escape(str(e))}", highlight=False)
        raise typer.Exit(2) from e


app.add_typer(corpus_app, name="corpus")
app.add_typer(eval_app, name="eval")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
