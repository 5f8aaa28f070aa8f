"""The Smartby API, /api/v1/: one NinjaAPI that mounts each app's router.

Every error answers `{"detail": "<one readable string>"}` with a 4xx status; validation
errors add `errors`, one entry per field. The handlers below turn domain exceptions
(ValidationError, PermissionDenied, ConflictError, Http404) and ninja's own into that body.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Router
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.operation import Operation
from ninja.parser import Parser

from smartby.accounts.api import router as accounts_router
from smartby.assessments.api import router as assessments_router
from smartby.cases.api import router as cases_router
from smartby.catalog.api import router as catalog_router
from smartby.core.api import errors
from smartby.core.errors import ConflictError
from smartby.network.api import router as network_router
from smartby.organisations.api import router as organisations_router
from smartby.reference.api import router as reference_router
from smartby.roadmap.api import router as roadmap_router

JSON_TYPES = ("application/json",)


class UnsupportedMediaTypeError(Exception):
    def __init__(self, content_type: str) -> None:
        self.content_type = content_type
        super().__init__(content_type)


class JsonOnlyParser(Parser):
    """Bodies are JSON: refuse any other declared type instead of guessing (415)."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        content_type = request.content_type or ""
        if content_type not in JSON_TYPES and not content_type.endswith("+json"):
            raise UnsupportedMediaTypeError(content_type)
        return super().parse_body(request)


class SmartbyAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        # Handler names are unique across apps (`municipality_list`, `me_update`), which makes
        # shorter, stable ids for generated clients than ninja's module-prefixed default.
        return operation.view_func.__name__


api = SmartbyAPI(
    title="Smartby API",
    version="1",
    description=(
        "Open data and services of the Smartby platform. Lists take `limit` (1–100, default "
        "20) and `offset` and answer `{count, results, facets}`; errors answer `{detail}` "
        "with a 4xx. Writes need a personal API token: `Authorization: Bearer <token>`."
    ),
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
    parser=JsonOnlyParser(),
)

api.add_router("/", organisations_router)
api.add_router("/", network_router)
api.add_router("/roadmap", roadmap_router)
api.add_router("/", reference_router)
api.add_router("/", accounts_router)
api.add_router("/", cases_router)
api.add_router("/", assessments_router)
api.add_router("/", catalog_router)

# Last, so that it only catches what no other route matched: unknown paths under /api/v1/
# answer the JSON error body instead of the site's HTML 404 page.
fallback_router = Router()


@fallback_router.api_operation(
    ["GET", "POST", "PUT", "PATCH", "DELETE"],
    "/{path:rest}",
    response=errors(404),
    include_in_schema=False,
)
def unknown_endpoint(request: HttpRequest, rest: str) -> Any:
    raise Http404(f"No endpoint at {request.path}; see /api/v1/docs.")


api.add_router("/", fallback_router)


def _location(loc: Sequence[Any]) -> str:
    parts = [str(p) for p in loc]
    if parts[:2] == ["body", "payload"]:
        # The body parameter is always named `payload`; its fields are what a client sent.
        parts = parts[2:] or ["body"]
    elif parts and parts[0] in ("query", "path", "header", "cookie", "body"):
        parts = parts[1:] or parts
    return ".".join(parts) or "request"


@api.exception_handler(NinjaValidationError)
def on_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    items = [
        {
            "loc": [p if isinstance(p, int) else str(p) for p in e.get("loc", [])],
            "msg": str(e.get("msg", "invalid")),
            "type": str(e.get("type", "invalid")),
        }
        for e in exc.errors
    ]
    detail = "; ".join(f"{_location(i['loc'])}: {i['msg']}" for i in items) or "Invalid input."
    return api.create_response(request, {"detail": detail, "errors": items}, status=422)


@api.exception_handler(ValidationError)
def on_domain_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": " ".join(exc.messages)}, status=400)


@api.exception_handler(PermissionDenied)
def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "You may not do this."}, status=403)


@api.exception_handler(AuthenticationError)
def on_authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = api.create_response(
        request,
        {
            "detail": "Authentication required: send a valid personal API token as "
            "'Authorization: Bearer <token>'."
        },
        status=401,
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "Not found."}, status=404)


@api.exception_handler(ConflictError)
def on_conflict(request: HttpRequest, exc: ConflictError) -> HttpResponse:
    return api.create_response(request, {"detail": exc.message}, status=409)


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # ninja wraps any failure to read the body in HttpError(400, "Cannot parse request body");
    # the original exception says what the client should fix.
    cause = exc.__cause__
    if isinstance(cause, UnsupportedMediaTypeError):
        detail = (
            f"Unsupported content type '{cause.content_type or 'none'}': send the body as JSON "
            "with 'Content-Type: application/json'."
        )
        return api.create_response(request, {"detail": detail}, status=415)
    if isinstance(cause, json.JSONDecodeError):
        detail = f"Malformed JSON body: {cause.msg} (line {cause.lineno}, column {cause.colno})."
        return api.create_response(request, {"detail": detail}, status=400)
    if isinstance(cause, UnicodeDecodeError):
        return api.create_response(
            request, {"detail": "Malformed body: it is not UTF-8 text."}, status=400
        )
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)
