"""Organisation and membership pages: permission check, form or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from clusterdesk.core import permissions
from clusterdesk.core.audit import timeline, timeline_kinds
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
from clusterdesk.organisations import communes, panels, selectors, services
from clusterdesk.organisations.forms import (
    MembershipForm,
    OrganisationFilterForm,
    OrganisationForm,
)
from clusterdesk.organisations.models import Cluster, Membership, NaceActivity


@require_GET
def organisation_list(request: HtmxHttpRequest) -> HttpResponse:
    filter_form = OrganisationFilterForm(request.GET)
    filters = filter_form.filters()
    organisations = selectors.organisation_list(user=request.user, filters=filters)
    page = paginate(request, organisations)
    context = {
        "filter_form": filter_form,
        "filters": filters,
        "page": page,
        "can_create": permissions.can_create_organisation(request.user),
    }
    if request.htmx and request.htmx.target == "results":
        return render(request, "organisations/organisation_list.html#results", context)
    return render(request, "organisations/organisation_list.html", context)


@require_GET
def organisation_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    organisation = selectors.organisation_get(user=request.user, uuid=uuid)
    kinds = timeline_kinds(organisation, user=request.user)
    kind = request.GET.get("timeline_kind", "")
    kind = kind if kind in dict(kinds) else ""
    history = timeline_page(
        request, timeline(organisation, user=request.user, kinds=[kind] if kind else ())
    )
    if wants_timeline_partial(request):
        partial = {"timeline": history, "timeline_kind": kind}
        return render(request, "core/timeline.html", partial)
    user = request.user
    memberships = list(organisation.memberships.all())
    context: dict[str, object] = {
        "organisation": organisation,
        "affiliations": selectors.organisation_affiliations(organisation),
        "memberships": [
            (membership, permissions.can_change_membership(user, membership))
            for membership in memberships
        ],
        "can_change": permissions.can_change_organisation(user, organisation),
        "can_delete": permissions.can_delete_organisation(user, organisation),
        "can_add_membership": _manageable_clusters(request).exists(),
        "can_add_contact": permissions.can_create_contact(user),
        "membership_form": MembershipForm(clusters=_manageable_clusters(request)),
        "timeline": history,
        "timeline_kinds": kinds,
        "timeline_kind": kind,
        "panels": panels.panels_for(request, organisation),
    }
    return render(request, "organisations/organisation_detail.html", context)


def _form_page(request: HttpRequest, form: OrganisationForm, **extra: object) -> HttpResponse:
    context = {"form": form, "communes": communes.LUXEMBOURG_COMMUNES, **extra}
    return render(request, "organisations/organisation_form.html", context)


@require_http_methods(["GET", "POST"])
def organisation_create(request: HttpRequest) -> HttpResponse:
    permissions.ensure_allowed(permissions.can_create_organisation(request.user))
    form = OrganisationForm(request.POST or None, initial={"owner": request.user})
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_create(
                actor=request.user,
                data=form.service_data(),
                confirm_distinct=form.cleaned_data["confirm_distinct"],
            )
        except services.DuplicateOrganisationError as error:
            add_service_error(form, error)
            return _form_page(request, form, duplicates=error.duplicates)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Organisation created."))
            return redirect("organisations:detail", uuid=organisation.uuid)
    return _form_page(request, form)


@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, uuid: str) -> HttpResponse:
    organisation = selectors.organisation_get(user=request.user, uuid=uuid)
    permissions.ensure(request.user, Action.CHANGE, organisation)
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(
                actor=request.user,
                organisation=organisation,
                data=form.service_data(),
                expected_version=expected_version(form),
                confirm_distinct=form.cleaned_data["confirm_distinct"],
            )
        except services.DuplicateOrganisationError as error:
            add_service_error(form, error)
            return _form_page(request, form, organisation=organisation, duplicates=error.duplicates)
        except (ValidationError, StaleVersionError) as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("organisations:detail", uuid=organisation.uuid)
    return _form_page(request, form, organisation=organisation)


@require_http_methods(["GET", "POST"])
def organisation_delete(request: HttpRequest, uuid: str) -> HttpResponse:
    organisation = selectors.organisation_get(user=request.user, uuid=uuid)
    permissions.ensure(request.user, Action.DELETE, organisation)
    error = ""
    if request.method == "POST":
        try:
            version = int(request.POST.get("version") or 0)
            services.organisation_delete(
                actor=request.user, organisation=organisation, expected_version=version
            )
        except (StaleVersionError, ValueError):
            error = str(StaleVersionError.message)
        except ValidationError as refusal:  # it has a journey (cases, diagnoses…)
            error = " ".join(refusal.messages)
        else:
            messages.success(request, _("%(name)s was deleted.") % {"name": organisation})
            return redirect("organisations:list")
    context = {
        "organisation": organisation,
        "error": error,
        "contact_count": organisation.affiliations.count(),
    }
    return render(request, "organisations/organisation_confirm_delete.html", context)


# --- memberships --------------------------------------------------------------------------


def _manageable_clusters(request: HttpRequest) -> QuerySet[Cluster]:
    clusters = Cluster.objects.order_by("name")
    if permissions.is_admin(request.user):
        return clusters
    return clusters.filter(pk__in=permissions.managed_cluster_ids(request.user))


@require_POST
def membership_create(request: HttpRequest, uuid: str) -> HttpResponse:
    organisation = selectors.organisation_get(user=request.user, uuid=uuid)
    clusters = _manageable_clusters(request)
    permissions.ensure_allowed(clusters.exists())
    form = MembershipForm(request.POST, clusters=clusters)
    if form.is_valid():
        try:
            services.membership_create(
                actor=request.user, organisation=organisation, data=form.service_data()
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Membership added."))
            return redirect("organisations:detail", uuid=organisation.uuid)
    return render(
        request,
        "organisations/membership_form.html",
        {"form": form, "organisation": organisation},
        status=422,
    )


def _membership(request: HttpRequest, uuid: str, action: Action) -> Membership:
    membership = get_object_or_404(
        Membership.objects.select_related("cluster", "organisation"), uuid=uuid
    )
    permissions.ensure(request.user, action, membership)
    return membership


@require_http_methods(["GET", "POST"])
def membership_edit(request: HttpRequest, uuid: str) -> HttpResponse:
    membership = _membership(request, uuid, Action.CHANGE)
    form = MembershipForm(request.POST or None, instance=membership)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_update(
                actor=request.user,
                membership=membership,
                data=form.service_data(),
                expected_version=expected_version(form),
            )
        except (ValidationError, StaleVersionError) as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Membership saved."))
            return redirect("organisations:detail", uuid=membership.organisation.uuid)
    context = {"form": form, "organisation": membership.organisation, "membership": membership}
    return render(request, "organisations/membership_form.html", context)


@require_POST
def membership_delete(request: HttpRequest, uuid: str) -> HttpResponse:
    membership = _membership(request, uuid, Action.DELETE)
    try:
        services.membership_delete(
            actor=request.user,
            membership=membership,
            expected_version=int(request.POST.get("version") or 0),
        )
    except (StaleVersionError, ValueError):
        messages.error(request, str(StaleVersionError.message))
    else:
        messages.success(request, _("Membership removed."))
    return redirect("organisations:detail", uuid=membership.organisation.uuid)


# --- lookups for forms (htmx) ----------------------------------------------------------------


@require_GET
def nace_lookup(request: HttpRequest) -> HttpResponse:
    """NACE codes matching what the user typed, for the organisation form."""
    permissions.ensure_allowed(permissions.reads_directory(request.user))
    term = request.GET.get("nace_search", "").strip()[:100]
    activities = NaceActivity.objects.none()
    if term:
        activities = NaceActivity.objects.filter(level__gte=2).filter(
            Q(code__startswith=term)
            | Q(label_en__icontains=term)
            | Q(label_fr__icontains=term)
            | Q(label_de__icontains=term)
        )[:15]
    return render(request, "organisations/nace_options.html", {"activities": activities})


@require_GET
def organisation_pick(request: HttpRequest) -> HttpResponse:
    """`<option>`s of organisations matching the search box of an organisation picker."""
    term = request.GET.get("organisation_search", "").strip()[:100]
    filters = selectors.OrganisationFilters(q=term)
    organisations = selectors.organisation_list(user=request.user, filters=filters)[:20]
    return render(
        request, "organisations/organisation_options.html", {"organisations": organisations}
    )
