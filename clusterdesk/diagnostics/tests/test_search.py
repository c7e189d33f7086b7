"""Diagnoses in the global search: written through the services, which index them."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from clusterdesk.core import search
from clusterdesk.core.search.models import SearchDocument
from clusterdesk.diagnostics import services
from clusterdesk.diagnostics.models import Diagnosis
from clusterdesk.diagnostics.tests.conftest import answers_at, complete, fill

pytestmark = pytest.mark.django_db

ROLES = ("admin", "manager_a", "manager_b", "expert", "analyst")
DMA = "EU digital maturity assessment (DMA)"


def found(user: Any, query: str) -> list[str]:
    """The titles of the diagnoses `user` finds with `query`."""
    result = search.Search(user=user, query=query, kinds=["diagnoses"])
    return [hit.title for hit in result.hits()]


def test_diagnoses_are_a_searchable_kind() -> None:
    provider = search.provider_for_kind("diagnoses")
    assert provider.model is Diagnosis
    assert provider.icon == "clipboard-data"


def test_a_started_diagnosis_is_found_by_its_company_questionnaire_and_dimensions(
    diagnosis_a: Diagnosis, expert: Any
) -> None:
    title = f"Moselle Brake Technologies S.A. — {DMA} T0 · In progress"
    assert found(expert, "moselle") == [title]
    assert found(expert, "maturity assessment") == [title]
    assert found(expert, "green digitalisation") == [title]  # a dimension
    assert found(expert, "baseline") == [title]  # its stage
    [hit] = search.Search(user=expert, query="moselle", kinds=["diagnoses"]).hits()
    assert hit.url == reverse("diagnostics:detail", args=[diagnosis_a.uuid])


def test_answering_leaves_the_entry_and_completing_dates_it_and_gives_its_band(
    diagnosis_a: Diagnosis, manager_a: Any, expert: Any
) -> None:
    fill(diagnosis_a, 0.5, manager_a)
    assert len(found(expert, "in progress")) == 1

    day = datetime.date(2026, 3, 2)
    completed = services.diagnosis_complete(
        actor=manager_a, diagnosis=diagnosis_a, expected_version=None, completed_on=day
    )

    title = f"Moselle Brake Technologies S.A. — {DMA} T0 · 2026-03-02"
    assert found(expert, "moselle") == [title]
    assert found(expert, "in progress") == []
    assert completed.band_label
    assert found(expert, completed.band_label) == [title]
    for word in ("completed", "terminé", "abgeschlossen"):  # in every interface language
        assert found(expert, word) == [title], word


def test_a_self_assessment_is_found_by_its_status_as_it_goes(
    diagnosis_a: Diagnosis, manager_a: Any, contact_a: Any, expert: Any
) -> None:
    sent = services.diagnosis_send(
        actor=manager_a, diagnosis=diagnosis_a, respondent=contact_a, expected_version=None
    )
    assert found(expert, "sent to the company") == [
        f"Moselle Brake Technologies S.A. — {DMA} T0 · Sent to the company"
    ]

    services.diagnosis_withdraw_link(actor=manager_a, diagnosis=sent, expected_version=None)
    assert found(expert, "sent to the company") == []
    assert len(found(expert, "in progress")) == 1

    sent = services.diagnosis_send(
        actor=manager_a, diagnosis=diagnosis_a, respondent=contact_a, expected_version=None
    )
    services.diagnosis_submit_self_assessment(
        diagnosis=sent, nonce=sent.link_nonce, answers=answers_at(sent.template, 0.5)
    )
    assert found(expert, "awaiting review") == [
        f"Moselle Brake Technologies S.A. — {DMA} T0 · Submitted, awaiting review"
    ]


def test_a_deleted_diagnosis_is_no_longer_found(
    diagnosis_a: Diagnosis, diagnosis_b: Diagnosis, manager_a: Any, expert: Any
) -> None:
    services.diagnosis_delete(actor=manager_a, diagnosis=diagnosis_a, expected_version=None)

    assert found(expert, "moselle") == []
    assert found(expert, "maturity") == [f"Alzette Diagnostics S.à r.l. — {DMA} T0 · In progress"]


def test_a_refused_change_leaves_the_entry_as_it_was(
    diagnosis_a: Diagnosis, manager_a: Any, expert: Any
) -> None:
    """The index is written in the service's transaction: a rollback undoes it too."""
    seen_inside: list[str] = []

    def complete_then_fail() -> None:
        with transaction.atomic():
            complete(diagnosis_a, 0.5, manager_a)
            seen_inside.extend(found(expert, "completed"))
            raise RuntimeError("the request failed after the completion")

    with pytest.raises(RuntimeError):
        complete_then_fail()

    assert len(seen_inside) == 1
    assert found(expert, "completed") == []
    assert len(found(expert, "in progress")) == 1


def test_a_renamed_organisation_renames_its_diagnoses_in_the_search(
    completed_a: Diagnosis, organisation_a: Any, expert: Any
) -> None:
    from clusterdesk.organisations import services as directory

    directory.organisation_update(
        actor=None,
        organisation=organisation_a,
        data={"trade_name": "MBT"},
        expected_version=None,
    )

    [title] = found(expert, "mbt")
    assert title.startswith(f"MBT (Moselle Brake Technologies S.A.) — {DMA} T0 · ")


@pytest.mark.parametrize("role", ROLES)
def test_a_diagnosis_is_found_by_exactly_those_who_may_open_its_page(
    diagnosis_a: Diagnosis, cast: dict, client_for: Any, role: str
) -> None:
    """Diagnoses are not confidential: every admin, manager (also of another cluster) and
    expert may open them, drafts included; analysts none."""
    user = cast[role]
    page = client_for(role).get(reverse("diagnostics:detail", args=[diagnosis_a.uuid]))
    may_open = page.status_code == 200
    assert may_open is (role != "analyst")

    result = search.Search(user=user, query="moselle")
    assert ("diagnoses" in result.counts) is may_open
    assert (found(user, "maturity") != []) is may_open


def test_the_analyst_neither_finds_nor_counts_diagnoses(
    diagnosis_a: Diagnosis, diagnosis_b: Diagnosis, analyst: Any
) -> None:
    for query in ("moselle", "alzette", "maturity", "in progress"):
        result = search.Search(user=analyst, query=query)
        assert result.counts == {}
        assert result.hits() == []
    assert "diagnoses" not in [provider.kind for provider in search.searchable_providers(analyst)]


def test_the_reindex_command_rebuilds_the_diagnoses(
    diagnosis_a: Diagnosis, completed_a: Diagnosis, diagnosis_b: Diagnosis, expert: Any
) -> None:
    SearchDocument.objects.filter(kind="diagnoses").delete()
    assert found(expert, "maturity") == []

    output = io.StringIO()
    call_command("reindex", "--kind", "diagnoses", stdout=output)

    assert "diagnoses: 2 records indexed" in output.getvalue()
    assert len(found(expert, "maturity")) == 2
