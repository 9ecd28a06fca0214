"""Schemathesis against the committed OpenAPI document (docs/openapi.json): requests generated from it,
sent to the app in process, never get a 5xx. Limits are set small so that each analysis stays short."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings

from storyline import config
from storyline.serve.app import Settings, create_app
from tests.conftest import ROOT

EXAMPLES = 15  # per operation


@pytest.mark.slow
def test_serve_schemathesis_no_server_error(tmp_path: Path) -> None:
    cfg = config.load(overrides={"serve": {"max_articles": 3, "max_text_chars": 2000, "inline_seconds": 60.0}})
    app = create_app(Settings(cfg=cfg, store=tmp_path / "store.duckdb"))
    schema = schemathesis.openapi.from_dict(json.loads((ROOT / "docs" / "openapi.json").read_text()))
    with TestClient(app):  # runs the app's start-up and shut-down
        for result in schema.get_all_operations():
            operation = result.ok()

            @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
            @given(case=operation.as_strategy())
            def check(case: schemathesis.Case) -> None:
                response = case.call(app=app)
                assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.text[:500]}"

            check()
