"""Writes to accounts: personal API tokens (created, revoked, marked as used).

Creating and revoking are audited on the token and on its user's timeline; the secret and
its digest never reach the audit log.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterdesk.accounts import tokens
from clusterdesk.accounts.models import ApiToken, User
from clusterdesk.core.audit import diff, record, snapshot
from clusterdesk.core.models import AuditAction

TOKEN_AUDIT_FIELDS = ("name", "prefix", "user")
# `last_used_at` is written at most this often per token, not on every request.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


def _unused_prefix() -> str:
    for _attempt in range(10):
        prefix = tokens.new_prefix()
        if not ApiToken.objects.filter(prefix=prefix).exists():
            return prefix
    raise RuntimeError("Could not find an unused API token prefix")  # pragma: no cover


@transaction.atomic
def api_token_create(*, actor: Any, user: User, name: str) -> tuple[ApiToken, str]:
    """A new token for `user`, and its text: the only time the whole token is known."""
    if not user.is_active:
        raise ValidationError({"user": [_("This account is deactivated.")]})
    secret = tokens.new_secret()
    token = ApiToken(
        user=user,
        name=" ".join(name.split()),
        prefix=_unused_prefix(),
        secret_hash=tokens.digest(secret),
    )
    token.full_clean()
    token.save()
    record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=token,
        changes=diff({}, snapshot(token, TOKEN_AUDIT_FIELDS)),
        timelines=[user],
    )
    return token, tokens.compose(token.prefix, secret)


@transaction.atomic
def api_token_revoke(*, actor: Any, token: ApiToken) -> ApiToken:
    """Stop the token working from now on; revoking a revoked token changes nothing."""
    now = timezone.now()
    if ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=now):
        token.revoked_at = now
        record(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=token,
            changes={"revoked_at": [None, now.isoformat()]},
            timelines=[token.user],
        )
    else:
        token.refresh_from_db(fields=["revoked_at"])
    return token


def api_token_mark_used(*, token: ApiToken) -> None:
    """Record that the token was used, at most once a minute (not audited: no change)."""
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_RESOLUTION:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
