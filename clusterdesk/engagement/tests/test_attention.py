"""Cadence rules and the attention list: organisations not contacted for too long."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from clusterdesk.engagement import selectors, services
from clusterdesk.engagement.models import CadenceRule
from clusterdesk.organisations.models import Tag
from clusterdesk.organisations.tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 15)


def ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


@pytest.fixture
def members_rule(admin: Any) -> CadenceRule:
    return services.cadence_rule_create(
        actor=admin, data={"name": "Members monthly", "status": "member", "max_days": 30}
    )


def names(user: Any, rule: CadenceRule) -> dict[str, int | None]:
    found = selectors.attention_for_rule(user=user, rule=rule, today=TODAY)
    return {row.organisation.legal_name: row.days for row in selectors.attention_rows(found, TODAY)}


def test_an_organisation_never_contacted_needs_attention(
    members_rule: Any, organisation_a: Any, manager_a: Any
) -> None:
    assert names(manager_a, members_rule) == {organisation_a.legal_name: None}


def test_a_recent_interaction_settles_it_and_an_old_one_does_not(
    members_rule: Any, organisation_a: Any, manager_a: Any, make_interaction: Any
) -> None:
    make_interaction(organisation_a, occurred_on=ago(45))
    assert names(manager_a, members_rule) == {organisation_a.legal_name: 45}
    make_interaction(organisation_a, occurred_on=ago(10))
    assert names(manager_a, members_rule) == {}


def test_managers_see_their_clusters_and_admins_every_cluster(
    members_rule: Any, organisation_a: Any, organisation_b: Any, cast: dict
) -> None:
    assert set(names(cast["manager_a"], members_rule)) == {organisation_a.legal_name}
    assert set(names(cast["manager_b"], members_rule)) == {organisation_b.legal_name}
    assert set(names(cast["admin"], members_rule)) == {
        organisation_a.legal_name,
        organisation_b.legal_name,
    }


def test_rules_match_the_status_and_the_tag(
    admin: Any, organisation_a: Any, cluster_a: Any, manager_a: Any
) -> None:
    tagged = OrganisationFactory(legal_name="Tagged S.A.", tags=["Key account"])
    MembershipFactory(organisation=tagged, cluster=cluster_a)
    rule = services.cadence_rule_create(
        actor=admin,
        data={"name": "Key accounts", "tag": Tag.objects.get(), "max_days": 14},
    )
    assert set(names(manager_a, rule)) == {"Tagged S.A."}
    prospects = services.cadence_rule_create(
        actor=admin, data={"name": "Prospects", "status": "prospect", "max_days": 14}
    )
    assert names(manager_a, prospects) == {}


def test_a_confidential_interaction_counts_only_for_who_may_see_it(
    members_rule: Any,
    cluster_a: Any,
    cluster_b: Any,
    manager_a: Any,
    manager_b: Any,
    make_interaction: Any,
) -> None:
    both = OrganisationFactory(legal_name="Both Clusters S.A.")
    MembershipFactory(organisation=both, cluster=cluster_a)
    MembershipFactory(organisation=both, cluster=cluster_b)
    make_interaction(both, occurred_on=ago(2), confidential=True)
    assert "Both Clusters S.A." not in names(manager_a, members_rule)
    assert names(manager_b, members_rule)["Both Clusters S.A."] is None


def test_each_rule_takes_one_query_and_the_count_one(
    admin: Any,
    members_rule: Any,
    organisation_a: Any,
    organisation_b: Any,
    manager_a: Any,
    django_assert_num_queries: Any,
) -> None:
    for days in (7, 60, 90):
        services.cadence_rule_create(
            actor=admin, data={"name": f"Every {days} days", "status": "member", "max_days": days}
        )
    manager_a._managed_cluster_ids = None
    with django_assert_num_queries(1 + 1 + 4):  # managed clusters, rules, one per rule
        sections = selectors.attention_sections(user=manager_a, today=TODAY)
    assert [section.total for section in sections] == [1, 1, 1, 1]
    with django_assert_num_queries(2):  # rules, then one count over all of them
        assert selectors.attention_count(user=manager_a, today=TODAY) == 1
    assert selectors.attention_count(user=admin, today=TODAY) == 2


def test_the_sections_show_the_first_rows_and_the_total(
    members_rule: Any, cluster_a: Any, manager_a: Any
) -> None:
    for index in range(5):
        MembershipFactory(
            organisation=OrganisationFactory(legal_name=f"Quiet {index} S.A."), cluster=cluster_a
        )
    [section] = selectors.attention_sections(user=manager_a, limit=3, today=TODAY)
    assert section.total == 5
    assert len(section.rows) == 3


def test_inactive_rules_are_left_out(
    admin: Any, members_rule: Any, organisation_a: Any, manager_a: Any
) -> None:
    services.cadence_rule_update(
        actor=admin, rule=members_rule, data={"active": False}, expected_version=1
    )
    assert selectors.attention_sections(user=manager_a, today=TODAY) == []
    assert selectors.attention_count(user=manager_a, today=TODAY) == 0


# --- pages -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [("admin", 200), ("manager_a", 200), ("manager_b", 200), ("expert", 403), ("analyst", 403)],
)
def test_the_attention_page_per_role(
    client_for: Any, role: str, status: int, members_rule: Any, organisation_a: Any
) -> None:
    page = client_for(role).get("/attention/")
    assert page.status_code == status


def test_the_attention_page_lists_organisations_by_rule(
    client_for: Any, members_rule: Any, organisation_a: Any
) -> None:
    html = client_for("manager_a").get("/attention/").content.decode()
    assert "Members monthly" in html
    assert organisation_a.legal_name in html
    assert "never" in html
    page = client_for("manager_a").get(f"/attention/?rule={members_rule.uuid}")
    assert [row.organisation for row in page.context["rows"]] == [organisation_a]
    assert client_for("manager_a").get("/attention/?rule=garbage").status_code == 200


def test_the_attention_page_runs_a_bounded_number_of_queries(
    client_for: Any,
    admin: Any,
    members_rule: Any,
    organisation_a: Any,
    django_assert_max_num_queries: Any,
) -> None:
    client = client_for("manager_a")
    with django_assert_max_num_queries(12) as few:
        client.get("/attention/")
    for index in range(4):
        services.cadence_rule_create(
            actor=admin, data={"name": f"Rule {index}", "status": "member", "max_days": 5}
        )
    with django_assert_max_num_queries(len(few.captured_queries) + 4):
        client.get("/attention/")


@pytest.mark.parametrize("role", ["manager_a", "expert", "analyst"])
def test_only_admins_manage_cadence_rules(client_for: Any, role: str, members_rule: Any) -> None:
    client = client_for(role)
    assert client.get("/attention/rules/").status_code == 403
    assert client.get("/attention/rules/new/").status_code == 403
    assert client.get(f"/attention/rules/{members_rule.uuid}/edit/").status_code == 404


def test_an_admin_creates_edits_and_deletes_a_rule(client_for: Any, admin: Any) -> None:
    client = client_for("admin")
    response = client.post(
        "/attention/rules/new/",
        {"name": "Partners", "status": "partner", "max_days": 60, "active": "on"},
    )
    assert response.status_code == 302
    rule = CadenceRule.objects.get()
    page = client.post(
        f"/attention/rules/{rule.uuid}/edit/",
        {"version": 1, "name": "Partners", "status": "", "max_days": 60},
    )
    assert page.status_code == 422
    assert "status" in page.context["form"].errors
    response = client.post(
        f"/attention/rules/{rule.uuid}/edit/",
        {"version": 1, "name": "Partners", "status": "partner", "max_days": 45},
    )
    assert response.status_code == 302
    rule.refresh_from_db()
    assert (rule.max_days, rule.active) == (45, False)
    assert client.post(f"/attention/rules/{rule.uuid}/delete/", {"version": 2}).status_code == 302
    assert not CadenceRule.objects.exists()


def test_a_rule_with_bad_days_names_the_field(client_for: Any, admin: Any) -> None:
    page = client_for("admin").post(
        "/attention/rules/new/", {"name": "x", "status": "member", "max_days": -3}
    )
    assert page.status_code == 422
    assert "max_days" in page.context["form"].errors
    assert not CadenceRule.objects.exists()
