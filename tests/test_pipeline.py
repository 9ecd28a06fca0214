"""Pipeline building checks and corpus-mode failure handling; config loading."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from storyline import config
from storyline.config import Config
from storyline.errors import ConfigError
from storyline.model import Doc
from storyline.pipeline import REGISTRY, Pipeline, stage
from tests.builders import default_config, make_doc


def test_pipeline_unknown_stage_lists_available(cfg: Config) -> None:
    with pytest.raises(ConfigError, match=r"Unknown stage 'quote'\. Available: .*quotes"):
        Pipeline(cfg, ["clean", "quote"])


def test_pipeline_checks_requirements_at_build(cfg: Config) -> None:
    with pytest.raises(ConfigError, match="'quotes' requires 'sentences'"):
        Pipeline(cfg, ["clean", "entities", "quotes"])


def test_pipeline_default_order_is_valid(cfg: Config) -> None:
    assert Pipeline(cfg).names == list(cfg.pipeline.stages)


def test_pipeline_records_failure_and_goes_on(cfg: Config) -> None:
    @stage("explode_on_b", requires=("text",), provides=("explode_on_b",))
    def explode(doc: Doc, cfg: Config) -> Doc:
        if doc.id == "b":
            raise ValueError("boom")
        return replace(doc, notes=("survived",))

    try:
        text = "The council approved the new budget on Tuesday after a long debate about school funding."
        story = Pipeline(cfg, ["clean", "explode_on_b"]).run_many([make_doc(text, id="a"), make_doc(text, id="b")])
    finally:
        REGISTRY.pop("explode_on_b")
    assert [d.id for d in story.docs] == ["a"]
    assert [(f.article_id, f.stage) for f in story.failures] == [("b", "explode_on_b")]
    assert story.skipped[0].source == "test:b" and "boom" in story.skipped[0].reason


def test_pipeline_marks_stages_done(cfg: Config) -> None:
    doc = Pipeline(cfg, ["clean", "sentences"]).run(make_doc(
        "The council met on Tuesday to debate the school budget. It approved the budget after a long night."))
    assert doc.done == {"clean", "sentences"}
    assert len(doc.sentences) == 2


def test_config_file_overrides_defaults(tmp_path: Path) -> None:
    path = tmp_path / "storyline.toml"
    path.write_text("[summarize]\nmax_words = 60\n")
    assert config.load(path).summarize.max_words == 60


def test_config_rejects_wrong_type(tmp_path: Path) -> None:
    path = tmp_path / "storyline.toml"
    path.write_text('[summarize]\nmax_words = "sixty"\n')
    with pytest.raises(ConfigError, match=r"summarize\.max_words.*must be int"):
        config.load(path)


def test_config_rejects_unknown_section() -> None:
    with pytest.raises(ConfigError, match=r"Unknown config section \[summary\]"):
        default_config(summary={"max_words": 1})
