"""Write docs/config.md from src/storyline/defaults.toml: `python docs/make_config_md.py`."""

from __future__ import annotations

import sys
from pathlib import Path

DEFAULTS = Path(__file__).resolve().parents[1] / "src" / "storyline" / "defaults.toml"
OUT = Path(__file__).resolve().parent / "config.md"


def render() -> str:
    lines = ["# Configuration", "",
             "Generated from `src/storyline/defaults.toml` by `python docs/make_config_md.py`; do not edit.", "",
             "Give a TOML file with `--config FILE` holding any of these sections and keys; command-line",
             "flags override the file. Unknown sections or keys and values of the wrong type are errors.", ""]
    comment: list[str] = []
    for raw in DEFAULTS.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("[") and line.endswith("]"):
            lines += ["", f"## `{line}`", "", "| key | default | meaning |", "|---|---|---|"]
            comment = []
        elif line.startswith("#"):
            comment.append(line.lstrip("# "))
        elif "=" in line:
            key, value = (part.strip() for part in line.split("=", 1))
            lines.append(f"| `{key}` | `{value}` | {' '.join(comment)} |")
            comment = []
    return "\n".join(lines).replace("\n\n\n", "\n\n") + "\n"


if __name__ == "__main__":
    OUT.write_text(render(), encoding="utf-8")
    sys.stdout.write(f"wrote {OUT}\n")
