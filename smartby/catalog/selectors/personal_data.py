"""A person's part in the data catalogue, for the "my data" export
(smartby.core.personal_data): one query per section."""

from __future__ import annotations

from typing import Any

from smartby.catalog.models import HarvestSource
from smartby.core.personal_data import Rows, section_rows


def harvest_sources_created_by(user: Any) -> Rows:
    """The harvest sources the person registered, oldest first."""
    return section_rows(
        HarvestSource.objects.filter(created_by=user).order_by("created_at", "pk"),
        name="name",
        url="url",
        kind="kind",
        publisher="publisher__slug",
        created_at="created_at",
    )
