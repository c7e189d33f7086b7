"""Agency team pages: the staff who read the directory see the teams (their services and
members); admins create and edit them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from clusterdesk.catalogue import permissions as team_permissions
from clusterdesk.catalogue import selectors, services
from clusterdesk.catalogue.forms import AgencyTeamForm
from clusterdesk.core import permissions
from clusterdesk.core.audit import attach_links, timeline
from clusterdesk.core.concurrency import StaleVersionError
from clusterdesk.core.permissions import Action
from clusterdesk.core.web import (
    add_service_error,
    expected_version,
    timeline_page,
    wants_timeline_partial,
)


@require_GET
def team_list(request: HttpRequest) -> HttpResponse:
    context = {
        "teams": selectors.team_list(user=request.user),
        "my_team_ids": team_permissions.team_ids_of(request.user),
        "can_manage": team_permissions.can_manage_teams(request.user),
    }
    return render(request, "catalogue/team_list.html", context)


@require_GET
def team_detail(request: HttpRequest, slug: str) -> HttpResponse:
    team = selectors.team_get(user=request.user, slug=slug)
    history = timeline_page(request, timeline(team))
    history.object_list = attach_links(history.object_list)
    if wants_timeline_partial(request):
        return render(request, "core/timeline.html", {"timeline": history})
    context = {
        "team": team,
        "can_change": team_permissions.can_manage_teams(request.user),
        "timeline": history,
    }
    return render(request, "catalogue/team_detail.html", context)


@require_http_methods(["GET", "POST"])
def team_create(request: HttpRequest) -> HttpResponse:
    permissions.ensure_allowed(team_permissions.can_manage_teams(request.user))
    form = AgencyTeamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            team = services.team_create(actor=request.user, data=form.service_data())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Team created."))
            return redirect("catalogue:team-detail", slug=team.slug)
    status = 422 if form.errors else 200
    return render(request, "catalogue/team_form.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def team_edit(request: HttpRequest, slug: str) -> HttpResponse:
    team = selectors.team_get(user=request.user, slug=slug)
    permissions.ensure(request.user, Action.CHANGE, team)
    form = AgencyTeamForm(request.POST or None, instance=team)
    if request.method == "POST" and form.is_valid():
        try:
            team = services.team_update(
                actor=request.user,
                team=team,
                data=form.service_data(),
                expected_version=expected_version(form),
            )
        except (ValidationError, StaleVersionError) as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("catalogue:team-detail", slug=team.slug)
    status = 422 if form.errors else 200
    context = {"form": form, "team": team}
    return render(request, "catalogue/team_form.html", context, status=status)
