"""The profile page: who you are, what you manage, and your personal API tokens."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from clusterdesk.accounts import selectors, services
from clusterdesk.accounts.forms import ApiTokenForm
from clusterdesk.core import permissions
from clusterdesk.core.permissions import Action
from clusterdesk.core.web import add_service_error


def _profile_page(
    request: HttpRequest, form: ApiTokenForm, new_token: str = "", status: int = 200
) -> HttpResponse:
    user: Any = request.user
    context = {
        "managed_clusters": user.managed_clusters.order_by("name"),
        "tokens": selectors.api_token_list(user=user),
        "form": form,
        "new_token": new_token,
        "shows_api_docs": permissions.reads_directory(user),
    }
    response = render(request, "accounts/profile.html", context, status=status)
    if new_token:
        add_never_cache_headers(response)  # the token must not stay in any cache
    return response


@require_GET
def profile(request: HttpRequest) -> HttpResponse:
    return _profile_page(request, ApiTokenForm())


@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    """Create a token and show it, this once; only its digest is kept."""
    form = ApiTokenForm(request.POST)
    # The user itself, not the request's lazy wrapper: the token goes on their timeline.
    signed_in: Any = request.user
    user = get_user_model().objects.get(pk=signed_in.pk)
    if form.is_valid():
        try:
            _token, text = services.api_token_create(
                actor=user, user=user, name=form.cleaned_data["name"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return _profile_page(request, ApiTokenForm(), new_token=text)
    return _profile_page(request, form, status=422)


@require_http_methods(["GET", "POST"])
def token_revoke(request: HttpRequest, prefix: str) -> HttpResponse:
    token = selectors.api_token_get(user=request.user, prefix=prefix)
    permissions.ensure(request.user, Action.CHANGE, token)
    if request.method == "POST":
        services.api_token_revoke(actor=request.user, token=token)
        messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
        return redirect("accounts:profile")
    return render(request, "accounts/token_confirm_revoke.html", {"token": token})
