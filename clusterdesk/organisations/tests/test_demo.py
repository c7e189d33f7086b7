"""`clusterdesk demo`: the data set a new user explores first."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from clusterdesk.accounts.models import Role, User
from clusterdesk.core import demo
from clusterdesk.core.models import AuditEvent
from clusterdesk.organisations.communes import LUXEMBOURG_COMMUNES
from clusterdesk.organisations.models import Cluster, Contact, Membership, Organisation

pytestmark = pytest.mark.django_db

SIX_CLUSTERS = {
    "AutoMobility",
    "CleanTech",
    "Creative Industries",
    "HealthTech",
    "Materials & Manufacturing",
    "Wood",
}


def run_demo(*args: str) -> str:
    output = StringIO()
    call_command("demo", *args, stdout=output)
    return output.getvalue()


def test_demo_creates_the_six_clusters_a_realistic_directory_and_one_user_per_role(settings):
    settings.CLUSTERDESK_DEMO_PASSWORD = "pick-a-password"
    output = run_demo()

    assert set(Cluster.objects.values_list("name", flat=True)) == SIX_CLUSTERS
    assert Organisation.objects.count() == 300
    assert Contact.objects.count() == 600
    assert Membership.objects.count() > 250
    assert "'pick-a-password'" in output

    roles = dict(User.objects.values_list("username", "role"))
    assert roles == {
        "admin": Role.ADMIN,
        "manager": Role.MANAGER,
        "manager2": Role.MANAGER,
        "expert": Role.EXPERT,
        "analyst": Role.ANALYST,
    }
    assert User.objects.get(username="manager").check_password("pick-a-password")
    manager_clusters = set(
        User.objects.get(username="manager").managed_clusters.values_list("name", flat=True)
    )
    assert manager_clusters == {"AutoMobility", "CleanTech"}
    assert set(
        User.objects.get(username="manager2").managed_clusters.values_list("name", flat=True)
    ) == {"HealthTech"}

    organisations = Organisation.objects.prefetch_related("nace_activities")
    assert all(o.nace_activities.all() for o in organisations)
    assert all(o.commune in LUXEMBOURG_COMMUNES for o in organisations)
    assert all(o.postcode.startswith("L-") for o in organisations)
    assert Organisation.objects.filter(size_class="").count() == 0
    assert Organisation.objects.values("size_class").distinct().count() == 4
    # every cluster has members, and some organisations belong to two clusters
    for cluster in Cluster.objects.all():
        assert cluster.memberships.count() >= 30
    assert Organisation.objects.filter(memberships__isnull=True).exists()  # prospects
    multi = [o for o in Organisation.objects.all() if o.memberships.count() > 1]
    assert len(multi) >= 10
    # everything went through the services: the audit log tells the story
    assert AuditEvent.objects.filter(action="create").count() >= 300 + 600


def test_running_demo_again_adds_nothing_and_resets_the_demo_passwords(settings):
    run_demo("--organisations", "12", "--contacts", "20")
    counts = (Organisation.objects.count(), Contact.objects.count(), Cluster.objects.count())
    settings.CLUSTERDESK_DEMO_PASSWORD = "changed"
    output = run_demo("--organisations", "12", "--contacts", "20")
    assert (Organisation.objects.count(), Contact.objects.count(), Cluster.objects.count()) == (
        counts
    )
    assert "none added" in output
    assert User.objects.filter(username="admin").count() == 1
    assert User.objects.get(username="expert").check_password("changed")


def test_demo_leaves_an_existing_directory_alone(organisation_a):
    run_demo("--organisations", "5", "--contacts", "5")
    assert list(Organisation.objects.all()) == [organisation_a]
    assert set(SIX_CLUSTERS) <= set(Cluster.objects.values_list("name", flat=True))


def test_demo_runs_the_loaders_other_apps_register_with_the_directory_and_users(settings):

    received: dict[str, Any] = {}

    def loader(*, organisations, users, rng):
        received.update(organisations=len(organisations), users=sorted(users), draw=rng.random())
        return 7

    demo.register("test-journeys", loader, order=99)
    try:
        out = StringIO()
        call_command("demo", organisations=12, contacts=10, stdout=out)
    finally:
        demo._LOADERS.pop("test-journeys")
    assert received["organisations"] == Organisation.objects.count() == 12
    assert {"admin", "manager", "expert"} <= set(received["users"])
    assert "test-journeys: 7 records" in out.getvalue()
