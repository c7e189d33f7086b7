# The update schemas default every field to None so that a field not sent stays unset
# (PATCH), while null itself is refused where the record cannot hold it; mypy reads
# `Field(None)` as a None value for a non-optional type.
# mypy: disable-error-code="assignment,arg-type"
"""What the support schemas share: amounts, long text and references."""

from typing import Annotated
from uuid import UUID

from ninja import Field, Schema

from clusterdesk.core.api_schemas import Text
from clusterdesk.organisations.schemas.common import OrganisationRef, public_id
from clusterdesk.support.states import State

Amount = Annotated[int, Field(ge=0, le=999_999_999_999)]
Username = Annotated[Text, Field(max_length=150)]
LongText = Annotated[Text, Field(max_length=10_000)]


class CaseRef(Schema):
    id: UUID
    organisation: OrganisationRef
    state: State
    resolve_id = staticmethod(public_id)


class NeedRef(Schema):
    id: UUID
    text: str
    resolve_id = staticmethod(public_id)
