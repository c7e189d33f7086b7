"""Roadmap pages: the roadmap of a case, its actions, and its printable page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from clusterdesk.core import permissions
from clusterdesk.core.concurrency import StaleVersionError
from clusterdesk.core.permissions import Action as Do
from clusterdesk.core.web import add_service_error, expected_version
from clusterdesk.support import selectors, services
from clusterdesk.support.forms import ActionForm, RoadmapForm
from clusterdesk.support.models import Action, ActionStatus, Roadmap
from clusterdesk.support.views.common import case_to_change, form_page, version_of


@require_http_methods(["GET", "POST"])
def roadmap_edit(request: HttpRequest, uuid: str) -> HttpResponse:
    """Set up the case's roadmap, or change it."""
    case = case_to_change(request, uuid)
    roadmap = Roadmap.objects.filter(case=case).first()
    form = RoadmapForm(request.POST or None, instance=roadmap)
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        try:
            if roadmap is None:
                services.roadmap_create(actor=request.user, case=case, data=data)
            else:
                services.roadmap_update(
                    actor=request.user,
                    roadmap=roadmap,
                    data=data,
                    expected_version=expected_version(form),
                )
        except (ValidationError, StaleVersionError) as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Roadmap saved."))
            return redirect(f"{case.get_absolute_url()}#roadmap")
    return form_page(request, "support/roadmap_form.html", form, case=case, roadmap=roadmap)


@require_GET
def roadmap_print(request: HttpRequest, uuid: str) -> HttpResponse:
    """The roadmap as one printable page, for the company."""
    case = selectors.case_get(user=request.user, uuid=uuid)
    roadmap = selectors.case_roadmap(case)
    if roadmap is None:
        raise Http404
    actions = list(roadmap.actions.all())
    context = {
        "case": case,
        "roadmap": roadmap,
        "actions": actions,
        "progress": selectors.progress_of(actions),
        "needs": list(selectors.case_needs(case)),
        "today": timezone.localdate(),
    }
    return render(request, "support/roadmap_print.html", context)


@require_http_methods(["GET", "POST"])
def action_create(request: HttpRequest, uuid: str) -> HttpResponse:
    case = case_to_change(request, uuid)
    roadmap = Roadmap.objects.filter(case=case).first()
    if roadmap is None:
        messages.info(request, _("Set up the roadmap first, then add its actions."))
        return redirect("support:roadmap-edit", uuid=case.uuid)
    form = ActionForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_create(actor=request.user, roadmap=roadmap, data=form.service_data())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Action added."))
            return redirect(f"{case.get_absolute_url()}#roadmap")
    return form_page(request, "support/action_form.html", form, case=case)


@require_GET
def roadmap_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    """A roadmap is shown on its case's page (search results link here)."""
    return redirect(selectors.roadmap_get(user=request.user, uuid=uuid).get_absolute_url())


@require_GET
def action_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    """An action is shown on its case's page (timelines and calendars link here)."""
    action = selectors.action_get(user=request.user, uuid=uuid)
    return redirect(action.anchor_url(action.roadmap.case))


def _action_to_change(request: HttpRequest, uuid: str) -> Action:
    action = selectors.action_get(user=request.user, uuid=uuid)
    permissions.ensure(request.user, Do.CHANGE, action)
    return action


@require_http_methods(["GET", "POST"])
def action_edit(request: HttpRequest, uuid: str) -> HttpResponse:
    action = _action_to_change(request, uuid)
    case = action.roadmap.case
    form = ActionForm(request.POST or None, instance=action, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update(
                actor=request.user,
                action=action,
                data=form.service_data(),
                expected_version=expected_version(form),
            )
        except (ValidationError, StaleVersionError) as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Action saved."))
            return redirect(action.anchor_url(case))
    return form_page(request, "support/action_form.html", form, case=case, action=action)


@require_POST
def action_status(request: HttpRequest, uuid: str) -> HttpResponse:
    """The buttons of an action on the case page: start it, mark it done."""
    action = _action_to_change(request, uuid)
    status = request.POST.get("status", "")
    if status not in ActionStatus.values:
        messages.error(request, _("Unknown status."))
        return redirect(action.anchor_url(action.roadmap.case))
    try:
        services.action_update(
            actor=request.user,
            action=action,
            data={"status": status},
            expected_version=version_of(request),
        )
    except StaleVersionError as error:
        messages.error(request, str(error.message))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Action saved."))
    return redirect(action.anchor_url(action.roadmap.case))
