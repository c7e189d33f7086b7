"""The diagnostics part of the JSON API, as each member of the cast uses it with a token.

Same rules as the pages: a diagnosis the role may not see (or that does not exist) is a
404, one it sees but may not change a 403, a list or creation its role does not give a
403; bad input is a 422 naming the field and saves nothing; a stale version is a 409.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.test import Client

from clusterdesk.accounts.services import api_token_create
from clusterdesk.diagnostics import services
from clusterdesk.diagnostics.models import Diagnosis, DiagnosisStatus
from clusterdesk.diagnostics.tests.conftest import answers_at, complete, fill, questions_of

pytestmark = pytest.mark.django_db

API = "/api/v1"
LIST_QUERY_BOUND = 10


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


def field_errors(response: Any) -> list[list[Any]]:
    return [item["loc"] for item in response.json()["detail"]]


# --- questionnaires ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["admin", "manager_a", "expert"])
def test_questionnaires_are_listed_and_read_with_their_scores(
    api_for: Any, role: str, dma: Any
) -> None:
    client = api_for(role)
    listing = client.get(f"{API}/questionnaires", {"status": "published"})
    assert listing.status_code == 200
    body = listing.json()
    assert body["count"] == 4
    assert {item["key"] for item in body["results"]} == {
        "dma",
        "resilience",
        "sustainability",
        "needs360",
    }
    detail = client.get(f"{API}/questionnaires/{dma.uuid}").json()
    assert detail["version"] == 1
    assert [band["up_to"] for band in detail["bands"]] == [25, 50, 70, 100]
    assert len(detail["dimensions"]) == 6
    first = detail["dimensions"][0]
    assert first["key"] == "digital_business_strategy"
    assert first["questions"][0]["options"][0] == {
        "id": first["questions"][0]["options"][0]["id"],
        "label": "None",
        "score": 0.0,
        "order": 1,
    }


def test_analysts_and_anonymous_callers_get_no_questionnaire(api_for: Any, dma: Any) -> None:
    assert api_for("analyst").get(f"{API}/questionnaires").status_code == 403
    assert api_for("analyst").get(f"{API}/questionnaires/{dma.uuid}").status_code == 404
    assert api_for(None).get(f"{API}/questionnaires").status_code == 401


# --- diagnoses --------------------------------------------------------------------------------


def create_body(organisation: Any, template: Any, cluster: Any, **extra: Any) -> dict[str, Any]:
    return {
        "organisation": str(organisation.uuid),
        "template": str(template.uuid),
        "cluster": str(cluster.uuid),
        **extra,
    }


def test_a_manager_starts_a_diagnosis_in_their_cluster(
    api_for: Any, organisation_a: Any, cluster_a: Any, dma: Any
) -> None:
    response = post(
        api_for("manager_a"), f"{API}/diagnoses", create_body(organisation_a, dma, cluster_a)
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["stage"], body["status"], body["template"]["key"]) == ("T0", "draft", "dma")
    assert body["performed_by"]["username"] == "manager_a"
    assert body["answers"] == []
    assert Diagnosis.objects.get().uuid == uuid.UUID(body["id"])


@pytest.mark.parametrize(
    ("role", "cluster", "status"),
    [("manager_a", "cluster_b", 403), ("expert", "cluster_a", 403), ("analyst", "cluster_a", 403)],
)
def test_starting_outside_ones_clusters_or_role_is_forbidden(
    api_for: Any, request: Any, organisation_a: Any, dma: Any, role: str, cluster: str, status: int
) -> None:
    body = create_body(organisation_a, dma, request.getfixturevalue(cluster))
    assert post(api_for(role), f"{API}/diagnoses", body).status_code == status
    assert not Diagnosis.objects.exists()


@pytest.mark.parametrize(
    ("change", "location"),
    [
        ({"template": str(uuid.uuid4())}, ["body", "template"]),
        ({"organisation": str(uuid.uuid4())}, ["body", "organisation"]),
        ({"stage": "T9"}, ["body", "stage"]),
        ({"template": "not-a-uuid"}, ["body", "template"]),
        ({"template": "draft"}, ["body", "template"]),
    ],
)
def test_bad_input_to_create_names_the_field(
    api_for: Any,
    organisation_a: Any,
    cluster_a: Any,
    dma: Any,
    admin: Any,
    change: dict[str, str],
    location: list[str],
) -> None:
    if change.get("template") == "draft":
        change = {"template": str(services.template_new_version(actor=admin, template=dma).uuid)}
    body = {**create_body(organisation_a, dma, cluster_a), **change}
    response = post(api_for("manager_a"), f"{API}/diagnoses", body)
    assert response.status_code == 422
    assert location in field_errors(response)
    assert not Diagnosis.objects.exists()


def test_the_list_filters_and_pages_with_a_fixed_number_of_queries(
    api_for: Any, completed_a: Diagnosis, diagnosis_b: Diagnosis, django_assert_max_num_queries: Any
) -> None:
    client = api_for("expert")
    with django_assert_max_num_queries(LIST_QUERY_BOUND):
        body = client.get(f"{API}/diagnoses").json()
    assert body["count"] == 2
    completed = client.get(f"{API}/diagnoses", {"status": "completed", "template": "dma"}).json()
    assert [item["id"] for item in completed["results"]] == [str(completed_a.uuid)]
    item = completed["results"][0]
    assert item["overall_score"] == float(completed_a.overall_score)
    assert item["band_label"] == completed_a.band_label
    assert len(item["dimension_scores"]) == 6
    assert client.get(f"{API}/diagnoses", {"status": "nonsense"}).status_code == 422
    assert api_for("analyst").get(f"{API}/diagnoses").status_code == 403


def test_a_diagnosis_is_hidden_from_analysts_and_missing_ones_are_not_found(
    api_for: Any, diagnosis_a: Diagnosis
) -> None:
    assert api_for("analyst").get(f"{API}/diagnoses/{diagnosis_a.uuid}").status_code == 404
    assert api_for("admin").get(f"{API}/diagnoses/{uuid.uuid4()}").status_code == 404
    assert api_for("manager_b").get(f"{API}/diagnoses/{diagnosis_a.uuid}").status_code == 200


def answers_body(diagnosis: Diagnosis, level: float, version: int) -> dict[str, Any]:
    return {
        "version": version,
        "answers": [
            {"question": str(question.uuid), "option": str(option.uuid)}
            for question, option in answers_at(diagnosis.template, level).items()
        ],
    }


def test_answers_are_saved_then_completed_with_results(
    api_for: Any, diagnosis_a: Diagnosis
) -> None:
    client = api_for("manager_a")
    saved = post(
        client, f"{API}/diagnoses/{diagnosis_a.uuid}/answers", answers_body(diagnosis_a, 1.0, 1)
    )
    assert saved.status_code == 200
    body = saved.json()
    assert (body["version"], len(body["answers"])) == (2, 28)
    first = questions_of(diagnosis_a.template)[0]
    cleared = post(
        client,
        f"{API}/diagnoses/{diagnosis_a.uuid}/answers",
        {"version": 2, "answers": [{"question": str(first.uuid), "option": None}]},
    )
    assert len(cleared.json()["answers"]) == 27

    provisional = client.get(f"{API}/diagnoses/{diagnosis_a.uuid}/results").json()
    assert provisional["completed"] is False
    assert provisional["overall_score"] == 100.0
    assert provisional["answered"] == 27

    done = post(client, f"{API}/diagnoses/{diagnosis_a.uuid}/complete", {"version": 3})
    assert done.status_code == 200
    assert (done.json()["status"], done.json()["band"]) == ("completed", "advanced")
    results = client.get(f"{API}/diagnoses/{diagnosis_a.uuid}/results").json()
    assert results["completed"] is True
    assert results["band_label"] == "Advanced"
    assert results["proposed_needs"] == []
    assert results["previous"] is None


def test_results_compare_with_the_previous_diagnosis_and_propose_needs(
    api_for: Any,
    completed_a: Diagnosis,
    manager_a: Any,
    organisation_a: Any,
    cluster_a: Any,
    dma: Any,
) -> None:
    later = services.diagnosis_start(
        actor=manager_a, organisation=organisation_a, template=dma, cluster=cluster_a
    )
    fill(later, 1.0)
    fill(later, 0.0, only={"green_digitalisation"})
    later.refresh_from_db()
    services.diagnosis_complete(actor=manager_a, diagnosis=later, expected_version=None)
    results = api_for("expert").get(f"{API}/diagnoses/{later.uuid}/results").json()
    assert results["previous"]["id"] == str(completed_a.uuid)
    green = next(d for d in results["dimensions"] if d["key"] == "green_digitalisation")
    assert green["score"] == 0.0
    assert green["delta"] == -green["previous"]
    assert [need["dimension"] for need in results["proposed_needs"]] == ["Green digitalisation"]
    assert results["proposed_needs"][0]["priority"] == "high"
    assert results["proposed_needs"][0]["theme"] == "sustainable_development"


@pytest.mark.parametrize(
    ("role", "status"), [("manager_b", 403), ("expert", 403), ("analyst", 404)]
)
def test_others_may_not_answer_or_complete(
    api_for: Any, diagnosis_a: Diagnosis, role: str, status: int
) -> None:
    client = api_for(role)
    url = f"{API}/diagnoses/{diagnosis_a.uuid}"
    assert post(client, f"{url}/answers", answers_body(diagnosis_a, 0.5, 1)).status_code == status
    assert post(client, f"{url}/complete", {"version": 1}).status_code == status
    assert not diagnosis_a.answers.exists()


def test_bad_answers_name_the_field_and_save_nothing(
    api_for: Any, diagnosis_a: Diagnosis, resilience: Any
) -> None:
    client = api_for("manager_a")
    url = f"{API}/diagnoses/{diagnosis_a.uuid}/answers"
    first, second = questions_of(diagnosis_a.template)[:2]
    other = questions_of(resilience)[0]
    for answer in (
        {"question": str(other.uuid), "option": str(other.options.first().uuid)},
        {"question": str(first.uuid), "option": str(second.options.first().uuid)},
        {"question": str(uuid.uuid4()), "option": None},
    ):
        response = post(client, url, {"version": 1, "answers": [answer]})
        assert response.status_code == 422
        assert ["body", "answers"] in field_errors(response)
    response = post(client, url, {"version": 0, "answers": []})
    assert ["body", "version"] in field_errors(response)
    assert not diagnosis_a.answers.exists()


def test_a_stale_version_is_a_conflict(api_for: Any, diagnosis_a: Diagnosis) -> None:
    fill(diagnosis_a, 0.5)
    response = post(
        api_for("manager_a"),
        f"{API}/diagnoses/{diagnosis_a.uuid}/answers",
        answers_body(diagnosis_a, 1.0, 1),
    )
    assert response.status_code == 409
    assert response.json()["current_version"] == 2
    response = post(
        api_for("manager_a"), f"{API}/diagnoses/{diagnosis_a.uuid}/complete", {"version": 1}
    )
    assert response.status_code == 409


def test_a_completed_diagnosis_refuses_answers_with_the_reason(
    api_for: Any, diagnosis_a: Diagnosis, manager_a: Any
) -> None:
    complete(diagnosis_a, 0.5, manager_a)
    diagnosis_a.refresh_from_db()
    response = post(
        api_for("manager_a"),
        f"{API}/diagnoses/{diagnosis_a.uuid}/answers",
        answers_body(diagnosis_a, 1.0, diagnosis_a.version),
    )
    assert response.status_code == 422
    assert "no longer changes" in response.json()["detail"][0]["msg"]
    assert diagnosis_a.status == DiagnosisStatus.COMPLETED
