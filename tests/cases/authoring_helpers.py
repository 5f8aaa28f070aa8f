"""Shared builders for the authoring tests: the POST body of the case form."""

from __future__ import annotations

from typing import Any

from smartby.cases.models import Case

FORMSETS = ("lessons", "links", "partners", "translations")


def case_form_data(
    *,
    owner_id: int | None = None,
    case: Case | None = None,
    rows: dict[str, list[dict[str, Any]]] | None = None,
    **fields: Any,
) -> dict[str, Any]:
    """A valid POST body: the case's own fields plus the four formsets' rows."""
    data: dict[str, Any] = {
        "title": "Smart street lights",
        "summary": "Lights that dim when nobody is around.",
        "language": "nb",
        "phase": "analysis",
        "status": "ongoing",
        "visibility": "public",
    }
    if case is not None:
        data.update(
            title=case.title,
            summary=case.summary,
            language=case.language,
            phase=case.phase,
            status=case.status,
            visibility=case.visibility,
            version=case.version,
        )
    if owner_id is not None:
        data["owner"] = owner_id
    data.update(fields)
    for name in FORMSETS:
        items = (rows or {}).get(name, [])
        data[f"{name}-TOTAL_FORMS"] = len(items)
        data[f"{name}-INITIAL_FORMS"] = 0
        for i, item in enumerate(items):
            for key, value in item.items():
                data[f"{name}-{i}-{key}"] = value
    return data
