"""The API's OpenAPI document: FastAPI's, with the request bodies the handlers read themselves (JSON or
a multipart upload of files). docs/openapi.json is this document; a test keeps them equal."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from storyline.serve import schemas

_UPLOAD = {"type": "object", "required": ["files"], "properties": {
    "files": {"type": "array", "items": {"type": "string", "format": "binary"},
              "description": "Article files: text, HTML pages, JSON records or feeds, read as files are."},
    "options": {"type": "string", "description": "The options object, as JSON (analyze only)."}}}


def body(model: str) -> dict[str, Any]:
    """The openapi_extra of an endpoint taking ``model`` as JSON, or files as multipart/form-data."""
    return {"requestBody": {"required": True, "content": {
        "application/json": {"schema": {"$ref": f"#/components/schemas/{model}"}},
        "multipart/form-data": {"schema": _UPLOAD}}}}


def document(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema is None:
        doc = get_openapi(title=app.title, version=app.version, summary=app.summary, routes=app.routes)
        components = doc.setdefault("components", {}).setdefault("schemas", {})
        for model in (schemas.AnalyzeRequest, schemas.ArticlesRequest):
            schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
            components.update(schema.pop("$defs", {}))
            components[model.__name__] = schema
        doc["components"]["schemas"] = dict(sorted(components.items()))
        app.openapi_schema = doc
    return app.openapi_schema


def write(app: FastAPI, path: Path) -> None:
    path.write_text(json.dumps(document(app), indent=1, sort_keys=True) + "\n", encoding="utf-8")
