"""The company file's interactions panel: the latest interactions and open follow-ups of
the organisation, and, for those who may log one, a quick entry form that htmx posts and
answers with the panel itself (no page reload)."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from clusterdesk.core import permissions
from clusterdesk.core.web import HtmxHttpRequest, add_service_error
from clusterdesk.engagement import permissions as rules
from clusterdesk.engagement import selectors, services
from clusterdesk.engagement.forms import QuickFollowUpForm, QuickInteractionForm
from clusterdesk.organisations import selectors as organisation_selectors
from clusterdesk.organisations.models import Organisation

PANEL_TEMPLATE = "engagement/organisation_panel.html"
FOLLOW_UP_DAYS = 14


def _quick_follow_up_form() -> QuickFollowUpForm:
    due = timezone.localdate() + datetime.timedelta(days=FOLLOW_UP_DAYS)
    return QuickFollowUpForm(initial={"due_on": due})


def panel_context(
    request: HttpRequest,
    organisation: Organisation,
    *,
    form: QuickInteractionForm | None = None,
    follow_up_form: QuickFollowUpForm | None = None,
    **extra: Any,
) -> dict[str, Any] | None:
    """What the panel shows to this user; None (no panel) for those who read no records."""
    user = request.user
    if not rules.can_list_interactions(user):
        return None
    can_log = rules.can_log_interaction(user)
    data: dict[str, Any] = {
        "interactions": selectors.recent_interactions(user=user, organisation=organisation),
        "follow_ups": selectors.open_follow_ups(user=user, organisation=organisation),
        "can_log": can_log,
        "today": timezone.localdate(),
        **extra,
    }
    if can_log:
        data["form"] = form or QuickInteractionForm(user=user, organisation=organisation)
        data["follow_up_form"] = follow_up_form or _quick_follow_up_form()
    return data


def render_panel(
    request: HttpRequest, organisation: Organisation, data: dict[str, Any] | None, status: int = 200
) -> HttpResponse:
    context = {"organisation": organisation, "data": data}
    return render(request, PANEL_TEMPLATE, context, status=status)


def _answer(
    request: HtmxHttpRequest, organisation: Organisation, data: dict[str, Any] | None, ok: bool
) -> HttpResponse:
    """htmx gets the panel (200 even with errors, so it is swapped in); without htmx, a
    success goes back to the company file and an error shows the panel on its own page."""
    if request.htmx:
        return render_panel(request, organisation, data)
    if ok:
        return redirect(organisation.get_absolute_url())
    context = {"organisation": organisation, "data": data}
    return render(request, "engagement/quick_entry.html", context, status=422)


@require_http_methods(["GET", "POST"])
def organisation_panel(request: HtmxHttpRequest, uuid: str) -> HttpResponse:
    """GET: the panel (to refresh it); POST: log an interaction from the quick form."""
    organisation = organisation_selectors.organisation_get(user=request.user, uuid=uuid)
    if request.method == "GET":
        data = panel_context(request, organisation)
        permissions.ensure_allowed(data is not None)
        return render_panel(request, organisation, data)
    permissions.ensure_allowed(rules.can_log_interaction(request.user))
    form = QuickInteractionForm(request.POST, user=request.user, organisation=organisation)
    saved = None
    if form.is_valid():
        try:
            saved = services.interaction_create(
                actor=request.user,
                data=form.service_data(request.user),
                follow_up_on=form.cleaned_data.get("follow_up_on"),
                follow_up_note=form.cleaned_data.get("follow_up_note") or "",
            )
        except ValidationError as error:
            add_service_error(form, error)
    if saved is None:
        return _answer(
            request, organisation, panel_context(request, organisation, form=form), False
        )
    if not request.htmx:
        messages.success(request, _("Interaction logged."))
    data = panel_context(request, organisation, saved=saved)
    return _answer(request, organisation, data, True)


@require_POST
def organisation_follow_up(request: HtmxHttpRequest, uuid: str) -> HttpResponse:
    """The panel's "add a follow-up": owned by the person adding it."""
    organisation = organisation_selectors.organisation_get(user=request.user, uuid=uuid)
    permissions.ensure_allowed(rules.can_create_follow_up(request.user))
    form = QuickFollowUpForm(request.POST)
    created = None
    if form.is_valid():
        try:
            created = services.follow_up_create(
                actor=request.user,
                data={
                    "organisation": organisation,
                    "cluster": selectors.default_cluster(request.user, organisation),
                    "owner": request.user,
                    "due_on": form.cleaned_data["due_on"],
                    "note": form.cleaned_data["note"],
                },
            )
        except ValidationError as error:
            add_service_error(form, error)
    if created is None:
        data = panel_context(request, organisation, follow_up_form=form, follow_up_open=True)
        return _answer(request, organisation, data, False)
    if not request.htmx:
        messages.success(request, _("Follow-up planned."))
    data = panel_context(request, organisation, follow_up_saved=created)
    return _answer(request, organisation, data, True)


def _organisation_panel_context(
    request: HttpRequest, organisation: Organisation
) -> dict[str, Any] | None:
    return panel_context(request, organisation)


def register_panel() -> None:
    from clusterdesk.organisations import panels

    panels.register(
        panels.Panel(
            name="engagement.interactions",
            template=PANEL_TEMPLATE,
            context=_organisation_panel_context,
            column="main",
            order=10,
        )
    )
