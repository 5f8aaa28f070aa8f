from typing import Any

from django.db.models import QuerySet
from django.utils.text import slugify

_NORDIC = str.maketrans(
    {
        "æ": "ae",
        "ø": "o",
        "å": "a",
        "ä": "a",
        "ö": "o",
        "ü": "u",
        "ð": "d",
        "þ": "th",
        "Æ": "ae",
        "Ø": "o",
        "Å": "a",
        "Ä": "a",
        "Ö": "o",
        "Ü": "u",
        "Ð": "d",
        "Þ": "th",
    }
)


def slugify_nordic(text: str) -> str:
    """ASCII slug that keeps Nordic letters readable (Tromsø -> tromso, Bærum -> baerum)."""
    return slugify(text.translate(_NORDIC))


def unique_slug(
    queryset: QuerySet[Any], text: str, *, fallback: str, exclude_pk: int | None = None
) -> str:
    """A slug from `text` (Nordic letters kept readable) not yet used in `queryset`, with
    -2, -3, ... added when it is taken; one query."""
    base = (slugify_nordic(text)[:200].strip("-")) or fallback
    taken = set(
        queryset.filter(slug__startswith=base)
        .exclude(pk=exclude_pk or 0)
        .values_list("slug", flat=True)
    )
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


# Spreadsheets run a cell starting with one of these as a formula (CSV injection, OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: Any) -> str:
    """A cell a spreadsheet shows as text: a leading formula character gets a `'`."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text
