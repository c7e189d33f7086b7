"""What the support journey puts on a person's agenda ("My week", the digest, the feed).

- referrals waiting on the user: sent to a team they are a member of and not answered yet,
  or proposed in a case they own and not sent yet (undated: they wait on them now);
- roadmap actions they own: due in the range (Section.ACTIONS), or overdue
  (Section.OVERDUE).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from clusterdesk.catalogue.permissions import team_ids_of
from clusterdesk.engagement.agenda import AgendaItem, Section
from clusterdesk.support.models import OPEN_ACTION_STATUSES, Action, Referral
from clusterdesk.support.permissions import reads_journeys
from clusterdesk.support.states import ReferralStatus


def referrals_waiting_on(
    user: Any, start: datetime.date, end: datetime.date
) -> Iterable[AgendaItem]:
    if not reads_journeys(user):
        return []
    waiting = Referral.objects.filter(
        Q(status=ReferralStatus.SENT, target_team__in=team_ids_of(user))
        | Q(status=ReferralStatus.PROPOSED, case__owner=user)
    ).select_related("case__organisation", "need", "target_team", "target_organisation")
    items = []
    for referral in waiting.order_by("sent_on", "created_at", "id"):
        if referral.status == ReferralStatus.SENT:
            title = _("Answer the referral: %(need)s") % {"need": referral.need}
            detail = _("Sent to %(team)s on %(date)s") % {
                "team": referral.target_label,
                "date": referral.sent_on.isoformat() if referral.sent_on else "—",
            }
        else:
            title = _("Send the referral: %(need)s") % {"need": referral.need}
            detail = _("Proposed to %(target)s, not sent yet") % {"target": referral.target_label}
        items.append(
            AgendaItem(
                section=Section.REFERRALS,
                title=str(title),
                url=referral.get_absolute_url(),
                uid=f"referral-{referral.uuid}@clusterdesk",
                organisation=referral.case.organisation.legal_name,
                detail=str(detail),
            )
        )
    return items


def actions_due(user: Any, start: datetime.date, end: datetime.date) -> Iterable[AgendaItem]:
    if not reads_journeys(user):
        return []
    actions = (
        Action.objects.filter(owner=user, status__in=OPEN_ACTION_STATUSES, due_on__lte=end)
        .select_related("roadmap__case__organisation")
        .order_by("due_on", "id")
    )
    return [
        AgendaItem(
            section=Section.OVERDUE if action.due_on < start else Section.ACTIONS,
            title=str(action),
            url=action.anchor_url(action.roadmap.case),
            uid=f"roadmap-action-{action.uuid}@clusterdesk",
            due=action.due_on,
            organisation=action.roadmap.case.organisation.legal_name,
            detail=str(action.get_status_display()),
        )
        for action in actions
        if action.due_on is not None
    ]


def register_agenda_providers() -> None:
    from clusterdesk.engagement import agenda

    agenda.register("support.referrals", referrals_waiting_on)
    agenda.register("support.actions", actions_due)
