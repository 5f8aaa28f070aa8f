"""Cases like a given case (shown on the case page)."""

from __future__ import annotations

from typing import Any

from smartby.cases.models import Case


def similar_cases(*, case: Case, viewer: Any, limit: int = 5) -> list[Case]:
    """Published cases `viewer` may see that are most like `case` (not `case` itself)."""
    return []
