"""Questionnaire pages: versions of each questionnaire, and editing a draft (admins).

Admins, managers and experts read questionnaires; only admins create versions, edit a
draft's dimensions, questions and answers, publish and retire. A published or retired
version is never edited: its pages offer "new version" instead, and a write to it is
refused with the reason.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from clusterdesk.core import permissions as policy
from clusterdesk.core.audit import timeline
from clusterdesk.core.concurrency import StaleVersionError
from clusterdesk.core.permissions import Action
from clusterdesk.core.web import add_service_error, expected_version, timeline_page
from clusterdesk.diagnostics import permissions, selectors, services
from clusterdesk.diagnostics.forms import (
    DimensionForm,
    OptionFormSet,
    QuestionForm,
    TemplateForm,
    option_data,
    option_initial,
)
from clusterdesk.diagnostics.models import (
    Dimension,
    Question,
    QuestionnaireTemplate,
    TemplateStatus,
)
from clusterdesk.diagnostics.services.common import ensure_draft

# --- list and detail ---------------------------------------------------------------------------


@require_GET
def questionnaire_list(request: HttpRequest) -> HttpResponse:
    versions = list(selectors.template_list(user=request.user))
    groups: dict[str, list[QuestionnaireTemplate]] = {}
    for template in versions:
        groups.setdefault(template.key, []).append(template)
    context = {
        "groups": sorted(groups.values(), key=lambda group: group[0].name.lower()),
        "can_manage": permissions.can_manage_templates(request.user),
    }
    return render(request, "diagnostics/questionnaire_list.html", context)


@require_GET
def questionnaire_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    template = selectors.template_get(user=request.user, uuid=uuid)
    can_manage = permissions.can_manage_templates(request.user)
    versions = QuestionnaireTemplate.objects.filter(key=template.key).order_by("-version")
    context = {
        "template": template,
        "versions": versions,
        "can_edit": can_manage and template.is_draft,
        "can_manage": can_manage,
        "has_draft": versions.filter(status=TemplateStatus.DRAFT).exists(),
        "problems": services.template_problems(template) if template.is_draft else [],
        "band_rows": _band_rows(template),
        "timeline": timeline_page(request, timeline(template)),
    }
    return render(request, "diagnostics/questionnaire_detail.html", context)


def _band_rows(template: QuestionnaireTemplate) -> list[tuple[str, float | None, float]]:
    """(label, lower bound exclusive or None, upper bound) of each band."""
    rows: list[tuple[str, float | None, float]] = []
    lower: float | None = None
    for band in template.bands or []:
        rows.append((str(band["label"]), lower, float(band["up_to"])))
        lower = float(band["up_to"])
    return rows


# --- versions ------------------------------------------------------------------------------------


def _managed(request: HttpRequest, uuid: str) -> QuestionnaireTemplate:
    template = get_object_or_404(QuestionnaireTemplate, uuid=uuid)
    policy.ensure(request.user, Action.CHANGE, template)
    return template


def _refused(
    request: HttpRequest, error: Exception, template: QuestionnaireTemplate
) -> HttpResponse:
    if isinstance(error, StaleVersionError):
        messages.error(request, str(error.message))
    elif isinstance(error, ValidationError):
        for message in error.messages:
            messages.error(request, message)
    return redirect("diagnostics:template-detail", uuid=template.uuid)


def _revision(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("revision", ""))
    except ValueError:
        return 0


@require_http_methods(["GET", "POST"])
def questionnaire_create(request: HttpRequest) -> HttpResponse:
    policy.ensure_allowed(permissions.can_manage_templates(request.user))
    form = TemplateForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = {
                name: form.cleaned_data[name] for name in ("key", "name", "description", "bands")
            }
            try:
                template = services.template_create(actor=request.user, data=data)
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Questionnaire created as a draft."))
                return redirect("diagnostics:template-detail", uuid=template.uuid)
    return render(request, "diagnostics/questionnaire_form.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def questionnaire_edit(request: HttpRequest, uuid: str) -> HttpResponse:
    template = _managed(request, uuid)
    try:
        ensure_draft(template)
    except ValidationError as error:
        return _refused(request, error, template)
    form = TemplateForm(request.POST or None, template=template)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in ("name", "description", "bands")}
            try:
                services.template_update(
                    actor=request.user,
                    template=template,
                    data=data,
                    expected_revision=form.cleaned_data.get("revision") or 0,
                )
            except (ValidationError, StaleVersionError) as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Changes saved."))
                return redirect("diagnostics:template-detail", uuid=template.uuid)
    context = {"form": form, "template": template}
    return render(request, "diagnostics/questionnaire_form.html", context, status=status)


@require_POST
def questionnaire_new_version(request: HttpRequest, uuid: str) -> HttpResponse:
    template = _managed(request, uuid)
    try:
        draft = services.template_new_version(actor=request.user, template=template)
    except ValidationError as error:
        return _refused(request, error, template)
    messages.success(
        request,
        _(
            "Version %(version)s created as a draft copy of version %(source)s. "
            "Edit it, then publish it."
        )
        % {"version": draft.version, "source": template.version},
    )
    return redirect("diagnostics:template-detail", uuid=draft.uuid)


@require_POST
def questionnaire_publish(request: HttpRequest, uuid: str) -> HttpResponse:
    template = _managed(request, uuid)
    try:
        services.template_publish(
            actor=request.user, template=template, expected_revision=_revision(request)
        )
    except (ValidationError, StaleVersionError) as error:
        return _refused(request, error, template)
    messages.success(
        request,
        _("Version %(version)s is published: new diagnoses use it.")
        % {"version": template.version},
    )
    return redirect("diagnostics:template-detail", uuid=template.uuid)


@require_POST
def questionnaire_retire(request: HttpRequest, uuid: str) -> HttpResponse:
    template = _managed(request, uuid)
    try:
        services.template_retire(
            actor=request.user, template=template, expected_revision=_revision(request)
        )
    except (ValidationError, StaleVersionError) as error:
        return _refused(request, error, template)
    messages.success(request, _("Version retired: no new diagnosis uses it."))
    return redirect("diagnostics:template-detail", uuid=template.uuid)


@require_POST
def questionnaire_delete(request: HttpRequest, uuid: str) -> HttpResponse:
    template = _managed(request, uuid)
    try:
        services.template_delete(
            actor=request.user, template=template, expected_revision=_revision(request)
        )
    except (ValidationError, StaleVersionError) as error:
        return _refused(request, error, template)
    messages.success(request, _("Draft discarded."))
    return redirect("diagnostics:template-list")


# --- dimensions ----------------------------------------------------------------------------------


def _dimension(request: HttpRequest, uuid: str) -> Dimension:
    dimension = get_object_or_404(Dimension.objects.select_related("template"), uuid=uuid)
    policy.ensure(request.user, Action.CHANGE, dimension)
    return dimension


def _draft_or_refuse(request: HttpRequest, template: QuestionnaireTemplate) -> HttpResponse | None:
    try:
        ensure_draft(template)
    except ValidationError as error:
        return _refused(request, error, template)
    return None


@require_http_methods(["GET", "POST"])
def dimension_create(request: HttpRequest, uuid: str) -> HttpResponse:
    template = _managed(request, uuid)
    if refusal := _draft_or_refuse(request, template):
        return refusal
    form = DimensionForm(request.POST or None, initial={"weight": 1, "threshold": 50})
    return _dimension_form(request, form, template, None)


@require_http_methods(["GET", "POST"])
def dimension_edit(request: HttpRequest, uuid: str) -> HttpResponse:
    dimension = _dimension(request, uuid)
    if refusal := _draft_or_refuse(request, dimension.template):
        return refusal
    form = DimensionForm(request.POST or None, instance=dimension)
    return _dimension_form(request, form, dimension.template, dimension)


def _dimension_form(
    request: HttpRequest,
    form: DimensionForm,
    template: QuestionnaireTemplate,
    dimension: Dimension | None,
) -> HttpResponse:
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                if dimension is None:
                    services.dimension_create(
                        actor=request.user, template=template, data=form.service_data()
                    )
                else:
                    services.dimension_update(
                        actor=request.user,
                        dimension=dimension,
                        data=form.service_data(),
                        expected_version=expected_version(form),
                    )
            except (ValidationError, StaleVersionError) as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Dimension saved."))
                return redirect("diagnostics:template-detail", uuid=template.uuid)
    context = {"form": form, "template": template, "dimension": dimension}
    return render(request, "diagnostics/dimension_form.html", context, status=status)


@require_POST
def dimension_delete(request: HttpRequest, uuid: str) -> HttpResponse:
    dimension = _dimension(request, uuid)
    try:
        services.dimension_delete(
            actor=request.user, dimension=dimension, expected_version=_version(request)
        )
    except (ValidationError, StaleVersionError) as error:
        return _refused(request, error, dimension.template)
    messages.success(request, _("Dimension deleted."))
    return redirect("diagnostics:template-detail", uuid=dimension.template.uuid)


def _version(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return 0


# --- questions -----------------------------------------------------------------------------------


def _question(request: HttpRequest, uuid: str) -> Question:
    question = get_object_or_404(
        Question.objects.select_related("dimension__template").prefetch_related("options"),
        uuid=uuid,
    )
    policy.ensure(request.user, Action.CHANGE, question)
    return question


@require_http_methods(["GET", "POST"])
def question_create(request: HttpRequest, uuid: str) -> HttpResponse:
    dimension = _dimension(request, uuid)
    if refusal := _draft_or_refuse(request, dimension.template):
        return refusal
    form = QuestionForm(request.POST or None, initial={"weight": 1})
    options = OptionFormSet(request.POST or None, prefix="options")
    return _question_form(request, form, options, dimension, None)


@require_http_methods(["GET", "POST"])
def question_edit(request: HttpRequest, uuid: str) -> HttpResponse:
    question = _question(request, uuid)
    if refusal := _draft_or_refuse(request, question.dimension.template):
        return refusal
    form = QuestionForm(request.POST or None, instance=question)
    options = OptionFormSet(
        request.POST or None, prefix="options", initial=option_initial(question.options.all())
    )
    return _question_form(request, form, options, question.dimension, question)


def _question_form(
    request: HttpRequest,
    form: QuestionForm,
    options: Any,
    dimension: Dimension,
    question: Question | None,
) -> HttpResponse:
    template = dimension.template
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid() and options.is_valid():
            try:
                _save_question(request, form, options, dimension, question)
            except (ValidationError, StaleVersionError) as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Question saved."))
                return redirect("diagnostics:template-detail", uuid=template.uuid)
    context = {
        "form": form,
        "options": options,
        "template": template,
        "dimension": dimension,
        "question": question,
    }
    return render(request, "diagnostics/question_form.html", context, status=status)


def _save_question(
    request: HttpRequest,
    form: QuestionForm,
    options: Any,
    dimension: Dimension,
    question: Question | None,
) -> None:
    if question is None:
        services.question_create(
            actor=request.user,
            dimension=dimension,
            data=form.service_data(),
            options=option_data(options),
        )
    else:
        services.question_update(
            actor=request.user,
            question=question,
            data=form.service_data(),
            options=option_data(options),
            expected_version=expected_version(form),
        )


@require_POST
def question_delete(request: HttpRequest, uuid: str) -> HttpResponse:
    question = _question(request, uuid)
    template = question.dimension.template
    try:
        services.question_delete(
            actor=request.user, question=question, expected_version=_version(request)
        )
    except (ValidationError, StaleVersionError) as error:
        return _refused(request, error, template)
    messages.success(request, _("Question deleted."))
    return redirect("diagnostics:template-detail", uuid=template.uuid)
