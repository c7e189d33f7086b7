"""Agency teams in the JSON API (read only)."""

from uuid import UUID

from ninja import Schema

from clusterdesk.catalogue.models import TeamService
from clusterdesk.core.api_schemas import PageOut
from clusterdesk.organisations.schemas.common import UserRef, public_id


class TeamRef(Schema):
    id: UUID
    slug: str
    name: str
    resolve_id = staticmethod(public_id)


class TeamRead(Schema):
    id: UUID
    version: int
    slug: str
    name: str
    description: str
    email: str
    services: list[TeamService]
    members: list[UserRef]
    resolve_id = staticmethod(public_id)


class TeamPage(PageOut):
    results: list[TeamRead]
