"""Follow-up pages: my follow-ups, plan, read, edit, mark done, delete, export."""

from __future__ import annotations

import csv
import datetime
import io
from typing import Any

import pytest
from django.utils import timezone

from clusterdesk.engagement.models import FollowUp

pytestmark = pytest.mark.django_db

LIST = "/follow-ups/"


def _days(count: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=count)


def test_my_follow_ups_lists_mine_and_open_by_default(
    client_for: Any,
    make_follow_up: Any,
    organisation_a: Any,
    organisation_b: Any,
    manager_b: Any,
    cluster_b: Any,
    manager_a: Any,
) -> None:
    mine = make_follow_up(organisation_a)
    done = make_follow_up(organisation_a, note="Done already")
    done.done_on = timezone.localdate()
    done.save()
    theirs = make_follow_up(organisation_b, actor=manager_b, cluster=cluster_b)
    client = client_for("manager_a")
    assert list(client.get(LIST).context["page"].object_list) == [mine]
    assert set(client.get(f"{LIST}?owner=anyone").context["page"].object_list) == {mine, theirs}
    assert list(client.get(f"{LIST}?status=done").context["page"].object_list) == [done]
    assert set(client.get(f"{LIST}?status=all").context["page"].object_list) == {mine, done}


def test_overdue_follow_ups_are_filtered_and_flagged(
    client_for: Any, make_follow_up: Any, organisation_a: Any
) -> None:
    late = make_follow_up(organisation_a, due_on=_days(-3))
    make_follow_up(organisation_a, due_on=_days(3))
    page = client_for("manager_a").get(f"{LIST}?status=overdue")
    assert list(page.context["page"].object_list) == [late]
    assert "overdue" in page.content.decode()


def test_analysts_have_no_follow_ups_list(client_for: Any, cluster_a: Any) -> None:
    assert client_for("analyst").get(LIST).status_code == 403


def test_follow_ups_of_confidential_interactions_stay_with_their_cluster(
    client_for: Any, make_follow_up: Any, secret_a: Any, organisation_a: Any
) -> None:
    follow_up = make_follow_up(organisation_a, interaction=secret_a)
    assert client_for("manager_b").get(follow_up.get_absolute_url()).status_code == 404
    listed = client_for("expert").get(f"{LIST}?owner=anyone").context["page"].object_list
    assert follow_up not in listed
    assert client_for("manager_a").get(follow_up.get_absolute_url()).status_code == 200


def test_the_follow_up_list_exports_csv(
    client_for: Any, make_follow_up: Any, organisation_a: Any
) -> None:
    make_follow_up(organisation_a, note="Send the offer")
    response = client_for("manager_a").get("/follow-ups/export.csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:2] == ["Due on", "Organisation"]
    assert rows[1][4] == "Send the offer"


def test_a_manager_plans_a_follow_up(
    client_for: Any, organisation_a: Any, cluster_a: Any, manager_a: Any
) -> None:
    client = client_for("manager_a")
    page = client.get(f"/follow-ups/new/?organisation={organisation_a.uuid}")
    assert page.context["form"].initial["owner"] == manager_a.pk
    response = client.post(
        "/follow-ups/new/",
        {
            "organisation": str(organisation_a.uuid),
            "cluster": cluster_a.pk,
            "owner": manager_a.pk,
            "due_on": _days(7).isoformat(),
            "note": "Check on the grant",
        },
    )
    follow_up = FollowUp.objects.get()
    assert response.status_code == 302
    assert response["Location"] == follow_up.get_absolute_url()
    assert follow_up.note == "Check on the grant"


def test_planning_with_a_bad_owner_names_the_field(
    client_for: Any, organisation_a: Any, cluster_a: Any, expert: Any
) -> None:
    page = client_for("manager_a").post(
        "/follow-ups/new/",
        {"organisation": str(organisation_a.uuid), "cluster": cluster_a.pk, "owner": expert.pk},
    )
    assert page.status_code == 422
    assert "owner" in page.context["form"].errors


@pytest.mark.parametrize("role", ["expert", "analyst"])
def test_experts_and_analysts_plan_no_follow_ups(
    client_for: Any, role: str, cluster_a: Any
) -> None:
    assert client_for(role).get("/follow-ups/new/").status_code == 403


@pytest.mark.parametrize(
    ("role", "view", "change"),
    [
        ("admin", 200, 200),
        ("manager_a", 200, 200),
        ("manager_b", 200, 403),
        ("expert", 200, 403),
        ("analyst", 404, 404),
    ],
)
def test_who_sees_and_changes_a_follow_up(
    client_for: Any,
    role: str,
    view: int,
    change: int,
    make_follow_up: Any,
    organisation_a: Any,
) -> None:
    follow_up = make_follow_up(organisation_a)
    client = client_for(role)
    assert client.get(follow_up.get_absolute_url()).status_code == view
    assert client.get(f"{follow_up.get_absolute_url()}edit/").status_code == change
    assert client.get(f"{follow_up.get_absolute_url()}delete/").status_code == change


def test_the_owner_may_change_a_follow_up_of_another_cluster(
    client_for: Any, make_follow_up: Any, organisation_b: Any, cluster_b: Any, manager_a: Any
) -> None:
    follow_up = make_follow_up(organisation_b, cluster=cluster_b, owner=manager_a)
    assert client_for("manager_a").get(f"{follow_up.get_absolute_url()}edit/").status_code == 200


def test_editing_a_follow_up_and_a_stale_version(
    client_for: Any, make_follow_up: Any, organisation_a: Any, cluster_a: Any, manager_a: Any
) -> None:
    follow_up = make_follow_up(organisation_a)
    url = f"{follow_up.get_absolute_url()}edit/"
    data = {
        "version": 1,
        "cluster": cluster_a.pk,
        "owner": manager_a.pk,
        "due_on": _days(20).isoformat(),
        "note": "Later",
    }
    client = client_for("manager_a")
    assert client.post(url, data).status_code == 302
    follow_up.refresh_from_db()
    assert (follow_up.due_on, follow_up.note) == (_days(20), "Later")
    page = client.post(url, {**data, "note": "Even later"})
    assert page.status_code == 422
    assert "Someone else changed this record" in page.content.decode()


def test_marking_done_from_the_follow_up_page(
    client_for: Any, make_follow_up: Any, organisation_a: Any
) -> None:
    follow_up = make_follow_up(organisation_a)
    response = client_for("manager_a").post(f"{follow_up.get_absolute_url()}done/", {"version": 1})
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.done_on == timezone.localdate()


def test_marking_done_with_a_stale_version_changes_nothing(
    client_for: Any, make_follow_up: Any, organisation_a: Any
) -> None:
    follow_up = make_follow_up(organisation_a)
    client_for("manager_a").post(f"{follow_up.get_absolute_url()}done/", {"version": "x"})
    follow_up.refresh_from_db()
    assert follow_up.done_on is None


def test_others_may_not_mark_a_follow_up_done(
    client_for: Any, make_follow_up: Any, organisation_a: Any
) -> None:
    follow_up = make_follow_up(organisation_a)
    url = f"{follow_up.get_absolute_url()}done/"
    assert client_for("expert").post(url, {"version": 1}).status_code == 403
    assert client_for("analyst").post(url, {"version": 1}).status_code == 404


def test_deleting_a_follow_up(client_for: Any, make_follow_up: Any, organisation_a: Any) -> None:
    follow_up = make_follow_up(organisation_a)
    url = f"{follow_up.get_absolute_url()}delete/"
    client = client_for("manager_a")
    assert client.post(url, {"version": 3}).status_code == 409
    assert client.post(url, {"version": 1}).status_code == 302
    assert not FollowUp.objects.exists()


def test_the_list_runs_a_fixed_number_of_queries(
    client_for: Any,
    make_follow_up: Any,
    make_interaction: Any,
    organisation_a: Any,
    django_assert_max_num_queries: Any,
) -> None:
    client = client_for("manager_a")
    make_follow_up(organisation_a)
    with django_assert_max_num_queries(20) as few:
        client.get(LIST)
    for _index in range(10):
        make_follow_up(organisation_a, interaction=make_interaction(organisation_a))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(LIST)


def test_a_follow_up_is_planned_from_an_interaction(
    client_for: Any, interaction_a: Any, cluster_a: Any, manager_a: Any
) -> None:
    client = client_for("manager_a")
    page = client.get(f"/follow-ups/new/?interaction={interaction_a.uuid}")
    assert page.context["form"].initial["organisation"] == interaction_a.organisation
    assert f'value="{interaction_a.uuid}"' in page.content.decode()
    client.post(
        "/follow-ups/new/",
        {
            "organisation": str(interaction_a.organisation.uuid),
            "interaction": str(interaction_a.uuid),
            "cluster": cluster_a.pk,
            "owner": manager_a.pk,
            "due_on": _days(3).isoformat(),
        },
    )
    assert FollowUp.objects.get().interaction == interaction_a


def test_an_interaction_one_may_not_see_is_not_linked(
    client_for: Any, secret_a: Any, cluster_b: Any, manager_b: Any, organisation_b: Any
) -> None:
    client = client_for("manager_b")
    page = client.get(f"/follow-ups/new/?interaction={secret_a.uuid}")
    assert f'value="{secret_a.uuid}"' not in page.content.decode()
    client.post(
        "/follow-ups/new/",
        {
            "organisation": str(organisation_b.uuid),
            "interaction": str(secret_a.uuid),
            "cluster": cluster_b.pk,
            "owner": manager_b.pk,
        },
    )
    assert FollowUp.objects.get().interaction is None
