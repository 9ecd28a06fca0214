"""Printing evaluation figures as a table and writing them as one JSON object."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table


def show(title: str, figures: Mapping[str, Any], console: Console | None = None) -> None:
    """One row per figure; nested mappings (per timeline, per topic) become their own tables."""
    console = console or Console()
    table = Table(title=title, show_header=True, header_style="bold")
    table.add_column("metric")
    table.add_column("value", justify="right")
    nested: list[tuple[str, Mapping[str, Any]]] = []
    for name, value in figures.items():
        if isinstance(value, Mapping):
            nested.append((name, value))
        else:
            table.add_row(name, _fmt(value))
    console.print(table)
    for name, value in nested:
        if value and all(isinstance(v, Mapping) for v in value.values()):
            grid(f"{title}: {name}", value, console)
        else:
            show(f"{title}: {name}", value, console)


def grid(title: str, rows: Mapping[str, Any], console: Console | None = None) -> None:
    """A table with one row per key of ``rows`` and one column per key of their mappings."""
    console = console or Console()
    columns = list(dict.fromkeys(k for row in rows.values() for k in row))
    table = Table(title=title, show_header=True, header_style="bold")
    table.add_column("")
    for c in columns:
        table.add_column(c, justify="right")
    for name, row in rows.items():
        table.add_row(name, *(_fmt(row.get(c)) for c in columns))
    console.print(table)


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3f}"
    return "" if value is None else str(value)


def write_json(path: Path, figures: Mapping[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
