"""The links between the steps of the journey: a diagnosis's proposals become needs of a
case, and a company or cluster with a journey keeps it (deleting them is refused)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from clusterdesk.core.concurrency import StaleVersionError
from clusterdesk.diagnostics import selectors as diagnostics_selectors
from clusterdesk.diagnostics import services as diagnostics_services
from clusterdesk.diagnostics.models import QuestionnaireTemplate
from clusterdesk.diagnostics.tests.conftest import complete
from clusterdesk.organisations import services as directory
from clusterdesk.organisations.models import Organisation
from clusterdesk.organisations.tests.factories import ClusterFactory
from clusterdesk.support import workflows
from clusterdesk.support.models import NeedSource
from clusterdesk.support.tests.conftest import open_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def low_dma(manager_a: Any, organisation_a: Any, cluster_a: Any) -> Any:
    """A completed DMA of organisation_a with the weakest answers: every dimension proposes."""
    dma = QuestionnaireTemplate.objects.get(key="dma", status="published")
    diagnosis = diagnostics_services.diagnosis_start(
        actor=manager_a, organisation=organisation_a, template=dma, cluster=cluster_a
    )
    return complete(diagnosis, 0.0, manager_a)


def test_a_diagnosis_proposals_become_needs_of_the_case_linked_to_it(
    low_dma: Any, case_a: Any, manager_a: Any
) -> None:
    proposals = diagnostics_selectors.diagnosis_proposed_needs(low_dma)
    assert proposals

    created = workflows.needs_from_diagnosis(actor=manager_a, case=case_a, diagnosis=low_dma)

    assert [need.text for need in created] == [proposal.text for proposal in proposals]
    assert {need.source for need in created} == {NeedSource.DIAGNOSIS}
    assert {need.diagnosis_id for need in created} == {low_dma.pk}
    assert {need.theme for need in created} <= {proposal.theme for proposal in proposals}
    low_dma.refresh_from_db()
    assert low_dma.support_case == case_a
    again = workflows.needs_from_diagnosis(actor=manager_a, case=case_a, diagnosis=low_dma)
    assert again == []  # nothing twice


def test_linking_a_diagnosis_to_a_case_makes_an_older_form_of_it_stale(
    low_dma: Any, case_a: Any, manager_a: Any
) -> None:
    opened_with = low_dma.version
    workflows.needs_from_diagnosis(actor=manager_a, case=case_a, diagnosis=low_dma)
    low_dma.refresh_from_db()
    assert low_dma.version == opened_with + 1
    with pytest.raises(StaleVersionError):
        diagnostics_services.diagnosis_delete(
            actor=manager_a, diagnosis=low_dma, expected_version=opened_with
        )


def test_a_diagnosis_cannot_feed_another_organisations_case(
    low_dma: Any, case_b: Any, manager_a: Any
) -> None:
    with pytest.raises(ValidationError):
        workflows.needs_from_diagnosis(actor=manager_a, case=case_b, diagnosis=low_dma)
    assert not case_b.needs.exists()


def test_the_results_page_offers_the_managers_open_cases_and_adds_the_needs(
    client_for: Any, low_dma: Any, case_a: Any
) -> None:
    url = reverse("support:needs-from-diagnosis", args=[low_dma.uuid])
    manager = client_for("manager_a")
    form = manager.get(url)
    assert form.status_code == 200
    assert str(case_a.uuid) in form.content.decode()
    added = manager.post(url, {"case": str(case_a.uuid)})
    assert added.status_code == 302
    assert added.url == case_a.get_absolute_url()
    assert case_a.needs.filter(diagnosis=low_dma).count() == len(
        diagnostics_selectors.diagnosis_proposed_needs(low_dma)
    )


def test_who_may_not_change_the_case_gets_no_case_to_choose_nor_adds_needs(
    client_for: Any, low_dma: Any, case_a: Any
) -> None:
    url = reverse("support:needs-from-diagnosis", args=[low_dma.uuid])
    expert = client_for("expert")
    assert str(case_a.uuid) not in expert.get(url).content.decode()
    assert expert.post(url, {"case": str(case_a.uuid)}).status_code == 302
    assert not case_a.needs.exists()
    assert client_for("analyst").get(url).status_code == 404


def test_an_organisation_with_a_journey_cannot_be_deleted(
    case_a: Any, organisation_a: Any, admin: Any, client_for: Any
) -> None:
    with pytest.raises(ValidationError) as refused:
        directory.organisation_delete(
            actor=admin, organisation=organisation_a, expected_version=None
        )
    assert "support cases" in " ".join(refused.value.messages)
    organisation_a.refresh_from_db()
    page = client_for("admin").post(
        reverse("organisations:delete", args=[organisation_a.uuid]),
        {"version": organisation_a.version},
    )
    assert "merge it into the record that stays" in page.content.decode()
    assert Organisation.objects.filter(pk=organisation_a.pk).exists()


def test_a_cluster_that_diagnoses_name_cannot_be_deleted(
    admin: Any, organisation_b: Any, manager_b: Any
) -> None:
    cluster = ClusterFactory(name="Space")
    open_case(organisation_b, cluster, manager_b)
    with pytest.raises(ValidationError) as refused:
        directory.cluster_delete(actor=admin, cluster=cluster, expected_version=None)
    assert "support cases" in " ".join(refused.value.messages)
