"""Interactions in the global search: found by their organisation, kind, date and summary.

The confidential ones are searchable only by those who may see them (the provider's
`visible` is the permission scope of interactions), so they are neither counted nor shown
to anyone else.
"""

from __future__ import annotations

import uuid

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from clusterdesk.core import search
from clusterdesk.engagement.models import Interaction
from clusterdesk.engagement.permissions import visible_interactions


def _kind_in(language: str | None, interaction: Interaction) -> str:
    with translation.override(language):
        return str(interaction.get_kind_display())


def interaction_document(interaction: Interaction) -> search.Document:
    """The title in English (the source language), whoever saved it; the kind in French
    and German too, so "visite" or "Besuch" finds a site visit."""
    kind = _kind_in(None, interaction)
    title = f"{interaction.organisation.legal_name} · {kind} · {interaction.occurred_on:%Y-%m-%d}"
    other_kinds = " · ".join(_kind_in(language, interaction) for language in ("fr", "de"))
    return search.Document(title=title, body=f"{interaction.summary}\n{other_kinds}")


def _prepare(queryset: QuerySet[Interaction]) -> QuerySet[Interaction]:
    return queryset.select_related("organisation").only(
        "uuid", "kind", "occurred_on", "summary", "organisation__legal_name"
    )


def _url(public_id: uuid.UUID) -> str:
    return reverse("engagement:interaction-detail", args=[public_id])


INTERACTIONS = search.Provider(
    kind="interactions",
    label=_("Interactions"),
    model=Interaction,
    document=interaction_document,
    url=_url,
    visible=visible_interactions,
    prepare=_prepare,
    icon="chat-left-text",
)


def register_search_providers() -> None:
    search.register(INTERACTIONS)
