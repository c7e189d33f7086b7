"""Follow-up pages: my follow-ups (and everyone's), plan one, read, edit, mark done, delete."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from clusterdesk.core import permissions
from clusterdesk.core.audit import timeline
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
from clusterdesk.engagement import permissions as rules
from clusterdesk.engagement import selectors, services
from clusterdesk.engagement.forms import FollowUpFilterForm, FollowUpForm
from clusterdesk.engagement.models import Interaction
from clusterdesk.engagement.views.common import initial_organisation
from clusterdesk.engagement.views.panel import panel_context, render_panel


@require_GET
def follow_up_list(request: HtmxHttpRequest) -> HttpResponse:
    filter_form = FollowUpFilterForm(request.GET)
    filters = filter_form.filters()
    follow_ups = selectors.follow_up_list(user=request.user, filters=filters)
    context = {
        "filter_form": filter_form,
        "filters": filters,
        "page": paginate(request, follow_ups),
        "can_create": rules.can_create_follow_up(request.user),
    }
    if request.htmx and request.htmx.target == "results":
        return render(request, "engagement/follow_up_list.html#results", context)
    return render(request, "engagement/follow_up_list.html", context)


def _source_interaction(request: HttpRequest, public_id: Any) -> Interaction | None:
    """The interaction a follow-up comes from, if the user may see it."""
    if not public_id:
        return None
    try:
        interaction = (
            Interaction.objects.select_related("organisation").filter(uuid=public_id).first()
        )
    except ValidationError:
        return None
    if interaction is None or not rules.can_view_interaction(request.user, interaction):
        return None
    return interaction


@require_http_methods(["GET", "POST"])
def follow_up_create(request: HttpRequest) -> HttpResponse:
    """Plan a follow-up; `?interaction=<id>` plans it from that interaction."""
    permissions.ensure_allowed(rules.can_create_follow_up(request.user))
    initial: dict[str, Any] = {}
    if request.method == "GET":
        source = _source_interaction(request, request.GET.get("interaction"))
        organisation = source.organisation if source else initial_organisation(request)
        if organisation is not None:
            initial["organisation"] = organisation
        if source is not None:
            initial["interaction"] = source.uuid
    form = FollowUpForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        data["interaction"] = _source_interaction(request, form.cleaned_data.get("interaction"))
        try:
            follow_up = services.follow_up_create(actor=request.user, data=data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Follow-up planned."))
            return redirect("engagement:follow-up-detail", uuid=follow_up.uuid)
    status = 422 if request.method == "POST" else 200
    return render(request, "engagement/follow_up_form.html", {"form": form}, status=status)


@require_GET
def follow_up_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    follow_up = selectors.follow_up_get(user=request.user, uuid=uuid)
    history = timeline_page(request, timeline(follow_up))
    if wants_timeline_partial(request):
        return render(request, "core/timeline.html", {"timeline": history})
    context = {
        "follow_up": follow_up,
        "can_change": rules.can_change_follow_up(request.user, follow_up),
        "timeline": history,
    }
    return render(request, "engagement/follow_up_detail.html", context)


@require_http_methods(["GET", "POST"])
def follow_up_edit(request: HttpRequest, uuid: str) -> HttpResponse:
    follow_up = selectors.follow_up_get(user=request.user, uuid=uuid)
    permissions.ensure(request.user, Action.CHANGE, follow_up)
    form = FollowUpForm(request.POST or None, user=request.user, follow_up=follow_up)
    if request.method == "POST" and form.is_valid():
        try:
            services.follow_up_update(
                actor=request.user,
                follow_up=follow_up,
                data=form.service_data(),
                expected_version=expected_version(form),
            )
        except (ValidationError, StaleVersionError) as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("engagement:follow-up-detail", uuid=follow_up.uuid)
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "follow_up": follow_up}
    return render(request, "engagement/follow_up_form.html", context, status=status)


def _back(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


@require_POST
def follow_up_done(request: HtmxHttpRequest, uuid: str) -> HttpResponse:
    """Mark done; from the company file's panel (htmx), answer with the panel."""
    follow_up = selectors.follow_up_get(user=request.user, uuid=uuid)
    permissions.ensure(request.user, Action.CHANGE, follow_up)
    try:
        version = int(request.POST.get("version") or 0)
        services.follow_up_mark_done(
            actor=request.user, follow_up=follow_up, expected_version=version
        )
    except (StaleVersionError, ValueError):
        messages.error(request, str(StaleVersionError.message))
    else:
        if not request.htmx:
            messages.success(request, _("Follow-up done."))
    if request.htmx and request.POST.get("panel"):
        organisation = follow_up.organisation
        return render_panel(request, organisation, panel_context(request, organisation))
    return redirect(_back(request, follow_up.get_absolute_url()))


@require_http_methods(["GET", "POST"])
def follow_up_delete(request: HttpRequest, uuid: str) -> HttpResponse:
    follow_up = selectors.follow_up_get(user=request.user, uuid=uuid)
    permissions.ensure(request.user, Action.DELETE, follow_up)
    error = ""
    if request.method == "POST":
        try:
            version = int(request.POST.get("version") or 0)
            services.follow_up_delete(
                actor=request.user, follow_up=follow_up, expected_version=version
            )
        except (StaleVersionError, ValueError):
            error = str(StaleVersionError.message)
        else:
            messages.success(request, _("Follow-up deleted."))
            return redirect("engagement:follow-up-list")
    context = {"follow_up": follow_up, "error": error}
    return render(
        request, "engagement/follow_up_confirm_delete.html", context, status=409 if error else 200
    )
