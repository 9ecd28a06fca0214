"""The web-page benchmark layout shared by `storyline eval extraction` and `storyline eval pubdate`:
a folder holding ``pages/<file>.html`` and a gold file (``extraction.json`` or ``dates.json``) mapping each
page's URL to ``{"file": ..., ...}``. Pages are split into two halves by a hash of the file name, so a
change can be designed on one half and checked on the other."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storyline.errors import InputError

HALVES = ("a", "b")


@dataclass(frozen=True)
class Page:
    """One page of the benchmark: its URL, its file and its gold record."""

    url: str
    path: Path
    gold: dict[str, Any]

    @property
    def half(self) -> str:
        return half_of(self.path.name)


def half_of(file_name: str) -> str:
    """'a' or 'b': the half a page falls in, by a hash of its file name (stable across runs and machines)."""
    return HALVES[hashlib.sha1(file_name.encode("utf-8")).digest()[0] % 2]


def is_web_layout(folder: Path, gold_name: str) -> bool:
    return (folder / gold_name).is_file() and (folder / "pages").is_dir()


def read_pages(folder: Path, gold_name: str, *, limit: int | None = None, half: str | None = None) -> list[Page]:
    """The pages named in ``folder/gold_name`` that exist under ``folder/pages/``, sorted by file name."""
    if not is_web_layout(folder, gold_name):
        raise InputError(f"{folder} is not a web-page benchmark folder: it needs {gold_name} and pages/.")
    if half is not None and half not in HALVES:
        raise InputError(f"Unknown half {half!r}. Available: {', '.join(HALVES)}.")
    try:
        gold = json.loads((folder / gold_name).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        raise InputError(f"cannot read {folder / gold_name}: {e}; it must be a JSON object {{url: {{file, ...}}}}.") \
            from e
    pages = [Page(url, folder / "pages" / record["file"], record) for url, record in gold.items()
             if isinstance(record, dict) and (folder / "pages" / str(record.get("file", ""))).is_file()]
    if not pages:
        raise InputError(f"none of the pages named in {folder / gold_name} is in {folder / 'pages'}.")
    pages.sort(key=lambda page: page.path.name)
    pages = [page for page in pages if half is None or page.half == half]
    return pages[:limit]


def read_html(path: Path) -> str:
    """The page's markup as storyline decodes it."""
    from storyline.read.encoding import decode

    return decode(path.read_bytes())
