"""What the catalogue's pages share: lists with htmx partials, saving a form through a
service, deleting after a confirmation, and the detail page's audit timeline."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from clusterdesk.catalogue.permissions import edits_catalogue, reads_catalogue
from clusterdesk.core.audit import attach_links, timeline
from clusterdesk.core.concurrency import StaleVersionError
from clusterdesk.core.web import HtmxHttpRequest, add_service_error, paginate, timeline_page


def list_page(
    request: HtmxHttpRequest,
    template: str,
    *,
    filter_form: forms.Form,
    filters: Any,
    queryset: Any,
    **context: Any,
) -> HttpResponse:
    """A list page, or only its results for htmx (filters, sorting, pages)."""
    context = {
        "filter_form": filter_form,
        "filters": filters,
        "page": paginate(request, queryset),
        "is_staff_member": reads_catalogue(request.user),
        "can_edit": edits_catalogue(request.user),
        **context,
    }
    if request.htmx and request.htmx.target == "results":
        return render(request, f"{template}#results", context)
    return render(request, template, context)


def history_of(request: HttpRequest, record: Any) -> Any:
    """The page of the record's audit timeline, for the staff only (None for the public)."""
    if not reads_catalogue(request.user):
        return None
    history = timeline_page(request, timeline(record, user=request.user))
    history.object_list = attach_links(history.object_list)
    return history


def saved(
    request: HttpRequest,
    form: forms.BaseForm,
    save: Callable[[], Any],
    message: str,
    *also_valid: Any,
) -> Any:
    """On a valid POST, the record `save()` returns (with a success message); None when
    the form shows errors or is shown for the first time. `also_valid`: formsets that
    must be valid too."""
    if request.method != "POST":
        return None
    valid = form.is_valid()
    valid = all([valid, *(extra.is_valid() for extra in also_valid)])
    if not valid:
        return None
    try:
        record = save()
    except (ValidationError, StaleVersionError) as error:
        add_service_error(form, error)
        return None
    messages.success(request, message)
    return record


def form_page(
    request: HttpRequest, template: str, form: forms.BaseForm, **context: Any
) -> HttpResponse:
    """A form page; 422 when it shows refused input."""
    formsets = [value for value in context.values() if isinstance(value, forms.BaseFormSet)]
    refused = (form.is_bound and bool(form.errors)) or any(
        formset.is_bound and not formset.is_valid() for formset in formsets
    )
    return render(request, template, {"form": form, **context}, status=422 if refused else 200)


def deleted(request: HttpRequest, delete: Callable[[int], None], message: str) -> str | bool:
    """On POST, delete with the version the confirmation page was rendered with: True when
    done, else the reason it was refused ("" on GET)."""
    if request.method != "POST":
        return ""
    try:
        delete(int(request.POST.get("version") or 0))
    except (StaleVersionError, ValueError):
        return str(StaleVersionError.message)
    except ValidationError as refusal:
        return " ".join(refusal.messages)
    messages.success(request, message)
    return True
