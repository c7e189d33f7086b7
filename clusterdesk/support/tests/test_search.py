"""Support cases and needs in the global search."""

from __future__ import annotations

from typing import Any

import pytest

from clusterdesk.core import search
from clusterdesk.support import services
from clusterdesk.support.tests.conftest import add_need

pytestmark = pytest.mark.django_db


def kinds_found(user: Any, query: str) -> dict[str, list[str]]:
    result = search.Search(user=user, query=query)
    return {group.provider.kind: [hit.title for hit in group.hits] for group in result.groups()}


def test_a_case_is_found_by_its_company_and_problem_statement(case_a: Any, expert: Any) -> None:
    found = kinds_found(expert, "digitise planning")
    assert found["cases"] == [
        "Moselle Brake Technologies S.A. — Wants to digitise its production planning."
    ]
    assert "cases" in kinds_found(expert, "Moselle")


def test_a_need_is_found_by_its_text_and_a_changed_need_by_its_new_text(
    case_a: Any, expert: Any
) -> None:
    need = add_need(case_a, "Cybersecurity assessment of the plant")
    assert kinds_found(expert, "cybersecurity")["needs"] == [
        "Cybersecurity assessment of the plant"
    ]

    services.need_update(
        actor=None, need=need, data={"text": "Energy audit"}, expected_version=None
    )
    assert "needs" not in kinds_found(expert, "cybersecurity")
    assert "needs" in kinds_found(expert, "energy")


def test_the_analyst_finds_no_case_nor_need(case_a: Any, analyst: Any) -> None:
    add_need(case_a, "Cybersecurity assessment")
    assert kinds_found(analyst, "cybersecurity") == {}
    assert kinds_found(analyst, "digitise") == {}


def test_an_organisation_with_cases_is_kept_and_its_cases_stay_found(
    case_a: Any, need_a: Any, organisation_a: Any, expert: Any
) -> None:
    from django.core.exceptions import ValidationError

    from clusterdesk.organisations import services as directory

    with pytest.raises(ValidationError, match="support cases"):
        directory.organisation_delete(
            actor=None, organisation=organisation_a, expected_version=None
        )

    assert list(kinds_found(expert, "digitise")) == ["cases"]
    assert list(kinds_found(expert, "planning tool")) == ["needs"]


def test_a_renamed_organisation_renames_its_cases_in_the_search(
    case_a: Any, organisation_a: Any, expert: Any
) -> None:
    from clusterdesk.organisations import services as directory

    directory.organisation_update(
        actor=None,
        organisation=organisation_a,
        data={"legal_name": "Grevenmacher Brakes S.A."},
        expected_version=None,
    )
    [title] = kinds_found(expert, "digitise")["cases"]
    assert title.startswith("Grevenmacher Brakes S.A. — ")
