"""Personal calendar feeds: create (the URL's token is known only then) and revoke.

The token has 192 random bits and is stored only as its SHA-256 digest, like API tokens:
a copy of the database gives nobody a working feed URL. A user has at most one working
feed; creating a new one revokes the old one. Both are audited on the user's timeline,
without the token.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterdesk.core.audit import record
from clusterdesk.core.models import AuditAction
from clusterdesk.engagement.models import CalendarFeed

TOKEN_BYTES = 24


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def calendar_feed_create(*, actor: Any, user: Any) -> tuple[CalendarFeed, str]:
    """A new feed for `user` (their previous one stops working) and its token."""
    if not user.is_active:
        raise ValidationError({"user": [_("This account is deactivated.")]})
    for feed in CalendarFeed.objects.select_for_update().filter(user=user, revoked_at=None):
        calendar_feed_revoke(actor=actor, feed=feed)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    feed = CalendarFeed.objects.create(user=user, token_hash=token_digest(token))
    record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=feed,
        changes={"user": [None, str(user)]},
        timelines=[user],
    )
    return feed, token


@transaction.atomic
def calendar_feed_revoke(*, actor: Any, feed: CalendarFeed) -> CalendarFeed:
    """Stop the feed working; revoking a revoked feed changes nothing."""
    now = timezone.now()
    if CalendarFeed.objects.filter(pk=feed.pk, revoked_at=None).update(revoked_at=now):
        feed.revoked_at = now
        record(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=feed,
            changes={"revoked_at": [None, now.isoformat()]},
            timelines=[feed.user],
        )
    else:
        feed.refresh_from_db(fields=["revoked_at"])
    return feed


def calendar_feed_for_token(token: str) -> CalendarFeed | None:
    """The working feed of `token`, with its user, or None."""
    if not token or len(token) > 100:
        return None
    return (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=token_digest(token), revoked_at=None, user__is_active=True)
        .first()
    )
