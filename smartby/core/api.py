"""API building blocks shared by every app: paging, the list envelope and the error body."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from django.db.models import QuerySet
from ninja import Field, Schema

T = TypeVar("T")

MAX_LIMIT = 100


class ErrorOut(Schema):
    detail: str


class PageParams(Schema):
    limit: int = Field(20, ge=1, le=MAX_LIMIT, description="Rows per page, 1–100.")
    offset: int = Field(0, ge=0, description="Rows to skip.")


class ListOut(Schema, Generic[T]):
    count: int
    results: list[T]
    facets: dict[str, dict[str, int]] = {}


def page(
    queryset: QuerySet[Any], params: PageParams, facets: dict[str, dict[str, int]] | None = None
) -> dict[str, Any]:
    """Slice a queryset into the `{count, results, facets}` envelope (two queries)."""
    count = queryset.count()
    results = list(queryset[params.offset : params.offset + params.limit])
    return {"count": count, "results": results, "facets": facets or {}}


ERRORS: dict[int, type[ErrorOut]] = {400: ErrorOut, 404: ErrorOut, 422: ErrorOut}
