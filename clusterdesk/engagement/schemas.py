# The update schemas default every field to None so that a field not sent stays unset
# (PATCH), while null itself is refused where the record cannot hold it; mypy reads
# `Field(None)` as a None value for a non-optional type.
# mypy: disable-error-code="assignment,arg-type"
"""Bodies of the engagement API: `XCreate` and `XUpdate` come in, `XRead` goes out."""

import datetime
from typing import Any, Literal
from uuid import UUID

from ninja import Field, Schema

from clusterdesk.core.api_schemas import PageOut, Text, Username
from clusterdesk.engagement.models import InteractionKind, Theme
from clusterdesk.organisations.schemas.common import (
    ClusterRef,
    OrganisationRef,
    UserRef,
    public_id,
)

InteractionOrdering = Literal["-date", "date", "organisation", "-organisation"]
FollowUpOrdering = Literal["due", "-due", "organisation"]
Summary = Text


class InteractionContactRef(Schema):
    id: UUID
    first_name: str
    last_name: str
    resolve_id = staticmethod(public_id)


# --- interactions ----------------------------------------------------------------------------


class InteractionCreate(Schema):
    organisation: UUID
    cluster: UUID = Field(description="A cluster you manage (admins: any).")
    kind: InteractionKind = InteractionKind.VIDEO_CALL
    occurred_on: datetime.date | None = Field(None, description="Today when not given.")
    contacts: list[UUID] = Field(
        default_factory=list, max_length=200, description="Contacts of that organisation."
    )
    participants: list[Username] | None = Field(
        None, max_length=50, description="Usernames of agency staff; you when not given."
    )
    themes: list[Theme] = Field(default_factory=list, max_length=5)
    summary: Summary = Field("", max_length=50_000, description="Markdown.")
    confidential: bool = False
    follow_up_on: datetime.date | None = Field(
        None, description="Plans a follow-up for you on that day."
    )


class InteractionUpdate(Schema):
    version: int = Field(ge=1)
    cluster: UUID = Field(None)
    kind: InteractionKind = Field(None)
    occurred_on: datetime.date = Field(None)
    contacts: list[UUID] = Field(None, max_length=200)
    participants: list[Username] = Field(None, max_length=50)
    themes: list[Theme] = Field(None, max_length=5)
    summary: Summary = Field(None, max_length=50_000)
    confidential: bool = Field(None)


class InteractionRead(Schema):
    id: UUID
    version: int
    organisation: OrganisationRef
    cluster: ClusterRef
    kind: InteractionKind
    occurred_on: datetime.date
    contacts: list[InteractionContactRef]
    participants: list[UserRef]
    themes: list[Theme]
    summary: str
    summary_html: str = Field(description="The summary as sanitised HTML.")
    confidential: bool
    created_by: UserRef | None
    created_at: datetime.datetime
    updated_at: datetime.datetime
    resolve_id = staticmethod(public_id)

    @staticmethod
    def resolve_contacts(obj: Any) -> list[Any]:
        return list(obj.contacts.all())

    @staticmethod
    def resolve_participants(obj: Any) -> list[Any]:
        return list(obj.participants.all())

    @staticmethod
    def resolve_summary_html(obj: Any) -> str:
        from clusterdesk.core.markdown import to_html

        return to_html(obj.summary)


class InteractionQuery(Schema):
    """The filters of the interaction list page."""

    organisation: UUID | None = None
    cluster: Text = Field("", max_length=50, description="Cluster slug")
    kind: InteractionKind | None = None
    theme: Theme | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    mine: bool = Field(False, description="Only those you logged or took part in.")
    ordering: InteractionOrdering = "-date"


class InteractionPage(PageOut):
    results: list[InteractionRead]


# --- follow-ups ------------------------------------------------------------------------------


class FollowUpInteractionRef(Schema):
    id: UUID
    kind: InteractionKind
    occurred_on: datetime.date
    resolve_id = staticmethod(public_id)


class FollowUpCreate(Schema):
    organisation: UUID
    cluster: UUID | None = Field(
        None, description="A cluster you manage; the organisation's (or your first) by default."
    )
    owner: Username | None = Field(None, description="A manager or admin; you when not given.")
    due_on: datetime.date | None = None
    note: Text = Field("", max_length=5000)
    interaction: UUID | None = Field(None, description="The interaction it comes from.")


class FollowUpUpdate(Schema):
    version: int = Field(ge=1)
    owner: Username = Field(None)
    due_on: datetime.date | None = None
    note: Text = Field(None, max_length=5000)
    done_on: datetime.date | None = None


class FollowUpDone(Schema):
    version: int = Field(ge=1)


class FollowUpRead(Schema):
    id: UUID
    version: int
    organisation: OrganisationRef
    cluster: ClusterRef
    owner: UserRef
    due_on: datetime.date | None
    note: str
    done_on: datetime.date | None
    interaction: FollowUpInteractionRef | None
    created_at: datetime.datetime
    updated_at: datetime.datetime
    resolve_id = staticmethod(public_id)


class FollowUpQuery(Schema):
    mine: bool = Field(True, description="Only yours (false: every one you may see).")
    status: Literal["open", "overdue", "done", "all"] = "open"
    cluster: Text = Field("", max_length=50, description="Cluster slug")
    organisation: UUID | None = None
    ordering: FollowUpOrdering = "due"


class FollowUpPage(PageOut):
    results: list[FollowUpRead]
