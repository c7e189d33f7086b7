"""Matches on the journey's pages: a need's page with the offers that fit it (loaded by htmx
once the page is shown), one click to refer the need to one of them, and the matches of a
diagnosis's weak dimensions on its results page (an htmx fragment)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from clusterdesk.core import permissions
from clusterdesk.core.permissions import Action
from clusterdesk.diagnostics import selectors as diagnostics_selectors
from clusterdesk.support import matching, selectors, workflows
from clusterdesk.support.models import Need
from clusterdesk.support.permissions import reads_journeys

NEED_MATCHES = 10
DIMENSION_MATCHES = 3


def _may_refer(user: Any, need: Need) -> bool:
    return (
        permissions.can(user, Action.CHANGE, need)
        and not need.case.is_closed
        and need.status != "closed"
    )


@require_GET
def need_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    """A need: what it says, where it came from, its referrals, and the offers that fit it."""
    need = selectors.need_get(user=request.user, uuid=uuid)
    context = {
        "need": need,
        "case": need.case,
        "referrals": selectors.referral_list(
            user=request.user, filters=selectors.ReferralFilters(need=str(need.uuid))
        ),
        "can_refer": _may_refer(request.user, need),
    }
    return render(request, "support/need_detail.html", context)


@require_GET
def need_matches(request: HttpRequest, uuid: str) -> HttpResponse:
    """The ranked matches of a need, with why (an htmx fragment of the need's page)."""
    need = selectors.need_get(user=request.user, uuid=uuid)
    matches = matching.match(
        user=request.user,
        text=need.text,
        organisation=need.case.organisation,
        theme=need.theme or None,
        limit=NEED_MATCHES,
    )
    referred = _referred(need)
    context = {
        "need": need,
        "rows": [(found, (found.match.kind, found.record.pk) in referred) for found in matches],
        "can_refer": _may_refer(request.user, need),
    }
    return render(request, "support/_matches.html", context)


def _referred(need: Need) -> set[tuple[str, int]]:
    """The (kind of match, record) pairs the need is already referred to."""
    keys = set()
    for referral in need.referrals.all():
        for kind, (target_kind, field) in workflows.MATCH_TARGETS.items():
            target_id = getattr(referral, f"{field}_id")
            if referral.target_kind == target_kind and target_id:
                keys.add((kind, target_id))
    return keys


@require_POST
def need_refer_match(request: HttpRequest, uuid: str) -> HttpResponse:
    """One click on a match: a proposed referral to it, opened for a check and sending."""
    need = selectors.need_get(user=request.user, uuid=uuid)
    permissions.ensure(request.user, Action.CHANGE, need)
    kind = request.POST.get("kind", "")
    target = matching.target(user=request.user, kind=kind, public_id=request.POST.get("id", ""))
    try:
        referral = workflows.refer_match(actor=request.user, need=need, kind=kind, target=target)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(need.get_absolute_url())
    messages.success(
        request, _("Referral proposed to %(target)s: check it and send it.") % {"target": target}
    )
    return redirect(referral)


@require_GET
def diagnosis_matches(request: HttpRequest, uuid: str) -> HttpResponse:
    """The offers that fit the needs a diagnosis's weak dimensions propose (an htmx fragment
    of its results page)."""
    diagnosis = diagnostics_selectors.diagnosis_get(user=request.user, uuid=uuid)
    permissions.ensure_allowed(reads_journeys(request.user))
    proposals = diagnostics_selectors.diagnosis_proposed_needs(diagnosis)
    matcher = matching.Matcher(user=request.user, organisation=diagnosis.organisation)
    found = matcher.match_all(
        [(proposal.text, proposal.theme or None) for proposal in proposals],
        limit=DIMENSION_MATCHES,
    )
    rows = list(zip(proposals, found, strict=True))
    return render(
        request, "support/_diagnosis_matches.html", {"diagnosis": diagnosis, "rows": rows}
    )
