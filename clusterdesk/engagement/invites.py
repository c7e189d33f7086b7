"""Meeting invites (.ics) that pre-fill a new interaction.

`read_invite(data)` reads the first event of an iCalendar file (no database): its date in
Europe/Luxembourg, its title and description, whether it is a video call (a link, or
Teams, Zoom or Meet named in it) and the email addresses of its attendees and organiser.
`match_invite(invite)` then finds those people: contacts (case-insensitive email), the
organisation they share, and agency staff. Nothing is stored: the person checks the
pre-filled form and saves it.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
from django.db.models import Prefetch
from django.db.models.functions import Lower
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from clusterdesk.engagement.models import InteractionKind
from clusterdesk.organisations.models import Affiliation, Contact, Organisation

MAX_INVITE_BYTES = 1024 * 1024
LUXEMBOURG = ZoneInfo("Europe/Luxembourg")
MAX_TEXT = 10_000

# A link, or a video-conference service named in the title, place or description.
_VIDEO = re.compile(r"https?://|\b(?:teams|zoom|webex|google meet|meet\.google\.com)\b", re.I)
_MEET = re.compile(r"\bMeet\b")  # "Meet" as a name (Google Meet), not "let's meet"
_VIDEO_PROPERTIES = (
    "URL",
    "CONFERENCE",
    "X-MICROSOFT-SKYPETEAMSMEETINGURL",
    "X-MICROSOFT-ONLINEMEETINGCONFLINK",
    "X-GOOGLE-CONFERENCE",
)
# Where the calendar's own joining instructions start: Outlook's line of underscores,
# Google's "-::~:~::~" line.
_BOILERPLATE = re.compile(r"^\s*(?:_{10,}|-::~[:~]*::-)\s*$", re.M)
_HTML_BREAK = re.compile(r"<br\s*/?>|</p>|</div>", re.I)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class InviteError(Exception):
    """The file is not a usable meeting invite; the message says why."""


@dataclass(frozen=True)
class Invite:
    occurred_on: datetime.date
    title: str
    description: str
    kind: InteractionKind
    emails: tuple[str, ...]  # attendees and organiser, lower-case, in file order

    @property
    def summary(self) -> str:
        return "\n\n".join(part for part in (self.title, self.description) if part)


def _text(component: Any, name: str) -> str:
    value = component.get(name)
    if value is None:
        return ""
    if isinstance(value, list):
        value = value[0] if value else ""
    return str(value).replace("\r\n", "\n").strip()[:MAX_TEXT]


def _plain(description: str) -> str:
    """The description without HTML (Google sends some) and without the calendar's
    joining instructions."""
    if "<" in description and ">" in description:
        description = strip_tags(_HTML_BREAK.sub("\n", description))
    description = _BOILERPLATE.split(description, maxsplit=1)[0]
    lines = [line.rstrip() for line in description.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _day(event: Any) -> datetime.date:
    try:
        start = event.get("DTSTART").dt
    except Exception as error:  # missing or broken DTSTART
        raise InviteError(_("The event has no valid start date (DTSTART).")) from error
    if isinstance(start, datetime.datetime):
        if start.tzinfo is not None:
            start = start.astimezone(LUXEMBOURG)
        return start.date()
    if isinstance(start, datetime.date):
        return start
    raise InviteError(_("The event has no valid start date (DTSTART)."))


def _emails(event: Any) -> tuple[str, ...]:
    values: list[Any] = []
    for name in ("ORGANIZER", "ATTENDEE"):
        found = event.get(name)
        if found is None:
            continue
        values.extend(found if isinstance(found, list) else [found])
    emails = []
    for value in values:
        address = str(value).strip()
        if address.lower().startswith("mailto:"):
            address = address[len("mailto:") :]
        address = address.strip().lower()
        if _EMAIL.match(address):
            emails.append(address)
    return tuple(dict.fromkeys(emails))


def _kind(event: Any, title: str, description: str) -> InteractionKind:
    if any(event.get(name) is not None for name in _VIDEO_PROPERTIES):
        return InteractionKind.VIDEO_CALL
    text = "\n".join([title, _text(event, "LOCATION"), description])
    if _VIDEO.search(text) or _MEET.search(text):
        return InteractionKind.VIDEO_CALL
    return InteractionKind.MEETING


def read_invite(data: bytes) -> Invite:
    """The first event of an iCalendar file; `InviteError` when it is none."""
    if len(data) > MAX_INVITE_BYTES:
        raise InviteError(_("The file is larger than 1 MB: a meeting invite is much smaller."))
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except Exception as error:  # icalendar raises ValueError and others on garbage
        raise InviteError(_("This is not an iCalendar (.ics) file.")) from error
    if getattr(calendar, "name", "") != "VCALENDAR":
        raise InviteError(_("This is not an iCalendar (.ics) file."))
    events = calendar.walk("VEVENT")
    if not events:
        raise InviteError(_("The file holds no event (VEVENT): export the meeting itself."))
    event = events[0]
    title = _text(event, "SUMMARY")
    raw_description = _text(event, "DESCRIPTION")
    return Invite(
        occurred_on=_day(event),
        title=title,
        description=_plain(raw_description),
        kind=_kind(event, title, raw_description),
        emails=_emails(event),
    )


@dataclass
class InviteMatch:
    """Who in the directory an invite names, and the organisation they agree on."""

    invite: Invite
    organisation: Organisation | None = None
    contacts: list[Contact] = field(default_factory=list)  # of `organisation`
    other_contacts: list[Contact] = field(default_factory=list)  # matched, of other ones
    participants: list[Any] = field(default_factory=list)  # agency staff
    unknown_emails: list[str] = field(default_factory=list)
    candidates: list[Organisation] = field(default_factory=list)  # when they disagree


def _shared_organisation(contacts: Sequence[Contact]) -> tuple[Organisation | None, list[Any]]:
    """The one organisation every matched contact belongs to, else their main ones agreeing;
    otherwise None and the organisations seen."""
    if not contacts:
        return None, []
    places = [list(contact.affiliations.all()) for contact in contacts]
    by_id = {a.organisation_id: a.organisation for links in places for a in links}
    common = set.intersection(*({a.organisation_id for a in links} for links in places))
    if len(common) == 1:
        return by_id[common.pop()], []
    mains = {a.organisation_id for links in places for a in links if a.is_primary}
    if len(mains) == 1 and mains <= common:
        return by_id[mains.pop()], []
    candidates = sorted(by_id.values(), key=lambda organisation: organisation.legal_name)
    return None, candidates


def match_invite(invite: Invite, staff: Any) -> InviteMatch:
    """Contacts and staff (`staff`: a queryset of users) named by the invite's emails."""
    match = InviteMatch(invite)
    if not invite.emails:
        return match
    affiliations = Affiliation.objects.select_related("organisation").order_by("-is_primary")
    contacts = list(
        Contact.objects.annotate(email_lower=Lower("email"))
        .filter(email_lower__in=invite.emails)
        .prefetch_related(Prefetch("affiliations", queryset=affiliations))
        .order_by("last_name", "first_name")
    )
    people = list(staff.annotate(email_lower=Lower("email")).filter(email_lower__in=invite.emails))
    organisation, match.candidates = _shared_organisation(contacts)
    match.organisation = organisation
    for contact in contacts:
        linked = organisation is not None and any(
            a.organisation_id == organisation.pk for a in contact.affiliations.all()
        )
        (match.contacts if linked else match.other_contacts).append(contact)
    match.participants = people
    known = {contact.email_lower for contact in contacts} | {
        person.email_lower for person in people
    }
    match.unknown_emails = [email for email in invite.emails if email not in known]
    return match
