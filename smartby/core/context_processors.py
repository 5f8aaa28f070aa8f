from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.translation import override


def site(request: HttpRequest) -> dict[str, Any]:
    """Language-switch links that keep the reader on the same page."""
    path = request.get_full_path()
    return {
        "language_links": [
            {"code": code, "url": _in_language(request, path, code)}
            for code, _name in settings.LANGUAGES
        ],
    }


def _in_language(request: HttpRequest, path: str, code: str) -> str:
    """`translate_url(path, code)`, from the route the request was resolved to rather than
    resolving its path again (on every page, for every language)."""
    match = request.resolver_match
    if match is None or match.url_name is None:
        return translate_url(path, code)
    name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    with override(code):
        try:
            found = reverse(name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            return path
    parts = urlsplit(path)
    return urlunsplit((parts.scheme, parts.netloc, found, parts.query, parts.fragment))
