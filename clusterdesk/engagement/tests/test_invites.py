"""Meeting invites (.ics) from Outlook, Google Calendar and Apple Calendar pre-fill a new
interaction; bad files get a clear error and nothing is stored."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from clusterdesk.engagement.invites import (
    MAX_INVITE_BYTES,
    InviteError,
    match_invite,
    read_invite,
)
from clusterdesk.engagement.models import Interaction, InteractionKind
from clusterdesk.engagement.services import staff_queryset
from clusterdesk.engagement.tests.conftest import ics
from clusterdesk.organisations.tests.factories import ContactFactory, OrganisationFactory

# --- reading (no database) -------------------------------------------------------------------


def test_an_outlook_teams_invite_is_read() -> None:
    invite = read_invite(ics("outlook.ics"))
    assert invite.occurred_on == datetime.date(2026, 3, 10)
    assert invite.title == "Moselle Brake \N{EN DASH} quarterly check-in"
    assert invite.description == "Agenda: brake-by-wire pilot and Fit 4 Digital."
    assert invite.kind == InteractionKind.VIDEO_CALL
    assert invite.emails == (
        "marie.kremer@agency.example.lu",
        "anne.schmit@moselle-brake.lu",
        "tom.reuter@moselle-brake.lu",
    )
    assert invite.summary == (
        "Moselle Brake \N{EN DASH} quarterly check-in\n\n"
        "Agenda: brake-by-wire pilot and Fit 4 Digital."
    )


def test_a_google_invite_in_utc_gets_its_luxembourg_date() -> None:
    """23:30 UTC on 4 March is 00:30 on 5 March in Luxembourg."""
    invite = read_invite(ics("google.ics"))
    assert invite.occurred_on == datetime.date(2026, 3, 5)
    assert invite.kind == InteractionKind.VIDEO_CALL
    assert invite.description == "Topics\n1. Carbon footprint of the plant\n2. Fit 4 Sustainability"
    assert "meet.google.com" not in invite.description
    assert "guest@unknown.example" in invite.emails
    assert "marie.kremer@agency.example.lu" in invite.emails


def test_an_invite_without_a_link_or_video_service_is_a_meeting() -> None:
    invite = read_invite(ics("site_visit.ics"))
    assert invite.kind == InteractionKind.MEETING
    assert invite.occurred_on == datetime.date(2026, 4, 14)
    assert invite.emails == ("tom.reuter@moselle-brake.lu",)


@pytest.mark.parametrize(
    "line",
    [
        "LOCATION:Zoom",
        "DESCRIPTION:Dial in on Teams",
        "DESCRIPTION:Google Meet, link follows",
        "URL:https://example.lu/room",
        "DESCRIPTION:Slides at https://example.lu/deck",
    ],
)
def test_a_link_teams_zoom_or_meet_makes_a_video_call(line: str) -> None:
    text = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:1\r\n"
        "DTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:20260105\r\nSUMMARY:Call\r\n"
        f"{line}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    assert read_invite(text.encode()).kind == InteractionKind.VIDEO_CALL


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"Hello, this is a letter, not a calendar.", "not an iCalendar"),
        (b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Anne\r\nEND:VCARD\r\n", "not an iCalendar"),
        (b"\xff\xfe\x00\x01binary", "not an iCalendar"),
        (b"", "not an iCalendar"),
        (None, "no event"),
        (
            b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:1\r\nDTSTART:tomorrow\r\n"
            b"END:VEVENT\r\nEND:VCALENDAR\r\n",
            "no valid start date",
        ),
        (
            b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:1\r\nSUMMARY:x\r\n"
            b"END:VEVENT\r\nEND:VCALENDAR\r\n",
            "no valid start date",
        ),
    ],
)
def test_a_bad_file_gets_a_clear_error(data: bytes | None, message: str) -> None:
    with pytest.raises(InviteError, match=message):
        read_invite(ics("no_event.ics") if data is None else data)


def test_a_file_over_one_megabyte_is_refused() -> None:
    with pytest.raises(InviteError, match="larger than 1 MB"):
        read_invite(ics("outlook.ics") + b" " * MAX_INVITE_BYTES)


# --- matching people (database) --------------------------------------------------------------


@pytest.fixture
def moselle(organisation_a: Any) -> Any:
    """organisation_a with Anne and Tom, whose emails the sample invites use."""
    ContactFactory(
        first_name="Anne",
        last_name="Schmit",
        email="anne.schmit@moselle-brake.lu",
        organisation=organisation_a,
    )
    ContactFactory(
        first_name="Tom",
        last_name="Reuter",
        email="Tom.Reuter@Moselle-Brake.lu",
        organisation=organisation_a,
    )
    return organisation_a


def test_attendees_are_matched_to_contacts_by_email_whatever_the_case(
    moselle: Any, manager_a: Any
) -> None:
    manager_a.email = "marie.kremer@agency.example.lu"
    manager_a.save()
    match = match_invite(read_invite(ics("outlook.ics")), staff_queryset())
    assert match.organisation == moselle
    assert sorted(str(contact) for contact in match.contacts) == ["Anne Schmit", "Tom Reuter"]
    assert match.participants == [manager_a]
    assert match.unknown_emails == []


def test_people_not_in_the_directory_are_listed(moselle: Any) -> None:
    match = match_invite(read_invite(ics("google.ics")), staff_queryset())
    assert match.organisation == moselle
    assert "guest@unknown.example" in match.unknown_emails


def test_contacts_of_different_organisations_leave_the_organisation_to_choose(
    moselle: Any, organisation_b: Any
) -> None:
    outsider = ContactFactory(email="anne.schmit@moselle-brake.lu", organisation=organisation_b)
    match = match_invite(read_invite(ics("outlook.ics")), staff_queryset())
    assert match.organisation is None
    assert set(match.candidates) == {moselle, organisation_b}
    assert outsider in match.other_contacts


def test_a_contact_at_two_organisations_counts_for_the_one_all_share(moselle: Any) -> None:
    other = OrganisationFactory(legal_name="Brake Holding S.A.")
    anne = moselle.contacts.get(last_name="Schmit")
    from clusterdesk.organisations.services import affiliation_create

    affiliation_create(actor=None, contact=anne, organisation=other)
    match = match_invite(read_invite(ics("outlook.ics")), staff_queryset())
    assert match.organisation == moselle


# --- the page -------------------------------------------------------------------------------


def _upload(client: Any, content: bytes, name: str = "invite.ics") -> Any:
    upload = SimpleUploadedFile(name, content, content_type="text/calendar")
    return client.post("/interactions/new/from-invite/", {"invite": upload})


def test_uploading_an_invite_shows_the_form_filled_from_it(client_for: Any, moselle: Any) -> None:
    page = _upload(client_for("manager_a"), ics("outlook.ics"))
    assert page.status_code == 200
    html = page.content.decode()
    form = page.context["form"]
    assert form.initial["occurred_on"] == datetime.date(2026, 3, 10)
    assert form.initial["kind"] == InteractionKind.VIDEO_CALL
    assert form.initial["organisation"] == moselle
    assert len(form.initial["contacts"]) == 2
    assert "Moselle Brake \N{EN DASH} quarterly check-in" in html
    assert f'value="{moselle.uuid}" selected' in html
    assert Interaction.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not a calendar", "not an iCalendar"),
        (None, "no event"),
        (b"BEGIN:VCALENDAR\r\n" + b"X" * (MAX_INVITE_BYTES + 10), "larger than 1 MB"),
    ],
)
def test_a_bad_invite_gets_a_form_error_and_nothing_is_stored(
    client_for: Any, organisation_a: Any, content: bytes | None, message: str
) -> None:
    page = _upload(client_for("manager_a"), ics("no_event.ics") if content is None else content)
    assert page.status_code == 422
    assert message in " ".join(page.context["invite_form"].errors["invite"])
    assert Interaction.objects.count() == 0


def test_an_upload_without_a_file_names_the_field(client_for: Any, cluster_a: Any) -> None:
    page = client_for("manager_a").post("/interactions/new/from-invite/", {})
    assert page.status_code == 422
    assert page.context["invite_form"].errors["invite"]


@pytest.mark.parametrize("role", ["expert", "analyst"])
def test_roles_that_log_no_interaction_cannot_upload_invites(
    client_for: Any, role: str, cluster_a: Any
) -> None:
    assert _upload(client_for(role), ics("outlook.ics")).status_code == 403
