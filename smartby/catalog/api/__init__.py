"""The catalogue's API router, mounted at /api/v1/; operations in api/datasets.py."""

from smartby.catalog.api.base import router

__all__ = ["router"]
