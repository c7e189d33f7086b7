# The update schemas default every field to None so that a field not sent stays unset
# (PATCH), while null itself is refused where the record cannot hold it; mypy reads
# `Field(None)` as a None value for a non-optional type.
# mypy: disable-error-code="assignment,arg-type"
"""Clusters and their managers."""

import datetime
from typing import Annotated, Any
from uuid import UUID

from ninja import Field, Schema

from clusterdesk.core import permissions
from clusterdesk.organisations.models import ClusterColour
from clusterdesk.organisations.schemas.common import PageOut, Text, Username, UserRef, public_id

Slug = Annotated[str, Field(max_length=50, pattern="^[-a-zA-Z0-9_]*$")]


class ClusterCreate(Schema):
    name: Text = Field(min_length=1, max_length=100)
    slug: Slug = Field("", description="Short name for addresses; made from the name if empty.")
    colour: ClusterColour = ClusterColour.BLUE
    description: Text = Field("", max_length=10_000)
    managers: list[Username] = Field([], max_length=100, description="Usernames of managers.")


class ClusterUpdate(Schema):
    version: int = Field(ge=1)
    name: Text = Field(None, min_length=1, max_length=100)
    slug: Slug = Field(None)
    colour: ClusterColour = Field(None)
    description: Text = Field(None, max_length=10_000)
    managers: list[Username] = Field(None, max_length=100)


class ClusterRead(Schema):
    id: UUID
    version: int
    name: str
    slug: str
    colour: ClusterColour
    description: str
    managers: list[UserRef] | None = Field(description="Null when your role shows no people.")
    member_count: int = Field(description="Current members.")
    created_at: datetime.datetime
    updated_at: datetime.datetime
    resolve_id = staticmethod(public_id)

    @staticmethod
    def resolve_managers(obj: Any, context: Any) -> list[Any] | None:
        if not permissions.reads_directory(context["request"].auth):
            return None
        return list(obj.managers.all())


class ClusterQuery(Schema):
    managed: bool = Field(False, description="Only the clusters you manage.")


class ClusterPage(PageOut):
    results: list[ClusterRead]
