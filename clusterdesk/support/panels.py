"""The support panel of the company file: the organisation's cases at a glance."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from django.http import HttpRequest

from clusterdesk.organisations.models import Organisation
from clusterdesk.organisations.panels import Panel
from clusterdesk.support import selectors
from clusterdesk.support.models import Action, Referral
from clusterdesk.support.permissions import can_create_case, reads_journeys

MAX_CASES = 10


def cases_panel(request: HttpRequest, organisation: Organisation) -> dict[str, Any] | None:
    """The organisation's cases (latest first) with their state, open needs, referrals by
    status and roadmap progress; hidden from those who see no journey. Four queries."""
    user = request.user
    if not reads_journeys(user):
        return None
    filters = selectors.CaseFilters(organisation=str(organisation.uuid))
    found = selectors.case_list(user=user, filters=filters)
    total = found.count()
    cases = list(found[:MAX_CASES])
    ids = [case.pk for case in cases]
    referral_statuses: dict[int, Counter[str]] = defaultdict(Counter)
    for case_id, status in Referral.objects.filter(case_id__in=ids).values_list(
        "case_id", "status"
    ):
        referral_statuses[case_id][status] += 1
    actions: dict[int, list[Action]] = defaultdict(list)
    for action in Action.objects.filter(roadmap__case_id__in=ids).select_related("roadmap"):
        actions[action.roadmap.case_id].append(action)
    labels = dict(Referral._meta.get_field("status").flatchoices)
    rows = [
        {
            "case": case,
            "referrals": [
                (status, labels.get(status, status), count)
                for status, count in sorted(referral_statuses[case.pk].items())
            ],
            "progress": selectors.progress_of(actions[case.pk]) if actions[case.pk] else None,
        }
        for case in cases
    ]
    return {
        "rows": rows,
        "total": total,
        "more": total > len(cases),
        "can_create": can_create_case(user),
    }


PANEL = Panel(
    name="support.cases",
    template="support/organisation_panel.html",
    context=cases_panel,
    column="side",
    order=10,
)
