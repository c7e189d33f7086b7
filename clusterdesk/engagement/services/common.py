"""What the engagement services share: validation helpers and the audit snapshot."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterdesk.accounts.models import Role
from clusterdesk.engagement.models import Theme

EARLIEST_DATE = datetime.date(2000, 1, 1)
# Invites are often uploaded before the meeting: a date up to a year ahead is accepted.
LATEST_DAYS_AHEAD = 366


def check_date(value: datetime.date | None, field: str, *, required: bool = True) -> None:
    if value is None:
        if required:
            raise ValidationError({field: [_("This field is required.")]})
        return
    latest = timezone.localdate() + datetime.timedelta(days=LATEST_DAYS_AHEAD)
    if value < EARLIEST_DATE or value > latest:
        raise ValidationError(
            {
                field: [
                    _("Enter a date between %(first)s and %(last)s.")
                    % {"first": EARLIEST_DATE.isoformat(), "last": latest.isoformat()}
                ]
            }
        )


def clean_themes(themes: Iterable[str] | None) -> list[str]:
    """The themes in their fixed order, without repeats; a ValidationError naming unknown
    ones."""
    given = [str(theme) for theme in (themes or [])]
    unknown = [theme for theme in given if theme not in Theme.values]
    if unknown:
        raise ValidationError(
            {"themes": [_("Unknown theme: %(themes)s.") % {"themes": ", ".join(unknown)}]}
        )
    return [theme for theme in Theme.values if theme in given]


def staff_queryset() -> Any:
    """People of the agency who take part in interactions: active admins, managers and
    experts (not ministry analysts)."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(role=Role.ANALYST, is_superuser=False)
        .order_by("first_name", "last_name", "username")
    )


def owner_queryset() -> Any:
    """Who may own a follow-up: active admins and cluster managers."""
    return staff_queryset().exclude(role=Role.EXPERT, is_superuser=False)


def check_users(users: Sequence[Any], field: str, allowed: Any) -> None:
    ids = {user.pk for user in users}
    found = set(allowed.filter(pk__in=ids).values_list("pk", flat=True))
    missing = [str(user) for user in users if user.pk not in found]
    if missing:
        raise ValidationError(
            {
                field: [
                    _("Not an active member of the agency who can be chosen here: %(names)s.")
                    % {"names": ", ".join(missing)}
                ]
            }
        )
