"""The API contract: /api/v1/openapi.json is pinned in tests/openapi.snapshot.json, so every
change to it shows up in review. Within v1 only add; what breaks a client waits for v2."""

from __future__ import annotations

import difflib
import json
import os
from pathlib import Path
from typing import Any

import pytest

SNAPSHOT = Path(__file__).parent / "openapi.snapshot.json"
REFRESH_HINT = "UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/test_openapi.py"
METHODS = {"get", "post", "put", "patch", "delete"}


def _dump(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


@pytest.fixture
def schema(client) -> dict[str, Any]:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def _operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, operation)
        for path, item in sorted(schema["paths"].items())
        for method, operation in sorted(item.items())
        if method in METHODS
    ]


def test_openapi_schema_matches_the_snapshot(schema):
    current = _dump(schema)
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.write_text(current, encoding="utf-8")
    if not SNAPSHOT.exists():
        pytest.fail(f"{SNAPSHOT.name} is missing; write it with:\n    {REFRESH_HINT}")

    expected = SNAPSHOT.read_text(encoding="utf-8")
    if current != expected:
        diff = "".join(
            list(
                difflib.unified_diff(
                    expected.splitlines(keepends=True),
                    current.splitlines(keepends=True),
                    fromfile="tests/openapi.snapshot.json",
                    tofile="/api/v1/openapi.json",
                )
            )[:80]
        )
        pytest.fail(
            "The API contract changed. If the change is intended (v1 only adds), refresh the "
            f"snapshot and commit it with the change:\n    {REFRESH_HINT}\n\n{diff}",
            pytrace=False,
        )


def test_every_operation_has_a_summary_a_tag_and_its_errors_declared(schema):
    operations = _operations(schema)
    assert len(operations) >= 17

    for method, path, operation in operations:
        name = f"{method} {path}"
        assert operation.get("summary"), f"{name} has no summary"
        assert operation.get("tags"), f"{name} has no tag"
        error_codes = {code for code in operation["responses"] if code.startswith("4")}
        assert error_codes, f"{name} declares no error response"
        for code in error_codes:
            ref = operation["responses"][code]["content"]["application/json"]["schema"]["$ref"]
            assert ref.rsplit("/", 1)[-1] in {"ErrorOut", "ValidationErrorOut"}, name


def test_every_operation_that_validates_input_declares_its_422(schema):
    for method, path, operation in _operations(schema):
        validates = operation.get("requestBody") or any(
            p["in"] == "query" or p["schema"].get("type") != "string"
            for p in operation.get("parameters", [])
        )
        if validates:
            assert "422" in operation["responses"], f"{method} {path} does not declare 422"


# Single documents at a path without a parameter: the caller's profile, the aggregates.
NOT_LISTS = {"/api/v1/me", "/api/v1/roadmap/benchmark"}


def test_every_list_operation_takes_limit_and_offset_and_answers_the_envelope(schema):
    lists = [
        (path, operation)
        for method, path, operation in _operations(schema)
        if method == "GET" and "{" not in path and path not in NOT_LISTS
    ]
    assert len(lists) >= 9

    components = schema["components"]["schemas"]
    for path, operation in lists:
        params = {p["name"]: p["schema"] for p in operation["parameters"]}
        assert params["limit"]["minimum"] == 1, path
        assert params["limit"]["maximum"] == 100, path
        assert params["limit"]["default"] == 20, path
        assert params["offset"]["minimum"] == 0, path
        ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
        envelope = components[ref.rsplit("/", 1)[-1]]
        assert set(envelope["properties"]) == {"count", "results", "facets"}, path
