"""The diagnosis pages, as each member of the cast uses them.

Rules under test: a diagnosis the role may not see, or one that does not exist, is a 404
(analysts see none); one it sees but may not change is a 403 (experts, and managers of
other clusters who did not perform it); the list and the start form are a 403 for
analysts, the start form also for experts. Bad input re-renders with the error and saves
nothing.
"""

from __future__ import annotations

import datetime
import re
import uuid
from typing import Any
from urllib.parse import quote

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from clusterdesk.diagnostics import services
from clusterdesk.diagnostics.forms import answer_field_name
from clusterdesk.diagnostics.models import Diagnosis, DiagnosisStatus
from clusterdesk.diagnostics.tests.conftest import complete, fill, questions_of
from clusterdesk.organisations.tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

LIST_QUERY_BOUND = 12
READERS = ["admin", "manager_a", "manager_b", "expert"]


def url(name: str, diagnosis: Diagnosis, *args: Any) -> str:
    return reverse(f"diagnostics:{name}", args=[diagnosis.uuid, *args])


def login_url(next_url: str) -> str:
    return f"{reverse('accounts:login')}?next={quote(next_url)}"


# --- the list ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", READERS)
def test_the_list_shows_every_diagnosis_to_staff_who_read_the_directory(
    client_for: Any, role: str, diagnosis_a: Diagnosis, diagnosis_b: Diagnosis
) -> None:
    page = client_for(role).get(reverse("diagnostics:list"))
    assert page.status_code == 200
    assert {d.pk for d in page.context["page"]} == {diagnosis_a.pk, diagnosis_b.pk}


def test_the_list_is_refused_to_analysts_and_anonymous_visitors_sign_in(
    client_for: Any, diagnosis_a: Diagnosis
) -> None:
    assert client_for("analyst").get(reverse("diagnostics:list")).status_code == 403
    response = client_for(None).get(reverse("diagnostics:list"))
    assertRedirects(response, login_url(reverse("diagnostics:list")))


def test_the_list_filters_by_url_parameters(
    client_for: Any,
    completed_a: Diagnosis,
    diagnosis_b: Diagnosis,
    manager_a: Any,
    organisation_a: Any,
    cluster_a: Any,
    resilience: Any,
) -> None:
    other = services.diagnosis_start(
        actor=manager_a, organisation=organisation_a, template=resilience, cluster=cluster_a
    )
    client = client_for("manager_a")

    def found(**params: str) -> set[int]:
        page = client.get(reverse("diagnostics:list"), params)
        assert page.status_code == 200
        return {d.pk for d in page.context["page"]}

    assert found(template="resilience") == {other.pk}
    assert found(status="completed") == {completed_a.pk}
    assert found(cluster="healthtech") == {diagnosis_b.pk}
    assert found(q="Alzette") == {diagnosis_b.pk}
    assert found(organisation=str(organisation_a.uuid)) == {completed_a.pk, other.pk}
    assert found(mine="on") == {completed_a.pk, other.pk}
    assert found(band=completed_a.band) == {completed_a.pk}
    assert found(stage="T1") == {other.pk} - {other.pk}  # resilience's first is T0
    assert found(sort="score", template="not-a-key") == {completed_a.pk, diagnosis_b.pk, other.pk}


def test_htmx_gets_only_the_results(client_for: Any, diagnosis_a: Diagnosis) -> None:
    response = client_for("manager_a").get(
        reverse("diagnostics:list"), headers={"HX-Request": "true", "HX-Target": "results"}
    )
    assert response.status_code == 200
    assert b"<html" not in response.content
    assertContains(response, diagnosis_a.organisation.legal_name)


def test_the_list_runs_a_fixed_number_of_queries(
    client_for: Any, django_assert_max_num_queries: Any, manager_a: Any, cluster_a: Any, dma: Any
) -> None:
    client = client_for("manager_a")
    organisations = [OrganisationFactory() for _ in range(12)]
    for organisation in organisations[:3]:
        services.diagnosis_start(
            actor=manager_a, organisation=organisation, template=dma, cluster=cluster_a
        )
    with django_assert_max_num_queries(LIST_QUERY_BOUND):
        assert client.get(reverse("diagnostics:list")).status_code == 200
    for organisation in organisations[3:]:
        services.diagnosis_start(
            actor=manager_a, organisation=organisation, template=dma, cluster=cluster_a
        )
    with django_assert_max_num_queries(LIST_QUERY_BOUND):
        page = client.get(reverse("diagnostics:list"))
    assert len(page.context["page"]) == 12


def test_the_list_exports_what_it_shows(
    client_for: Any, completed_a: Diagnosis, diagnosis_b: Diagnosis
) -> None:
    response = client_for("expert").get(
        reverse("diagnostics:export", args=["csv"]), {"status": "completed"}
    )
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0].startswith("Organisation,Cluster,Questionnaire,Version,Stage,Status")
    assert len(lines) == 2
    assert completed_a.organisation.legal_name in lines[1]
    assert "Digital business strategy: " in lines[1]
    xlsx = client_for("admin").get(reverse("diagnostics:export", args=["xlsx"]))
    assert xlsx.status_code == 200
    assert client_for("analyst").get(reverse("diagnostics:export", args=["csv"])).status_code == 403


# --- a diagnosis and its results ------------------------------------------------------------------


@pytest.mark.parametrize("role", READERS)
def test_a_diagnosis_is_visible_to_staff_who_read_the_directory(
    client_for: Any, role: str, completed_a: Diagnosis
) -> None:
    page = client_for(role).get(url("detail", completed_a))
    assert page.status_code == 200
    assertContains(page, "Overall score")


def test_a_diagnosis_is_hidden_from_analysts_and_a_missing_one_is_not_found(
    client_for: Any, completed_a: Diagnosis
) -> None:
    assert client_for("analyst").get(url("detail", completed_a)).status_code == 404
    missing = reverse("diagnostics:detail", args=[uuid.uuid4()])
    assert client_for("admin").get(missing).status_code == 404


def test_results_show_scores_band_radar_and_the_needs_proposed(
    client_for: Any, diagnosis_a: Diagnosis, manager_a: Any
) -> None:
    fill(diagnosis_a, 1.0)
    fill(diagnosis_a, 0.0, only={"data_management", "automation_ai"})
    diagnosis_a.refresh_from_db()
    services.diagnosis_complete(actor=manager_a, diagnosis=diagnosis_a, expected_version=None)
    page = client_for("expert").get(url("detail", diagnosis_a))
    html = page.content.decode()
    assertContains(page, "66.7")  # (4 * 100 + 2 * 0) / 6
    assertContains(page, '<span class="cd-band fs-6">Moderately advanced</span>')
    assert html.count('<circle class="cd-radar-point') == 6  # one series, six dimensions
    assert "style=" not in html.split('<svg class="cd-radar"')[1].split("</svg>")[0]
    assertContains(page, "Organise data governance and cybersecurity")
    assertContains(page, "Identify automation and AI opportunities")
    assertContains(page, "high priority", count=2)
    assertNotContains(page, "Before")  # nothing to compare with


def test_a_reassessment_is_compared_with_the_previous_one(
    client_for: Any, manager_a: Any, organisation_a: Any, cluster_a: Any, dma: Any
) -> None:
    baseline = services.diagnosis_start(
        actor=manager_a, organisation=organisation_a, template=dma, cluster=cluster_a
    )
    complete(baseline, 0.0, manager_a, on=datetime.date(2025, 1, 15))
    later = services.diagnosis_start(
        actor=manager_a, organisation=organisation_a, template=dma, cluster=cluster_a
    )
    complete(later, 1.0, manager_a, on=datetime.date(2025, 11, 15))
    assert (baseline.stage, later.stage) == ("T0", "T1")

    page = client_for("manager_b").get(url("detail", later))
    html = page.content.decode()
    assert page.context["previous"] == baseline
    assert html.count('<circle class="cd-radar-point') == 12  # two polygons of six points
    assert html.count('class="cd-radar-series cd-radar-previous"') == 1
    assertContains(page, "compared with T0 of")
    assertContains(page, '<span class="cd-delta-up" title="progress">+100.0</span>', count=7)
    # the baseline itself has nothing earlier
    assert client_for("manager_b").get(url("detail", baseline)).context["previous"] is None


def test_a_manager_sees_the_link_to_copy_of_a_sent_diagnosis_an_expert_does_not(
    client_for: Any, diagnosis_a: Diagnosis, manager_a: Any, contact_a: Any
) -> None:
    services.diagnosis_send(
        actor=manager_a, diagnosis=diagnosis_a, respondent=contact_a, expected_version=None
    )
    page = client_for("manager_a").get(url("detail", diagnosis_a))
    assertContains(page, "/self-assessment/")
    assertContains(page, 'data-copy="self-assessment-link"')
    assertNotContains(client_for("expert").get(url("detail", diagnosis_a)), "/self-assessment/")


# --- starting one ------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "status"), [("expert", 403), ("analyst", 403)])
def test_the_start_form_is_refused_to_roles_that_change_nothing(
    client_for: Any, role: str, status: int, organisation_a: Any
) -> None:
    assert client_for(role).get(reverse("diagnostics:start")).status_code == status


def test_a_manager_starts_a_diagnosis_in_their_cluster(
    client_for: Any, organisation_a: Any, cluster_a: Any, dma: Any, manager_a: Any
) -> None:
    client = client_for("manager_a")
    form = client.get(reverse("diagnostics:start"), {"organisation": str(organisation_a.uuid)})
    assert form.status_code == 200
    assert form.context["form"].initial["cluster"] == cluster_a
    response = client.post(
        reverse("diagnostics:start"),
        {
            "organisation": str(organisation_a.uuid),
            "template": str(dma.uuid),
            "cluster": cluster_a.pk,
            "stage": "",
            "mode": "fill",
        },
    )
    diagnosis = Diagnosis.objects.get()
    assertRedirects(response, url("fill", diagnosis), fetch_redirect_response=False)
    assert (diagnosis.performed_by, diagnosis.stage, diagnosis.cluster) == (
        manager_a,
        "T0",
        cluster_a,
    )


def test_choosing_to_send_leads_to_the_link_form(
    client_for: Any, organisation_a: Any, cluster_a: Any, dma: Any
) -> None:
    response = client_for("manager_a").post(
        reverse("diagnostics:start"),
        {
            "organisation": str(organisation_a.uuid),
            "template": str(dma.uuid),
            "cluster": cluster_a.pk,
            "mode": "send",
        },
    )
    assertRedirects(response, url("send", Diagnosis.objects.get()), fetch_redirect_response=False)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"cluster": "other"}, "cluster"),  # a cluster the manager does not manage
        ({"organisation": "not-a-uuid"}, "organisation"),
        ({"organisation": str(uuid.uuid4())}, "organisation"),
        ({"template": "draft"}, "template"),  # a draft version is not offered
        ({"stage": "T9"}, "stage"),
    ],
)
def test_bad_input_to_the_start_form_names_the_field_and_saves_nothing(
    client_for: Any,
    organisation_a: Any,
    cluster_a: Any,
    cluster_b: Any,
    dma: Any,
    admin: Any,
    change: dict[str, str],
    field: str,
) -> None:
    data = {
        "organisation": str(organisation_a.uuid),
        "template": str(dma.uuid),
        "cluster": cluster_a.pk,
        "mode": "fill",
    }
    if change.get("cluster") == "other":
        change = {"cluster": cluster_b.pk}
    if change.get("template") == "draft":
        change = {"template": str(services.template_new_version(actor=admin, template=dma).uuid)}
    response = client_for("manager_a").post(reverse("diagnostics:start"), {**data, **change})
    assert response.status_code == 422
    assert field in response.context["form"].errors
    assert not Diagnosis.objects.exists()


# --- filling in ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("admin", 200),
        ("manager_a", 200),
        ("manager_b", 403),
        ("expert", 403),
        ("analyst", 404),
    ],
)
def test_who_may_fill_in_a_diagnosis(
    client_for: Any, diagnosis_a: Diagnosis, role: str, status: int
) -> None:
    assert client_for(role).get(url("fill", diagnosis_a)).status_code == status


def test_the_manager_who_performed_it_may_fill_it_whatever_the_cluster(
    client_for: Any, admin: Any, manager_a: Any, organisation_b: Any, cluster_b: Any, dma: Any
) -> None:
    diagnosis = services.diagnosis_start(
        actor=admin,
        organisation=organisation_b,
        template=dma,
        cluster=cluster_b,
        performed_by=manager_a,
    )
    assert client_for("manager_a").get(url("fill", diagnosis)).status_code == 200


def test_the_fill_page_shows_one_dimension_with_its_answers_and_progress(
    client_for: Any, diagnosis_a: Diagnosis
) -> None:
    fill(diagnosis_a, 1.0, only={"digital_readiness"})
    page = client_for("manager_a").get(url("fill-step", diagnosis_a, 2))
    assert page.status_code == 200
    assertContains(page, "2. Digital readiness")
    assertContains(page, "5 of 28 answered")
    assertContains(page, "checked", count=5)
    assertContains(page, 'hx-post="' + url("answer", diagnosis_a) + '"')
    review = client_for("manager_a").get(url("fill-step", diagnosis_a, 7))
    assertContains(review, "Complete the diagnosis")
    assertContains(review, "Provisional score")
    assert client_for("manager_a").get(url("fill-step", diagnosis_a, 8)).status_code == 404
    assert client_for("manager_a").get(url("fill-step", diagnosis_a, 0)).status_code == 404


def answer_data(diagnosis: Diagnosis, step: int, level: float = 1.0) -> dict[str, str]:
    dimension = diagnosis.template.dimensions.order_by("order")[step - 1]
    data = {"step": str(step), "version": str(diagnosis.version)}
    for question in questions_of(diagnosis.template):
        if question.dimension_id == dimension.pk:
            options = sorted(question.options.all(), key=lambda o: o.score)
            data[answer_field_name(question)] = str(options[round(level * (len(options) - 1))].uuid)
    return data


def test_each_click_is_saved_by_htmx_and_the_status_comes_back(
    client_for: Any, diagnosis_a: Diagnosis
) -> None:
    data = answer_data(diagnosis_a, 1)
    response = client_for("manager_a").post(
        url("answer", diagnosis_a), data, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert b"<html" not in response.content
    assertContains(response, "Saved at")
    assertContains(response, "5 of 28 answered")
    assertContains(response, 'id="fill-steps" class="card cd-steps"')  # out-of-band update
    assertContains(response, 'hx-swap-oob="true"')
    diagnosis_a.refresh_from_db()
    assertContains(response, f'name="version" value="{diagnosis_a.version}"')
    assert diagnosis_a.answers.count() == 5


def test_a_stale_save_is_refused_with_a_message_and_stores_nothing(
    client_for: Any, diagnosis_a: Diagnosis
) -> None:
    data = answer_data(diagnosis_a, 1)
    fill(diagnosis_a, 0.0, only={"green_digitalisation"})  # someone else, meanwhile
    response = client_for("manager_a").post(
        url("answer", diagnosis_a), data, headers={"HX-Request": "true"}
    )
    assertContains(response, "Someone else changed this record")
    assertContains(response, f'name="version" value="{data["version"]}"')  # still the old one
    assert diagnosis_a.answers.count() == 4


def test_an_answer_that_is_not_an_option_is_refused(
    client_for: Any, diagnosis_a: Diagnosis
) -> None:
    data = answer_data(diagnosis_a, 1)
    first = next(key for key in data if key.startswith("q-"))
    data[first] = str(uuid.uuid4())
    response = client_for("manager_a").post(url("answer", diagnosis_a), data)
    assert response.status_code == 422
    assertContains(response, "Select a valid choice", status_code=422)
    assert not diagnosis_a.answers.exists()


def test_without_javascript_the_buttons_save_and_move_on(
    client_for: Any, diagnosis_a: Diagnosis
) -> None:
    client = client_for("manager_a")
    response = client.post(
        url("answer", diagnosis_a), {**answer_data(diagnosis_a, 3), "go": "next"}
    )
    assertRedirects(response, url("fill-step", diagnosis_a, 4))
    diagnosis_a.refresh_from_db()
    response = client.post(
        url("answer", diagnosis_a), {**answer_data(diagnosis_a, 3), "go": "previous"}
    )
    assertRedirects(response, url("fill-step", diagnosis_a, 2))
    assert client.post(url("answer", diagnosis_a), {"step": "x"}).status_code == 404


@pytest.mark.parametrize(
    ("role", "status"), [("manager_b", 403), ("expert", 403), ("analyst", 404)]
)
def test_others_may_not_save_answers(
    client_for: Any, diagnosis_a: Diagnosis, role: str, status: int
) -> None:
    response = client_for(role).post(url("answer", diagnosis_a), answer_data(diagnosis_a, 1))
    assert response.status_code == status
    assert not diagnosis_a.answers.exists()


def test_completing_stores_the_results_and_shows_them(
    client_for: Any, diagnosis_a: Diagnosis
) -> None:
    fill(diagnosis_a, 0.5)
    diagnosis_a.refresh_from_db()
    response = client_for("manager_a").post(
        url("complete", diagnosis_a), {"version": diagnosis_a.version}, follow=True
    )
    assertContains(response, "Diagnosis completed")
    diagnosis_a.refresh_from_db()
    assert diagnosis_a.status == DiagnosisStatus.COMPLETED
    assert diagnosis_a.overall_score is not None
    # a completed diagnosis is no longer filled in: the page leads back to the results
    assertRedirects(
        client_for("manager_a").get(url("fill", diagnosis_a)), url("detail", diagnosis_a)
    )


def test_completing_without_answers_or_with_a_stale_version_is_refused(
    client_for: Any, diagnosis_a: Diagnosis
) -> None:
    client = client_for("manager_a")
    response = client.post(
        url("complete", diagnosis_a), {"version": diagnosis_a.version}, follow=True
    )
    assertContains(response, "Answer at least one question")
    fill(diagnosis_a, 0.5)
    response = client.post(
        url("complete", diagnosis_a), {"version": diagnosis_a.version}, follow=True
    )
    assertContains(response, "Someone else changed this record")
    diagnosis_a.refresh_from_db()
    assert diagnosis_a.status == DiagnosisStatus.DRAFT


@pytest.mark.parametrize(
    ("role", "status"), [("manager_b", 403), ("expert", 403), ("analyst", 404)]
)
def test_others_may_not_complete_send_withdraw_or_delete(
    client_for: Any, diagnosis_a: Diagnosis, role: str, status: int
) -> None:
    client = client_for(role)
    for name in ("complete", "send", "withdraw", "delete"):
        assert client.post(url(name, diagnosis_a), {"version": 1}).status_code == status, name
    assert client.get(url("send", diagnosis_a)).status_code == status
    diagnosis_a.refresh_from_db()
    assert (diagnosis_a.status, diagnosis_a.version) == (DiagnosisStatus.DRAFT, 1)


def test_withdrawing_the_link(
    client_for: Any, diagnosis_a: Diagnosis, manager_a: Any, contact_a: Any
) -> None:
    sent = services.diagnosis_send(
        actor=manager_a, diagnosis=diagnosis_a, respondent=contact_a, expected_version=None
    )
    response = client_for("manager_a").post(
        url("withdraw", sent), {"version": sent.version}, follow=True
    )
    assertContains(response, "The link no longer works")
    sent.refresh_from_db()
    assert sent.status == DiagnosisStatus.DRAFT


def test_a_manager_deletes_a_draft_but_only_an_admin_a_completed_one(
    client_for: Any, diagnosis_a: Diagnosis, completed_a: Diagnosis, organisation_a: Any
) -> None:
    assert (
        client_for("manager_a")
        .post(url("delete", completed_a), {"version": completed_a.version})
        .status_code
        == 403
    )
    response = client_for("admin").post(
        url("delete", completed_a), {"version": completed_a.version}
    )
    assertRedirects(response, organisation_a.get_absolute_url(), fetch_redirect_response=False)
    assert not Diagnosis.objects.exists()


def test_a_stale_delete_is_refused(client_for: Any, diagnosis_a: Diagnosis) -> None:
    response = client_for("manager_a").post(
        url("delete", diagnosis_a), {"version": 99}, follow=True
    )
    assertContains(response, "Someone else changed this record")
    assert Diagnosis.objects.filter(pk=diagnosis_a.pk).exists()


# --- the company file --------------------------------------------------------------------------


def test_the_company_file_lists_its_diagnoses_and_offers_to_start_one(
    client_for: Any, completed_a: Diagnosis, organisation_a: Any
) -> None:
    page = client_for("manager_a").get(organisation_a.get_absolute_url())
    html = page.content.decode()
    panel = re.search(
        r'<section class="card mb-3" aria-labelledby="diagnoses-heading">(.*?)</section>',
        html,
        re.S,
    )
    assert panel is not None
    assert "EU digital maturity assessment (DMA)" in panel.group(1)
    assert f"{completed_a.overall_score} %" in panel.group(1)
    assert completed_a.band_label in panel.group(1)
    assert "Start a diagnosis" in panel.group(1)
    assert f"?organisation={organisation_a.uuid}" in panel.group(1)


def test_an_expert_sees_the_diagnoses_but_no_start_button(
    client_for: Any, completed_a: Diagnosis, organisation_a: Any
) -> None:
    page = client_for("expert").get(organisation_a.get_absolute_url())
    assertContains(page, "diagnoses-heading")
    assertNotContains(page, "Start a diagnosis")


def test_a_company_without_diagnoses_says_so(
    client_for: Any, organisation_b: Any, cluster_a: Any
) -> None:
    MembershipFactory(organisation=OrganisationFactory(), cluster=cluster_a)
    page = client_for("manager_a").get(organisation_b.get_absolute_url())
    assertContains(page, "No diagnosis yet.")


def test_a_sent_diagnosis_is_not_filled_in_by_staff(
    client_for: Any, diagnosis_a: Diagnosis, manager_a: Any, contact_a: Any
) -> None:
    services.diagnosis_send(
        actor=manager_a, diagnosis=diagnosis_a, respondent=contact_a, expected_version=None
    )
    response = client_for("manager_a").get(url("fill", diagnosis_a), follow=True)
    assertContains(response, "The company is answering: the link is out.")
    diagnosis_a.refresh_from_db()
    response = client_for("manager_a").post(
        url("answer", diagnosis_a), answer_data(diagnosis_a, 1), headers={"HX-Request": "true"}
    )
    assertContains(response, "The self-assessment link is out")
    assert not diagnosis_a.answers.exists()


def test_the_results_page_works_in_french_with_dots_in_the_chart(
    client_for: Any, completed_a: Diagnosis, settings: Any
) -> None:
    client = client_for("manager_a")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    page = client.get(url("detail", completed_a))
    assert page.status_code == 200
    assert '<html lang="fr">' in page.content.decode()
    svg = page.content.decode().split('<svg class="cd-radar"')[1].split("</svg>")[0]
    assert re.search(r'cx="\d+\.\d"', svg)
    assert not re.search(r'c[xy]="\d+,\d"', svg)


def test_the_panel_is_hidden_from_roles_without_diagnoses(
    rf: Any, analyst: Any, organisation_a: Any
) -> None:
    from clusterdesk.diagnostics.panels import diagnoses_panel

    request = rf.get("/")
    request.user = analyst
    assert diagnoses_panel(request, organisation_a) is None
