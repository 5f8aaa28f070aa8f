"""The cases' full-text index (being written: see smartby.core.search)."""

from __future__ import annotations


def case_reindex(*, case_ids: list[int]) -> None:
    """Bring the index rows of these cases in line with the database (deleted or
    unpublished cases leave the index)."""
