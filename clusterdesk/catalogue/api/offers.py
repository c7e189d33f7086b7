"""Support instruments, training programmes and calls: list (with the pages' filters),
create, read, change (with `version`: 409 when stale), delete (`?version=`).

Every member of the staff reads them; admins and agency experts write them (403 for the
others). The same selectors, services and permission policy as the pages.
"""

from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Query, Router, Status

from clusterdesk.catalogue import selectors, services
from clusterdesk.catalogue.api.common import (
    VERSION,
    active_filter,
    caller,
    ensure_editor,
    ensure_reader,
    page_of,
    referenced,
)
from clusterdesk.catalogue.schemas import (
    CallCreate,
    CallPage,
    CallQuery,
    CallRead,
    CallUpdate,
    InstrumentCreate,
    InstrumentPage,
    InstrumentQuery,
    InstrumentRead,
    InstrumentUpdate,
    TrainingCreate,
    TrainingPage,
    TrainingQuery,
    TrainingRead,
    TrainingUpdate,
)
from clusterdesk.core.api_schemas import READ_ERRORS, WRITE_ERRORS, PageQuery
from clusterdesk.organisations.models import Organisation

router = Router(tags=["catalogue"])


def _with_organisation(values: dict[str, Any]) -> dict[str, Any]:
    """`provider_organisation` from its public id (null clears it)."""
    if "provider_organisation" in values and values["provider_organisation"] is not None:
        values["provider_organisation"] = referenced(
            Organisation, values["provider_organisation"], "provider_organisation"
        )
    return values


def _with_dates(values: dict[str, Any]) -> dict[str, Any]:
    if values.get("dates") is not None:
        values["dates"] = [day.isoformat() for day in values["dates"]]
    return values


# --- support instruments ------------------------------------------------------------------------


@router.get("/instruments", response={200: InstrumentPage, **READ_ERRORS})
def list_instruments(
    request: HttpRequest, filters: Query[InstrumentQuery], page: Query[PageQuery]
) -> Any:
    user = caller(request)
    ensure_reader(user)
    found = selectors.instrument_list(
        user=user,
        filters=selectors.InstrumentFilters(
            q=filters.q,
            kind=filters.kind or "",
            theme=filters.theme or "",
            active=active_filter(filters.active),
            sort=filters.ordering,
        ),
    )
    return page_of(found, page)


@router.post("/instruments", response={201: InstrumentRead, **WRITE_ERRORS})
def create_instrument(request: HttpRequest, payload: InstrumentCreate) -> Any:
    user = caller(request)
    ensure_editor(user)
    data = _with_organisation(payload.model_dump())
    instrument = services.instrument_create(actor=user, data=data)
    return Status(201, selectors.instrument_get_by_id(user=user, uuid=instrument.uuid))


@router.get("/instruments/{instrument_id}", response={200: InstrumentRead, **READ_ERRORS})
def get_instrument(request: HttpRequest, instrument_id: UUID) -> Any:
    user = caller(request)
    ensure_reader(user)
    return selectors.instrument_get_by_id(user=user, uuid=instrument_id)


@router.patch("/instruments/{instrument_id}", response={200: InstrumentRead, **WRITE_ERRORS})
def update_instrument(request: HttpRequest, instrument_id: UUID, payload: InstrumentUpdate) -> Any:
    """Change the fields sent; `rates_by_size`, `bonuses` and `eligibility_rules` are
    replaced whole."""
    user = caller(request)
    ensure_reader(user)
    instrument = selectors.instrument_get_by_id(user=user, uuid=instrument_id)
    ensure_editor(user)
    data = _with_organisation(payload.model_dump(exclude_unset=True, exclude={"version"}))
    services.instrument_update(
        actor=user, instrument=instrument, data=data, expected_version=payload.version
    )
    return selectors.instrument_get_by_id(user=user, uuid=instrument_id)


@router.delete("/instruments/{instrument_id}", response={204: None, **WRITE_ERRORS})
def delete_instrument(request: HttpRequest, instrument_id: UUID, version: int = VERSION) -> Any:
    """Refused (422) while providers are accredited for it: make it inactive instead."""
    user = caller(request)
    ensure_reader(user)
    instrument = selectors.instrument_get_by_id(user=user, uuid=instrument_id)
    ensure_editor(user)
    services.instrument_delete(actor=user, instrument=instrument, expected_version=version)
    return Status(204, None)


# --- training programmes ------------------------------------------------------------------------


@router.get("/trainings", response={200: TrainingPage, **READ_ERRORS})
def list_trainings(
    request: HttpRequest, filters: Query[TrainingQuery], page: Query[PageQuery]
) -> Any:
    user = caller(request)
    ensure_reader(user)
    found = selectors.training_list(
        user=user,
        filters=selectors.TrainingFilters(
            q=filters.q,
            format=filters.format or "",
            language=filters.language or "",
            theme=filters.theme or "",
            active=active_filter(filters.active),
            sort=filters.ordering,
        ),
    )
    return page_of(found, page)


@router.post("/trainings", response={201: TrainingRead, **WRITE_ERRORS})
def create_training(request: HttpRequest, payload: TrainingCreate) -> Any:
    user = caller(request)
    ensure_editor(user)
    training = services.training_create(actor=user, data=_with_dates(payload.model_dump()))
    return Status(201, selectors.training_get_by_id(user=user, uuid=training.uuid))


@router.get("/trainings/{training_id}", response={200: TrainingRead, **READ_ERRORS})
def get_training(request: HttpRequest, training_id: UUID) -> Any:
    user = caller(request)
    ensure_reader(user)
    return selectors.training_get_by_id(user=user, uuid=training_id)


@router.patch("/trainings/{training_id}", response={200: TrainingRead, **WRITE_ERRORS})
def update_training(request: HttpRequest, training_id: UUID, payload: TrainingUpdate) -> Any:
    user = caller(request)
    ensure_reader(user)
    training = selectors.training_get_by_id(user=user, uuid=training_id)
    ensure_editor(user)
    data = _with_dates(payload.model_dump(exclude_unset=True, exclude={"version"}))
    services.training_update(
        actor=user, training=training, data=data, expected_version=payload.version
    )
    return selectors.training_get_by_id(user=user, uuid=training_id)


@router.delete("/trainings/{training_id}", response={204: None, **WRITE_ERRORS})
def delete_training(request: HttpRequest, training_id: UUID, version: int = VERSION) -> Any:
    user = caller(request)
    ensure_reader(user)
    training = selectors.training_get_by_id(user=user, uuid=training_id)
    ensure_editor(user)
    services.training_delete(actor=user, training=training, expected_version=version)
    return Status(204, None)


# --- calls for projects -------------------------------------------------------------------------


@router.get("/calls", response={200: CallPage, **READ_ERRORS})
def list_calls(request: HttpRequest, filters: Query[CallQuery], page: Query[PageQuery]) -> Any:
    """Calls by deadline; `deadline_from` / `deadline_to` give a window."""
    user = caller(request)
    ensure_reader(user)
    found = selectors.call_list(
        user=user,
        filters=selectors.CallFilters(
            q=filters.q,
            status=filters.status or "",
            programme=filters.programme,
            source=filters.source or "",
            deadline_from=filters.deadline_from,
            deadline_to=filters.deadline_to,
            sort=filters.ordering,
        ),
    )
    return page_of(found, page)


@router.post("/calls", response={201: CallRead, **WRITE_ERRORS})
def create_call(request: HttpRequest, payload: CallCreate) -> Any:
    user = caller(request)
    ensure_editor(user)
    call = services.call_create(actor=user, data=payload.model_dump())
    return Status(201, selectors.call_get(user=user, uuid=call.uuid))


@router.get("/calls/{call_id}", response={200: CallRead, **READ_ERRORS})
def get_call(request: HttpRequest, call_id: UUID) -> Any:
    user = caller(request)
    ensure_reader(user)
    return selectors.call_get(user=user, uuid=call_id)


@router.patch("/calls/{call_id}", response={200: CallRead, **WRITE_ERRORS})
def update_call(request: HttpRequest, call_id: UUID, payload: CallUpdate) -> Any:
    user = caller(request)
    ensure_reader(user)
    call = selectors.call_get(user=user, uuid=call_id)
    ensure_editor(user)
    data = payload.model_dump(exclude_unset=True, exclude={"version"})
    services.call_update(actor=user, call=call, data=data, expected_version=payload.version)
    return selectors.call_get(user=user, uuid=call_id)


@router.delete("/calls/{call_id}", response={204: None, **WRITE_ERRORS})
def delete_call(request: HttpRequest, call_id: UUID, version: int = VERSION) -> Any:
    user = caller(request)
    ensure_reader(user)
    call = selectors.call_get(user=user, uuid=call_id)
    ensure_editor(user)
    services.call_delete(actor=user, call=call, expected_version=version)
    return Status(204, None)
