"""`storyline eval ...`: each command prints a table and, with --json FILE, writes the figures."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from storyline.evaluate.report import show, write_json

app = typer.Typer(no_args_is_help=True, help="Measure storyline against public benchmarks.")

JsonOption = Annotated[Path | None, typer.Option("--json", help="Also write the figures to this JSON file.")]
Limit = Annotated[int | None, typer.Option(help="Only the first N documents (a quick check).")]


def _finish(title: str, figures: dict[str, Any], json_path: Path | None) -> None:
    show(title, figures)
    if json_path is not None:
        write_json(json_path, figures)


@app.command("timex")
def timex(folder: Annotated[Path, typer.Argument(help="A folder of TimeML (.tml) files, e.g. TempEval-3 TBAQ.")],
          json_path: JsonOption = None, limit: Limit = None) -> None:
    """Time expressions against TimeML gold (document creation time given): span F1, value accuracy and F1."""
    from storyline.evaluate import timex as module

    _finish("time expressions (TempEval-3 scoring)", module.evaluate(folder, limit=limit), json_path)


@app.command("pubdate")
def pubdate(folder: Annotated[Path, typer.Argument(
                help="TimeML (.tml) files, a Timeline17 folder (<topic>/InputDocs/<YYYY-MM-DD>/), or web pages "
                     "(pages/<file>.html and dates.json).")],
            json_path: JsonOption = None, limit: Limit = None,
            by_story: Annotated[bool, typer.Option(
                "--by-story", help="Timeline17: analyse all outlets' topic folders of a story together "
                                   "(bpoil_bbc with bpoil_reuters, ...).")] = False,
            half: Annotated[str | None, typer.Option(
                help="Web pages: only one half, split by a hash of the file name: a or b.")] = None) -> None:
    """Publication dates with the dates hidden: coverage and exact, ±1 and ±7 day accuracy."""
    from rich.console import Console
    from rich.markup import escape

    from storyline.errors import StorylineError
    from storyline.evaluate import pubdate as module

    err = Console(stderr=True, soft_wrap=True)
    try:
        figures = module.evaluate(folder, limit=limit, console=err, by_story=by_story, half=half)
    except StorylineError as e:
        err.print(f"[red]error:[/red] {escape(str(e))}", highlight=False)
        raise typer.Exit(2) from e
    _finish("publication dates, found with the dates hidden", figures, json_path)


@app.command("tls")
def tls(folder: Annotated[Path, typer.Argument(
            help="A Timeline17-layout folder: <topic>/InputDocs/<YYYY-MM-DD>/ and <topic>/timelines/.")],
        json_path: JsonOption = None,
        hide_dates: Annotated[bool, typer.Option(
            "--hide-dates", help="Do not give the publication dates from the folder names.")] = False,
        limit: Annotated[int | None, typer.Option(min=1, help="Only the first N timelines (a quick check).")] = None,
        topic: Annotated[list[str] | None, typer.Option(
            "--topic", help="Only this topic folder (repeat for more).")] = None) -> None:
    """Timeline summarization, scored as tilse: date F1; concat, agreement and alignment ROUGE-1/2 F1."""
    from rich.console import Console
    from rich.markup import escape
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from storyline.errors import StorylineError
    from storyline.evaluate import tls as module

    err = Console(stderr=True, soft_wrap=True)
    try:
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=err) as bar:

            def start(label: str, total: int) -> module.Advance:
                task = bar.add_task(label, total=total)
                return lambda n: bar.advance(task, n)

            figures = module.evaluate(folder, hide_dates=hide_dates, limit=limit, topics=topic, progress=start)
    except StorylineError as e:
        err.print(f"[red]error:[/red] {escape(str(e))}", highlight=False)
        raise typer.Exit(2) from e
    title = "timeline summarization (tilse scoring" + (", dates hidden)" if hide_dates else ")")
    _finish(title, figures, json_path)


@app.command("mds")
def mds(folder: Annotated[Path, typer.Argument(
            help="DUC-style (<cluster>/docs/, <cluster>/models/, optional <cluster>/topic.txt) or a Timeline17 "
                 "folder (<topic>/InputDocs/<YYYY-MM-DD>/ and <topic>/timelines/).")],
        json_path: JsonOption = None,
        limit: Annotated[int | None, typer.Option(min=1, help="Only the first N clusters, sorted (a quick check).")]
        = None,
        word_limit: Annotated[int, typer.Option("--word-limit", min=1, help="Cut every summary, and the models, "
                                                "to this many words.")] = 250,
        window: Annotated[int, typer.Option(min=0, help="Timeline17: articles published up to this many days "
                                            "before or after a gold date.")] = 2,
        max_articles: Annotated[int, typer.Option("--max-articles", min=0, help="Timeline17: at most this many "
                                                  "articles per cluster, the closest in time first (0: all).")] = 25,
        ) -> None:
    """Multi-document summarization as DUC scored it: ROUGE-1, ROUGE-2 and ROUGE-SU4 recall and F1, with sumy's
    LexRank and TextRank and the lead baseline beside storyline."""
    from rich.console import Console
    from rich.markup import escape

    from storyline.errors import StorylineError
    from storyline.evaluate import mds as module

    err = Console(stderr=True, soft_wrap=True)
    try:
        figures = module.evaluate(folder, word_limit=word_limit, window=window, max_articles=max_articles,
                                  limit=limit, console=err)
    except StorylineError as e:
        err.print(f"[red]error:[/red] {escape(str(e))}", highlight=False)
        raise typer.Exit(2) from e
    _finish(f"multi-document summarization, {word_limit} words (ROUGE-1.5.5 settings, rouge-score tokens)",
            figures, json_path)


@app.command("events")
def events(path: Annotated[Path, typer.Argument(
               help="A PLOVER gold standard records file (JSON array or JSON Lines), or a folder of them.")],
           json_path: JsonOption = None, limit: Limit = None,
           config_path: Annotated[Path | None, typer.Option(
               "--config", help="A TOML config file (e.g. with events.actors, a user actor dictionary).")] = None,
           lexicon: Annotated[str, typer.Option(
               help="The event words: both (default), dictionaries (the CAMEO verb dictionary alone) or rules "
                    "(the hand list alone).")] = "both",
           ) -> None:
    """Coded events against PLOVER gold records: event-type accuracy and macro F1; (source country, type,
    target country) triple precision, recall and F1."""
    from rich.console import Console
    from rich.markup import escape

    from storyline import config
    from storyline.errors import StorylineError
    from storyline.evaluate import events as module

    err = Console(stderr=True, soft_wrap=True)
    try:
        figures = module.evaluate(path, limit=limit, cfg=config.load(config_path), lexicon=lexicon)
    except StorylineError as e:
        err.print(f"[red]error:[/red] {escape(str(e))}", highlight=False)
        raise typer.Exit(2) from e
    _finish("event coding (PLOVER gold standard records)", figures, json_path)


@app.command("quotes")
def quotes(folder: Annotated[Path, typer.Argument(
               help="A PolNeAR compartment folder with text/ and attributions/ (e.g. PolNeAR's data/dev).")],
           json_path: JsonOption = None, limit: Limit = None) -> None:
    """Quotes and speakers against PolNeAR attributions: content span F1 (exact and token overlap) and speaker
    accuracy, for direct quotes and for all attributions."""
    from rich.console import Console
    from rich.markup import escape

    from storyline import config
    from storyline.errors import StorylineError
    from storyline.evaluate import quotes as module

    err = Console(stderr=True, soft_wrap=True)
    try:
        figures = module.evaluate(folder, config.load(), limit=limit)
    except StorylineError as e:
        err.print(f"[red]error:[/red] {escape(str(e))}", highlight=False)
        raise typer.Exit(2) from e
    _finish("quotes and speakers (PolNeAR attributions)", figures, json_path)


@app.command("extraction")
def extraction(folder: Annotated[Path, typer.Argument(
                   help="A folder with pages/<file>.html and extraction.json ({url: {file, with, without}}).")],
               json_path: JsonOption = None, limit: Limit = None,
               half: Annotated[str | None, typer.Option(
                   help="Only one half of the pages, split by a hash of the file name: a or b.")] = None) -> None:
    """Article text from real web pages, scored as trafilatura scores itself: precision, recall and F1 of the
    must-have and must-not snippets, storyline beside trafilatura alone, page alone and page with its URL."""
    from rich.console import Console
    from rich.markup import escape
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from storyline import config
    from storyline.errors import StorylineError
    from storyline.evaluate import extraction as module
    from storyline.evaluate.web import read_pages

    err = Console(stderr=True, soft_wrap=True)
    try:
        total = len(read_pages(folder, module.GOLD, limit=limit, half=half))
        with Progress(TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=err, transient=True) as bar:
            task = bar.add_task("pages", total=total)
            figures = module.evaluate(folder, config.load(), limit=limit, half=half,
                                      progress=lambda n: bar.advance(task, n))
    except StorylineError as e:
        err.print(f"[red]error:[/red] {escape(str(e))}", highlight=False)
        raise typer.Exit(2) from e
    _finish("article text from web pages (trafilatura's snippet scoring)", figures, json_path)


@app.command("clusters")
def clusters(roots: Annotated[list[Path], typer.Argument(
                 help="Folders of gold stories, ROOT/<story>/<article> (several make one stream); a Timeline17 "
                      "folder's topics are one story per name before '_', a folder of files alone is one story.")],
             json_path: JsonOption = None,
             half: Annotated[str | None, typer.Option(
                 "--half", help="Only the gold stories whose name hashes to this half: a or b (tune on one, "
                                "report the other).")] = None,
             config_path: Annotated[Path | None, typer.Option(
                 "--config", help="A TOML config file (e.g. with a cluster section: other settings).")] = None,
             ) -> None:
    """Story clustering: the articles streamed in publication order (undated last) through corpus mode's
    clusterer; B-cubed precision, recall and F1, adjusted Rand index, stories found against the gold."""
    from rich.console import Console
    from rich.markup import escape
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from storyline import config
    from storyline.errors import ConfigError, StorylineError
    from storyline.evaluate import clusters as module

    err = Console(stderr=True, soft_wrap=True)
    try:
        if half not in (None, "a", "b"):
            raise ConfigError(f"--half must be a or b, got {half!r}.")
        cfg = config.load(config_path)
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=err) as bar:

            def start(label: str, total: int) -> module.Advance:
                task = bar.add_task(label, total=total)
                return lambda n: bar.advance(task, n)

            figures = module.evaluate(roots, cfg=cfg.cluster, ingest=cfg.ingest, half=half, progress=start)
    except StorylineError as e:
        err.print(f"[red]error:[/red] {escape(str(e))}", highlight=False)
        raise typer.Exit(2) from e
    _finish("story clustering (B-cubed, streamed in publication order)" + (f", half {half}" if half else ""),
            figures, json_path)
