"""Contact pages and a contact's affiliations with organisations."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
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
from clusterdesk.organisations import selectors, services
from clusterdesk.organisations.forms import (
    AffiliationForm,
    ContactFilterForm,
    ContactForm,
    NewContactForm,
)
from clusterdesk.organisations.models import Affiliation


@require_GET
def contact_list(request: HtmxHttpRequest) -> HttpResponse:
    filter_form = ContactFilterForm(request.GET)
    filters = filter_form.filters()
    page = paginate(request, selectors.contact_list(user=request.user, filters=filters))
    context = {
        "filter_form": filter_form,
        "filters": filters,
        "page": page,
        "can_create": permissions.can_create_contact(request.user),
    }
    if request.htmx and request.htmx.target == "results":
        return render(request, "organisations/contact_list.html#results", context)
    return render(request, "organisations/contact_list.html", context)


@require_GET
def contact_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    contact = selectors.contact_get(user=request.user, uuid=uuid)
    history = timeline_page(request, timeline(contact, user=request.user))
    if wants_timeline_partial(request):
        return render(request, "core/timeline.html", {"timeline": history})
    can_change = permissions.can_change_contact(request.user, contact)
    context = {
        "contact": contact,
        "affiliations": contact.affiliations.all(),
        "can_change": can_change,
        "affiliation_form": AffiliationForm() if can_change else None,
        "timeline": history,
    }
    return render(request, "organisations/contact_detail.html", context)


@require_http_methods(["GET", "POST"])
def contact_create(request: HttpRequest) -> HttpResponse:
    permissions.ensure_allowed(permissions.can_create_contact(request.user))
    initial = {}
    if request.method == "GET" and request.GET.get("organisation"):
        initial["organisation"] = request.GET["organisation"]
    form = NewContactForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        organisation = form.cleaned_data["organisation"]
        if not permissions.can_view_organisation(request.user, organisation):
            form.add_error("organisation", _("Choose an organisation from the list."))
        else:
            try:
                contact = services.contact_create(
                    actor=request.user,
                    data=form.service_data(),
                    organisation=organisation,
                    role=form.cleaned_data["role"],
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Contact created."))
                return redirect("organisations:contact-detail", uuid=contact.uuid)
    return render(request, "organisations/contact_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def contact_edit(request: HttpRequest, uuid: str) -> HttpResponse:
    contact = selectors.contact_get(user=request.user, uuid=uuid)
    permissions.ensure(request.user, Action.CHANGE, contact)
    form = ContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_update(
                actor=request.user,
                contact=contact,
                data=form.service_data(),
                expected_version=expected_version(form),
            )
        except (ValidationError, StaleVersionError) as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("organisations:contact-detail", uuid=contact.uuid)
    return render(request, "organisations/contact_form.html", {"form": form, "contact": contact})


@require_http_methods(["GET", "POST"])
def contact_delete(request: HttpRequest, uuid: str) -> HttpResponse:
    contact = selectors.contact_get(user=request.user, uuid=uuid)
    permissions.ensure(request.user, Action.DELETE, contact)
    error = ""
    if request.method == "POST":
        try:
            version = int(request.POST.get("version") or 0)
            services.contact_delete(actor=request.user, contact=contact, expected_version=version)
        except (StaleVersionError, ValueError):
            error = str(StaleVersionError.message)
        else:
            messages.success(request, _("%(name)s was deleted.") % {"name": contact})
            return redirect("organisations:contact-list")
    return render(
        request, "organisations/contact_confirm_delete.html", {"contact": contact, "error": error}
    )


@require_POST
def affiliation_create(request: HttpRequest, uuid: str) -> HttpResponse:
    contact = selectors.contact_get(user=request.user, uuid=uuid)
    permissions.ensure(request.user, Action.CHANGE, contact)
    form = AffiliationForm(request.POST)
    if form.is_valid():
        try:
            services.affiliation_create(
                actor=request.user,
                contact=contact,
                organisation=form.cleaned_data["organisation"],
                role=form.cleaned_data["role"],
                is_primary=form.cleaned_data["is_primary"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Organisation linked."))
            return redirect("organisations:contact-detail", uuid=contact.uuid)
    context = {"form": form, "contact": contact}
    return render(request, "organisations/affiliation_form.html", context, status=422)


@require_POST
def affiliation_delete(request: HttpRequest, uuid: str, pk: int) -> HttpResponse:
    contact = selectors.contact_get(user=request.user, uuid=uuid)
    permissions.ensure(request.user, Action.CHANGE, contact)
    affiliation = get_object_or_404(
        Affiliation.objects.select_related("organisation", "contact"), pk=pk, contact=contact
    )
    services.affiliation_delete(actor=request.user, affiliation=affiliation)
    messages.success(request, _("Link with %(name)s removed.") % {"name": affiliation.organisation})
    return redirect("organisations:contact-detail", uuid=contact.uuid)
