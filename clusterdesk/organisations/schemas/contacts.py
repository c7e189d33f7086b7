# The update schemas default every field to None so that a field not sent stays unset
# (PATCH), while null itself is refused where the record cannot hold it; mypy reads
# `Field(None)` as a None value for a non-optional type.
# mypy: disable-error-code="assignment,arg-type"
"""Contacts and their links to organisations."""

import datetime
from typing import Literal
from uuid import UUID

from ninja import Field, Schema

from clusterdesk.organisations.models import Contact
from clusterdesk.organisations.schemas.common import OrganisationRef, PageOut, Text, public_id

ContactOrdering = Literal["name", "-name", "updated", "-updated"]


class AffiliationRead(Schema):
    organisation: OrganisationRef
    role: str
    is_primary: bool


class ContactCreate(Schema):
    first_name: Text = Field(min_length=1, max_length=100)
    last_name: Text = Field(min_length=1, max_length=100)
    job_title: Text = Field("", max_length=150)
    email: Text = Field("", max_length=254)
    phone: Text = Field("", max_length=40)
    preferred_language: Contact.Language = Contact.Language.EN
    organisation: UUID = Field(description="Id of their (main) organisation.")
    role: Text = Field("", max_length=150, description="Their role at that organisation.")


class ContactUpdate(Schema):
    version: int = Field(ge=1)
    first_name: Text = Field(None, min_length=1, max_length=100)
    last_name: Text = Field(None, min_length=1, max_length=100)
    job_title: Text = Field(None, max_length=150)
    email: Text = Field(None, max_length=254)
    phone: Text = Field(None, max_length=40)
    preferred_language: Contact.Language = Field(None)


class ContactRead(Schema):
    id: UUID
    version: int
    first_name: str
    last_name: str
    job_title: str
    email: str
    phone: str
    preferred_language: Contact.Language
    affiliations: list[AffiliationRead]
    created_at: datetime.datetime
    updated_at: datetime.datetime
    resolve_id = staticmethod(public_id)


class AffiliationCreate(Schema):
    organisation: UUID
    role: Text = Field("", max_length=150)
    is_primary: bool = False


class ContactQuery(Schema):
    """The filters of the contact list page."""

    q: Text = Field("", max_length=200, description="Words in names, email or job title.")
    cluster: Text = Field(
        "", max_length=50, description="Cluster slug: contacts of its current members."
    )
    language: Contact.Language | None = None
    organisation: UUID | None = Field(None, description="Contacts of this organisation.")
    ordering: ContactOrdering = "name"


class ContactPage(PageOut):
    results: list[ContactRead]
