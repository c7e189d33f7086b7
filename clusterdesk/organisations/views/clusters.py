"""Cluster pages: everyone signed in sees the clusters and their sizes; admins edit them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from clusterdesk.core import permissions
from clusterdesk.core.audit import timeline
from clusterdesk.core.concurrency import StaleVersionError
from clusterdesk.core.permissions import Action
from clusterdesk.core.web import (
    add_service_error,
    expected_version,
    paginate,
    timeline_page,
    wants_timeline_partial,
)
from clusterdesk.organisations import selectors, services
from clusterdesk.organisations.forms import ClusterForm


@require_GET
def cluster_list(request: HttpRequest) -> HttpResponse:
    clusters = selectors.cluster_list(user=request.user)
    context = {
        "clusters": clusters,
        "can_manage": permissions.can_manage_clusters(request.user),
        "shows_people": permissions.reads_directory(request.user),
    }
    return render(request, "organisations/cluster_list.html", context)


@require_GET
def cluster_detail(request: HttpRequest, slug: str) -> HttpResponse:
    cluster = selectors.cluster_get(user=request.user, slug=slug)
    history = timeline_page(request, timeline(cluster, user=request.user))
    if wants_timeline_partial(request):
        return render(request, "core/timeline.html", {"timeline": history})
    context = {
        "cluster": cluster,
        "members": paginate(request, selectors.cluster_members(cluster), per_page=50),
        "can_change": permissions.can_manage_clusters(request.user),
        "timeline": history,
    }
    return render(request, "organisations/cluster_detail.html", context)


@require_http_methods(["GET", "POST"])
def cluster_create(request: HttpRequest) -> HttpResponse:
    permissions.ensure_allowed(permissions.can_manage_clusters(request.user))
    form = ClusterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cluster = services.cluster_create(actor=request.user, data=form.service_data())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Cluster created."))
            return redirect("organisations:cluster-detail", slug=cluster.slug)
    return render(request, "organisations/cluster_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def cluster_edit(request: HttpRequest, slug: str) -> HttpResponse:
    cluster = selectors.cluster_get(user=request.user, slug=slug)
    permissions.ensure(request.user, Action.CHANGE, cluster)
    form = ClusterForm(request.POST or None, instance=cluster)
    context = {"form": form, "cluster": cluster, "slug": cluster.slug}
    if request.method == "POST" and form.is_valid():
        try:
            cluster = services.cluster_update(
                actor=request.user,
                cluster=cluster,
                data=form.service_data(),
                expected_version=expected_version(form),
            )
        except (ValidationError, StaleVersionError) as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("organisations:cluster-detail", slug=cluster.slug)
    return render(request, "organisations/cluster_form.html", context)
