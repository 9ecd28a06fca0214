"""The docs stay in step with the code: every CLI option and config key is documented."""

from __future__ import annotations

import importlib.util
import re
import tomllib

import typer.main

from storyline.cli import app
from tests.conftest import ROOT

USAGE = (ROOT / "docs" / "usage.md").read_text()


def test_docs_every_cli_option_in_usage() -> None:
    commands = dict(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
    assert commands
    while commands:
        name, sub = commands.popitem()
        assert f"storyline {name}" in USAGE, f"storyline {name} not in docs/usage.md"
        commands.update({f"{name} {n}": c for n, c in getattr(sub, "commands", {}).items()})
        for param in sub.params:
            if param.param_type_name == "option":
                assert any(f"`{opt}`" in USAGE for opt in param.opts), f"{param.opts} not in docs/usage.md"


def test_docs_config_md_is_generated_from_defaults() -> None:
    spec = importlib.util.spec_from_file_location("make_config_md", ROOT / "docs" / "make_config_md.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert (ROOT / "docs" / "config.md").read_text() == module.render(), "run: python docs/make_config_md.py"


def test_docs_every_config_key_documented() -> None:
    defaults = tomllib.loads((ROOT / "src" / "storyline" / "defaults.toml").read_text())
    config_md = (ROOT / "docs" / "config.md").read_text()
    for section, values in defaults.items():
        assert f"`[{section}]`" in config_md
        for key in values:
            assert re.search(rf"\| `{key}` \|", config_md), f"{section}.{key} missing from docs/config.md"


def test_docs_readme_opens_with_make_commands() -> None:
    readme = (ROOT / "README.md").read_text()
    first_block = readme.split("```")[1]
    assert "make demo" in first_block and "make test" in first_block
