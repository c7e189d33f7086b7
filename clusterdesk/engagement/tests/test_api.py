"""Interactions and follow-ups in the JSON API, for each member of the cast, with a token.

A record the role may not see (or that does not exist) is a 404, one it sees but may not
change a 403, a list it may not open a 403, no credentials a 401; bad input a 422 naming the
field; a stale `version` a 409.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from clusterdesk.accounts.services import api_token_create
from clusterdesk.engagement.models import FollowUp, Interaction

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture
def api_for(cast: dict) -> Any:
    def make(role: str | None) -> Client:
        if role is None:
            return Client()
        _token, text = api_token_create(actor=None, user=cast[role], name="tests")
        return Client(headers={"Authorization": f"Bearer {text}"})

    return make


def post(client: Client, url: str, data: Any) -> Any:
    return client.post(url, data, content_type="application/json")


def patch(client: Client, url: str, data: Any) -> Any:
    return client.patch(url, data, content_type="application/json")


def fields_of(response: Any) -> set[str]:
    return {item["loc"][1] for item in response.json()["detail"]}


# --- interactions ----------------------------------------------------------------------------


def test_the_list_has_the_pages_filters(
    api_for: Any, interaction_a: Any, make_interaction: Any, organisation_a: Any
) -> None:
    make_interaction(organisation_a, kind="visit")
    client = api_for("expert")
    body = client.get(f"{API}/interactions").json()
    assert body["count"] == 2
    body = client.get(f"{API}/interactions?kind=visit").json()
    assert [item["kind"] for item in body["results"]] == ["visit"]
    body = client.get(f"{API}/interactions?theme=digitalisation").json()
    assert body["results"][0]["id"] == str(interaction_a.uuid)
    assert body["results"][0]["contacts"][0]["last_name"] == "Schmit"
    assert body["results"][0]["participants"][0]["username"] == "manager_a"


@pytest.mark.parametrize(("role", "count"), [("admin", 1), ("manager_a", 1), ("manager_b", 0)])
def test_confidential_interactions_are_left_out_of_the_api_for_others(
    api_for: Any, role: str, count: int, secret_a: Any
) -> None:
    assert api_for(role).get(f"{API}/interactions").json()["count"] == count
    status = 200 if count else 404
    assert api_for(role).get(f"{API}/interactions/{secret_a.uuid}").status_code == status


def test_analysts_and_anonymous_callers_get_no_interactions(
    api_for: Any, interaction_a: Any
) -> None:
    assert api_for("analyst").get(f"{API}/interactions").status_code == 403
    assert api_for("analyst").get(f"{API}/interactions/{interaction_a.uuid}").status_code == 404
    assert api_for(None).get(f"{API}/interactions").status_code == 401


def test_a_manager_logs_an_interaction(
    api_for: Any, organisation_a: Any, cluster_a: Any, contact_a: Any
) -> None:
    response = post(
        api_for("manager_a"),
        f"{API}/interactions",
        {
            "organisation": str(organisation_a.uuid),
            "cluster": str(cluster_a.uuid),
            "kind": "phone_call",
            "contacts": [str(contact_a.uuid)],
            "themes": ["sustainable_development"],
            "summary": "**Agreed** on a visit.",
            "follow_up_on": (timezone.localdate() + datetime.timedelta(days=3)).isoformat(),
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["occurred_on"] == timezone.localdate().isoformat()
    assert body["summary_html"] == "<p><strong>Agreed</strong> on a visit.</p>"
    assert body["participants"] == [{"username": "manager_a", "name": "Marie Kremer"}]
    assert FollowUp.objects.get().interaction.uuid.hex == body["id"].replace("-", "")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"cluster": "other"}, "cluster"),
        ({"contacts": ["contact_b"]}, "contacts"),
        ({"kind": "pigeon"}, "kind"),
        ({"themes": ["space"]}, "themes"),
        ({"participants": ["analyst"]}, "participants"),
        ({"occurred_on": "1999-01-01"}, "occurred_on"),
        ({"organisation": "00000000-0000-0000-0000-000000000000"}, "organisation"),
    ],
)
def test_bad_input_is_a_422_naming_the_field(
    api_for: Any,
    organisation_a: Any,
    cluster_a: Any,
    cluster_b: Any,
    contact_b: Any,
    analyst: Any,
    change: dict,
    field: str,
) -> None:
    replacements = {"other": str(cluster_b.uuid), "contact_b": str(contact_b.uuid)}
    body: dict[str, Any] = {
        "organisation": str(organisation_a.uuid),
        "cluster": str(cluster_a.uuid),
    }
    for key, value in change.items():
        body[key] = (
            [replacements.get(item, item) for item in value]
            if isinstance(value, list)
            else replacements.get(value, value)
        )
    response = post(api_for("manager_a"), f"{API}/interactions", body)
    assert response.status_code == 422
    assert field in fields_of(response)
    assert not Interaction.objects.exists()


@pytest.mark.parametrize("role", ["expert", "analyst", "manager_b"])
def test_roles_without_clusters_log_nothing(
    api_for: Any, role: str, organisation_a: Any, cluster_a: Any, manager_b: Any
) -> None:
    # manager_b manages no cluster here (cluster_b is not created)
    response = post(
        api_for(role),
        f"{API}/interactions",
        {"organisation": str(organisation_a.uuid), "cluster": str(cluster_a.uuid)},
    )
    assert response.status_code == 403


def test_patch_changes_the_fields_sent_and_refuses_a_stale_version(
    api_for: Any, interaction_a: Any
) -> None:
    client = api_for("manager_a")
    url = f"{API}/interactions/{interaction_a.uuid}"
    response = patch(client, url, {"version": 1, "kind": "visit", "confidential": True})
    assert response.status_code == 200
    assert (response.json()["kind"], response.json()["version"]) == ("visit", 2)
    assert response.json()["contacts"][0]["last_name"] == "Schmit"
    response = patch(client, url, {"version": 1, "summary": "late"})
    assert response.status_code == 409
    assert response.json()["current_version"] == 2


@pytest.mark.parametrize(("role", "status"), [("manager_b", 403), ("expert", 403)])
def test_who_may_not_change_an_interaction_gets_a_403(
    api_for: Any, role: str, status: int, interaction_a: Any, cluster_b: Any
) -> None:
    url = f"{API}/interactions/{interaction_a.uuid}"
    assert patch(api_for(role), url, {"version": 1, "kind": "visit"}).status_code == status
    assert api_for(role).delete(f"{url}?version=1").status_code == status


def test_moving_an_interaction_to_a_cluster_one_does_not_manage_is_refused(
    api_for: Any, interaction_a: Any, cluster_b: Any
) -> None:
    response = patch(
        api_for("manager_a"),
        f"{API}/interactions/{interaction_a.uuid}",
        {"version": 1, "cluster": str(cluster_b.uuid)},
    )
    assert response.status_code == 422
    assert fields_of(response) == {"cluster"}


def test_delete_needs_the_version(api_for: Any, interaction_a: Any) -> None:
    client = api_for("manager_a")
    url = f"{API}/interactions/{interaction_a.uuid}"
    assert client.delete(url).status_code == 422
    assert client.delete(f"{url}?version=5").status_code == 409
    assert client.delete(f"{url}?version=1").status_code == 204
    assert not Interaction.objects.exists()


def test_the_list_runs_a_fixed_number_of_queries(
    api_for: Any,
    make_interaction: Any,
    organisation_a: Any,
    contact_a: Any,
    django_assert_max_num_queries: Any,
) -> None:
    client = api_for("manager_a")
    make_interaction(organisation_a, contacts=[contact_a])
    with django_assert_max_num_queries(12) as few:
        client.get(f"{API}/interactions")
    for _index in range(10):
        make_interaction(organisation_a, contacts=[contact_a])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(f"{API}/interactions")


# --- follow-ups ------------------------------------------------------------------------------


def test_follow_ups_are_listed_mine_or_all(
    api_for: Any,
    make_follow_up: Any,
    organisation_a: Any,
    organisation_b: Any,
    cluster_b: Any,
    manager_b: Any,
) -> None:
    make_follow_up(organisation_a)
    make_follow_up(organisation_b, actor=manager_b, cluster=cluster_b)
    client = api_for("manager_a")
    assert client.get(f"{API}/follow-ups").json()["count"] == 1
    assert client.get(f"{API}/follow-ups?mine=false").json()["count"] == 2
    assert api_for("analyst").get(f"{API}/follow-ups").status_code == 403


def test_a_follow_up_is_planned_changed_and_marked_done(
    api_for: Any, organisation_a: Any, cluster_a: Any, interaction_a: Any
) -> None:
    client = api_for("manager_a")
    due = timezone.localdate() + datetime.timedelta(days=4)
    response = post(
        client,
        f"{API}/follow-ups",
        {
            "organisation": str(organisation_a.uuid),
            "due_on": due.isoformat(),
            "note": "Send the offer",
            "interaction": str(interaction_a.uuid),
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["cluster"]["slug"] == cluster_a.slug
    assert body["owner"]["username"] == "manager_a"
    assert body["interaction"]["id"] == str(interaction_a.uuid)
    url = f"{API}/follow-ups/{body['id']}"
    response = patch(client, url, {"version": 1, "note": "Send the revised offer"})
    assert response.json()["note"] == "Send the revised offer"
    response = post(client, f"{url}/done", {"version": 2})
    assert response.json()["done_on"] == timezone.localdate().isoformat()
    response = patch(client, url, {"version": 3, "done_on": None})
    assert response.json()["done_on"] is None
    assert client.delete(f"{url}?version=4").status_code == 204


def test_bad_follow_up_input_is_a_422_naming_the_field(
    api_for: Any, organisation_a: Any, cluster_a: Any, cluster_b: Any, expert: Any
) -> None:
    client = api_for("manager_a")
    base = {"organisation": str(organisation_a.uuid)}
    for extra, field in (
        ({"owner": "expert"}, "owner"),
        ({"cluster": str(cluster_b.uuid)}, "cluster"),
        ({"due_on": "soon"}, "due_on"),
        ({"interaction": "00000000-0000-0000-0000-000000000000"}, "interaction"),
    ):
        response = post(client, f"{API}/follow-ups", {**base, **extra})
        assert response.status_code == 422, extra
        assert field in fields_of(response)
    assert not FollowUp.objects.exists()


def test_a_stale_done_is_a_409(api_for: Any, make_follow_up: Any, organisation_a: Any) -> None:
    follow_up = make_follow_up(organisation_a)
    client = api_for("manager_a")
    patch(client, f"{API}/follow-ups/{follow_up.uuid}", {"version": 1, "note": "x"})
    response = post(client, f"{API}/follow-ups/{follow_up.uuid}/done", {"version": 1})
    assert response.status_code == 409


@pytest.mark.parametrize(("role", "status"), [("expert", 403), ("analyst", 404)])
def test_others_may_not_touch_a_follow_up(
    api_for: Any, role: str, status: int, make_follow_up: Any, organisation_a: Any
) -> None:
    follow_up = make_follow_up(organisation_a)
    url = f"{API}/follow-ups/{follow_up.uuid}"
    assert post(api_for(role), f"{url}/done", {"version": 1}).status_code == status
    assert patch(api_for(role), url, {"version": 1, "note": "x"}).status_code == status
