"""Slots on a page that higher apps fill without the lower app importing them.

A municipality page lives in `organisations`, but its cases, assessments and datasets come
from apps that depend on `organisations`. Those apps register a panel for the slot in their
AppConfig.ready(); the page renders whatever is registered. Each panel function must run a
fixed number of queries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest


@dataclass
class Panel:
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100


PanelFunction = Callable[[HttpRequest, Any], Panel | None]
_registry: dict[str, list[PanelFunction]] = defaultdict(list)


def register_panel(slot: str, function: PanelFunction) -> None:
    if function not in _registry[slot]:
        _registry[slot].append(function)


def panels_for(slot: str, request: HttpRequest, obj: Any) -> list[Panel]:
    panels = [p for fn in _registry[slot] if (p := fn(request, obj)) is not None]
    return sorted(panels, key=lambda p: p.order)


@dataclass
class Column:
    """A column a higher app adds to a table of a lower app's page: one cell per row key
    (text and link). Each column function must run a fixed number of queries."""

    header: str
    cells: dict[int, tuple[str, str]]
    order: int = 100


ColumnFunction = Callable[[HttpRequest, list[Any]], Column | None]
_columns: dict[str, list[ColumnFunction]] = defaultdict(list)


def register_column(slot: str, function: ColumnFunction) -> None:
    if function not in _columns[slot]:
        _columns[slot].append(function)


def columns_for(slot: str, request: HttpRequest, objects: list[Any]) -> list[Column]:
    columns = [c for fn in _columns[slot] if (c := fn(request, objects)) is not None]
    return sorted(columns, key=lambda c: c.order)
