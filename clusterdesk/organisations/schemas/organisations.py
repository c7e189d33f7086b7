# The update schemas default every field to None so that a field not sent stays unset
# (PATCH), while null itself is refused where the record cannot hold it; mypy reads
# `Field(None)` as a None value for a non-optional type.
# mypy: disable-error-code="assignment,arg-type"
"""Organisations: `OrganisationCreate` and `OrganisationUpdate` in, `OrganisationRead` out."""

import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from django.utils import timezone
from django.utils.translation import gettext
from ninja import Field, Schema
from pydantic import AfterValidator

from clusterdesk.organisations.models import MembershipType, OrganisationKind, RelationshipStatus
from clusterdesk.organisations.schemas.common import (
    ClusterRef,
    NaceRead,
    OrganisationRef,
    PageOut,
    TagRead,
    Text,
    UserRef,
    ValidationErrorOut,
    public_id,
)


def _not_in_the_future(year: int) -> int:
    if year > timezone.localdate().year:
        raise ValueError(gettext("The founding year cannot be in the future."))
    return year


Amount = Annotated[int, Field(ge=0, le=999_999_999_999_999)]
Headcount = Annotated[int, Field(ge=0, le=10_000_000)]
Year = Annotated[int, Field(ge=1800, le=2100), AfterValidator(_not_in_the_future)]
CountryCode = Annotated[str, Field(pattern="^[A-Z]{2}$")]
NaceCode = Annotated[Text, Field(max_length=6)]
TagName = Annotated[Text, Field(max_length=60)]
SizeFilter = Literal["micro", "small", "medium", "large", "unknown"]
SizeClassValue = Literal["micro", "small", "medium", "large"]
OrganisationOrdering = Literal[
    "name", "-name", "commune", "-commune", "size", "-size", "updated", "-updated"
]


class CurrentMembershipRead(Schema):
    membership_id: UUID
    cluster: ClusterRef
    type: MembershipType
    since: datetime.date
    until: datetime.date | None
    resolve_membership_id = staticmethod(public_id)


class OrganisationFields(Schema):
    legal_name: Text = Field(min_length=1, max_length=200)
    trade_name: Text = Field("", max_length=200)
    kind: OrganisationKind = OrganisationKind.COMPANY
    status: RelationshipStatus = RelationshipStatus.PROSPECT
    owner: Text | None = Field(
        None, max_length=150, description="Username of a manager or an admin."
    )
    register_number: Text = Field("", max_length=40, description="e.g. B123456")
    vat_number: Text = Field("", max_length=30, description="e.g. LU12345678")
    headcount: Headcount | None = None
    turnover: Amount | None = Field(None, description="Annual turnover in EUR.")
    balance_sheet_total: Amount | None = Field(None, description="In EUR.")
    founding_year: Year | None = None
    street: Text = Field("", max_length=200)
    postcode: Text = Field("", max_length=12)
    commune: Text = Field("", max_length=100)
    country: CountryCode = Field("LU", description="ISO 3166 code, e.g. LU")
    website: Text = Field("", max_length=200, description="Full address, e.g. https://example.lu")
    description: Text = Field("", max_length=10_000)
    nace_codes: list[NaceCode] = Field([], max_length=50, description="NACE Rev. 2 codes")
    tags: list[TagName] = Field([], max_length=50, description="Tag names")


class OrganisationCreate(OrganisationFields):
    confirm_distinct: bool = Field(
        False, description="Create it although its register or VAT number is already used."
    )


class OrganisationUpdate(Schema):
    """Send only what changes, with the `version` you read."""

    version: int = Field(ge=1)
    confirm_distinct: bool = False
    legal_name: Text = Field(None, min_length=1, max_length=200)
    trade_name: Text = Field(None, max_length=200)
    kind: OrganisationKind = Field(None)
    status: RelationshipStatus = Field(None)
    owner: Text | None = Field(None, max_length=150)
    register_number: Text = Field(None, max_length=40)
    vat_number: Text = Field(None, max_length=30)
    headcount: Headcount | None = None
    turnover: Amount | None = None
    balance_sheet_total: Amount | None = None
    founding_year: Year | None = None
    street: Text = Field(None, max_length=200)
    postcode: Text = Field(None, max_length=12)
    commune: Text = Field(None, max_length=100)
    country: CountryCode = Field(None)
    website: Text = Field(None, max_length=200)
    description: Text = Field(None, max_length=10_000)
    nace_codes: list[NaceCode] = Field(None, max_length=50)
    tags: list[TagName] = Field(None, max_length=50)


class OrganisationRead(Schema):
    id: UUID
    version: int
    legal_name: str
    trade_name: str
    display_name: str
    kind: OrganisationKind
    status: RelationshipStatus
    owner: UserRef | None
    register_number: str
    vat_number: str
    headcount: int | None
    turnover: int | None
    balance_sheet_total: int | None
    size_class: SizeClassValue | None = Field(description="EU SME class; null when unknown.")
    founding_year: int | None
    street: str
    postcode: str
    commune: str
    country: str
    website: str
    description: str
    clusters: list[CurrentMembershipRead] = Field(description="Current memberships.")
    nace_activities: list[NaceRead]
    tags: list[TagRead]
    created_at: datetime.datetime
    updated_at: datetime.datetime
    resolve_id = staticmethod(public_id)

    @staticmethod
    def resolve_size_class(obj: Any) -> str | None:
        return obj.size_class or None

    @staticmethod
    def resolve_country(obj: Any) -> str:
        return str(obj.country)

    @staticmethod
    def resolve_clusters(obj: Any) -> list[Any]:
        current = getattr(obj, "current_memberships", None)
        if current is None:
            current = [m for m in obj.memberships.all() if m.is_current()]
        return list(current)


class OrganisationQuery(Schema):
    """The filters of the organisation list page."""

    q: Text = Field(
        "", max_length=200, description="Words in names, register or VAT number, commune."
    )
    cluster: Text = Field("", max_length=50, description="Cluster slug: its current members.")
    size: SizeFilter | None = None
    section: Annotated[str, Field(pattern="^[A-U]?$")] = Field("", description="NACE section")
    status: RelationshipStatus | None = None
    tag: Text = Field("", max_length=70, description="Tag slug")
    owner: Literal["me"] | None = Field(None, description="`me`: the organisations you own.")
    ordering: OrganisationOrdering = "name"


class OrganisationPage(PageOut):
    results: list[OrganisationRead]


class DuplicateRef(OrganisationRef):
    register_number: str
    vat_number: str


class OrganisationValidationErrorOut(ValidationErrorOut):
    duplicates: list[DuplicateRef] = Field(
        [], description="Organisations that already hold this register or VAT number."
    )
