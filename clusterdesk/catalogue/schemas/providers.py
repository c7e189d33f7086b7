# mypy: disable-error-code="assignment,arg-type"
"""Service provider profiles in the JSON API, with the outcomes of the referrals sent to
their organisations (read only)."""

import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from ninja import Field, Schema

from clusterdesk.catalogue.models import Language
from clusterdesk.core.api_schemas import PageOut, Text
from clusterdesk.organisations.schemas.common import OrganisationRef, public_id

Competences = list[Annotated[Text, Field(min_length=1, max_length=200)]]
Notes = Annotated[Text, Field(max_length=10_000)]


class AccreditationIn(Schema):
    instrument: Annotated[Text, Field(min_length=1, max_length=80)] = Field(
        description="The instrument's short name (slug), e.g. fit-4-digital."
    )
    valid_until: datetime.date | None = None


class AccreditationRead(Schema):
    instrument: str = Field(description="The instrument's short name (slug).")
    instrument_name: str
    valid_until: datetime.date | None

    @staticmethod
    def resolve_instrument(obj: Any) -> str:
        return str(obj.instrument.slug)

    @staticmethod
    def resolve_instrument_name(obj: Any) -> str:
        return str(obj.instrument.name)


class ProviderCreate(Schema):
    organisation: UUID = Field(description="The organisation's id.")
    competences: Competences = []
    languages: list[Language] = []
    accreditations: list[AccreditationIn] = []
    notes: Notes = ""


class ProviderUpdate(Schema):
    version: int = Field(ge=1)
    competences: Competences = Field(None)
    languages: list[Language] = Field(None)
    accreditations: list[AccreditationIn] = Field(
        None, description="Replaces the profile's accreditations."
    )
    notes: Notes = Field(None)


class Tally(Schema):
    code: str
    label: str
    count: int


class ReferralOutcomesRead(Schema):
    total: int
    successes: int
    by_status: list[Tally]
    by_outcome: list[Tally]


class ProviderRead(Schema):
    id: UUID
    version: int
    organisation: OrganisationRef
    competences: list[str]
    languages: list[str]
    accreditations: list[AccreditationRead]
    notes: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    resolve_id = staticmethod(public_id)

    @staticmethod
    def resolve_accreditations(obj: Any) -> list[Any]:
        return list(obj.accreditation_set.all())


class ProviderDetail(ProviderRead):
    referrals: ReferralOutcomesRead = Field(
        description="What the referrals sent to the organisation became."
    )


class ProviderListed(ProviderRead):
    referral_count: int
    success_count: int


ProviderOrdering = Literal["name", "-name", "referrals", "-referrals", "updated", "-updated"]


class ProviderQuery(Schema):
    q: Text = Field("", max_length=200)
    instrument: Text = Field("", max_length=80, description="Accredited for (a short name).")
    language: Language | None = None
    ordering: ProviderOrdering = "name"


class ProviderPage(PageOut):
    results: list[ProviderListed]
