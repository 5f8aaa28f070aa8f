from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url


def site(request: HttpRequest) -> dict[str, Any]:
    """Language-switch links that keep the reader on the same page."""
    path = request.get_full_path()
    return {
        "language_links": [
            {"code": code, "url": translate_url(path, code)} for code, _name in settings.LANGUAGES
        ],
    }
