"""Links to the pages of rows named by a slug, made without Django's `reverse` each time.

A list page links each of its rows (twenty cards, fifty actors), and `reverse` walks the
URL resolver for every link: about 25 µs, a tenth of a card's rendering. `slug_url` asks
`reverse` once per route, language, script prefix and URL configuration for the link with a
placeholder slug, and then puts each slug in its place. A slug of the characters Django's
`slug` converter accepts is not changed by `reverse` (it quotes nothing of them), so the
link is exactly the one `reverse` gives; any other slug goes to `reverse` itself, which also
raises `NoReverseMatch` as before.
"""

from __future__ import annotations

import functools
import re

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

# What Django's `slug` path converter matches.
_PLAIN = re.compile(r"[-a-zA-Z0-9_]+")
_SLOT = "0slot0"


@functools.lru_cache(maxsize=256)
def _around(
    viewname: str, name: str, language: str | None, prefix: str, urlconf: str | None
) -> tuple[str, str] | None:
    """The link to `viewname` before and after its `name` part, or None when the route
    does not take a slug there."""
    try:
        url = reverse(viewname, urlconf=urlconf, kwargs={name: _SLOT})
    except NoReverseMatch:
        return None
    head, slot, tail = url.partition(_SLOT)
    return (head, tail) if slot and _SLOT not in tail else None


def slug_url(viewname: str, slug: str, *, name: str = "slug") -> str:
    """`reverse(viewname, kwargs={name: slug})`, in the active language."""
    if _PLAIN.fullmatch(slug):
        around = _around(viewname, name, get_language(), get_script_prefix(), get_urlconf())
        if around is not None:
            return f"{around[0]}{slug}{around[1]}"
    return reverse(viewname, kwargs={name: slug})


@receiver(setting_changed)
def _forget(*, setting: str, **kwargs: object) -> None:
    """A test that swaps the URL configuration or the languages gets fresh links."""
    if setting in {"ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE", "FORCE_SCRIPT_NAME"}:
        _around.cache_clear()
