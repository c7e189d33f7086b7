"""Reads of accounts: a user's API tokens, and the user a token stands for."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from clusterdesk.accounts import tokens
from clusterdesk.accounts.models import ApiToken
from clusterdesk.core import permissions


def api_token_list(*, user: Any) -> QuerySet[ApiToken]:
    """The signed-in user's own tokens, newest first (revoked ones included)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def api_token_get(*, user: Any, prefix: str) -> ApiToken:
    """One of the user's own tokens; anyone else's is a 404."""
    token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    if token is None:
        raise Http404
    permissions.ensure(user, permissions.Action.VIEW, token)
    return token


def api_token_find(text: str) -> ApiToken | None:
    """The working token `text` is, with its user; None when it is unknown, revoked, or its
    user is deactivated. The secret is compared in constant time."""
    parts = tokens.split(text)
    if parts is None:
        return None
    prefix, secret = parts
    token = (
        ApiToken.objects.select_related("user")
        .filter(prefix=prefix, revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None or not tokens.matches(secret, token.secret_hash):
        return None
    return token
