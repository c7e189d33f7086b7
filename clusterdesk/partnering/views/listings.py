"""Listing pages: the list, a listing with its proposed counterparts, recording, editing
and closing one."""

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
from clusterdesk.core.permissions import Action
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
from clusterdesk.partnering import permissions as rules
from clusterdesk.partnering import selectors, services
from clusterdesk.partnering.forms import ListingFilterForm, ListingForm
from clusterdesk.partnering.models import PartnerListing


@require_GET
def listing_list(request: HtmxHttpRequest) -> HttpResponse:
    filter_form = ListingFilterForm(request.GET)
    filters = filter_form.filters()
    page = paginate(request, selectors.listing_list(user=request.user, filters=filters))
    context = {
        "filter_form": filter_form,
        "filters": filters,
        "page": page,
        "can_create": rules.can_create_listing(request.user),
        "organisation": (
            Organisation.objects.filter(uuid=filters.organisation).first()
            if filters.organisation
            else None
        ),
    }
    if request.htmx and request.htmx.target == "results":
        return render(request, "partnering/listing_list.html#results", context)
    return render(request, "partnering/listing_list.html", context)


@require_GET
def listing_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    listing = selectors.listing_get(user=request.user, uuid=uuid)
    history = timeline_page(request, timeline(listing))
    history.object_list = attach_links(history.object_list)
    if wants_timeline_partial(request):
        return render(request, "core/timeline.html", {"timeline": history})
    context = {
        "listing": listing,
        "pairs": selectors.listing_pairs(user=request.user, listing=listing),
        "can_change": permissions.can(request.user, Action.CHANGE, listing),
        "timeline": history,
    }
    return render(request, "partnering/listing_detail.html", context)


def _organisation_from(request: HttpRequest) -> Organisation | None:
    """The organisation named by `?organisation=<uuid>` (the company file's button)."""
    value = request.GET.get("organisation", "")
    try:
        return directory.organisation_get(user=request.user, uuid=value) if value else None
    except (ValidationError, ValueError):
        return None


def _form_page(request: HttpRequest, form: ListingForm, **context: Any) -> HttpResponse:
    status = 422 if form.is_bound and form.errors else 200
    context = {"form": form, "listing": form.listing, **context}
    return render(request, "partnering/listing_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def listing_create(request: HttpRequest) -> HttpResponse:
    permissions.ensure_allowed(rules.can_create_listing(request.user))
    organisation = _organisation_from(request) if request.method == "GET" else None
    initial: dict[str, Any] = {}
    if organisation is not None:
        initial["organisation"] = organisation
    for name in ("direction", "category"):
        if request.GET.get(name):
            initial[name] = request.GET[name]
    form = ListingForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            listing = services.listing_create(actor=request.user, data=form.service_data())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Listing recorded."))
            return redirect(listing)
    return _form_page(request, form, organisation=organisation)


def _listing_to_change(request: HttpRequest, uuid: str) -> PartnerListing:
    listing = selectors.listing_get(user=request.user, uuid=uuid)
    permissions.ensure(request.user, Action.CHANGE, listing)
    return listing


@require_http_methods(["GET", "POST"])
def listing_edit(request: HttpRequest, uuid: str) -> HttpResponse:
    listing = _listing_to_change(request, uuid)
    form = ListingForm(request.POST or None, user=request.user, listing=listing)
    if request.method == "POST" and form.is_valid():
        try:
            services.listing_update(
                actor=request.user,
                listing=listing,
                data=form.service_data(),
                expected_version=expected_version(form),
            )
        except (ValidationError, StaleVersionError) as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(listing)
    return _form_page(request, form)


@require_http_methods(["GET", "POST"])
def listing_close(request: HttpRequest, uuid: str) -> HttpResponse:
    """GET: the confirmation page; POST: close the listing (it is no longer proposed)."""
    listing = _listing_to_change(request, uuid)
    error = ""
    if request.method == "POST":
        try:
            version = int(request.POST.get("version") or 0)
            services.listing_close(actor=request.user, listing=listing, expected_version=version)
        except (StaleVersionError, ValueError):
            error = str(StaleVersionError.message)
        else:
            messages.success(request, _("Listing closed: it is no longer proposed."))
            return redirect(listing)
    context = {"listing": listing, "error": error}
    return render(request, "partnering/listing_close.html", context, status=409 if error else 200)


@require_GET
def contact_options(request: HttpRequest) -> HttpResponse:
    """The contact choice of the organisation chosen on the listing form (htmx)."""
    permissions.ensure_allowed(rules.can_create_listing(request.user))
    form = ListingForm(initial={"organisation": request.GET.get("organisation")}, user=request.user)
    return render(request, "partnering/contact_field.html", {"field": form["contact"]})
