"""Follow-ups on the agenda, and "My week"."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone

from clusterdesk.engagement import agenda, services
from clusterdesk.engagement.agenda_items import follow_up_items
from clusterdesk.engagement.views.agenda import parse_week, week_name

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2026, 3, 9)
SUNDAY = datetime.date(2026, 3, 15)


def test_follow_ups_are_sorted_into_overdue_this_period_and_undated(
    make_follow_up: Any, organisation_a: Any, manager_a: Any
) -> None:
    late = make_follow_up(organisation_a, due_on=MONDAY - datetime.timedelta(days=2), note="Late")
    due = make_follow_up(organisation_a, due_on=MONDAY + datetime.timedelta(days=3), note="Due")
    undated = make_follow_up(organisation_a, due_on=None, note="Some day")
    make_follow_up(organisation_a, due_on=SUNDAY + datetime.timedelta(days=1), note="Next week")
    done = make_follow_up(organisation_a, due_on=MONDAY, note="Done")
    services.follow_up_mark_done(actor=manager_a, follow_up=done, expected_version=1)
    items = {item.title: item for item in follow_up_items(manager_a, MONDAY, SUNDAY)}
    assert set(items) == {"Late", "Due", "Some day"}
    assert items["Late"].section == agenda.Section.OVERDUE
    assert items["Due"].section == agenda.Section.FOLLOW_UPS
    assert items["Some day"].section == agenda.Section.FOLLOW_UPS
    assert items["Due"].uid == f"follow-up-{due.uuid}@clusterdesk"
    assert items["Late"].url == late.get_absolute_url()
    assert items["Some day"].due is None
    assert undated.due_on is None
    assert items["Due"].organisation == organisation_a.legal_name


def test_only_the_owners_follow_ups_are_on_their_agenda(
    make_follow_up: Any, organisation_a: Any, manager_a: Any, admin: Any, analyst: Any
) -> None:
    make_follow_up(organisation_a, due_on=MONDAY)
    assert list(follow_up_items(admin, MONDAY, SUNDAY)) == []
    assert list(follow_up_items(analyst, MONDAY, SUNDAY)) == []
    assert len(list(follow_up_items(manager_a, MONDAY, SUNDAY))) == 1


def test_a_follow_up_from_an_interaction_says_so(
    make_follow_up: Any, interaction_a: Any, organisation_a: Any, manager_a: Any
) -> None:
    make_follow_up(organisation_a, due_on=MONDAY, interaction=interaction_a)
    [item] = follow_up_items(manager_a, MONDAY, SUNDAY)
    assert item.detail.startswith("Follow-up of the video call of")


def test_the_provider_is_registered_and_takes_one_query(
    make_follow_up: Any, organisation_a: Any, manager_a: Any, django_assert_num_queries: Any
) -> None:
    assert "engagement.follow_ups" in agenda.providers()
    for _index in range(5):
        make_follow_up(organisation_a, due_on=MONDAY)
    manager_a._managed_cluster_ids = frozenset()
    with django_assert_num_queries(1):
        assert len(list(follow_up_items(manager_a, MONDAY, SUNDAY))) == 5


# --- My week ---------------------------------------------------------------------------------


def test_weeks_are_read_and_named_the_iso_way() -> None:
    assert parse_week("2026-W11") == MONDAY
    assert week_name(MONDAY) == "2026-W11"
    assert parse_week("2021-W01") == datetime.date(2021, 1, 4)
    for bad in ("2026-11", "2026-W54", "W11", "2026-W1x", ""):
        with pytest.raises(ValueError):  # noqa: PT011
            parse_week(bad)


@pytest.fixture
def other_section() -> Iterator[None]:
    """Another app's provider: an action of a roadmap due on the Wednesday."""

    def actions(user: Any, start: datetime.date, end: datetime.date) -> list[Any]:
        due = start + datetime.timedelta(days=2)
        return [agenda.AgendaItem(agenda.Section.ACTIONS, "Roadmap action", "/x/", "a@t", due)]

    agenda.register("test.actions", actions)
    yield
    agenda._PROVIDERS.pop("test.actions")


def test_my_week_groups_the_items_by_section_in_order(
    client_for: Any, make_follow_up: Any, organisation_a: Any, other_section: Any
) -> None:
    make_follow_up(organisation_a, due_on=MONDAY + datetime.timedelta(days=1), note="Call Anne")
    make_follow_up(organisation_a, due_on=MONDAY - datetime.timedelta(days=7), note="Old one")
    page = client_for("manager_a").get("/my-week/?week=2026-W11")
    assert page.status_code == 200
    sections = [group["section"] for group in page.context["sections"]]
    assert sections == [agenda.Section.OVERDUE, agenda.Section.FOLLOW_UPS, agenda.Section.ACTIONS]
    html = page.content.decode()
    for title in ("Call Anne", "Old one", "Roadmap action"):
        assert title in html
    assert page.context["previous_week"] == "2026-W10"
    assert page.context["next_week"] == "2026-W12"


def test_my_week_shows_the_current_week_by_default(client_for: Any, cluster_a: Any) -> None:
    page = client_for("expert").get("/my-week/")
    today = timezone.localdate()
    assert page.status_code == 200
    assert page.context["monday"] == today - datetime.timedelta(days=today.weekday())
    assert "Nothing due this week." in page.content.decode()


def test_a_bad_week_shows_this_week_with_a_message(client_for: Any, cluster_a: Any) -> None:
    page = client_for("manager_a").get("/my-week/?week=next-tuesday")
    assert page.status_code == 200
    assert "is not a week such as" in page.content.decode()


def test_my_week_shows_the_attention_count_to_managers(
    client_for: Any, admin: Any, organisation_a: Any
) -> None:
    services.cadence_rule_create(
        actor=admin, data={"name": "Members", "status": "member", "max_days": 30}
    )
    page = client_for("manager_a").get("/my-week/")
    assert page.context["attention_count"] == 1
    assert "/attention/" in page.content.decode()
    assert client_for("expert").get("/my-week/").context["shows_attention"] is False


def test_analysts_have_no_week(client_for: Any, cluster_a: Any) -> None:
    assert client_for("analyst").get("/my-week/").status_code == 403


def test_my_week_runs_a_bounded_number_of_queries(
    client_for: Any,
    admin: Any,
    make_follow_up: Any,
    organisation_a: Any,
    django_assert_max_num_queries: Any,
) -> None:
    client = client_for("manager_a")
    services.cadence_rule_create(
        actor=admin, data={"name": "Members", "status": "member", "max_days": 30}
    )
    make_follow_up(organisation_a, due_on=timezone.localdate())
    with django_assert_max_num_queries(15) as few:
        client.get("/my-week/")
    for _index in range(10):
        make_follow_up(organisation_a, due_on=timezone.localdate())
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/my-week/")
