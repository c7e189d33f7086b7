"""The follow-ups of a person on their agenda ("My week", the daily digest, the calendar
feed): registered as the provider "engagement.follow_ups"."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import F, Q
from django.utils.translation import gettext as _

from clusterdesk.engagement import agenda
from clusterdesk.engagement.models import FollowUp
from clusterdesk.engagement.permissions import can_see_agenda, visible_follow_ups


def follow_up_uid(follow_up: FollowUp) -> str:
    return f"follow-up-{follow_up.uuid}@clusterdesk"


def follow_up_items(
    user: Any, start: datetime.date, end: datetime.date
) -> Iterable[agenda.AgendaItem]:
    """The user's open follow-ups due by `end`: overdue ones (before `start`), those due in
    the period, and undated ones; one query."""
    if not can_see_agenda(user):
        return []
    follow_ups = visible_follow_ups(
        user,
        FollowUp.objects.filter(owner_id=user.pk, done_on__isnull=True).filter(
            Q(due_on__lte=end) | Q(due_on__isnull=True)
        ),
    )
    items = []
    for follow_up in follow_ups.select_related("organisation", "interaction").order_by(
        F("due_on").asc(nulls_last=True), "id"
    ):
        overdue = follow_up.due_on is not None and follow_up.due_on < start
        detail = (
            _("Follow-up of the %(kind)s of %(date)s")
            % {
                "kind": follow_up.interaction.get_kind_display().lower(),
                "date": follow_up.interaction.occurred_on.isoformat(),
            }
            if follow_up.interaction
            else ""
        )
        items.append(
            agenda.AgendaItem(
                section=agenda.Section.OVERDUE if overdue else agenda.Section.FOLLOW_UPS,
                title=follow_up.title,
                url=follow_up.get_absolute_url(),
                uid=follow_up_uid(follow_up),
                due=follow_up.due_on,
                organisation=follow_up.organisation.legal_name,
                detail=detail,
            )
        )
    return items


def register_agenda_providers() -> None:
    agenda.register("engagement.follow_ups", follow_up_items)
