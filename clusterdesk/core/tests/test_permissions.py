"""The permission policy over the whole cast, one table per rule.

Records of the matrix:
- `org_a`: member of AutoMobility (managed by manager_a);
- `org_b`: member of HealthTech (managed by manager_b);
- `shared`: member of both clusters;
- `owned_by_b`: in no cluster, owned by manager_b;
- `stray`: in no cluster, owned by nobody.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from clusterdesk.accounts.models import Role
from clusterdesk.accounts.tests.factories import UserFactory
from clusterdesk.core import permissions
from clusterdesk.core.permissions import Action
from clusterdesk.organisations.models import Cluster, Contact, Organisation, Tag
from clusterdesk.organisations.tests.factories import (
    ContactFactory,
    MembershipFactory,
    OrganisationFactory,
)

ROLES = ("admin", "manager_a", "manager_b", "expert", "analyst")


@pytest.fixture
def world(
    cast: dict,
    cluster_a: Any,
    cluster_b: Any,
    organisation_a: Any,
    organisation_b: Any,
    contact_a: Any,
    manager_b: Any,
) -> dict[str, Any]:
    shared = OrganisationFactory(legal_name="Shared S.A.")
    MembershipFactory(organisation=shared, cluster=cluster_a)
    MembershipFactory(organisation=shared, cluster=cluster_b)
    owned_by_b = OrganisationFactory(legal_name="Owned by B S.A.", owner=manager_b)
    stray = OrganisationFactory(legal_name="Stray S.A.")
    loner = ContactFactory(first_name="Marie", last_name="Klein")
    shared_contact = ContactFactory(first_name="Paul", last_name="Muller", organisation=shared)
    return {
        "cluster_a": cluster_a,
        "cluster_b": cluster_b,
        "org_a": Organisation.objects.get(pk=organisation_a.pk),
        "org_b": Organisation.objects.get(pk=organisation_b.pk),
        "shared": Organisation.objects.get(pk=shared.pk),
        "owned_by_b": owned_by_b,
        "stray": stray,
        "contact_a": contact_a,
        "loner": loner,
        "shared_contact": shared_contact,
        "membership_a": organisation_a.memberships.get(),
        "membership_b": organisation_b.memberships.get(),
    }


def row(rule: Any, cast: dict, *args: Any) -> dict[str, bool]:
    """The answer of `rule` for each role of the cast, in the order of `ROLES`."""
    return {role: rule(cast[role], *args) for role in ROLES}


def expected(*answers: bool) -> dict[str, bool]:
    """`expected(admin, manager_a, manager_b, expert, analyst)`."""
    return dict(zip(ROLES, answers, strict=True))


# --- organisations ------------------------------------------------------------------------

CHANGE_ORGANISATION = {
    "org_a": expected(True, True, False, False, False),
    "org_b": expected(True, False, True, False, False),
    "shared": expected(True, True, True, False, False),
    "owned_by_b": expected(True, False, True, False, False),
    "stray": expected(True, False, False, False, False),
}


@pytest.mark.parametrize("record", list(CHANGE_ORGANISATION))
def test_who_may_change_an_organisation(cast: dict, world: dict, record: str) -> None:
    answers = row(permissions.can_change_organisation, cast, world[record])

    assert answers == CHANGE_ORGANISATION[record]


DELETE_ORGANISATION = {
    "org_a": expected(True, True, False, False, False),
    "org_b": expected(True, False, True, False, False),
    # A manager may not delete what another cluster also holds.
    "shared": expected(True, False, False, False, False),
    "owned_by_b": expected(True, False, True, False, False),
    "stray": expected(True, False, False, False, False),
}


@pytest.mark.parametrize("record", list(DELETE_ORGANISATION))
def test_who_may_delete_an_organisation(cast: dict, world: dict, record: str) -> None:
    answers = row(permissions.can_delete_organisation, cast, world[record])

    assert answers == DELETE_ORGANISATION[record]


READERS = expected(True, True, True, True, False)
WRITERS = expected(True, True, True, False, False)
ADMINS_ONLY = expected(True, False, False, False, False)


def test_who_reads_the_directory(cast: dict, world: dict) -> None:
    assert row(permissions.reads_directory, cast) == READERS
    assert row(permissions.can_view_organisation, cast, world["org_a"]) == READERS
    assert row(permissions.can_view_contact, cast, world["contact_a"]) == READERS
    assert row(permissions.can_view_membership, cast, world["membership_a"]) == READERS
    assert row(permissions.can_view_cluster, cast, world["cluster_a"]) == READERS


def test_who_may_create_organisations_and_contacts(cast: dict) -> None:
    assert row(permissions.can_create_organisation, cast) == WRITERS
    assert row(permissions.can_create_contact, cast) == WRITERS


# --- contacts -----------------------------------------------------------------------------

CHANGE_CONTACT = {
    "contact_a": expected(True, True, False, False, False),
    # Linked to no organisation: any manager may complete the record.
    "loner": expected(True, True, True, False, False),
    "shared_contact": expected(True, True, True, False, False),
}


@pytest.mark.parametrize("record", list(CHANGE_CONTACT))
def test_who_may_change_a_contact(cast: dict, world: dict, record: str) -> None:
    answers = row(permissions.can_change_contact, cast, world[record])

    assert answers == CHANGE_CONTACT[record]


# --- clusters and memberships ---------------------------------------------------------------

OWN_CLUSTER = {
    "cluster_a": expected(True, True, False, False, False),
    "cluster_b": expected(True, False, True, False, False),
}


@pytest.mark.parametrize("record", list(OWN_CLUSTER))
def test_who_may_manage_the_memberships_of_a_cluster(cast: dict, world: dict, record: str) -> None:
    answers = row(permissions.can_manage_memberships, cast, world[record])

    assert answers == OWN_CLUSTER[record]


@pytest.mark.parametrize(
    ("membership", "cluster"), [("membership_a", "cluster_a"), ("membership_b", "cluster_b")]
)
def test_who_may_change_a_membership(
    cast: dict, world: dict, membership: str, cluster: str
) -> None:
    answers = row(permissions.can_change_membership, cast, world[membership])

    assert answers == OWN_CLUSTER[cluster]


@pytest.mark.parametrize("record", list(OWN_CLUSTER))
def test_who_may_view_a_clusters_confidential_records(cast: dict, world: dict, record: str) -> None:
    cluster = world[record]

    assert row(permissions.can_view_confidential, cast, cluster) == OWN_CLUSTER[record]
    assert row(permissions.can_view_confidential, cast, cluster.pk) == OWN_CLUSTER[record]


def test_confidential_records_of_no_cluster_are_for_admins_only(cast: dict) -> None:
    assert row(permissions.can_view_confidential, cast, None) == ADMINS_ONLY


def test_only_admins_manage_clusters(cast: dict) -> None:
    assert row(permissions.can_manage_clusters, cast) == ADMINS_ONLY


def test_every_signed_in_role_lists_the_clusters(cast: dict) -> None:
    assert row(permissions.can_list_clusters, cast) == expected(True, True, True, True, True)


def test_managed_cluster_ids_are_the_clusters_a_manager_manages(cast: dict, world: dict) -> None:
    assert permissions.managed_cluster_ids(cast["manager_a"]) == {world["cluster_a"].pk}
    assert permissions.managed_cluster_ids(cast["manager_b"]) == {world["cluster_b"].pk}
    assert permissions.managed_cluster_ids(cast["admin"]) == frozenset()
    assert permissions.managed_cluster_ids(cast["expert"]) == frozenset()


# --- scopes -----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_scopes_hide_the_directory_from_analysts_only(cast: dict, world: dict, role: str) -> None:
    user = cast[role]
    sees_directory = READERS[role]

    organisations = permissions.visible_organisations(user, Organisation.objects.all())
    contacts = permissions.visible_contacts(user, Contact.objects.all())
    clusters = permissions.visible_clusters(user, Cluster.objects.all())

    assert organisations.count() == (Organisation.objects.count() if sees_directory else 0)
    assert contacts.count() == (Contact.objects.count() if sees_directory else 0)
    assert clusters.count() == 2


def test_scopes_show_nothing_to_anonymous_visitors(world: dict) -> None:
    anonymous = AnonymousUser()

    assert not permissions.visible_organisations(anonymous, Organisation.objects.all()).exists()
    assert not permissions.visible_contacts(anonymous, Contact.objects.all()).exists()
    assert not permissions.visible_clusters(anonymous, Cluster.objects.all()).exists()


# --- who counts as what -------------------------------------------------------------------------


def test_anonymous_visitors_may_do_nothing(world: dict) -> None:
    anonymous = AnonymousUser()

    assert not permissions.can_list_clusters(anonymous)
    assert not permissions.reads_directory(anonymous)
    assert not permissions.can_change_organisation(anonymous, world["org_a"])
    assert not permissions.can_view_confidential(anonymous, world["cluster_a"])


def test_a_deactivated_manager_loses_every_right(world: dict, manager_a: Any) -> None:
    manager_a.is_active = False
    manager_a.save()

    assert not permissions.reads_directory(manager_a)
    assert not permissions.can_change_organisation(manager_a, world["org_a"])
    assert not permissions.can_manage_memberships(manager_a, world["cluster_a"])
    assert not permissions.can_view_confidential(manager_a, world["cluster_a"])


def test_a_superuser_is_an_admin_whatever_their_role(world: dict) -> None:
    root = UserFactory(username="root", role=Role.ANALYST, is_superuser=True)

    assert permissions.is_admin(root)
    assert permissions.can_delete_organisation(root, world["shared"])
    assert permissions.can_manage_clusters(root)


# --- ensure(): 404 for what one may not see, 403 for what one may not do -----------------------


@pytest.mark.parametrize("action", [Action.VIEW, Action.CHANGE, Action.DELETE])
@pytest.mark.parametrize("record", ["org_a", "contact_a", "membership_a", "cluster_a"], ids=str)
def test_ensure_hides_every_record_from_analysts_with_a_404(
    cast: dict, world: dict, record: str, action: Action
) -> None:
    with pytest.raises(Http404):
        permissions.ensure(cast["analyst"], action, world[record])


@pytest.mark.parametrize(
    ("role", "action", "record"),
    [
        ("expert", Action.CHANGE, "org_a"),
        ("expert", Action.DELETE, "org_a"),
        ("expert", Action.CHANGE, "contact_a"),
        ("manager_b", Action.CHANGE, "org_a"),
        ("manager_b", Action.DELETE, "org_a"),
        ("manager_a", Action.DELETE, "shared"),
        ("manager_b", Action.CHANGE, "contact_a"),
        ("manager_b", Action.DELETE, "membership_a"),
        ("manager_b", Action.CHANGE, "membership_a"),
        ("manager_a", Action.CHANGE, "cluster_a"),
        ("expert", Action.DELETE, "cluster_a"),
    ],
)
def test_ensure_refuses_a_visible_record_with_a_403(
    cast: dict, world: dict, role: str, action: Action, record: str
) -> None:
    with pytest.raises(PermissionDenied):
        permissions.ensure(cast[role], action, world[record])


@pytest.mark.parametrize(
    ("role", "action", "record"),
    [
        ("expert", Action.VIEW, "org_a"),
        ("manager_b", Action.VIEW, "contact_a"),
        ("manager_a", Action.CHANGE, "org_a"),
        ("manager_a", Action.DELETE, "org_a"),
        ("manager_a", Action.CHANGE, "shared"),
        ("manager_a", Action.DELETE, "membership_a"),
        ("manager_b", Action.CHANGE, "owned_by_b"),
        ("admin", Action.DELETE, "shared"),
        ("admin", Action.CHANGE, "cluster_a"),
    ],
)
def test_ensure_lets_allowed_actions_through(
    cast: dict, world: dict, role: str, action: Action, record: str
) -> None:
    permissions.ensure(cast[role], action, world[record])  # raises when refused


def test_ensure_allowed_is_a_403_for_a_refused_page() -> None:
    with pytest.raises(PermissionDenied):
        permissions.ensure_allowed(False)
    permissions.ensure_allowed(True)  # raises when refused


def test_a_model_without_a_rule_is_an_error_not_a_permission(cast: dict) -> None:
    with pytest.raises(LookupError):
        permissions.can(cast["admin"], Action.VIEW, Tag(name="x", slug="x"))
