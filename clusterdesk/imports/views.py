"""Import pages: upload → column mapping → preview with choices → commit → report.

One page per import (`detail`) shows the step the import is at; the steps post to their own
URLs. Busy imports (checking rows, writing) show a progress bar that htmx refreshes.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRefresh

from clusterdesk.core import permissions
from clusterdesk.core.permissions import Action
from clusterdesk.core.web import add_service_error, paginate
from clusterdesk.imports import selectors, services
from clusterdesk.imports.forms import CommitForm, MappingForm, UpdateOptionsForm, UploadForm
from clusterdesk.imports.models import Decision, ImportJob, ImportStatus, Outcome
from clusterdesk.imports.parsing import ImportFileError, size_limit_message
from clusterdesk.imports.permissions import can_import
from clusterdesk.imports.targets import header_problem, targets_for

UPLOAD_SLACK = 64 * 1024  # multipart headers around the file


class SizeLimitHandler(FileUploadHandler):
    """Stops reading an upload once it passes the limit (for bodies without a length)."""

    def __init__(self, request: HttpRequest, limit: int) -> None:
        super().__init__(request)
        self.limit, self.received, self.exceeded = limit, 0, False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > self.limit:
            self.exceeded = True
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def _list_page(
    request: HttpRequest, form: UploadForm, status: int = 200, error: str = ""
) -> HttpResponse:
    jobs = paginate(request, selectors.job_list(user=request.user))
    context = {"form": form, "page": jobs, "error": error}
    return render(request, "imports/import_list.html", context, status=status)


@require_GET
def import_list(request: HttpRequest) -> HttpResponse:
    permissions.ensure_allowed(can_import(request.user))
    return _list_page(request, UploadForm())


@csrf_exempt
@require_POST
def import_upload(request: HttpRequest) -> HttpResponse:
    """Refuses a file above the limit from its announced length, before reading it; the
    CSRF check comes after, as it would read the body."""
    permissions.ensure_allowed(can_import(request.user))
    limit = settings.CLUSTERDESK_IMPORT_MAX_BYTES
    if int(request.META.get("CONTENT_LENGTH") or 0) > limit + UPLOAD_SLACK:
        return _too_large(request, limit)
    handler = SizeLimitHandler(request, limit)
    request.upload_handlers = [handler, *request.upload_handlers]
    return _upload(request, handler)


def _too_large(request: HttpRequest, limit: int) -> HttpResponse:
    return _list_page(request, UploadForm(), status=413, error=size_limit_message(limit))


@csrf_protect
def _upload(request: HttpRequest, handler: SizeLimitHandler) -> HttpResponse:
    form = UploadForm(request.POST, request.FILES)
    if handler.exceeded:
        return _too_large(request, handler.limit)
    if not form.is_valid():
        return _list_page(request, form, status=422)
    upload = form.cleaned_data["file"]
    try:
        job = services.job_create(
            actor=request.user,
            kind=form.cleaned_data["kind"],
            file_name=upload.name,
            content=upload.read(),
        )
    except ImportFileError as error:
        form.add_error("file", str(error))
        return _list_page(request, form, status=422)
    return redirect("imports:detail", uuid=job.uuid)


def _job(request: HttpRequest, uuid: str, action: Action = Action.VIEW) -> ImportJob:
    job = selectors.job_get(user=request.user, uuid=uuid)
    permissions.ensure(request.user, action, job)
    return job


@require_GET
def import_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    job = _job(request, uuid)
    if job.status == ImportStatus.PREVIEW:
        return _preview_page(request, job)
    if job.status == ImportStatus.COMMITTED:
        return _report_page(request, job)
    if job.is_busy:
        return render(request, "imports/import_progress.html", {"job": job})
    return _mapping_page(request, job, MappingForm(job=job))


def _mapping_page(
    request: HttpRequest, job: ImportJob, form: MappingForm, status: int = 200
) -> HttpResponse:
    context = {
        "job": job,
        "form": form,
        "problem": header_problem(job.kind, job.header, job.mapping),
    }
    return render(request, "imports/import_mapping.html", context, status=status)


@require_POST
def import_mapping(request: HttpRequest, uuid: str) -> HttpResponse:
    job = _job(request, uuid, Action.CHANGE)
    form = MappingForm(request.POST, job=job)
    if form.is_valid():
        try:
            services.job_set_mapping(
                actor=request.user,
                job=job,
                mapping=form.mapping(),
                external_source=form.cleaned_data["external_source"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return redirect("imports:detail", uuid=job.uuid)
    return _mapping_page(request, job, form, status=422)


@require_GET
def import_progress(request: HttpRequest, uuid: str) -> HttpResponse:
    """The progress bar, polled by htmx; once the step is done the page reloads."""
    job = _job(request, uuid)
    if not job.is_busy:
        return HttpResponseClientRefresh()
    return render(request, "imports/progress_bar.html", {"job": job})


def _update_options(job: ImportJob, data: Any = None) -> UpdateOptionsForm:
    targets = targets_for(job.kind)
    fields = dict.fromkeys(
        name for target in job.mapping if target for name in targets[target].fields
    )
    labels = [(name, str(targets[name].label if name in targets else name)) for name in fields]
    initial = {"update_fields": job.update_fields, "overwrite": job.overwrite}
    return UpdateOptionsForm(data, initial=initial, fields=labels)


def _preview_page(
    request: HttpRequest,
    job: ImportJob,
    options: UpdateOptionsForm | None = None,
    status: int = 200,
) -> HttpResponse:
    duplicates = job.records.filter(is_valid=True, match_id__isnull=False).count()
    # Open on what needs a decision: the likely duplicates, else the errors, else all rows.
    default = "duplicates" if duplicates else "problems" if job.invalid_count else "all"
    show = request.GET.get("show", default)
    if show not in selectors.RECORD_FILTERS:
        show = "all"
    context = {
        "job": job,
        "show": show,
        "page": paginate(request, selectors.job_records(job, show=show)),
        "options": options or _update_options(job),
        "commit_form": CommitForm(),
        "decisions": Decision,
        "duplicates": duplicates,
    }
    return render(request, "imports/import_preview.html", context, status=status)


def _posted_decisions(request: HttpRequest) -> dict[int, str]:
    decisions = {}
    for key in request.POST:
        value = request.POST.get(key, "")
        if key.startswith("decision-") and key[9:].isdigit() and value in Decision.values:
            decisions[int(key[9:])] = value
    return decisions


@require_POST
def import_decisions(request: HttpRequest, uuid: str) -> HttpResponse:
    job = _job(request, uuid, Action.CHANGE)
    options = _update_options(job, request.POST)
    if not options.is_valid():
        return _preview_page(request, job, options, status=422)
    try:
        services.job_set_decisions(
            actor=request.user,
            job=job,
            decisions=_posted_decisions(request),
            update_fields=options.cleaned_data["update_fields"],
            overwrite=options.cleaned_data["overwrite"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _preview_page(request, job, options, status=422)
    messages.success(request, _("Your choices were saved."))
    return redirect(f"{job.get_absolute_url()}?{request.GET.urlencode()}")


@require_POST
def import_commit(request: HttpRequest, uuid: str) -> HttpResponse:
    job = _job(request, uuid, Action.CHANGE)
    form = CommitForm(request.POST)
    form.is_valid()
    try:
        services.job_commit(
            actor=request.user, job=job, skip_invalid=form.cleaned_data.get("skip_invalid", False)
        )
    except ValidationError as error:
        # Back to the preview's own address, so its tabs and a reload work.
        messages.error(request, " ".join(error.messages))
    return redirect("imports:detail", uuid=job.uuid)


def _report_page(request: HttpRequest, job: ImportJob) -> HttpResponse:
    outcome = request.GET.get("outcome", "")
    if outcome not in Outcome.values:
        outcome = ""
    context = {
        "job": job,
        "outcome": outcome,
        "outcomes": Outcome,
        "page": paginate(request, selectors.job_records(job, outcome=outcome)),
    }
    return render(request, "imports/import_report.html", context)
