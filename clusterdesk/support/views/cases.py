"""Case pages: the list, a case with its journey, opening and editing a case, and moving
it to its next state."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from clusterdesk.core import permissions
from clusterdesk.core.audit import attach_links, timeline
from clusterdesk.core.concurrency import StaleVersionError
from clusterdesk.core.web import (
    HtmxHttpRequest,
    add_service_error,
    expected_version,
    paginate,
    timeline_page,
    wants_timeline_partial,
)
from clusterdesk.organisations import selectors as directory
from clusterdesk.organisations.models import Organisation
from clusterdesk.support import permissions as support_permissions
from clusterdesk.support import selectors, services, states, workflows
from clusterdesk.support.forms import CaseFilterForm, CaseForm, NeedForm, TransitionForm
from clusterdesk.support.models import SupportCase
from clusterdesk.support.views.common import case_to_change, form_page


@require_GET
def case_list(request: HtmxHttpRequest) -> HttpResponse:
    filter_form = CaseFilterForm(request.GET)
    filters = filter_form.filters()
    page = paginate(request, selectors.case_list(user=request.user, filters=filters))
    organisation = (
        Organisation.objects.filter(uuid=filters.organisation).first()
        if filters.organisation
        else None
    )
    context = {
        "filter_form": filter_form,
        "filters": filters,
        "page": page,
        "organisation": organisation,
        "can_create": support_permissions.can_create_case(request.user),
    }
    if request.htmx and request.htmx.target == "results":
        return render(request, "support/case_list.html#results", context)
    return render(request, "support/case_list.html", context)


def next_steps(case: SupportCase) -> list[dict[str, Any]]:
    """The buttons of the allowed next states."""
    return [
        {
            "state": target,
            "label": states.step_label(case.state, target),
            "needs_reason": states.needs_reason(case.state, target),
            "closes": states.is_closed(target),
        }
        for target in states.next_states(case.state)
    ]


@require_GET
def case_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    case = selectors.case_get(user=request.user, uuid=uuid)
    history = timeline_page(request, timeline(case))
    history.object_list = attach_links(history.object_list)
    if wants_timeline_partial(request):
        return render(request, "core/timeline.html", {"timeline": history})
    can_change = permissions.can(request.user, permissions.Action.CHANGE, case)
    roadmap = selectors.case_roadmap(case)
    actions = list(roadmap.actions.all()) if roadmap else []
    state_changes = list(selectors.case_history(case))
    context = {
        "case": case,
        "can_change": can_change,
        "needs": list(selectors.case_needs(case)),
        "roadmap": roadmap,
        "actions": actions,
        "progress": selectors.progress_of(actions),
        "state_changes": state_changes,
        "steps": journey_steps(case, state_changes),
        "next_steps": next_steps(case) if can_change else [],
        "need_form": NeedForm() if can_change and not case.is_closed else None,
        "timeline": history,
    }
    return render(request, "support/case_detail.html", context)


def journey_steps(case: SupportCase, changes: list[Any]) -> list[dict[str, Any]]:
    """The main line of the journey for the stepper: each state done, current or ahead."""
    reached = {change.to_state for change in changes}
    return [
        {
            "state": state,
            "label": state.label,
            "status": "current" if state == case.state else "done" if state in reached else "ahead",
        }
        for state in states.JOURNEY
    ]


def _organisation_from(request: HttpRequest) -> Organisation | None:
    """The organisation named by `?organisation=<uuid>` (the company file's button)."""
    value = request.GET.get("organisation", "")
    try:
        return directory.organisation_get(user=request.user, uuid=value) if value else None
    except (ValidationError, ValueError):
        return None


@require_http_methods(["GET", "POST"])
def case_create(request: HttpRequest) -> HttpResponse:
    permissions.ensure_allowed(support_permissions.can_create_case(request.user))
    clusters = support_permissions.case_clusters(request.user)
    organisation = _organisation_from(request)
    initial: dict[str, Any] = {"owner": request.user}
    if organisation is not None:
        initial["organisation"] = organisation.uuid
        member_of = [m.cluster_id for m in organisation.memberships.all() if m.is_current()]
        initial["cluster"] = clusters.filter(pk__in=member_of).first()
    form = CaseForm(request.POST or None, initial=initial, clusters=clusters)
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        try:
            case = workflows.open_case(
                actor=request.user,
                organisation=data["organisation"],
                cluster=data["cluster"],
                owner=data["owner"],
                origin=data["origin"],
                problem_statement=data["problem_statement"],
                opened_on=data["opened_on"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Support case opened."))
            return redirect(case)
    return form_page(request, "support/case_form.html", form, organisation=organisation)


@require_http_methods(["GET", "POST"])
def case_edit(request: HttpRequest, uuid: str) -> HttpResponse:
    case = case_to_change(request, uuid)
    clusters = support_permissions.case_clusters(request.user, keep=case.cluster_id)
    form = CaseForm(request.POST or None, instance=case, clusters=clusters)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_update(
                actor=request.user,
                case=case,
                data=form.service_data(),
                expected_version=expected_version(form),
            )
        except (ValidationError, StaleVersionError) as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(case)
    return form_page(request, "support/case_form.html", form, case=case)


@require_http_methods(["GET", "POST"])
def case_transition(request: HttpRequest, uuid: str) -> HttpResponse:
    """POST: move the case (the case page's buttons); GET `?to=<state>`: the form asking
    for the reason, for browsers without the page's collapsible forms."""
    case = case_to_change(request, uuid)
    if request.method == "GET":
        target = request.GET.get("to", "")
        form = TransitionForm(initial={"to_state": target, "version": case.version})
        return _transition_page(request, case, form, target)
    form = TransitionForm(request.POST)
    target = request.POST.get("to_state", "")
    if form.is_valid():
        try:
            services.case_transition(
                actor=request.user,
                case=case,
                to_state=form.cleaned_data["to_state"],
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
                outcome_summary=form.cleaned_data["outcome_summary"] or None,
            )
        except (ValidationError, StaleVersionError) as error:
            add_service_error(form, error)
        else:
            label = states.State(form.cleaned_data["to_state"]).label
            messages.success(request, _("The case is now “%(state)s”.") % {"state": label})
            return redirect(case)
    elif "version" in form.errors:
        form.add_error(None, str(StaleVersionError.message))
    elif "to_state" in form.errors:
        # An unknown state: say what the case may move to instead.
        allowed = states.labels(states.next_states(case.state)) or "—"
        form.errors["to_state"] = form.error_class(
            [_("Allowed next states: %(allowed)s.") % {"allowed": allowed}]
        )
    return _transition_page(request, case, form, target)


def _transition_page(
    request: HttpRequest, case: SupportCase, form: TransitionForm, target: str
) -> HttpResponse:
    allowed = states.next_states(case.state)
    context = {
        "case": case,
        "target": target if target in states.State.values else "",
        "target_label": states.step_label(case.state, target) if target in allowed else "",
        "needs_reason": target in allowed and states.needs_reason(case.state, target),
        "closes": states.is_closed(target),
        "allowed": [(state, states.step_label(case.state, state)) for state in allowed],
    }
    return form_page(request, "support/case_transition.html", form, **context)
