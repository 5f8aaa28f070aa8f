"""What the platform keeps about a person beyond the account itself, for the "my data"
export (GDPR articles 15 and 20).

The export is written by `accounts`, but what a person wrote, uploaded, cast or signed up to
lives in apps that depend on `accounts`. Each of those apps registers its sections in its
AppConfig.ready(); the export includes whatever is registered. A section function takes the
user and returns JSON-ready rows (dates as ISO 8601 text, references by slug) in a fixed
number of queries. Secrets (token hashes, calendar feed tokens) are not personal data and are
left out, and so is what the person may not read themselves (the choice in a secret ballot).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from django.db.models import F, QuerySet, Value
from django.db.models.expressions import Combinable
from django.db.models.functions import Coalesce, NullIf

Rows = list[dict[str, Any]]
SectionFunction = Callable[[Any], Rows]
_sections: dict[str, SectionFunction] = {}


def register_personal_data(name: str, function: SectionFunction) -> None:
    """Add the section `name` to every person's export (registering again replaces it)."""
    _sections[name] = function


def registered_personal_data() -> list[str]:
    """The names of the registered sections, in the export's order."""
    return sorted(_sections)


def personal_data_of(user: Any) -> dict[str, Rows]:
    """Every registered section for `user`, by name in alphabetical order."""
    return {name: _sections[name](user) for name in sorted(_sections)}


def when(value: date | datetime | None) -> str | None:
    """A date or time as ISO 8601 text, None when there is none."""
    return value.isoformat() if value else None


def section_rows(queryset: QuerySet[Any], **columns: str | Combinable) -> Rows:
    """The rows of `queryset` as a section's dicts, in one query: each key's value from a
    field path (or an expression), dates and times as ISO 8601 text."""
    paths: list[str] = []
    expressions: dict[str, Combinable] = {}
    for number, column in enumerate(columns.values()):
        if isinstance(column, str):
            paths.append(column)
        else:
            paths.append(f"_column_{number}")
            expressions[paths[-1]] = column
    rows = queryset.annotate(**expressions).values_list(*paths)
    return [
        {key: when(v) if isinstance(v, date) else v for key, v in zip(columns, row, strict=True)}
        for row in rows
    ]


def either_language(field: str) -> Combinable:
    """`<field>_nb`, or `<field>_en` where that is empty; None when both are."""
    return Coalesce(NullIf(F(f"{field}_nb"), Value("")), NullIf(F(f"{field}_en"), Value("")))
