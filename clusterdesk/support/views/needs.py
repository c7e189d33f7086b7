"""Need pages: the list of needs, adding one to a case, editing and closing it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from clusterdesk.core import permissions
from clusterdesk.core.concurrency import StaleVersionError
from clusterdesk.core.permissions import Action
from clusterdesk.core.web import HtmxHttpRequest, add_service_error, expected_version, paginate
from clusterdesk.diagnostics import selectors as diagnostics_selectors
from clusterdesk.support import selectors, services, workflows
from clusterdesk.support.forms import NeedFilterForm, NeedForm
from clusterdesk.support.models import Need, NeedSource
from clusterdesk.support.views.common import case_to_change, form_page, version_of


@require_GET
def need_list(request: HtmxHttpRequest) -> HttpResponse:
    filter_form = NeedFilterForm(request.GET)
    filters = filter_form.filters()
    page = paginate(request, selectors.need_list(user=request.user, filters=filters))
    context = {"filter_form": filter_form, "filters": filters, "page": page}
    if request.htmx and request.htmx.target == "results":
        return render(request, "support/need_list.html#results", context)
    return render(request, "support/need_list.html", context)


def _need_to_change(request: HttpRequest, uuid: str) -> Need:
    need = selectors.need_get(user=request.user, uuid=uuid)
    permissions.ensure(request.user, Action.CHANGE, need)
    return need


@require_http_methods(["GET", "POST"])
def need_create(request: HttpRequest, uuid: str) -> HttpResponse:
    case = case_to_change(request, uuid)
    form = NeedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {**form.service_data(), "source": NeedSource.MANUAL}
        try:
            services.need_create(actor=request.user, case=case, data=data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Need added."))
            return redirect(f"{case.get_absolute_url()}#needs")
    return form_page(request, "support/need_form.html", form, case=case)


@require_http_methods(["GET", "POST"])
def need_edit(request: HttpRequest, uuid: str) -> HttpResponse:
    need = _need_to_change(request, uuid)
    form = NeedForm(request.POST or None, instance=need)
    if request.method == "POST" and form.is_valid():
        try:
            services.need_update(
                actor=request.user,
                need=need,
                data=form.service_data(),
                expected_version=expected_version(form),
            )
        except (ValidationError, StaleVersionError) as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Need saved."))
            return redirect(need.get_absolute_url())
    return form_page(request, "support/need_form.html", form, case=need.case, need=need)


@require_POST
def need_close(request: HttpRequest, uuid: str) -> HttpResponse:
    need = _need_to_change(request, uuid)
    try:
        services.need_close(actor=request.user, need=need, expected_version=version_of(request))
    except StaleVersionError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Need closed."))
    return redirect(need.get_absolute_url())


@require_http_methods(["GET", "POST"])
def needs_from_diagnosis(request: HttpRequest, uuid: str) -> HttpResponse:
    """The diagnosis results page's "add these needs to a case" form (GET, an htmx
    fragment), and adding them (POST) to a case of that organisation the user may change."""
    diagnosis = diagnostics_selectors.diagnosis_get(user=request.user, uuid=uuid)
    cases = [
        case
        for case in selectors.open_cases_of(diagnosis.organisation)
        if permissions.can(request.user, Action.CHANGE, case)
    ]
    if request.method == "POST":
        chosen = next((c for c in cases if str(c.uuid) == request.POST.get("case")), None)
        if chosen is None:
            messages.error(request, _("Choose an open case of this organisation that you manage."))
            return redirect(diagnosis.get_absolute_url())
        try:
            created = workflows.needs_from_diagnosis(
                actor=request.user, case=chosen, diagnosis=diagnosis
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(diagnosis.get_absolute_url())
        messages.success(
            request,
            ngettext(
                "%(count)d need added to the case.",
                "%(count)d needs added to the case.",
                len(created),
            )
            % {"count": len(created)},
        )
        return redirect(chosen.get_absolute_url())
    context = {"diagnosis": diagnosis, "cases": cases}
    return render(request, "support/needs_from_diagnosis.html", context)
