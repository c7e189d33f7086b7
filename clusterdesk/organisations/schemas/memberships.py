# The update schemas default every field to None so that a field not sent stays unset
# (PATCH), while null itself is refused where the record cannot hold it; mypy reads
# `Field(None)` as a None value for a non-optional type.
# mypy: disable-error-code="assignment,arg-type"
"""Memberships of organisations in clusters."""

import datetime
from typing import Any
from uuid import UUID

from ninja import Field, Schema

from clusterdesk.organisations.models import MembershipType
from clusterdesk.organisations.schemas.common import (
    ClusterRef,
    OrganisationRef,
    PageOut,
    Text,
    public_id,
)


class MembershipCreate(Schema):
    organisation: UUID
    cluster: UUID = Field(description="A cluster you manage.")
    type: MembershipType = MembershipType.MEMBER
    since: datetime.date | None = Field(None, description="Today when not given.")
    until: datetime.date | None = None


class MembershipUpdate(Schema):
    """End a membership by sending `until`; `null` makes it open again."""

    version: int = Field(ge=1)
    type: MembershipType = Field(None)
    since: datetime.date = Field(None)
    until: datetime.date | None = None


class MembershipRead(Schema):
    id: UUID
    version: int
    organisation: OrganisationRef
    cluster: ClusterRef
    type: MembershipType
    since: datetime.date
    until: datetime.date | None
    is_current: bool
    created_at: datetime.datetime
    updated_at: datetime.datetime
    resolve_id = staticmethod(public_id)

    @staticmethod
    def resolve_is_current(obj: Any) -> bool:
        return bool(obj.is_current())


class MembershipQuery(Schema):
    organisation: UUID | None = None
    cluster: Text = Field("", max_length=50, description="Cluster slug")
    current: bool | None = Field(None, description="true: current only; false: past or future.")


class MembershipPage(PageOut):
    results: list[MembershipRead]
