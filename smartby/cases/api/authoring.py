"""Operations of the cases API (this topic's are added here)."""

from smartby.cases.api.base import router  # noqa: F401
