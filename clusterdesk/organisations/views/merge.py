"""The merge pages: two organisations (or two contacts) side by side, the user picks field by
field what the survivor keeps, and everything linked to the other one moves over."""

from __future__ import annotations

import uuid as uuid_module
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from clusterdesk.core import merging, permissions
from clusterdesk.core.concurrency import StaleVersionError
from clusterdesk.organisations import merge, selectors
from clusterdesk.organisations.merge_forms import (
    MergeForm,
    comparison_rows,
    default_choices,
)
from clusterdesk.organisations.models import Contact, Organisation


@dataclass(frozen=True)
class MergeKind:
    """What differs between merging organisations and merging contacts."""

    name: str  # "organisation" or "contact"
    model: type[models.Model]
    get: Callable[..., Any]  # selector: (user=, uuid=) -> record, 404 when invisible
    service: Callable[..., merge.MergeResult]
    duplicates: Callable[..., list[Any]]
    merge_url: str
    detail_url: str
    pick_url: str
    title: Any
    other_label: Any


ORGANISATIONS = MergeKind(
    name="organisation",
    model=Organisation,
    get=selectors.organisation_get,
    service=merge.organisation_merge,
    duplicates=lambda user, record: merge.organisation_possible_duplicates(
        user=user, organisation=record
    ),
    merge_url="organisations:merge",
    detail_url="organisations:detail",
    pick_url="organisations:pick",
    title=gettext_lazy("Merge organisations"),
    other_label=gettext_lazy("Organisation to merge into this one"),
)
CONTACTS = MergeKind(
    name="contact",
    model=Contact,
    get=selectors.contact_get,
    service=merge.contact_merge,
    duplicates=lambda user, record: merge.contact_possible_duplicates(user=user, contact=record),
    merge_url="organisations:contact-merge",
    detail_url="organisations:contact-detail",
    pick_url="organisations:contact-pick",
    title=gettext_lazy("Merge contacts"),
    other_label=gettext_lazy("Contact to merge into this one"),
)


@require_http_methods(["GET", "POST"])
def organisation_merge(request: HttpRequest, uuid: str) -> HttpResponse:
    return _merge_page(request, ORGANISATIONS, uuid)


@require_http_methods(["GET", "POST"])
def contact_merge(request: HttpRequest, uuid: str) -> HttpResponse:
    return _merge_page(request, CONTACTS, uuid)


def _parse_uuid(value: str | None) -> uuid_module.UUID | None:
    try:
        return uuid_module.UUID(str(value))
    except ValueError:
        return None


def _merge_page(request: HttpRequest, kind: MergeKind, uuid: str) -> HttpResponse:
    survivor = kind.get(user=request.user, uuid=uuid)
    permissions.ensure(request.user, permissions.Action.CHANGE, survivor)
    raw_other = request.POST.get("loser") if request.method == "POST" else request.GET.get("other")
    other_id = _parse_uuid(raw_other)
    loser = kind.get(user=request.user, uuid=other_id) if other_id else None
    picker_error = ""
    if raw_other and other_id is None:
        picker_error = _("Choose a record from the list.")
    if loser is not None and loser.pk == survivor.pk:
        picker_error, loser = _("A record cannot be merged with itself: choose another."), None
    if loser is not None:
        permissions.ensure_can_merge(request.user, survivor, loser)
    if loser is None:
        status = 422 if request.method == "POST" else 200
        return _render(request, kind, survivor, None, None, picker_error, status=status)
    field_names = merge.merge_fields(kind.model)
    initial = {
        "loser": loser.uuid,
        "survivor_version": survivor.version,
        "loser_version": loser.version,
        **default_choices(survivor, loser, field_names),
    }
    form = MergeForm(request.POST or None, initial=initial, field_names=field_names)
    if request.method == "POST":
        done = _submit(request, kind, form, survivor, loser)
        if done is not None:
            return done
    status = 422 if form.errors else 200
    return _render(request, kind, survivor, loser, form, picker_error, status=status)


def _submit(
    request: HttpRequest, kind: MergeKind, form: MergeForm, survivor: Any, loser: Any
) -> HttpResponse | None:
    if not form.is_valid():
        return None
    try:
        result = kind.service(
            actor=request.user,
            survivor=survivor,
            loser=loser,
            choices=form.choices(),
            survivor_version=form.cleaned_data["survivor_version"],
            loser_version=form.cleaned_data["loser_version"],
        )
    except (ValidationError, StaleVersionError) as error:
        form.add_service_error(error, kind.model)
        return None
    messages.success(
        request,
        _("%(loser)s was merged into %(survivor)s.") % {"loser": loser, "survivor": survivor},
    )
    return redirect(kind.detail_url, uuid=result.survivor.uuid)


def _render(
    request: HttpRequest,
    kind: MergeKind,
    survivor: Any,
    loser: Any,
    form: MergeForm | None,
    picker_error: str,
    status: int = 200,
) -> HttpResponse:
    context = {
        "kind": kind,
        "survivor": survivor,
        "loser": loser,
        "form": form,
        "picker_error": picker_error,
        "duplicates": kind.duplicates(request.user, survivor),
    }
    try:
        merging.check_mergeable(kind.model)
    except merging.MergeRefused as refusal:
        context["refusal"] = " ".join(refusal.messages)
    if form is not None and loser is not None:
        field_names = merge.merge_fields(kind.model)
        context["rows"] = comparison_rows(form, survivor, loser, field_names)
        context["moves"] = merge.merge_preview(loser)
    return render(request, "organisations/merge.html", context, status=status)


@require_GET
def contact_pick(request: HttpRequest) -> HttpResponse:
    """`<option>`s of contacts matching the search box of a contact picker."""
    term = request.GET.get("contact_search", "").strip()[:100]
    contacts = selectors.contact_list(user=request.user, filters=selectors.ContactFilters(q=term))
    return render(request, "organisations/contact_options.html", {"contacts": contacts[:20]})
