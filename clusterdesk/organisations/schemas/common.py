"""What every router's schemas share: text without NUL, error bodies, pages, references.

Public ids are the records' `uuid`, shown as `id`. Text may not hold NUL characters, which
no database stores.
"""

from typing import Any
from uuid import UUID

from django.db.models import Model
from ninja import Field, Schema

from clusterdesk.core.api_schemas import (
    AUTH_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    ConflictOut,
    ErrorOut,
    FieldError,
    PageOut,
    PageQuery,
    Text,
    Username,
    ValidationErrorOut,
)

__all__ = [
    "AUTH_ERRORS",
    "READ_ERRORS",
    "WRITE_ERRORS",
    "ClusterRef",
    "ConflictOut",
    "ContactRef",
    "ErrorOut",
    "FieldError",
    "NaceRead",
    "OrganisationRef",
    "PageOut",
    "PageQuery",
    "TagRead",
    "Text",
    "UserRef",
    "Username",
    "ValidationErrorOut",
    "public_id",
]


def public_id(obj: Model) -> UUID:
    return obj.uuid  # type: ignore[attr-defined]


# --- references -------------------------------------------------------------------------------


class UserRef(Schema):
    username: str
    name: str

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return str(obj.get_full_name() or obj.username)


class ClusterRef(Schema):
    id: UUID
    slug: str
    name: str
    resolve_id = staticmethod(public_id)


class ContactRef(Schema):
    id: UUID
    name: str
    resolve_id = staticmethod(public_id)

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return str(obj)


class OrganisationRef(Schema):
    id: UUID
    legal_name: str
    resolve_id = staticmethod(public_id)


class NaceRead(Schema):
    code: str
    section: str
    label: str = Field(description="In the language of the request (Accept-Language).")


class TagRead(Schema):
    name: str
    slug: str
