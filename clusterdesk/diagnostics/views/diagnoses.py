"""Diagnosis pages: the list, starting one, filling it in, sending it, its results."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from clusterdesk.core import permissions as policy
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
from clusterdesk.diagnostics import (
    links,
    notifications,
    permissions,
    presentation,
    scoring,
    selectors,
    services,
    specs,
)
from clusterdesk.diagnostics.forms import (
    AnswersForm,
    DiagnosisFilterForm,
    DiagnosisSendForm,
    DiagnosisStartForm,
    VersionForm,
    answer_field_name,
)
from clusterdesk.diagnostics.models import Diagnosis, DiagnosisStatus, Dimension
from clusterdesk.organisations import selectors as organisation_selectors
from clusterdesk.organisations.models import Cluster, Contact, Organisation

# --- list ------------------------------------------------------------------------------------


@require_GET
def diagnosis_list(request: HtmxHttpRequest) -> HttpResponse:
    filter_form = DiagnosisFilterForm(request.GET)
    filters = filter_form.filters()
    diagnoses = selectors.diagnosis_list(user=request.user, filters=filters)
    context = {
        "filter_form": filter_form,
        "filters": filters,
        "page": paginate(request, diagnoses),
        "can_start": permissions.can_start_diagnosis(request.user),
    }
    if request.htmx and request.htmx.target == "results":
        return render(request, "diagnostics/diagnosis_list.html#results", context)
    return render(request, "diagnostics/diagnosis_list.html", context)


# --- start -----------------------------------------------------------------------------------


def manageable_clusters(user: Any) -> QuerySet[Cluster]:
    clusters = Cluster.objects.order_by("name")
    if policy.is_admin(user):
        return clusters
    return clusters.filter(pk__in=policy.managed_cluster_ids(user))


def _initial_for(request: HttpRequest, clusters: QuerySet[Cluster]) -> dict[str, Any]:
    """The organisation of `?organisation=` and the cluster it is a member of, if managed."""
    initial: dict[str, Any] = {"mode": DiagnosisStartForm.FILL}
    organisation_id = request.GET.get("organisation", "")
    organisation = None
    if organisation_id:
        try:
            organisation = organisation_selectors.organisation_get(
                user=request.user, uuid=organisation_id
            )
        except (Http404, ValidationError):
            organisation = None
    if organisation is not None:
        initial["organisation"] = str(organisation.uuid)
        member_of = {m.cluster_id for m in organisation.memberships.all() if m.is_current()}
        initial["cluster"] = next((c for c in clusters if c.pk in member_of), None)
    if "cluster" not in initial or initial["cluster"] is None:
        initial["cluster"] = clusters.first()
    return initial


@require_http_methods(["GET", "POST"])
def diagnosis_start(request: HttpRequest) -> HttpResponse:
    policy.ensure_allowed(permissions.can_start_diagnosis(request.user))
    clusters = manageable_clusters(request.user)
    form = DiagnosisStartForm(
        request.POST or None, clusters=clusters, initial=_initial_for(request, clusters)
    )
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                diagnosis = _start(request, form)
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Diagnosis started."))
                if form.cleaned_data["mode"] == DiagnosisStartForm.SEND:
                    return redirect("diagnostics:send", uuid=diagnosis.uuid)
                return redirect("diagnostics:fill", uuid=diagnosis.uuid)
    return render(request, "diagnostics/diagnosis_start.html", {"form": form}, status=status)


def _start(request: HttpRequest, form: DiagnosisStartForm) -> Diagnosis:
    organisation: Organisation = form.cleaned_data["organisation"]
    policy.ensure(request.user, Action.VIEW, organisation)
    return services.diagnosis_start(
        actor=request.user,
        organisation=organisation,
        template=form.cleaned_data["template"],
        cluster=form.cleaned_data["cluster"],
        stage=form.cleaned_data["stage"] or None,
    )


# --- detail and results ------------------------------------------------------------------------


def _dimension_answers(diagnosis: Diagnosis) -> list[tuple[Dimension, list[tuple[Any, Any]]]]:
    """Per dimension, (question, option chosen or None), for the answers listing."""
    template = specs.with_structure(diagnosis.template)
    chosen = selectors.chosen_options(diagnosis)
    listing = []
    for dimension in template.dimensions.all():
        rows = []
        for question in dimension.questions.all():
            options = {option.pk: option for option in question.options.all()}
            rows.append((question, options.get(chosen.get(question.pk, 0))))
        listing.append((dimension, rows))
    return listing


@require_GET
def diagnosis_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    diagnosis = selectors.diagnosis_get(user=request.user, uuid=uuid)
    history = timeline_page(request, timeline(diagnosis))
    if wants_timeline_partial(request):
        return render(request, "core/timeline.html", {"timeline": history})
    user = request.user
    context: dict[str, Any] = {
        "diagnosis": diagnosis,
        "can_change": policy.can(user, Action.CHANGE, diagnosis),
        "can_delete": policy.can(user, Action.DELETE, diagnosis),
        "answers": _dimension_answers(diagnosis),
        "timeline": history,
        **presentation.results_context(diagnosis),
    }
    if diagnosis.status == DiagnosisStatus.SENT and context["can_change"]:
        context["link_url"] = request.build_absolute_uri(
            reverse("diagnostics:self-assessment", args=[links.link_token(diagnosis)])
        )
        context["link_expires_at"] = links.link_expires_at(diagnosis)
        context["link_expired"] = context["link_expires_at"] < timezone.now()
    if not diagnosis.is_completed:
        context["progress"] = services.diagnosis_results(diagnosis)
    return render(request, "diagnostics/diagnosis_detail.html", context)


# --- filling in ------------------------------------------------------------------------------


def _changeable(request: HttpRequest, uuid: str) -> Diagnosis:
    diagnosis = selectors.diagnosis_get(user=request.user, uuid=uuid)
    policy.ensure(request.user, Action.CHANGE, diagnosis)
    return diagnosis


@dataclass(frozen=True)
class FillStep:
    number: int
    dimension: Dimension
    answered: int
    questions: int


def _fill_context(diagnosis: Diagnosis, step: int) -> dict[str, Any]:
    template = specs.with_structure(diagnosis.template)
    dimensions = list(template.dimensions.all())
    if not 1 <= step <= len(dimensions) + 1:
        raise Http404
    chosen = selectors.chosen_options(diagnosis)
    answered_ids = set(chosen)
    steps = [
        FillStep(
            number=number,
            dimension=dimension,
            answered=sum(q.pk in answered_ids for q in dimension.questions.all()),
            questions=len(dimension.questions.all()),
        )
        for number, dimension in enumerate(dimensions, start=1)
    ]
    answered = sum(item.answered for item in steps)
    total = sum(item.questions for item in steps)
    context: dict[str, Any] = {
        "diagnosis": diagnosis,
        "template": template,
        "steps": steps,
        "step": step,
        "review_step": len(dimensions) + 1,
        "answered": answered,
        "total": total,
        "percent": round(answered / total * 100) if total else 0,
    }
    if step <= len(dimensions):
        dimension = dimensions[step - 1]
        questions = list(dimension.questions.all())
        option_uuids = {o.pk: str(o.uuid) for q in questions for o in q.options.all()}
        initial: dict[str, Any] = {
            answer_field_name(q): option_uuids[chosen[q.pk]] for q in questions if q.pk in chosen
        }
        initial["version"] = diagnosis.version
        context["dimension"] = dimension
        context["form"] = AnswersForm(questions=questions, initial=initial)
    else:
        spec = specs.template_spec(template)
        answers = specs.answer_scores(diagnosis.answers.select_related("option"))
        context["preview"] = scoring.score(spec, answers)
    return context


@require_GET
def diagnosis_fill(request: HttpRequest, uuid: str, step: int = 1) -> HttpResponse:
    diagnosis = _changeable(request, uuid)
    if not diagnosis.accepts_answers:
        if diagnosis.status == DiagnosisStatus.SENT:
            messages.info(request, _("The company is answering: the link is out."))
        return redirect("diagnostics:detail", uuid=diagnosis.uuid)
    return render(request, "diagnostics/diagnosis_fill.html", _fill_context(diagnosis, step))


def _posted_step(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("step", ""))
    except ValueError as error:
        raise Http404 from error


@require_POST
def diagnosis_answer(request: HtmxHttpRequest, uuid: str) -> HttpResponse:
    """Save a dimension's answers: after each click (htmx, answered by the status partial)
    or with the page's buttons (then on to the next or previous step)."""
    diagnosis = _changeable(request, uuid)
    step = _posted_step(request)
    context = _fill_context(diagnosis, step)
    if "dimension" not in context:
        raise Http404
    questions = list(context["dimension"].questions.all())
    form = AnswersForm(request.POST, questions=questions)
    saved = False
    if form.is_valid():
        try:
            diagnosis = services.diagnosis_answer(
                actor=request.user,
                diagnosis=diagnosis,
                answers=form.answers(),
                expected_version=expected_version(form),
            )
        except (ValidationError, StaleVersionError) as error:
            add_service_error(form, error)
        else:
            saved = True
    context = {**_fill_context(diagnosis, step), "form": form, "saved": saved}
    if saved:
        context["saved_at"] = timezone.localtime()
    if request.htmx:
        context["oob_steps"] = True
        return render(request, "diagnostics/diagnosis_fill.html#status", context)
    if not saved:
        return render(request, "diagnostics/diagnosis_fill.html", context, status=422)
    go = request.POST.get("go")
    target = step - 1 if go == "previous" else step + 1
    target = max(1, min(target, context["review_step"]))
    return redirect("diagnostics:fill-step", uuid=diagnosis.uuid, step=target)


@require_POST
def diagnosis_complete(request: HttpRequest, uuid: str) -> HttpResponse:
    diagnosis = _changeable(request, uuid)
    form = VersionForm(request.POST)
    try:
        if not form.is_valid():
            raise StaleVersionError(diagnosis, None)
        services.diagnosis_complete(
            actor=request.user, diagnosis=diagnosis, expected_version=expected_version(form)
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    except StaleVersionError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Diagnosis completed: here are the results."))
        return redirect("diagnostics:detail", uuid=diagnosis.uuid)
    if diagnosis.accepts_answers:
        return redirect("diagnostics:fill-step", uuid=diagnosis.uuid, step=_review_step(diagnosis))
    return redirect("diagnostics:detail", uuid=diagnosis.uuid)


def _review_step(diagnosis: Diagnosis) -> int:
    return diagnosis.template.dimensions.count() + 1


# --- self-assessment links -----------------------------------------------------------------------


def _contacts(organisation: Organisation) -> QuerySet[Contact]:
    return Contact.objects.filter(affiliations__organisation=organisation).order_by(
        "last_name", "first_name"
    )


@require_http_methods(["GET", "POST"])
def diagnosis_send(request: HttpRequest, uuid: str) -> HttpResponse:
    """Send a self-assessment link to a contact of the organisation."""
    diagnosis = _changeable(request, uuid)
    contacts = _contacts(diagnosis.organisation)
    initial = {"version": diagnosis.version, "respondent": diagnosis.respondent}
    form = DiagnosisSendForm(request.POST or None, contacts=contacts, initial=initial)
    status = 200
    if diagnosis.status not in {DiagnosisStatus.DRAFT, DiagnosisStatus.SENT}:
        messages.error(request, _("This diagnosis is no longer waiting for answers."))
        return redirect("diagnostics:detail", uuid=diagnosis.uuid)
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                diagnosis = services.diagnosis_send(
                    actor=request.user,
                    diagnosis=diagnosis,
                    respondent=form.cleaned_data["respondent"],
                    expected_version=expected_version(form),
                )
            except (ValidationError, StaleVersionError) as error:
                add_service_error(form, error)
            else:
                _email_link(request, diagnosis, form.cleaned_data["message"])
                return redirect("diagnostics:detail", uuid=diagnosis.uuid)
    context = {"diagnosis": diagnosis, "form": form, "has_contacts": contacts.exists()}
    return render(request, "diagnostics/diagnosis_send.html", context, status=status)


def _email_link(request: HttpRequest, diagnosis: Diagnosis, message: str) -> None:
    url = request.build_absolute_uri(
        reverse("diagnostics:self-assessment", args=[links.link_token(diagnosis)])
    )
    sent = notifications.send_self_assessment_link(
        diagnosis=diagnosis, url=url, sender=request.user, message=message
    )
    respondent = diagnosis.respondent
    if sent and respondent:
        messages.success(
            request,
            _("The link was emailed to %(name)s (%(email)s). You can also copy it below.")
            % {"name": respondent, "email": respondent.email},
        )
    else:
        messages.warning(
            request, _("The link could not be emailed: copy it below and send it yourself.")
        )


@require_POST
def diagnosis_withdraw_link(request: HttpRequest, uuid: str) -> HttpResponse:
    diagnosis = _changeable(request, uuid)
    form = VersionForm(request.POST)
    try:
        services.diagnosis_withdraw_link(
            actor=request.user,
            diagnosis=diagnosis,
            expected_version=expected_version(form) if form.is_valid() else 0,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except StaleVersionError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The link no longer works; the diagnosis is yours to fill in."))
    return redirect("diagnostics:detail", uuid=diagnosis.uuid)


@require_POST
def diagnosis_delete(request: HttpRequest, uuid: str) -> HttpResponse:
    diagnosis = selectors.diagnosis_get(user=request.user, uuid=uuid)
    policy.ensure(request.user, Action.DELETE, diagnosis)
    form = VersionForm(request.POST)
    organisation = diagnosis.organisation
    try:
        services.diagnosis_delete(
            actor=request.user,
            diagnosis=diagnosis,
            expected_version=expected_version(form) if form.is_valid() else 0,
        )
    except StaleVersionError as error:
        messages.error(request, str(error.message))
        return redirect("diagnostics:detail", uuid=diagnosis.uuid)
    messages.success(request, _("Diagnosis deleted."))
    return redirect("organisations:detail", uuid=organisation.uuid)
