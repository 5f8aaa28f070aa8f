"""The catalogue's API router, mounted at /api/v1/; operations in api/datasets.py."""

from smartby.catalog.api import datasets  # noqa: F401 - register operations
from smartby.catalog.api.base import router

__all__ = ["router"]
