"""A person's agenda as iCalendar: one all-day event per dated item (built with
`icalendar`), with the item's stable UID so calendar apps update events in place."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event
from icalendar.enums import TRANSP

from clusterdesk.engagement import agenda

FEED_DAYS = 90
DEFAULT_SITE_URL = "http://127.0.0.1:8000"


def site_url() -> str:
    """The address of the site, for links in emails and calendar feeds."""
    return str(getattr(settings, "CLUSTERDESK_SITE_URL", DEFAULT_SITE_URL)).rstrip("/")


def absolute(url: str) -> str:
    return url if url.startswith(("http://", "https://")) else f"{site_url()}{url}"


def feed_items(user: object, today: datetime.date) -> list[agenda.AgendaItem]:
    """The user's dated agenda items: the overdue ones and those of the next 90 days."""
    end = today + datetime.timedelta(days=FEED_DAYS)
    return [item for item in agenda.items_for(user, today, end) if item.due is not None]


def _event(item: agenda.AgendaItem, stamp: datetime.datetime) -> Event:
    assert item.due is not None
    title = f"{item.title} — {item.organisation}" if item.organisation else str(item.title)
    if item.is_overdue(timezone.localdate()):
        title = f"{_('Overdue')}: {title}"
    link = absolute(item.url)
    description = "\n".join(part for part in (str(item.detail), link) if part)
    return Event.new(
        uid=item.uid,
        summary=title,
        description=description,
        url=link,
        start=item.due,
        end=item.due + datetime.timedelta(days=1),
        stamp=stamp,
        transparency=TRANSP.TRANSPARENT,
    )


def calendar_bytes(items: Iterable[agenda.AgendaItem], name: str, uid: str) -> bytes:
    calendar = Calendar.new(
        prodid="-//clusterdesk//agenda//EN",
        uid=uid,
        name=name,
        refresh_interval=datetime.timedelta(hours=1),
    )
    calendar.add("X-PUBLISHED-TTL", datetime.timedelta(hours=1))
    stamp = timezone.now().replace(microsecond=0)
    for item in items:
        calendar.add_component(_event(item, stamp))
    return calendar.to_ical()
