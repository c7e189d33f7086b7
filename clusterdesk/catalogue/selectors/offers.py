"""Reads of support instruments, training programmes and calls for projects.

The staff read every record; the public (not signed in) the active instruments and
trainings and every call (`permissions.visible_offers`). A record the reader may not see,
or that does not exist, is a 404. Each list owns its `select_related` and runs a fixed
number of queries whatever its length.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Q, QuerySet
from django.db.models.functions import Lower
from django.http import Http404

from clusterdesk.catalogue.models import Call, SupportInstrument, TrainingProgramme
from clusterdesk.catalogue.permissions import reads_catalogue, visible_offers
from clusterdesk.core import permissions

MAX_WORDS = 10


def words(queryset: QuerySet[Any], q: str, *fields: str) -> QuerySet[Any]:
    """Records holding every word of `q` in one of `fields` (any case)."""
    for word in q.split()[:MAX_WORDS]:
        match = Q()
        for field in fields:
            match |= Q(**{f"{field}__icontains": word})
        queryset = queryset.filter(match)
    return queryset


def with_theme(queryset: QuerySet[Any], theme: str) -> QuerySet[Any]:
    """Records tagged with `theme` in their JSON list of themes (on SQLite and PostgreSQL
    alike: the list's text holds the code in quotes)."""
    return queryset.filter(themes__icontains=f'"{theme}"') if theme else queryset


def _active(queryset: QuerySet[Any], user: Any, active: str) -> QuerySet[Any]:
    """The staff's filter on active ("yes") or inactive ("no") records."""
    if not reads_catalogue(user) or active not in {"yes", "no"}:
        return queryset
    return queryset.filter(active=active == "yes")


def _get(queryset: QuerySet[Any], user: Any, **lookup: Any) -> Any:
    found = queryset.filter(**lookup).first()
    if found is None:
        raise Http404
    permissions.ensure(user, permissions.Action.VIEW, found)
    return found


# --- support instruments ------------------------------------------------------------------------

INSTRUMENT_SORTS: dict[str, list[Any]] = {
    "name": [Lower("name"), "id"],
    "-name": [Lower("name").desc(), "-id"],
    "valid_until": [F("valid_until").asc(nulls_last=True), Lower("name"), "id"],
    "-valid_until": [F("valid_until").desc(nulls_last=True), Lower("name"), "id"],
    "updated": ["updated_at", "id"],
    "-updated": ["-updated_at", "-id"],
}


@dataclass(frozen=True)
class InstrumentFilters:
    """The filters of the instrument list; every one is a URL parameter."""

    q: str = ""
    kind: str = ""
    theme: str = ""
    active: str = ""  # "yes", "no" (staff only) or "" (every one the reader may see)
    sort: str = "name"


def instrument_list(*, user: Any, filters: InstrumentFilters) -> QuerySet[SupportInstrument]:
    queryset = visible_offers(user, SupportInstrument.objects.all())
    queryset = words(queryset, filters.q, "name", "provider", "summary", "description", "slug")
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    queryset = _active(with_theme(queryset, filters.theme), user, filters.active)
    order = INSTRUMENT_SORTS.get(filters.sort, INSTRUMENT_SORTS["name"])
    return queryset.select_related("provider_organisation").order_by(*order)


def _instruments() -> QuerySet[SupportInstrument]:
    return SupportInstrument.objects.select_related("provider_organisation")


def instrument_get(*, user: Any, slug: str) -> SupportInstrument:
    return _get(_instruments(), user, slug=slug)


def instrument_get_by_id(*, user: Any, uuid: Any) -> SupportInstrument:
    return _get(_instruments(), user, uuid=uuid)


# --- training programmes ------------------------------------------------------------------------

TRAINING_SORTS: dict[str, list[Any]] = {
    "title": [Lower("title"), "id"],
    "-title": [Lower("title").desc(), "-id"],
    "duration": [F("duration_hours").asc(nulls_last=True), Lower("title"), "id"],
    "-duration": [F("duration_hours").desc(nulls_last=True), Lower("title"), "id"],
    "updated": ["updated_at", "id"],
    "-updated": ["-updated_at", "-id"],
}


@dataclass(frozen=True)
class TrainingFilters:
    q: str = ""
    format: str = ""
    language: str = ""
    theme: str = ""
    active: str = ""
    sort: str = "title"


def training_list(*, user: Any, filters: TrainingFilters) -> QuerySet[TrainingProgramme]:
    queryset = visible_offers(user, TrainingProgramme.objects.all())
    queryset = words(queryset, filters.q, "title", "provider", "topics", "description", "slug")
    if filters.format:
        queryset = queryset.filter(format=filters.format)
    if filters.language:
        queryset = queryset.filter(language=filters.language)
    queryset = _active(with_theme(queryset, filters.theme), user, filters.active)
    return queryset.order_by(*TRAINING_SORTS.get(filters.sort, TRAINING_SORTS["title"]))


def training_get(*, user: Any, slug: str) -> TrainingProgramme:
    return _get(TrainingProgramme.objects.all(), user, slug=slug)


def training_get_by_id(*, user: Any, uuid: Any) -> TrainingProgramme:
    return _get(TrainingProgramme.objects.all(), user, uuid=uuid)


# --- calls for projects -------------------------------------------------------------------------

CALL_SORTS: dict[str, list[Any]] = {
    "deadline": [F("deadline").asc(nulls_last=True), Lower("title"), "id"],
    "-deadline": [F("deadline").desc(nulls_last=True), Lower("title"), "id"],
    "title": [Lower("title"), "id"],
    "-title": [Lower("title").desc(), "-id"],
    "budget": [F("budget_max").asc(nulls_last=True), "id"],
    "-budget": [F("budget_max").desc(nulls_last=True), "id"],
}


@dataclass(frozen=True)
class CallFilters:
    q: str = ""
    status: str = ""
    programme: str = ""
    source: str = ""
    deadline_from: datetime.date | None = None
    deadline_to: datetime.date | None = None
    sort: str = "deadline"


def call_list(*, user: Any, filters: CallFilters) -> QuerySet[Call]:
    queryset = visible_offers(user, Call.objects.all())
    queryset = words(
        queryset,
        filters.q,
        "external_id",
        "title",
        "programme",
        "call_identifier",
        "call_title",
        "keywords",
    )
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.programme:
        queryset = queryset.filter(programme=filters.programme)
    if filters.source:
        queryset = queryset.filter(source=filters.source)
    if filters.deadline_from:
        queryset = queryset.filter(deadline__gte=filters.deadline_from)
    if filters.deadline_to:
        queryset = queryset.filter(deadline__lte=filters.deadline_to)
    return queryset.order_by(*CALL_SORTS.get(filters.sort, CALL_SORTS["deadline"]))


def call_get(*, user: Any, uuid: Any) -> Call:
    return _get(Call.objects.all(), user, uuid=uuid)


def call_programmes() -> list[str]:
    """The programmes calls belong to, for the list's filter (one query)."""
    rows = Call.objects.exclude(programme="").order_by("programme").values_list("programme")
    return [programme for (programme,) in rows.distinct()]


# --- the catalogue's front page -------------------------------------------------------------------


def catalogue_counts(*, user: Any) -> dict[str, int]:
    """How many instruments, trainings and open or forthcoming calls `user` may browse."""
    return {
        "instruments": visible_offers(user, SupportInstrument.objects.all()).count(),
        "trainings": visible_offers(user, TrainingProgramme.objects.all()).count(),
        "calls": visible_offers(user, Call.objects.all())
        .filter(status__in=["open", "forthcoming"])
        .count(),
    }
