"""The Smartby API, /api/v1/: one NinjaAPI that mounts each app's router."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from smartby.accounts.api import router as accounts_router
from smartby.core.errors import ConflictError
from smartby.network.api import router as network_router
from smartby.organisations.api import router as organisations_router
from smartby.reference.api import router as reference_router
from smartby.roadmap.api import router as roadmap_router

api = NinjaAPI(
    title="Smartby API",
    version="1",
    description=(
        "Open data and services of the Smartby platform. Lists take `limit` (1–100) and "
        "`offset` and answer `{count, results, facets}`; errors answer `{detail}` with a 4xx."
    ),
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
)

api.add_router("/", organisations_router)
api.add_router("/", network_router)
api.add_router("/roadmap", roadmap_router)
api.add_router("/", reference_router)
api.add_router("/", accounts_router)


def _location(loc: list[object]) -> str:
    parts = [str(p) for p in loc if p not in ("query", "body", "path")]
    return ".".join(parts) or "request"


@api.exception_handler(NinjaValidationError)
def on_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    messages = [f"{_location(e.get('loc', []))}: {e.get('msg', 'invalid')}" for e in exc.errors]
    return api.create_response(
        request, {"detail": "; ".join(messages) or "Invalid input.", "errors": exc.errors},
        status=422,
    )


@api.exception_handler(ValidationError)
def on_domain_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": " ".join(exc.messages)}, status=400)


@api.exception_handler(PermissionDenied)
def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(
        request, {"detail": str(exc) or "You may not do this."}, status=403
    )


@api.exception_handler(AuthenticationError)
def on_authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request, {"detail": "Authentication required: send 'Authorization: Bearer <token>'."},
        status=401,
    )


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "Not found."}, status=404)


@api.exception_handler(ConflictError)
def on_conflict(request: HttpRequest, exc: ConflictError) -> HttpResponse:
    return api.create_response(request, {"detail": exc.message}, status=409)


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)
