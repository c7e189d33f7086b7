"""The self-assessment page a company contact opens from the link sent to them.

No sign-in: the signed link is the credential. The page shows the questionnaire and
nothing else of the agency's data, and takes the answers once. A link that is tampered
with is a 400, one that expired or was already used a 410, and nothing is stored.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from clusterdesk.core.web import add_service_error
from clusterdesk.diagnostics import links, selectors, services, specs
from clusterdesk.diagnostics.forms import AnswersForm, answer_field_name
from clusterdesk.diagnostics.models import Diagnosis, QuestionnaireTemplate


def _private(response: HttpResponse) -> HttpResponse:
    """The token is in the address: keep it out of referrers, caches and search engines."""
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _refusal(request: HttpRequest, error: links.LinkError) -> HttpResponse:
    context = {"title": error.title, "message": error.message}
    return _private(
        render(request, "diagnostics/self_assessment_closed.html", context, status=error.status)
    )


def _form(
    request: HttpRequest, diagnosis: Diagnosis, template: QuestionnaireTemplate
) -> AnswersForm:
    questions = [
        question
        for dimension in template.dimensions.all()
        for question in dimension.questions.all()
    ]
    option_uuids = {o.pk: str(o.uuid) for q in questions for o in q.options.all()}
    chosen = selectors.chosen_options(diagnosis)
    initial = {
        answer_field_name(q): option_uuids[chosen[q.pk]] for q in questions if q.pk in chosen
    }
    return AnswersForm(request.POST or None, questions=questions, require_all=True, initial=initial)


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def self_assessment(request: HttpRequest, token: str) -> HttpResponse:
    try:
        diagnosis, nonce = links.diagnosis_for_token(token)
    except links.LinkError as error:
        return _refusal(request, error)
    template = specs.with_structure(diagnosis.template)
    form = _form(request, diagnosis, template)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                services.diagnosis_submit_self_assessment(
                    diagnosis=diagnosis, nonce=nonce, answers=form.answers()
                )
            except links.LinkError as error:
                return _refusal(request, error)
            except ValidationError as error:
                add_service_error(form, error)
            else:
                done = {"diagnosis": diagnosis}
                return _private(render(request, "diagnostics/self_assessment_done.html", done))
    sections = [
        (dimension, [form[answer_field_name(q)] for q in dimension.questions.all()])
        for dimension in template.dimensions.all()
    ]
    context = {"diagnosis": diagnosis, "template": template, "form": form, "sections": sections}
    return _private(render(request, "diagnostics/self_assessment.html", context, status=status))
