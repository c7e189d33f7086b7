"""The JSON API at /api/v1/: one NinjaAPI, one Router per app.

Errors are JSON with the field and the reason:
- 422 `{"detail": [{"loc": ["body", "field"], "msg": "...", "type": "..."}]}` for bad input
  (pydantic's own validation errors and the services' ValidationError alike);
- 404 for a record that does not exist or that the caller may not see, 403 for one they see
  but may not change, 409 when the record changed since the version the caller sent.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as RequestValidationError
from ninja.openapi.docs import Swagger

from clusterdesk.accounts.authentication import BearerToken, BrowserSession, staff_only_docs
from clusterdesk.core.concurrency import StaleVersionError

api = NinjaAPI(
    title="clusterdesk API",
    version="1",
    description=(
        "The clusterdesk JSON API. Authenticate with your browser session or with a personal "
        "token (`Authorization: Bearer <token>`) created on your profile page."
    ),
    urls_namespace="api",
    # Every operation needs a personal token or a signed-in session (with CSRF on writes).
    auth=[BearerToken(), BrowserSession()],
    # Swagger UI from django-ninja's own static files; no online validator badge.
    docs=Swagger(settings={"validatorUrl": None}),
    docs_decorator=staff_only_docs,
)


def validation_errors(error: ValidationError, location: str = "body") -> list[dict[str, Any]]:
    """A Django ValidationError as the list of `{loc, msg, type}` the API returns."""
    if hasattr(error, "error_dict"):
        return [
            {"loc": [location, field], "msg": message, "type": "value_error"}
            for field, messages in error.message_dict.items()
            for message in messages
        ]
    return [
        {"loc": [location], "msg": message, "type": "value_error"} for message in error.messages
    ]


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, error: ValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": validation_errors(error)}, status=422)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
    response = api.create_response(
        request,
        {"detail": "Authentication required: a personal API token or a signed-in session."},
        status=401,
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(RequestValidationError)
def on_request_validation_error(
    request: HttpRequest, error: RequestValidationError
) -> HttpResponse:
    """pydantic's errors, with the JSON body's fields located like the services' errors:
    `["body", "field"]` (operations name their one body parameter `payload`)."""
    for item in error.errors:
        loc = list(item.get("loc", ()))
        if loc[:2] == ["body", "payload"] and len(loc) > 2:
            item["loc"] = ["body", *loc[2:]]
    return api.create_response(request, {"detail": error.errors}, status=422)


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, error: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": "Not found."}, status=404)


@api.exception_handler(PermissionDenied)
def on_permission_denied(request: HttpRequest, error: PermissionDenied) -> HttpResponse:
    return api.create_response(
        request, {"detail": "You may not do this with your role or clusters."}, status=403
    )


@api.exception_handler(StaleVersionError)
def on_stale_version(request: HttpRequest, error: StaleVersionError) -> HttpResponse:
    return api.create_response(
        request,
        {"detail": str(error.message), "current_version": _current_version(error)},
        status=409,
    )


def _current_version(error: StaleVersionError) -> int | None:
    model = type(error.instance)
    return (
        model._default_manager.filter(pk=error.instance.pk)
        .values_list("version", flat=True)
        .first()
    )


# Routers of each app are added below (one line each), e.g.:
# from clusterdesk.organisations.api import router as organisations_router
# api.add_router("/", organisations_router)
api.add_router("/", "clusterdesk.core.api.router")
api.add_router("/", "clusterdesk.organisations.api.router")
api.add_router("/", "clusterdesk.organisations.merge_api.router")
api.add_router("/", "clusterdesk.catalogue.api.router")
api.add_router("/", "clusterdesk.engagement.api.router")
api.add_router("/", "clusterdesk.diagnostics.api.router")
api.add_router("/", "clusterdesk.support.api.router")
api.add_router("/", "clusterdesk.partnering.api.router")
