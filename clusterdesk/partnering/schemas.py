# The update schema defaults every field to None so that a field not sent stays unset
# (PATCH), while null itself is refused where the record cannot hold it; mypy reads
# `Field(None)` as a None value for a non-optional type.
# mypy: disable-error-code="assignment,arg-type"
"""Partner listings in the JSON API: `ListingCreate`/`ListingUpdate` in, `ListingRead`
out, and `PairRead` for the counterparts proposed to a listing.

Public ids are the records' `uuid`, shown as `id`."""

import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from ninja import Field, Schema

from clusterdesk.catalogue.themes import Theme
from clusterdesk.core.api_schemas import PageOut, Text
from clusterdesk.organisations.schemas.common import (
    ClusterRef,
    ContactRef,
    OrganisationRef,
    UserRef,
    public_id,
)
from clusterdesk.partnering.models import Direction, ListingCategory, ListingStatus
from clusterdesk.partnering.services import MAX_DESCRIPTION, MAX_KEYWORD_LENGTH, MAX_KEYWORDS

Keyword = Annotated[Text, Field(min_length=1, max_length=MAX_KEYWORD_LENGTH)]
Keywords = Annotated[list[Keyword], Field(max_length=MAX_KEYWORDS)]
Title = Annotated[Text, Field(min_length=1, max_length=200)]
Description = Annotated[Text, Field(max_length=MAX_DESCRIPTION)]


class ListingCreate(Schema):
    organisation: UUID
    cluster: UUID = Field(description="A cluster you manage (admins: any).")
    direction: Direction
    category: ListingCategory
    title: Title
    description: Description = ""
    themes: list[Theme] = Field(default_factory=list)
    keywords: Keywords = Field(default_factory=list)
    contact: UUID | None = Field(None, description="A contact of the organisation.")
    status: ListingStatus = ListingStatus.OPEN
    valid_until: datetime.date | None = Field(None, description="Today or later; null: no end.")


class ListingUpdate(Schema):
    """Send only what changes, with the `version` you read; `contact` or `valid_until` null
    clear them. The organisation stays."""

    version: int = Field(ge=1)
    cluster: UUID = Field(None)
    direction: Direction = Field(None)
    category: ListingCategory = Field(None)
    title: Title = Field(None)
    description: Description = Field(None)
    themes: list[Theme] = Field(None)
    keywords: Keywords = Field(None)
    contact: UUID | None = None
    status: ListingStatus = Field(None)
    valid_until: datetime.date | None = None


class ListingClose(Schema):
    version: int = Field(ge=1)


class ListingRead(Schema):
    id: UUID
    version: int
    organisation: OrganisationRef
    cluster: ClusterRef
    direction: Direction
    category: ListingCategory
    title: str
    description: str
    themes: list[Theme]
    keywords: list[str]
    contact: ContactRef | None
    status: ListingStatus
    valid_until: datetime.date | None
    active: bool = Field(description="Open and not past `valid_until`: proposed to others.")
    created_by: UserRef | None
    created_at: datetime.datetime
    updated_at: datetime.datetime
    resolve_id = staticmethod(public_id)

    @staticmethod
    def resolve_active(obj: Any) -> bool:
        return bool(obj.is_active())


class ListingRef(Schema):
    id: UUID
    title: str
    direction: Direction
    category: ListingCategory
    organisation: OrganisationRef
    cluster: ClusterRef
    resolve_id = staticmethod(public_id)


class PairRead(Schema):
    listing: ListingRef = Field(description="The listing proposed (the other side).")
    score: float = Field(ge=0, le=1, description="0 to 1, higher is better.")
    reasons: list[str] = Field(description="Why, in the language of the request.")
    shared_themes: list[Theme]
    shared_keywords: list[str]
    matched_terms: list[str]

    @staticmethod
    def resolve_listing(obj: Any) -> Any:
        return obj.other

    @staticmethod
    def resolve_shared_themes(obj: Any) -> list[str]:
        return list(obj.pair.shared_themes)

    @staticmethod
    def resolve_shared_keywords(obj: Any) -> list[str]:
        return list(obj.pair.shared_keywords)

    @staticmethod
    def resolve_matched_terms(obj: Any) -> list[str]:
        return list(obj.pair.matched_terms)


ListingOrdering = Literal[
    "created",
    "-created",
    "title",
    "-title",
    "organisation",
    "-organisation",
    "valid_until",
    "-valid_until",
]
StatusFilter = Literal["active", "expired", "open", "paused", "closed"]


class ListingQuery(Schema):
    q: Text = Field("", max_length=200, description="Words of the title, text or company.")
    direction: Direction | None = None
    category: ListingCategory | None = None
    theme: Theme | None = None
    status: StatusFilter | None = Field(
        None, description="A status, `active` (proposed now) or `expired`."
    )
    cluster: Text = Field("", max_length=50, description="Cluster slug")
    organisation: UUID | None = None
    ordering: ListingOrdering = "-created"


class ListingPage(PageOut):
    results: list[ListingRead]
