"""The cases API: one router, its operations in modules by topic."""

from smartby.cases.api import authoring, discovery, labs  # noqa: F401 - register operations
from smartby.cases.api.base import router

__all__ = ["router"]
