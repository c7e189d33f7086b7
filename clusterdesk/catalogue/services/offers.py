"""Writes to support instruments, training programmes and calls for projects.

Keyword-only, one transaction each, validated (the JSON fields by the models' `clean()`,
the eligibility rules by `matching.rules`), refusing stale versions, audited and kept in
the search index.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from clusterdesk.catalogue.models import Call, SupportInstrument, TrainingProgramme
from clusterdesk.catalogue.services import common
from clusterdesk.catalogue.validation import normalised_dates

INSTRUMENT_FIELDS = (
    "slug",
    "name",
    "provider",
    "provider_organisation",
    "kind",
    "summary",
    "description",
    "themes",
    "rates_by_size",
    "bonuses",
    "cap_eur",
    "flat_amount_eur",
    "valid_from",
    "valid_until",
    "legal_basis",
    "url",
    "eligibility_rules",
    "active",
)
TRAINING_FIELDS = (
    "slug",
    "title",
    "provider",
    "topics",
    "themes",
    "format",
    "duration_hours",
    "language",
    "dates",
    "description",
    "url",
    "active",
)
CALL_FIELDS = (
    "external_id",
    "source",
    "programme",
    "title",
    "call_identifier",
    "call_title",
    "cluster",
    "action_type",
    "deadline",
    "deadline_model",
    "status",
    "budget_min",
    "budget_max",
    "expected_grants",
    "keywords",
    "description",
    "conditions",
    "url",
)


# --- support instruments ------------------------------------------------------------------------


@transaction.atomic
def instrument_create(*, actor: Any, data: Mapping[str, Any]) -> SupportInstrument:
    """A new instrument; its short name is made from its name when not given."""
    return common.create(
        SupportInstrument(),
        actor=actor,
        data=data,
        fields=INSTRUMENT_FIELDS,
        slug_from="name",
    )


@transaction.atomic
def instrument_update(
    *,
    actor: Any,
    instrument: SupportInstrument,
    data: Mapping[str, Any],
    expected_version: int | None,
) -> SupportInstrument:
    return common.update(
        instrument,
        actor=actor,
        data=data,
        fields=INSTRUMENT_FIELDS,
        expected_version=expected_version,
        slug_from="name",
    )


@transaction.atomic
def instrument_delete(
    *, actor: Any, instrument: SupportInstrument, expected_version: int | None
) -> None:
    """Refused while providers are accredited for it: make it inactive instead."""
    common.delete(
        instrument, actor=actor, fields=INSTRUMENT_FIELDS, expected_version=expected_version
    )


# --- training programmes ------------------------------------------------------------------------


def _training_data(data: Mapping[str, Any]) -> dict[str, Any]:
    """The dates each once and in order, when they are dates at all."""
    values = dict(data)
    dates = values.get("dates")
    if isinstance(dates, list) and all(isinstance(item, str) for item in dates):
        values["dates"] = normalised_dates([item.strip() for item in dates])
    return values


@transaction.atomic
def training_create(*, actor: Any, data: Mapping[str, Any]) -> TrainingProgramme:
    return common.create(
        TrainingProgramme(),
        actor=actor,
        data=_training_data(data),
        fields=TRAINING_FIELDS,
        slug_from="title",
    )


@transaction.atomic
def training_update(
    *,
    actor: Any,
    training: TrainingProgramme,
    data: Mapping[str, Any],
    expected_version: int | None,
) -> TrainingProgramme:
    return common.update(
        training,
        actor=actor,
        data=_training_data(data),
        fields=TRAINING_FIELDS,
        expected_version=expected_version,
        slug_from="title",
    )


@transaction.atomic
def training_delete(
    *, actor: Any, training: TrainingProgramme, expected_version: int | None
) -> None:
    common.delete(training, actor=actor, fields=TRAINING_FIELDS, expected_version=expected_version)


# --- calls for projects -------------------------------------------------------------------------


@transaction.atomic
def call_create(*, actor: Any, data: Mapping[str, Any]) -> Call:
    """A call entered by hand (source "manual" unless said otherwise)."""
    return common.create(Call(), actor=actor, data=data, fields=CALL_FIELDS)


@transaction.atomic
def call_update(
    *, actor: Any, call: Call, data: Mapping[str, Any], expected_version: int | None
) -> Call:
    return common.update(
        call, actor=actor, data=data, fields=CALL_FIELDS, expected_version=expected_version
    )


@transaction.atomic
def call_delete(*, actor: Any, call: Call, expected_version: int | None) -> None:
    common.delete(call, actor=actor, fields=CALL_FIELDS, expected_version=expected_version)
