"""Referral pages: referring a need, a referral with its answer, the lists ("Referrals to
my team" for the experts who answer them)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from clusterdesk.catalogue import selectors as catalogue
from clusterdesk.core import permissions
from clusterdesk.core.audit import attach_links, timeline
from clusterdesk.core.concurrency import StaleVersionError
from clusterdesk.core.permissions import Action
from clusterdesk.core.web import (
    HtmxHttpRequest,
    add_service_error,
    expected_version,
    paginate,
    timeline_page,
    wants_timeline_partial,
)
from clusterdesk.support import permissions as support_permissions
from clusterdesk.support import selectors, services, states, workflows
from clusterdesk.support.forms import ReferralAnswerForm, ReferralFilterForm, ReferralForm
from clusterdesk.support.models import Referral
from clusterdesk.support.views.common import form_page, version_of

MY_TEAMS = "my-teams"


def _list(request: HtmxHttpRequest, **fixed: str) -> HttpResponse:
    filter_form = ReferralFilterForm(request.GET)
    filters = filter_form.filters(**fixed)
    page = paginate(request, selectors.referral_list(user=request.user, filters=filters))
    my_teams = fixed.get("scope") == MY_TEAMS
    context: dict[str, Any] = {
        "filter_form": filter_form,
        "filters": filters,
        "page": page,
        "my_teams": my_teams,
        "teams": list(catalogue.teams_of(request.user)) if my_teams else [],
        "export_url": "support:team-referral-export" if my_teams else "support:referral-export",
        "list_url": "support:team-referral-list" if my_teams else "support:referral-list",
    }
    if request.htmx and request.htmx.target == "results":
        return render(request, "support/referral_list.html#results", context)
    return render(request, "support/referral_list.html", context)


@require_GET
def referral_list(request: HtmxHttpRequest) -> HttpResponse:
    return _list(request)


@require_GET
def team_referral_list(request: HtmxHttpRequest) -> HttpResponse:
    """Referrals to my team: what was sent to the teams the user is a member of."""
    return _list(request, scope=MY_TEAMS)


def _answer_form(request: HttpRequest, referral: Referral, data: Any = None) -> Any:
    """The answer form for a user who may answer, while there is something to record."""
    if not support_permissions.can_answer_referral(request.user, referral):
        return None
    as_target = not permissions.can(request.user, Action.CHANGE, referral.case)
    moves = states.referral_next_statuses(referral.status, answering_only=as_target)
    if not moves and referral.status not in states.OUTCOME_STATUSES:
        return None
    if referral.status == states.ReferralStatus.PROPOSED:
        return None
    return ReferralAnswerForm(data, instance=referral, as_target=as_target)


@require_GET
def referral_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    referral = selectors.referral_get(user=request.user, uuid=uuid)
    history = timeline_page(request, timeline(referral))
    history.object_list = attach_links(history.object_list)
    if wants_timeline_partial(request):
        return render(request, "core/timeline.html", {"timeline": history})
    return _detail_page(request, referral, _answer_form(request, referral), history)


def _detail_page(
    request: HttpRequest, referral: Referral, answer_form: Any, history: Any = None
) -> HttpResponse:
    if history is None:
        history = timeline_page(request, timeline(referral))
        history.object_list = attach_links(history.object_list)
    can_change = permissions.can(request.user, Action.CHANGE, referral)
    context = {
        "referral": referral,
        "case": referral.case,
        "can_change": can_change,
        "can_send": can_change and referral.status == states.ReferralStatus.PROPOSED,
        "answer_form": answer_form,
        "is_team_member": support_permissions.is_team_member_for(request.user, referral),
        "timeline": history,
    }
    status = 422 if answer_form is not None and answer_form.errors else 200
    return render(request, "support/referral_detail.html", context, status=status)


@require_http_methods(["GET", "POST"])
def referral_create(request: HttpRequest, uuid: str) -> HttpResponse:
    need = selectors.need_get(user=request.user, uuid=uuid)
    permissions.ensure(request.user, Action.CHANGE, need)
    form = ReferralForm(request.POST or None, initial={"target_kind": "agency_team"})
    if request.method == "POST" and form.is_valid():
        try:
            state_before = need.case.state
            referral = workflows.refer_need(
                actor=request.user,
                need=need,
                data=form.service_data(),
                send=form.cleaned_data["send"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            if not referral.sent_on:
                messages.success(request, _("Referral proposed."))
            else:
                _say_sent(request, referral, state_before)
            return redirect(referral)
    return form_page(request, "support/referral_form.html", form, need=need, case=need.case)


def _referral_to_change(request: HttpRequest, uuid: str) -> Referral:
    referral = selectors.referral_get(user=request.user, uuid=uuid)
    permissions.ensure(request.user, Action.CHANGE, referral)
    return referral


@require_http_methods(["GET", "POST"])
def referral_edit(request: HttpRequest, uuid: str) -> HttpResponse:
    referral = _referral_to_change(request, uuid)
    form = ReferralForm(request.POST or None, instance=referral)
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_update(
                actor=request.user,
                referral=referral,
                data=form.service_data(),
                expected_version=expected_version(form),
            )
        except (ValidationError, StaleVersionError) as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Referral saved."))
            return redirect(referral)
    context = {"referral": referral, "need": referral.need, "case": referral.case}
    return form_page(request, "support/referral_form.html", form, **context)


@require_POST
def referral_send(request: HttpRequest, uuid: str) -> HttpResponse:
    referral = _referral_to_change(request, uuid)
    state_before = referral.case.state
    try:
        sent = workflows.send_referral(
            actor=request.user, referral=referral, expected_version=version_of(request)
        )
    except StaleVersionError as error:
        messages.error(request, str(error.message))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        _say_sent(request, sent, state_before)
    return redirect(referral)


def _say_sent(request: HttpRequest, referral: Referral, state_before: str) -> None:
    """ "Referral sent", and whether the case moved to "referred" with it."""
    case = referral.case
    case.refresh_from_db(fields=["state"])
    if case.state != state_before:
        messages.success(
            request,
            _("Referral sent; the case is now “%(state)s”.") % {"state": case.get_state_display()},
        )
    else:
        messages.success(request, _("Referral sent."))


@require_POST
def referral_answer(request: HttpRequest, uuid: str) -> HttpResponse:
    """The answer of the target team's member (or recorded by the case's holder)."""
    referral = selectors.referral_get(user=request.user, uuid=uuid)
    support_permissions.ensure_can_answer(request.user, referral)
    form = _answer_form(request, referral, request.POST)
    if form is None:
        messages.error(request, _("There is nothing to answer on this referral."))
        return redirect(referral)
    if form.is_valid():
        as_target = not permissions.can(request.user, Action.CHANGE, referral.case)
        try:
            services.referral_answer(
                actor=request.user,
                referral=referral,
                data=form.service_data(),
                expected_version=expected_version(form),
                as_target=as_target,
            )
        except (ValidationError, StaleVersionError) as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Answer recorded."))
            return redirect(referral)
    referral.refresh_from_db()
    return _detail_page(request, referral, form)
