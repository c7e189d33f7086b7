"""Support instruments, training programmes and calls for projects in the global search.

An instrument is found by its name (its title) and by its provider, summary, description,
legal basis, kind and themes; a training by its title and its provider, topics, format,
language and description; a call by its topic id and title, and by its programme, call,
type of action, keywords and the start of its description (the portal's conditions are
mostly the same boilerplate for every call and are left out). Kinds and themes go into
the bodies in every language of the interface.

The global search is for admins, managers and experts (`searchable_offers`): analysts,
who have no search, and the public browse the catalogue's own pages. The services keep
the entries current.
"""

from __future__ import annotations

import uuid

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from clusterdesk.catalogue.models import Call, SupportInstrument, TrainingProgramme
from clusterdesk.catalogue.models.offers import theme_labels
from clusterdesk.catalogue.permissions import searchable_offers
from clusterdesk.core import search

CALL_DESCRIPTION_LENGTH = 4000


def _theme(code: str) -> str:
    return search.in_every_language(lambda: theme_labels([code])[0])


def _themes(codes: list[str]) -> list[str]:
    return [_theme(code) for code in codes]


def instrument_document(instrument: SupportInstrument) -> search.Document:
    body = search.joined(
        [
            instrument.provider,
            instrument.summary,
            instrument.description,
            instrument.legal_basis,
            search.in_every_language(instrument.get_kind_display),
            *_themes(instrument.themes or []),
        ]
    )
    return search.Document(title=instrument.name, body=body)


def training_document(training: TrainingProgramme) -> search.Document:
    body = search.joined(
        [
            training.provider,
            ", ".join(training.topics or []),
            training.description,
            search.in_every_language(training.get_format_display),
            search.in_every_language(training.get_language_display),
            *_themes(training.themes or []),
        ]
    )
    return search.Document(title=training.title, body=body)


def call_document(call: Call) -> search.Document:
    title = f"{call.external_id} — {call.title}" if call.external_id else call.title
    body = search.joined(
        [
            call.programme,
            call.call_identifier,
            call.call_title,
            call.action_type,
            call.keywords,
            search.in_every_language(call.get_status_display),
            call.description[:CALL_DESCRIPTION_LENGTH],
        ]
    )
    return search.Document(title=title, body=body)


def _instrument_url(public_id: uuid.UUID) -> str:
    return reverse("catalogue:instrument-by-id", args=[public_id])


def _training_url(public_id: uuid.UUID) -> str:
    return reverse("catalogue:training-by-id", args=[public_id])


def _call_url(public_id: uuid.UUID) -> str:
    return reverse("catalogue:call-detail", args=[public_id])


INSTRUMENTS = search.Provider(
    kind="instruments",
    label=_("Support instruments"),
    model=SupportInstrument,
    document=instrument_document,
    url=_instrument_url,
    visible=searchable_offers,
    icon="cash-coin",
)

TRAININGS = search.Provider(
    kind="trainings",
    label=_("Training programmes"),
    model=TrainingProgramme,
    document=training_document,
    url=_training_url,
    visible=searchable_offers,
    icon="mortarboard",
)

CALLS = search.Provider(
    kind="calls",
    label=_("Calls for projects"),
    model=Call,
    document=call_document,
    url=_call_url,
    visible=searchable_offers,
    icon="megaphone",
)


def register_search_providers() -> None:
    search.register(INSTRUMENTS)
    search.register(TRAININGS)
    search.register(CALLS)
