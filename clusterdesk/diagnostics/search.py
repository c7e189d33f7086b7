"""Diagnoses in the global search.

A diagnosis is found by its company, its questionnaire and stage, and its date (when it is
completed) or its status (until then) in its title, and by its maturity band, its status
and stage, and the names of its questionnaire's dimensions in its body. A diagnosis holds
no free text of its own (answers are choices), so there is nothing else to index.

Every diagnosis is indexed, drafts and self-assessments waiting for the company included:
whoever may see a diagnosis sees it on its page whatever its status. Its answers are not
indexed, so answering one (a click at a time) leaves its entry as it is; the services index
a diagnosis when it starts, is sent, withdrawn, submitted or completed, and remove it when
it is deleted.

Words of the interface (statuses, stages) go into the title in English, the source
language, whoever saved the diagnosis; the body holds them in every language of the
interface ("terminé" finds a completed diagnosis).

Who may see them: whoever may list diagnoses (`can_list_diagnoses`: not the analysts).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.db.models.signals import post_save
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from clusterdesk.core import search
from clusterdesk.diagnostics.models import Diagnosis, Dimension
from clusterdesk.diagnostics.permissions import can_list_diagnoses
from clusterdesk.organisations.models import Organisation


def diagnosis_document(diagnosis: Diagnosis) -> search.Document:
    """E.g. "Moselle Brake Technologies S.A. — Digital Maturity Assessment T0 · 2026-03-02"
    (completed) or "… T1 · In progress"."""
    if diagnosis.completed_on is not None:
        when = diagnosis.completed_on.isoformat()
    else:
        with translation.override(None):
            when = str(diagnosis.get_status_display())
    questionnaire = f"{diagnosis.template.name} {diagnosis.stage}"
    title = f"{diagnosis.organisation.display_name} — {questionnaire} · {when}"
    body = search.joined(
        [
            diagnosis.band_label,
            search.in_every_language(diagnosis.get_status_display),
            search.in_every_language(diagnosis.get_stage_display),
            *(dimension.name for dimension in diagnosis.template.dimensions.all()),
        ]
    )
    return search.Document(title=title, body=body)


def _prepare(queryset: QuerySet[Diagnosis]) -> QuerySet[Diagnosis]:
    dimensions = Dimension.objects.order_by("order", "id").only("template_id", "name")
    return queryset.select_related("organisation", "template").prefetch_related(
        Prefetch("template__dimensions", queryset=dimensions)
    )


def _url(public_id: uuid.UUID) -> str:
    return reverse("diagnostics:detail", args=[public_id])


def visible_diagnoses(user: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """The diagnoses `user` may open: all of them for those who may list diagnoses (whose
    rule is the one of each diagnosis's page), none for the others."""
    return queryset if can_list_diagnoses(user) else queryset.none()


DIAGNOSES = search.Provider(
    kind="diagnoses",
    label=_("Diagnoses"),
    model=Diagnosis,
    document=diagnosis_document,
    url=_url,
    visible=visible_diagnoses,
    prepare=_prepare,
    icon="clipboard-data",
)


def _reindex_diagnoses_of(sender: Any, instance: Organisation, **kwargs: Any) -> None:
    """An organisation renamed (or merged into): its diagnoses' titles hold its name."""
    if kwargs.get("raw") or kwargs.get("created"):
        return
    search.index_many(Diagnosis.objects.filter(organisation=instance))


def register_search_providers() -> None:
    """The kind of diagnoses, and the receiver that keeps their titles right when their
    organisation is renamed (diagnoses are deleted only by `services.diagnosis_delete`:
    their organisation, cluster and questionnaire protect them)."""
    search.register(DIAGNOSES)
    post_save.connect(
        _reindex_diagnoses_of,
        sender=Organisation,
        dispatch_uid="diagnostics.organisation-renamed",
    )
