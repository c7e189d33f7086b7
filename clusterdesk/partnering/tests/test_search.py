"""Partner listings in the global search."""

from __future__ import annotations

from typing import Any

import pytest

from clusterdesk.core import search

pytestmark = pytest.mark.django_db


def found(user: Any, query: str) -> list[str]:
    groups = search.Search(user=user, query=query).groups()
    return [
        hit.title
        for group in groups
        for hit in group.hits
        if group.provider.kind == ("partner-listings")
    ]


def test_a_listing_is_found_by_its_company_title_text_and_keywords(
    request_a: Any, offer_b: Any, expert: Any
) -> None:
    assert found(expert, "calipers") == [
        "Moselle Brake Technologies S.A. — Titanium brake prototypes made by 3D printing"
    ]
    assert len(found(expert, "titanium")) == 2
    assert found(expert, "Alzette") == [
        "Alzette Diagnostics S.à r.l. — 3D printing of titanium parts"
    ]


def test_a_listing_is_found_by_its_kind_and_by_its_themes_in_every_language(
    request_a: Any, offer_b: Any, manager_a: Any
) -> None:
    assert found(manager_a, "offer") == [
        "Alzette Diagnostics S.à r.l. — 3D printing of titanium parts"
    ]
    assert len(found(manager_a, "chaînes de valeur")) == 2
    assert len(found(manager_a, "regionale Wertschöpfungsketten")) == 2


def test_a_changed_listing_is_found_by_its_new_words(request_a: Any, manager_a: Any) -> None:
    from clusterdesk.partnering import services

    services.listing_update(
        actor=manager_a, listing=request_a, data={"title": "Cobots"}, expected_version=None
    )
    assert found(manager_a, "cobots") == ["Moselle Brake Technologies S.A. — Cobots"]


def test_the_analyst_finds_no_listing(request_a: Any, analyst: Any) -> None:
    assert found(analyst, "titanium") == []
