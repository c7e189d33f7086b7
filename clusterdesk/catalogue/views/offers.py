"""Pages of support instruments, training programmes and calls for projects.

The lists and the records' pages are public (`login_not_required`): the staff see every
record with its history, the public the active instruments and trainings and every call,
in the normal layout without the staff's navigation. Creating, editing and deleting are
for admins and agency experts (403 for the others; the sign-in page for the public).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from clusterdesk.catalogue import permissions as catalogue_permissions
from clusterdesk.catalogue import selectors, services
from clusterdesk.catalogue.forms import (
    CallFilterForm,
    CallForm,
    InstrumentFilterForm,
    InstrumentForm,
    TrainingFilterForm,
    TrainingForm,
)
from clusterdesk.catalogue.models import SupportInstrument
from clusterdesk.catalogue.rules_text import rule_lines
from clusterdesk.catalogue.views.common import deleted, form_page, history_of, list_page, saved
from clusterdesk.core import permissions
from clusterdesk.core.permissions import Action
from clusterdesk.core.web import HtmxHttpRequest, expected_version, wants_timeline_partial


def _ensure_editor(request: HttpRequest) -> None:
    permissions.ensure_allowed(catalogue_permissions.edits_catalogue(request.user))


def _detail(request: HttpRequest, template: str, record: object, **context: object) -> HttpResponse:
    history = history_of(request, record)
    if history is not None and wants_timeline_partial(request):
        return render(request, "core/timeline.html", {"timeline": history})
    context = {
        "timeline": history,
        "can_edit": catalogue_permissions.edits_catalogue(request.user),
        "is_staff_member": catalogue_permissions.reads_catalogue(request.user),
        "reads_directory": catalogue_permissions.reads_providers(request.user),
        **context,
    }
    return render(request, template, context)


@login_not_required
@require_GET
def catalogue_index(request: HttpRequest) -> HttpResponse:
    context = {
        "counts": selectors.catalogue_counts(user=request.user),
        "is_staff_member": catalogue_permissions.reads_catalogue(request.user),
        "reads_providers": catalogue_permissions.reads_providers(request.user),
    }
    return render(request, "catalogue/index.html", context)


# --- support instruments ------------------------------------------------------------------------


@login_not_required
@require_GET
def instrument_list(request: HtmxHttpRequest) -> HttpResponse:
    filter_form = InstrumentFilterForm(request.GET)
    filters = filter_form.filters()
    queryset = selectors.instrument_list(user=request.user, filters=filters)
    return list_page(
        request,
        "catalogue/instrument_list.html",
        filter_form=filter_form,
        filters=filters,
        queryset=queryset,
    )


def _instrument_names(instrument: SupportInstrument) -> dict[str, str]:
    """Names of the instruments its rules refer to (cooldowns), by short name."""
    slugs = {
        rule.get("instrument")
        for rule in instrument.eligibility_rules or []
        if isinstance(rule, dict) and isinstance(rule.get("instrument"), str)
    }
    if not slugs:
        return {}
    rows = SupportInstrument.objects.filter(slug__in=slugs).values_list("slug", "name")
    return dict(rows)


@login_not_required
@require_GET
def instrument_detail(request: HttpRequest, slug: str) -> HttpResponse:
    instrument = selectors.instrument_get(user=request.user, slug=slug)
    providers = []
    if catalogue_permissions.reads_providers(request.user):
        providers = list(
            instrument.accreditation_set.select_related("profile__organisation").order_by(
                "profile__organisation__legal_name"
            )
        )
    return _detail(
        request,
        "catalogue/instrument_detail.html",
        instrument,
        instrument=instrument,
        rules=rule_lines(instrument.eligibility_rules, _instrument_names(instrument)),
        accreditations=providers,
    )


@login_not_required
@require_GET
def instrument_by_id(request: HttpRequest, uuid: str) -> HttpResponse:
    """The page of an instrument from its public id (search results, the API)."""
    return redirect(selectors.instrument_get_by_id(user=request.user, uuid=uuid))


@require_http_methods(["GET", "POST"])
def instrument_create(request: HttpRequest) -> HttpResponse:
    _ensure_editor(request)
    form = InstrumentForm(request.POST or None)
    instrument = saved(
        request,
        form,
        lambda: services.instrument_create(actor=request.user, data=form.service_data()),
        _("Support instrument created."),
    )
    if instrument is not None:
        return redirect(instrument)
    return form_page(request, "catalogue/instrument_form.html", form)


@require_http_methods(["GET", "POST"])
def instrument_edit(request: HttpRequest, slug: str) -> HttpResponse:
    instrument = selectors.instrument_get(user=request.user, slug=slug)
    permissions.ensure(request.user, Action.CHANGE, instrument)
    form = InstrumentForm(request.POST or None, instance=instrument)
    changed = saved(
        request,
        form,
        lambda: services.instrument_update(
            actor=request.user,
            instrument=instrument,
            data=form.service_data(),
            expected_version=expected_version(form),
        ),
        _("Changes saved."),
    )
    if changed is not None:
        return redirect(changed)
    instrument = selectors.instrument_get(user=request.user, slug=slug)
    return form_page(request, "catalogue/instrument_form.html", form, record=instrument)


@require_http_methods(["GET", "POST"])
def instrument_delete(request: HttpRequest, slug: str) -> HttpResponse:
    instrument = selectors.instrument_get(user=request.user, slug=slug)
    permissions.ensure(request.user, Action.DELETE, instrument)
    result = deleted(
        request,
        lambda version: services.instrument_delete(
            actor=request.user, instrument=instrument, expected_version=version
        ),
        _("%(name)s was deleted.") % {"name": instrument},
    )
    if result is True:
        return redirect("catalogue:instrument-list")
    context = {"record": instrument, "error": result, "cancel": instrument.get_absolute_url()}
    return render(request, "catalogue/confirm_delete.html", context)


# --- training programmes ------------------------------------------------------------------------


@login_not_required
@require_GET
def training_list(request: HtmxHttpRequest) -> HttpResponse:
    filter_form = TrainingFilterForm(request.GET)
    filters = filter_form.filters()
    queryset = selectors.training_list(user=request.user, filters=filters)
    return list_page(
        request,
        "catalogue/training_list.html",
        filter_form=filter_form,
        filters=filters,
        queryset=queryset,
    )


@login_not_required
@require_GET
def training_detail(request: HttpRequest, slug: str) -> HttpResponse:
    training = selectors.training_get(user=request.user, slug=slug)
    return _detail(request, "catalogue/training_detail.html", training, training=training)


@login_not_required
@require_GET
def training_by_id(request: HttpRequest, uuid: str) -> HttpResponse:
    return redirect(selectors.training_get_by_id(user=request.user, uuid=uuid))


@require_http_methods(["GET", "POST"])
def training_create(request: HttpRequest) -> HttpResponse:
    _ensure_editor(request)
    form = TrainingForm(request.POST or None)
    training = saved(
        request,
        form,
        lambda: services.training_create(actor=request.user, data=form.service_data()),
        _("Training programme created."),
    )
    if training is not None:
        return redirect(training)
    return form_page(request, "catalogue/training_form.html", form)


@require_http_methods(["GET", "POST"])
def training_edit(request: HttpRequest, slug: str) -> HttpResponse:
    training = selectors.training_get(user=request.user, slug=slug)
    permissions.ensure(request.user, Action.CHANGE, training)
    form = TrainingForm(request.POST or None, instance=training)
    changed = saved(
        request,
        form,
        lambda: services.training_update(
            actor=request.user,
            training=training,
            data=form.service_data(),
            expected_version=expected_version(form),
        ),
        _("Changes saved."),
    )
    if changed is not None:
        return redirect(changed)
    training = selectors.training_get(user=request.user, slug=slug)
    return form_page(request, "catalogue/training_form.html", form, record=training)


@require_http_methods(["GET", "POST"])
def training_delete(request: HttpRequest, slug: str) -> HttpResponse:
    training = selectors.training_get(user=request.user, slug=slug)
    permissions.ensure(request.user, Action.DELETE, training)
    result = deleted(
        request,
        lambda version: services.training_delete(
            actor=request.user, training=training, expected_version=version
        ),
        _("%(name)s was deleted.") % {"name": training},
    )
    if result is True:
        return redirect("catalogue:training-list")
    context = {"record": training, "error": result, "cancel": training.get_absolute_url()}
    return render(request, "catalogue/confirm_delete.html", context)


# --- calls for projects -------------------------------------------------------------------------


@login_not_required
@require_GET
def call_list(request: HtmxHttpRequest) -> HttpResponse:
    filter_form = CallFilterForm(request.GET)
    filters = filter_form.filters()
    queryset = selectors.call_list(user=request.user, filters=filters)
    return list_page(
        request,
        "catalogue/call_list.html",
        filter_form=filter_form,
        filters=filters,
        queryset=queryset,
    )


@login_not_required
@require_GET
def call_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    call = selectors.call_get(user=request.user, uuid=uuid)
    return _detail(request, "catalogue/call_detail.html", call, call=call)


@require_http_methods(["GET", "POST"])
def call_create(request: HttpRequest) -> HttpResponse:
    _ensure_editor(request)
    form = CallForm(request.POST or None)
    call = saved(
        request,
        form,
        lambda: services.call_create(actor=request.user, data=form.service_data()),
        _("Call for projects created."),
    )
    if call is not None:
        return redirect(call)
    return form_page(request, "catalogue/call_form.html", form)


@require_http_methods(["GET", "POST"])
def call_edit(request: HttpRequest, uuid: str) -> HttpResponse:
    call = selectors.call_get(user=request.user, uuid=uuid)
    permissions.ensure(request.user, Action.CHANGE, call)
    form = CallForm(request.POST or None, instance=call)
    changed = saved(
        request,
        form,
        lambda: services.call_update(
            actor=request.user,
            call=call,
            data=form.service_data(),
            expected_version=expected_version(form),
        ),
        _("Changes saved."),
    )
    if changed is not None:
        return redirect(changed)
    call = selectors.call_get(user=request.user, uuid=uuid)
    return form_page(request, "catalogue/call_form.html", form, record=call)


@require_http_methods(["GET", "POST"])
def call_delete(request: HttpRequest, uuid: str) -> HttpResponse:
    call = selectors.call_get(user=request.user, uuid=uuid)
    permissions.ensure(request.user, Action.DELETE, call)
    result = deleted(
        request,
        lambda version: services.call_delete(
            actor=request.user, call=call, expected_version=version
        ),
        _("%(name)s was deleted.") % {"name": call.title},
    )
    if result is True:
        return redirect("catalogue:call-list")
    context = {"record": call, "error": result, "cancel": call.get_absolute_url()}
    return render(request, "catalogue/confirm_delete.html", context)
