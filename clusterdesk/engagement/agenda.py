"""A person's agenda: what is due, overdue or waiting on them, gathered from every app.

"My week", the daily digest email and the personal iCalendar feed all read the agenda; apps
add their items with a provider registered from their `AppConfig.ready()`:

    agenda.register("support.referrals", referrals_waiting_on)

A provider takes `(user, start, end)` and returns the `AgendaItem`s of that user due between
`start` and `end` (inclusive), plus any overdue ones (due before `start`, still open) and
undated ones waiting on them. Providers apply the permission policy themselves: an item is
only ever returned to a user who may see it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.utils.translation import gettext_lazy as _


class Section(StrEnum):
    """Where an item shows on "My week" (the order of the page)."""

    OVERDUE = "overdue"
    FOLLOW_UPS = "follow_ups"
    REFERRALS = "referrals"
    ACTIONS = "actions"


SECTION_LABELS = {
    Section.OVERDUE: _("Overdue"),
    Section.FOLLOW_UPS: _("My follow-ups"),
    Section.REFERRALS: _("Referrals waiting on me"),
    Section.ACTIONS: _("Roadmap actions due"),
}


@dataclass(frozen=True)
class AgendaItem:
    section: Section
    title: str
    url: str  # the record's page (a path; the digest and the feed make it absolute)
    uid: str  # stable across calls, e.g. "follow-up-<uuid>@clusterdesk" (iCalendar UID)
    due: datetime.date | None = None
    organisation: str = ""  # the company's name, shown beside the title
    detail: str = ""  # one line: the next step, the status, who is waiting

    def is_overdue(self, today: datetime.date) -> bool:
        return self.due is not None and self.due < today


Provider = Callable[[Any, datetime.date, datetime.date], Iterable[AgendaItem]]

_PROVIDERS: dict[str, Provider] = {}


def register(name: str, provider: Provider) -> None:
    """Add (or replace, by name) a provider of agenda items."""
    _PROVIDERS[name] = provider


def providers() -> dict[str, Provider]:
    return dict(_PROVIDERS)


def items_for(user: Any, start: datetime.date, end: datetime.date) -> list[AgendaItem]:
    """Every provider's items for `user`, overdue first, then by due date (undated last)."""
    items = [item for provider in _PROVIDERS.values() for item in provider(user, start, end)]
    return sorted(
        items,
        key=lambda item: (
            not item.is_overdue(start),
            item.due is None,
            item.due or datetime.date.max,
            str(item.title),
        ),
    )
