"""Metadata quality of datasets (data.europa.eu MQA). Placeholder body; replaced."""

from __future__ import annotations


def quality_refresh(*, dataset_ids: list[int]) -> None:
    """Recompute and store the quality of these datasets."""
    return None
