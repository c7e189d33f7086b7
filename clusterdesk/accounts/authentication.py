"""How the JSON API knows who is calling: a personal token or the browser session.

- `Authorization: Bearer cd_<prefix>_<secret>`: scripts and other systems;
- the session cookie of a signed-in browser, for the interactive docs and htmx; unsafe
  methods (POST, PATCH, DELETE) then need the CSRF token in `X-CSRFToken`, as forms do.

No credentials is a 401; the docs pages are for signed-in agency staff only.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from clusterdesk.accounts import selectors, services
from clusterdesk.core import permissions

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def token_user(token_text: str) -> Any | None:
    """The active user a working token stands for, or None."""
    token = selectors.api_token_find(token_text)
    if token is None:
        return None
    services.api_token_mark_used(token=token)
    return token.user


class BearerToken(HttpBearer):
    """`Authorization: Bearer <token>` with a personal API token."""

    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        user = token_user(token)
        if user is not None:
            request.user = user
        return user


class BrowserSession(APIKeyCookie):
    """The signed-in browser session; unsafe methods must carry the CSRF token."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if request.method not in SAFE_METHODS and check_csrf(request) is not None:
            raise HttpError(
                403,
                "CSRF check failed: send the value of the csrftoken cookie in the X-CSRFToken "
                "header, or use a personal token.",
            )
        return user


def request_user(request: HttpRequest) -> Any | None:
    """The signed-in user of the session, else the user of a bearer token, else None."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user
    scheme, _space, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token:
        return token_user(token)
    return None


def staff_only_docs(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The OpenAPI description and the interactive docs: agency staff (admins, managers,
    experts) only. Anonymous callers of the JSON get a 401, of the page the sign-in page."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        wants_json = request.path.endswith(".json")
        user = request_user(request)
        if user is None:
            if wants_json:
                response = JsonResponse({"detail": "Authentication required."}, status=401)
                response["WWW-Authenticate"] = "Bearer"
                return response
            return redirect_to_login(request.get_full_path())
        if not permissions.reads_directory(user):
            if wants_json:
                return JsonResponse({"detail": "The API is for agency staff."}, status=403)
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded
