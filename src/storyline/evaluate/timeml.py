"""Reading TimeML (.tml) files: the document's plain text, its creation time and its gold TIMEX3s."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from storyline.errors import InputError
from storyline.model import Span


@dataclass(frozen=True)
class GoldTimex:
    span: Span
    type: str
    value: str


@dataclass(frozen=True)
class TimeMLDoc:
    name: str
    text: str
    dct: date
    timexes: tuple[GoldTimex, ...]


def read_timeml(path: Path) -> TimeMLDoc:
    """The <TEXT> element's text with every TIMEX3 inside it as a span into that text."""
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as e:
        raise InputError(f"{path}: not a readable TimeML file ({e}).") from e
    dct_el = root.find("./DCT/TIMEX3")
    text_el = root.find("./TEXT")
    if dct_el is None or text_el is None:
        raise InputError(f"{path}: no <DCT><TIMEX3> or no <TEXT> element; is this a TimeML file?")
    dct = date.fromisoformat(dct_el.get("value", "")[:10])
    parts: list[str] = []
    found: list[GoldTimex] = []

    def walk(el: ET.Element) -> None:
        start = sum(map(len, parts))
        parts.append(el.text or "")
        for child in el:
            walk(child)
            parts.append(child.tail or "")
        if el.tag == "TIMEX3":
            end = start + len("".join(_inner(el)))
            found.append(GoldTimex(Span(start, end), el.get("type", ""), el.get("value", "")))

    walk(text_el)
    return TimeMLDoc(path.stem, "".join(parts), dct, tuple(sorted(found, key=lambda t: t.span)))


def _inner(el: ET.Element) -> list[str]:
    out = [el.text or ""]
    for child in el:
        out.extend(_inner(child))
        out.append(child.tail or "")
    return out


def timeml_files(folder: Path) -> list[Path]:
    files = sorted(folder.rglob("*.tml"))
    if not files:
        raise InputError(f"No .tml files under {folder}; give a folder of TimeML files (e.g. TempEval-3 TBAQ).")
    return files
