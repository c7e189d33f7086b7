"""Service provider profiles: list, create, read (with the outcomes of the referrals sent
to the organisation), change (`version`: 409 when stale), delete (`?version=`).

They follow the directory: admins, managers and experts read them (analysts: 403 on the
list, 404 on a profile); admins and experts write them.
"""

from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from clusterdesk.catalogue import selectors, services
from clusterdesk.catalogue.api.common import VERSION, caller, ensure_editor, page_of
from clusterdesk.catalogue.models import SupportInstrument
from clusterdesk.catalogue.schemas import (
    AccreditationIn,
    ProviderCreate,
    ProviderDetail,
    ProviderPage,
    ProviderQuery,
    ProviderUpdate,
)
from clusterdesk.core import permissions
from clusterdesk.core.api_schemas import READ_ERRORS, WRITE_ERRORS, PageQuery
from clusterdesk.organisations.api.common import referenced
from clusterdesk.organisations.models import Organisation

router = Router(tags=["service providers"])


def _accreditations(items: list[AccreditationIn]) -> list[dict[str, Any]]:
    """The instruments named by short name; a 422 on `accreditations` naming unknown ones."""
    slugs = [item.instrument for item in items]
    found = {i.slug: i for i in SupportInstrument.objects.filter(slug__in=slugs)}
    unknown = [slug for slug in slugs if slug not in found]
    if unknown:
        raise ValidationError(
            {
                "accreditations": [
                    _("No support instrument has this short name: %(slugs)s.")
                    % {"slugs": ", ".join(unknown)}
                ]
            }
        )
    return [
        {"instrument": found[item.instrument], "valid_until": item.valid_until} for item in items
    ]


def _detail(user: Any, uuid: UUID) -> Any:
    profile = selectors.provider_get(user=user, uuid=uuid)
    profile.referrals = selectors.provider_referral_outcomes(profile)  # type: ignore[attr-defined]
    return profile


@router.get("/providers", response={200: ProviderPage, **READ_ERRORS})
def list_providers(
    request: HttpRequest, filters: Query[ProviderQuery], page: Query[PageQuery]
) -> Any:
    found = selectors.provider_list(
        user=caller(request),
        filters=selectors.ProviderFilters(
            q=filters.q,
            instrument=filters.instrument,
            language=filters.language or "",
            sort=filters.ordering,
        ),
    )
    return page_of(found, page)


@router.post("/providers", response={201: ProviderDetail, **WRITE_ERRORS})
def create_provider(request: HttpRequest, payload: ProviderCreate) -> Any:
    """The provider profile of an organisation (one per organisation)."""
    user = caller(request)
    ensure_editor(user)
    organisation = referenced(Organisation, payload.organisation, "organisation")
    data = payload.model_dump(exclude={"organisation", "accreditations"})
    data["accreditations"] = _accreditations(payload.accreditations)
    profile = services.provider_profile_create(actor=user, organisation=organisation, data=data)
    return Status(201, _detail(user, profile.uuid))


@router.get("/providers/{provider_id}", response={200: ProviderDetail, **READ_ERRORS})
def get_provider(request: HttpRequest, provider_id: UUID) -> Any:
    return _detail(caller(request), provider_id)


@router.patch("/providers/{provider_id}", response={200: ProviderDetail, **WRITE_ERRORS})
def update_provider(request: HttpRequest, provider_id: UUID, payload: ProviderUpdate) -> Any:
    """Change the fields sent; `accreditations` replaces the list."""
    user = caller(request)
    profile = selectors.provider_get(user=user, uuid=provider_id)
    permissions.ensure(user, permissions.Action.CHANGE, profile)
    data = payload.model_dump(exclude_unset=True, exclude={"version", "accreditations"})
    if "accreditations" in payload.model_fields_set:
        data["accreditations"] = _accreditations(payload.accreditations or [])
    services.provider_profile_update(
        actor=user, profile=profile, data=data, expected_version=payload.version
    )
    return _detail(user, provider_id)


@router.delete("/providers/{provider_id}", response={204: None, **WRITE_ERRORS})
def delete_provider(request: HttpRequest, provider_id: UUID, version: int = VERSION) -> Any:
    """The profile goes; the organisation stays in the directory."""
    user = caller(request)
    profile = selectors.provider_get(user=user, uuid=provider_id)
    permissions.ensure(user, permissions.Action.DELETE, profile)
    services.provider_profile_delete(actor=user, profile=profile, expected_version=version)
    return Status(204, None)
