"""Keeps the API's promise that every error is JSON `{"detail": ...}`.

django-ninja answers a wrong method on a known path with a plain-text 405 from inside its
router; this turns any non-JSON error under /api/ into the JSON envelope.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from http import HTTPStatus

from django.http import HttpRequest, HttpResponse


class ApiJsonErrorsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.path.startswith("/api/")
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            phrase = HTTPStatus(response.status_code).phrase
            response.content = json.dumps({"detail": f"{phrase}."}).encode()
            response["Content-Type"] = "application/json"
            response["Content-Length"] = str(len(response.content))
        return response
