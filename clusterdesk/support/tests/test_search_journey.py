"""Referrals and roadmaps (with their actions) in the global search.

Records are written through the services, which index them in their transaction. There is
no delete service for referrals, roadmaps or actions: they go by a cascade (or the admin),
which the receivers of `support/search.py` follow, so the deletes below use the ORM.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from clusterdesk.catalogue import services as team_services
from clusterdesk.core import search
from clusterdesk.core.search.models import SearchDocument
from clusterdesk.support import services
from clusterdesk.support.models import Referral, Roadmap
from clusterdesk.support.tests.conftest import add_need

pytestmark = pytest.mark.django_db

ROLES = ("admin", "manager_a", "manager_b", "expert", "analyst")


def kinds_found(user: Any, query: str) -> dict[str, list[str]]:
    result = search.Search(user=user, query=query)
    return {group.provider.kind: [hit.title for hit in group.hits] for group in result.groups()}


def found(user: Any, query: str, kind: str) -> list[str]:
    return kinds_found(user, query).get(kind, [])


def hits(user: Any, query: str, kind: str) -> list[search.SearchHit]:
    return search.Search(user=user, query=query, kinds=[kind]).hits()


@pytest.fixture
def referral_to_provider(need_a: Any, provider: Any) -> Referral:
    return services.referral_create(
        actor=None,
        need=need_a,
        data={
            "target_kind": "service_provider",
            "target_organisation": provider,
            "note": "Ask for their reference at the Bissen plant.",
        },
    )


@pytest.fixture
def planned_roadmap(roadmap_a: Roadmap) -> Roadmap:
    roadmap = services.roadmap_update(
        actor=None,
        roadmap=roadmap_a,
        data={"summary": "Digitise the brake line in three steps"},
        expected_version=None,
    )
    services.action_create(
        actor=None, roadmap=roadmap, data={"description": "Install a scheduling pilot"}
    )
    return roadmap


# --- the kinds ------------------------------------------------------------------------------------


def test_referrals_and_roadmaps_are_searchable_kinds_and_actions_are_part_of_roadmaps() -> None:
    assert {"referrals", "roadmaps"} <= set(search.kinds())
    assert "actions" not in search.kinds()
    assert search.provider_for_kind("referrals").icon == "send"
    assert search.provider_for_kind("roadmaps").icon == "map"


# --- referrals ------------------------------------------------------------------------------------


def test_a_referral_is_found_by_its_company_its_target_and_its_need(
    referral_to_team: Referral, expert: Any
) -> None:
    title = "Moselle Brake Technologies S.A. → R&D and innovation support"
    assert found(expert, "innovation support", "referrals") == [title]
    assert found(expert, "planning tool", "referrals") == [title]
    assert found(expert, "moselle", "referrals") == [title]
    [hit] = hits(expert, "planning tool", "referrals")
    assert hit.url == reverse("support:referral-detail", args=[referral_to_team.uuid])


def test_a_referral_to_a_provider_is_found_by_the_provider_and_its_note(
    referral_to_provider: Referral, expert: Any
) -> None:
    title = "Moselle Brake Technologies S.A. → Kirchberg Digital Consulting S.A."
    assert found(expert, "kirchberg", "referrals") == [title]
    assert found(expert, "bissen plant", "referrals") == [title]


def test_a_changed_referral_is_found_by_what_it_now_says(
    referral_to_provider: Referral, expert: Any
) -> None:
    assert found(expert, "hoffmann", "referrals") == []

    referral = services.referral_update(
        actor=None,
        referral=referral_to_provider,
        data={"receiving_person": "Claire Hoffmann", "note": "Call her in March."},
        expected_version=None,
    )

    assert len(found(expert, "hoffmann", "referrals")) == 1
    assert found(expert, "march", "referrals") != []
    assert found(expert, "bissen", "referrals") == []

    referral = services.referral_send(actor=None, referral=referral, expected_version=None)
    referral = services.referral_answer(
        actor=None,
        referral=referral,
        data={"status": "accepted"},
        expected_version=None,
        as_target=False,
    )
    assert found(expert, "sent", "referrals") == []
    # The status in every language of the interface.
    for word in ("accepted", "acceptée", "angenommen"):
        assert len(found(expert, word, "referrals")) == 1, word

    services.referral_answer(
        actor=None,
        referral=referral,
        data={
            "status": "done",
            "outcome_kind": "project_started",
            "outcome_note": "Pilot on the Bascharage line.",
        },
        expected_version=None,
        as_target=False,
    )
    assert len(found(expert, "project started", "referrals")) == 1
    assert len(found(expert, "bascharage", "referrals")) == 1


def test_a_changed_need_changes_what_finds_its_referrals(
    referral_to_team: Referral, need_a: Any, expert: Any
) -> None:
    services.need_update(
        actor=None, need=need_a, data={"text": "Energy audit"}, expected_version=None
    )

    assert found(expert, "planning tool", "referrals") == []
    assert len(found(expert, "energy audit", "referrals")) == 1


def test_a_deleted_referral_is_no_longer_found(
    referral_to_team: Referral, referral_to_provider: Referral, need_a: Any, expert: Any
) -> None:
    referral_to_team.delete()
    assert found(expert, "moselle", "referrals") == [
        "Moselle Brake Technologies S.A. → Kirchberg Digital Consulting S.A."
    ]

    need_a.delete()  # its referrals go with it
    assert found(expert, "moselle", "referrals") == []
    assert not SearchDocument.objects.filter(kind="referrals").exists()


def test_a_renamed_organisation_or_team_renames_the_referrals_in_the_search(
    referral_to_team: Referral,
    referral_to_provider: Referral,
    organisation_a: Any,
    provider: Any,
    team: Any,
    expert: Any,
) -> None:
    from clusterdesk.organisations import services as directory

    directory.organisation_update(
        actor=None,
        organisation=organisation_a,
        data={"legal_name": "Grevenmacher Brakes S.A."},
        expected_version=None,
    )
    directory.organisation_update(
        actor=None,
        organisation=provider,
        data={"trade_name": "KDC"},
        expected_version=None,
    )
    team_services.team_update(
        actor=None, team=team, data={"name": "Innovation desk"}, expected_version=None
    )

    assert sorted(found(expert, "grevenmacher", "referrals")) == [
        "Grevenmacher Brakes S.A. → Innovation desk",
        "Grevenmacher Brakes S.A. → KDC (Kirchberg Digital Consulting S.A.)",
    ]
    assert found(expert, "moselle", "referrals") == []


# --- roadmaps and their actions -------------------------------------------------------------------


def test_a_roadmap_is_found_by_its_company_its_summary_and_its_actions(
    planned_roadmap: Roadmap, case_a: Any, expert: Any, client_for: Any
) -> None:
    title = "Moselle Brake Technologies S.A. — Digitise the brake line in three steps"
    assert found(expert, "brake line", "roadmaps") == [title]
    assert found(expert, "scheduling pilot", "roadmaps") == [title]
    [hit] = hits(expert, "scheduling", "roadmaps")
    assert hit.url == reverse("support:roadmap-detail", args=[planned_roadmap.uuid])
    opened = client_for("expert").get(hit.url)
    assert opened["Location"] == reverse("support:case-detail", args=[case_a.uuid]) + "#roadmap"


def test_a_roadmap_without_a_summary_is_titled_by_its_company(
    roadmap_a: Roadmap, expert: Any
) -> None:
    assert found(expert, "moselle", "roadmaps") == ["Moselle Brake Technologies S.A."]
    assert len(found(expert, "short term", "roadmaps")) == 1  # its horizon


def test_an_action_created_changed_or_deleted_changes_what_finds_its_roadmap(
    planned_roadmap: Roadmap, expert: Any
) -> None:
    action = services.action_create(
        actor=None, roadmap=planned_roadmap, data={"description": "Train two planners"}
    )
    assert len(found(expert, "planners", "roadmaps")) == 1

    action = services.action_update(
        actor=None,
        action=action,
        data={"description": "Hire a data engineer"},
        expected_version=None,
    )
    assert found(expert, "planners", "roadmaps") == []
    assert len(found(expert, "data engineer", "roadmaps")) == 1

    action.delete()
    assert found(expert, "data engineer", "roadmaps") == []
    assert len(found(expert, "scheduling pilot", "roadmaps")) == 1


def test_a_changed_roadmap_is_found_by_its_new_summary(
    planned_roadmap: Roadmap, expert: Any
) -> None:
    services.roadmap_update(
        actor=None,
        roadmap=planned_roadmap,
        data={"summary": "Cut the energy bill", "horizon": "medium"},
        expected_version=None,
    )

    assert found(expert, "brake line", "roadmaps") == []
    assert found(expert, "energy bill", "roadmaps") == [
        "Moselle Brake Technologies S.A. — Cut the energy bill"
    ]
    assert len(found(expert, "mittelfristig", "roadmaps")) == 1


def test_a_deleted_roadmap_is_no_longer_found(planned_roadmap: Roadmap, expert: Any) -> None:
    planned_roadmap.delete()  # its actions go with it

    assert found(expert, "brake line", "roadmaps") == []
    assert found(expert, "scheduling", "roadmaps") == []
    assert not SearchDocument.objects.filter(kind="roadmaps").exists()


def test_a_renamed_organisation_renames_its_roadmaps_in_the_search(
    planned_roadmap: Roadmap, organisation_a: Any, expert: Any
) -> None:
    from clusterdesk.organisations import services as directory

    directory.organisation_update(
        actor=None,
        organisation=organisation_a,
        data={"legal_name": "Grevenmacher Brakes S.A."},
        expected_version=None,
    )

    assert found(expert, "brake line", "roadmaps") == [
        "Grevenmacher Brakes S.A. — Digitise the brake line in three steps"
    ]


# --- who finds them -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_a_referral_or_roadmap_is_found_by_exactly_those_who_may_open_its_page(
    referral_to_provider: Referral,
    planned_roadmap: Roadmap,
    case_a: Any,
    cast: dict,
    client_for: Any,
    role: str,
) -> None:
    """Support journeys are not confidential: every manager, expert and admin sees every
    case (also another cluster's), analysts none."""
    user = cast[role]
    referral_page = client_for(role).get(
        reverse("support:referral-detail", args=[referral_to_provider.uuid])
    )
    case_page = client_for(role).get(reverse("support:case-detail", args=[case_a.uuid]))
    may_open = referral_page.status_code == 200
    assert case_page.status_code == referral_page.status_code

    result = search.Search(user=user, query="moselle")
    assert ("referrals" in result.counts) is may_open
    assert ("roadmaps" in result.counts) is may_open
    assert ("referrals" in kinds_found(user, "bissen")) is may_open
    assert ("roadmaps" in kinds_found(user, "scheduling")) is may_open
    assert may_open is (role != "analyst")


def test_the_analyst_neither_finds_nor_counts_referrals_or_roadmaps(
    referral_to_team: Referral, planned_roadmap: Roadmap, analyst: Any
) -> None:
    for query in ("moselle", "planning", "scheduling", "innovation"):
        result = search.Search(user=analyst, query=query)
        assert result.counts == {}
        assert result.total == 0
        assert result.hits() == []


# --- rebuilding -----------------------------------------------------------------------------------


def test_the_reindex_command_rebuilds_referrals_and_roadmaps(
    referral_to_team: Referral, planned_roadmap: Roadmap, case_a: Any, expert: Any
) -> None:
    add_need(case_a, "Cybersecurity assessment")
    SearchDocument.objects.filter(kind__in=["referrals", "roadmaps", "needs"]).delete()

    output = io.StringIO()
    call_command("reindex", "--kind", "referrals", "--kind", "roadmaps", stdout=output)

    assert "referrals: 1 records indexed" in output.getvalue()
    assert "roadmaps: 1 records indexed" in output.getvalue()

    assert len(found(expert, "innovation support", "referrals")) == 1
    assert len(found(expert, "scheduling pilot", "roadmaps")) == 1
    assert "needs" not in kinds_found(expert, "cybersecurity")  # not asked for
