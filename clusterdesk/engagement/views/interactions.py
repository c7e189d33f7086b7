"""Interaction pages: list, log (with a meeting invite to pre-fill it), read, edit, delete."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
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
from clusterdesk.engagement.forms import InteractionFilterForm, InteractionForm, InviteForm
from clusterdesk.engagement.invites import InviteMatch, match_invite
from clusterdesk.engagement.views.common import initial_organisation
from clusterdesk.organisations.models import Organisation


@require_GET
def interaction_list(request: HtmxHttpRequest) -> HttpResponse:
    filter_form = InteractionFilterForm(request.GET)
    filters = filter_form.filters()
    interactions = selectors.interaction_list(user=request.user, filters=filters)
    context = {
        "filter_form": filter_form,
        "filters": filters,
        "page": paginate(request, interactions),
        "can_create": rules.can_log_interaction(request.user),
        "organisation": (
            Organisation.objects.filter(uuid=filters.organisation).first()
            if filters.organisation
            else None
        ),
    }
    if request.htmx and request.htmx.target == "results":
        return render(request, "engagement/interaction_list.html#results", context)
    return render(request, "engagement/interaction_list.html", context)


@require_GET
def interaction_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    interaction = selectors.interaction_get(user=request.user, uuid=uuid)
    history = timeline_page(request, timeline(interaction))
    if wants_timeline_partial(request):
        return render(request, "core/timeline.html", {"timeline": history})
    can_change = rules.can_change_interaction(request.user, interaction)
    context = {
        "interaction": interaction,
        "follow_ups": interaction.follow_ups.select_related("owner").order_by("due_on", "id"),
        "can_change": can_change,
        "timeline": history,
    }
    return render(request, "engagement/interaction_detail.html", context)


def _form_page(
    request: HttpRequest,
    form: InteractionForm,
    *,
    invite_form: InviteForm | None = None,
    match: InviteMatch | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "form": form,
        "interaction": form.interaction,
        "invite_form": invite_form if invite_form is not None else InviteForm(),
        "match": match,
    }
    return render(request, "engagement/interaction_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def interaction_create(request: HttpRequest) -> HttpResponse:
    permissions.ensure_allowed(rules.can_log_interaction(request.user))
    initial: dict[str, Any] = {}
    organisation = initial_organisation(request) if request.method == "GET" else None
    if organisation is not None:
        initial["organisation"] = organisation
    form = InteractionForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            interaction = services.interaction_create(
                actor=request.user,
                data=form.service_data(),
                follow_up_on=form.cleaned_data.get("follow_up_on"),
                follow_up_note=form.cleaned_data.get("follow_up_note") or "",
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Interaction logged."))
            return redirect(interaction.organisation.get_absolute_url())
    status = 422 if request.method == "POST" else 200
    return _form_page(request, form, status=status)


@require_POST
def interaction_from_invite(request: HttpRequest) -> HttpResponse:
    """Read an uploaded invite and show the new-interaction form filled from it; nothing is
    stored until the person saves that form."""
    permissions.ensure_allowed(rules.can_log_interaction(request.user))
    invite_form = InviteForm(request.POST, request.FILES)
    if not invite_form.is_valid():
        form = InteractionForm(user=request.user)
        return _form_page(request, form, invite_form=invite_form, status=422)
    invite = invite_form.cleaned_data["invite"]
    match = match_invite(invite, services.staff_queryset())
    initial: dict[str, Any] = {
        "kind": invite.kind,
        "occurred_on": invite.occurred_on,
        "summary": invite.summary,
        "contacts": [contact.pk for contact in match.contacts],
    }
    if match.participants:
        initial["participants"] = [person.pk for person in match.participants]
    if match.organisation is not None:
        initial["organisation"] = match.organisation
    form = InteractionForm(user=request.user, initial=initial)
    messages.info(request, _("Details read from the invite: check them, then save."))
    return _form_page(request, form, invite_form=InviteForm(), match=match)


@require_GET
def contact_options(request: HttpRequest) -> HttpResponse:
    """The contact checkboxes of the organisation chosen on the interaction form (htmx)."""
    permissions.ensure_allowed(rules.can_log_interaction(request.user))
    form = InteractionForm(request.GET, user=request.user)
    return render(request, "engagement/contact_checkboxes.html", {"field": form["contacts"]})


@require_http_methods(["GET", "POST"])
def interaction_edit(request: HttpRequest, uuid: str) -> HttpResponse:
    interaction = selectors.interaction_get(user=request.user, uuid=uuid)
    permissions.ensure(request.user, Action.CHANGE, interaction)
    form = InteractionForm(request.POST or None, user=request.user, interaction=interaction)
    if request.method == "POST" and form.is_valid():
        try:
            services.interaction_update(
                actor=request.user,
                interaction=interaction,
                data=form.service_data(),
                expected_version=expected_version(form),
            )
        except (ValidationError, StaleVersionError) as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("engagement:interaction-detail", uuid=interaction.uuid)
    status = 422 if request.method == "POST" else 200
    return _form_page(request, form, status=status)


@require_http_methods(["GET", "POST"])
def interaction_delete(request: HttpRequest, uuid: str) -> HttpResponse:
    interaction = selectors.interaction_get(user=request.user, uuid=uuid)
    permissions.ensure(request.user, Action.DELETE, interaction)
    error = ""
    if request.method == "POST":
        try:
            version = int(request.POST.get("version") or 0)
            services.interaction_delete(
                actor=request.user, interaction=interaction, expected_version=version
            )
        except (StaleVersionError, ValueError):
            error = str(StaleVersionError.message)
        else:
            messages.success(request, _("Interaction deleted."))
            return redirect(interaction.organisation.get_absolute_url())
    context = {"interaction": interaction, "error": error}
    return render(
        request,
        "engagement/interaction_confirm_delete.html",
        context,
        status=409 if error else 200,
    )
