# The update schemas default every field to None so that a field not sent stays unset
# (PATCH), while null itself is refused where the record cannot hold it; mypy reads
# `Field(None)` as a None value for a non-optional type.
# mypy: disable-error-code="assignment,arg-type"
"""Needs of support cases."""

import datetime
from typing import Any, Literal
from uuid import UUID

from ninja import Field, Schema

from clusterdesk.catalogue.themes import Theme
from clusterdesk.core.api_schemas import PageOut, Text
from clusterdesk.organisations.schemas.common import public_id
from clusterdesk.support.models import (
    NeedCategory,
    NeedSource,
    NeedStatus,
    Priority,
)
from clusterdesk.support.schemas.common import (
    CaseRef,
)


class NeedCreate(Schema):
    case: UUID
    text: Text = Field(min_length=1, max_length=5000)
    theme: Theme | None = None
    category: NeedCategory | None = None
    priority: Priority = Priority.MEDIUM
    source: NeedSource = NeedSource.MANUAL


class NeedUpdate(Schema):
    version: int = Field(ge=1)
    text: Text = Field(None, min_length=1, max_length=5000)
    theme: Theme | None = None
    category: NeedCategory | None = None
    priority: Priority = Field(None)
    status: NeedStatus = Field(None)


class NeedRead(Schema):
    id: UUID
    version: int
    case: CaseRef
    text: str
    theme: Theme | None
    category: NeedCategory | None
    priority: Priority
    status: NeedStatus
    source: NeedSource
    created_at: datetime.datetime
    updated_at: datetime.datetime
    resolve_id = staticmethod(public_id)

    @staticmethod
    def resolve_theme(obj: Any) -> str | None:
        return obj.theme or None

    @staticmethod
    def resolve_category(obj: Any) -> str | None:
        return obj.category or None


NeedOrdering = Literal["created", "-created", "organisation", "-organisation"]


class NeedQuery(Schema):
    q: Text = Field("", max_length=200)
    status: NeedStatus | None = None
    theme: Theme | None = None
    category: NeedCategory | None = None
    priority: Priority | None = None
    cluster: Text = Field("", max_length=50, description="Cluster slug of the case")
    case: UUID | None = None
    owner: Literal["me"] | None = Field(None, description="`me`: needs of the cases you own.")
    ordering: NeedOrdering = "-created"


class NeedPage(PageOut):
    results: list[NeedRead]
