"""The personal calendar feed: created and shown once, read without signing in."""

from __future__ import annotations

import datetime
import re
from typing import Any

import icalendar
import pytest
from django.utils import timezone

from clusterdesk.engagement import services
from clusterdesk.engagement.models import CalendarFeed

pytestmark = pytest.mark.django_db


def _days(count: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=count)


def test_the_calendar_page_shows_the_new_link_once(client_for: Any, manager_a: Any) -> None:
    client = client_for("manager_a")
    page = client.post("/my-week/calendar/", {"action": "create"})
    assert page.status_code == 200
    url = page.context["feed_url"]
    assert re.match(r"^http://testserver/calendar/[A-Za-z0-9_-]{32}\.ics$", url)
    assert "no-cache" in page["Cache-Control"]
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    assert not CalendarFeed.objects.filter(token_hash__contains=token).exists()
    again = client.get("/my-week/calendar/")
    assert token not in again.content.decode()
    assert again.context["feed"] is not None


def test_the_feed_is_served_without_signing_in(
    client: Any, make_follow_up: Any, organisation_a: Any, manager_a: Any
) -> None:
    soon = make_follow_up(organisation_a, due_on=_days(5), note="Call about the pilot")
    late = make_follow_up(organisation_a, due_on=_days(-3), note="Late one")
    make_follow_up(organisation_a, due_on=None, note="Undated")
    make_follow_up(organisation_a, due_on=_days(120), note="Far away")
    _feed, token = services.calendar_feed_create(actor=manager_a, user=manager_a)
    response = client.get(f"/calendar/{token}.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    events = {str(event["UID"]): event for event in calendar.walk("VEVENT")}
    assert set(events) == {
        f"follow-up-{soon.uuid}@clusterdesk",
        f"follow-up-{late.uuid}@clusterdesk",
    }
    event = events[f"follow-up-{soon.uuid}@clusterdesk"]
    assert event["DTSTART"].dt == _days(5)
    assert event["DTEND"].dt == _days(6)
    assert str(event["SUMMARY"]) == f"Call about the pilot — {organisation_a.legal_name}"
    assert str(event["URL"]) == f"http://127.0.0.1:8000{soon.get_absolute_url()}"
    assert str(events[f"follow-up-{late.uuid}@clusterdesk"]["SUMMARY"]).startswith("Overdue: ")


def test_the_feed_keeps_its_uids_between_calls(
    client: Any, make_follow_up: Any, organisation_a: Any, manager_a: Any
) -> None:
    make_follow_up(organisation_a, due_on=_days(1))
    _feed, token = services.calendar_feed_create(actor=manager_a, user=manager_a)

    def uids() -> list[str]:
        calendar = icalendar.Calendar.from_ical(client.get(f"/calendar/{token}.ics").content)
        return [str(event["UID"]) for event in calendar.walk("VEVENT")] + [str(calendar["UID"])]

    assert uids() == uids()


def test_a_revoked_or_unknown_feed_is_a_404(client: Any, client_for: Any, manager_a: Any) -> None:
    _feed, token = services.calendar_feed_create(actor=manager_a, user=manager_a)
    assert client.get(f"/calendar/{token}.ics").status_code == 200
    client_for("manager_a").post("/my-week/calendar/", {"action": "revoke"})
    assert client.get(f"/calendar/{token}.ics").status_code == 404
    assert client.get(f"/calendar/{'x' * 32}.ics").status_code == 404
    assert client.get("/calendar/short.ics").status_code == 404


def test_a_feed_of_someone_who_became_an_analyst_is_a_404(client: Any, manager_a: Any) -> None:
    _feed, token = services.calendar_feed_create(actor=manager_a, user=manager_a)
    manager_a.role = "analyst"
    manager_a.save()
    assert client.get(f"/calendar/{token}.ics").status_code == 404


def test_an_unknown_action_on_the_calendar_page_changes_nothing(
    client_for: Any, manager_a: Any
) -> None:
    response = client_for("manager_a").post("/my-week/calendar/", {"action": "explode"})
    assert response.status_code == 302
    assert not CalendarFeed.objects.exists()


def test_analysts_have_no_calendar_page(client_for: Any, cluster_a: Any) -> None:
    assert client_for("analyst").get("/my-week/calendar/").status_code == 403
