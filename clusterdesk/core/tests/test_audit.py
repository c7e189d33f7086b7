"""The audit log: plain values, diffs, timelines and how events read."""

from __future__ import annotations

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import translation

from clusterdesk.core.audit import (
    attach_links,
    confidential_cluster_id,
    describe,
    diff,
    record,
    snapshot,
    timeline,
    timeline_kinds,
)
from clusterdesk.core.middleware import RequestIdMiddleware
from clusterdesk.core.models import AuditAction, AuditEvent, AuditEventLink
from clusterdesk.core.web import TIMELINE_PAGE_SIZE, timeline_page
from clusterdesk.organisations import services
from clusterdesk.organisations.models import NaceActivity

pytestmark = pytest.mark.django_db


def test_diff_keeps_only_changed_fields_and_ignores_empty_to_empty():
    before = {"name": "A", "trade_name": "", "headcount": 5, "tags": []}
    after = {"name": "B", "trade_name": None, "headcount": 5, "tags": ["x"]}
    assert diff(before, after) == {"name": ["A", "B"], "tags": [[], ["x"]]}


def test_diff_of_a_creation_and_of_a_deletion():
    assert diff({}, {"name": "A", "street": ""}) == {"name": [None, "A"]}
    assert diff({"name": "A", "street": ""}, {}) == {"name": ["A", None]}


def test_snapshot_stores_plain_readable_values(organisation_a):
    services.organisation_update(
        actor=None,
        organisation=organisation_a,
        data={
            "turnover": Decimal("2500000"),
            "nace_activities": list(NaceActivity.objects.filter(code__in=["29.32", "25.62"])),
        },
        expected_version=None,
    )
    organisation_a.refresh_from_db()
    values = snapshot(organisation_a, ["turnover", "nace_activities", "created_at", "country"])
    assert values["turnover"] == "2500000"
    assert [item.split(" ")[0] for item in values["nace_activities"]] == ["25.62", "29.32"]
    assert datetime.datetime.fromisoformat(values["created_at"])
    assert values["country"] == "LU"


def test_a_timeline_lists_events_of_the_record_and_of_its_children_newest_first(
    organisation_a, contact_a
):
    events = list(timeline(organisation_a))
    kinds = [event.object_type.model for event in events]
    assert kinds[0] == "affiliation"  # contact_a was linked last
    assert "membership" in kinds
    assert kinds[-1] == "organisation"  # the creation comes first in time
    assert [e.created_at for e in events] == sorted((e.created_at for e in events), reverse=True)


def test_events_read_with_field_labels_and_choice_labels_in_the_active_language(organisation_a):
    services.organisation_update(
        actor=None,
        organisation=organisation_a,
        data={"status": "partner"},
        expected_version=None,
    )
    event = timeline(organisation_a).first()
    with translation.override("en"):
        lines = describe(event)
    assert [(line.field, line.old, line.new) for line in lines] == [
        ("relationship status", "Member", "Partner")
    ]


def test_events_are_linked_to_the_page_of_their_record_while_it_exists(organisation_a, admin):
    events = attach_links(timeline(organisation_a))
    assert {event.target_url for event in events} >= {organisation_a.get_absolute_url()}
    services.organisation_delete(actor=admin, organisation=organisation_a, expected_version=None)
    deleted = AuditEvent.objects.filter(object_repr=organisation_a.legal_name)
    assert {event.target_url for event in attach_links(deleted)} == {""}


def test_an_event_keeps_the_request_id_of_the_request_that_made_it(rf, organisation_a):
    captured = {}

    def view(request):
        captured["event"] = record(
            actor=None, action=AuditAction.UPDATE, instance=organisation_a, changes={}
        )
        from django.http import HttpResponse

        return HttpResponse("ok")

    response = RequestIdMiddleware(view)(rf.get("/", HTTP_X_REQUEST_ID="req-42"))
    assert response["X-Request-ID"] == "req-42"
    assert captured["event"].request_id == "req-42"


def test_a_malformed_request_id_is_replaced(rf):
    from django.http import HttpResponse

    response = RequestIdMiddleware(lambda request: HttpResponse())(
        rf.get("/", HTTP_X_REQUEST_ID="<script>")
    )
    assert response["X-Request-ID"] != "<script>"
    assert len(response["X-Request-ID"]) == 32


def test_events_of_a_confidential_record_are_read_only_by_admins_and_its_cluster_managers(
    organisation_a, cluster_a, admin, manager_a, manager_b, expert
):
    secret = SimpleNamespace(confidential=True, cluster_id=cluster_a.pk)
    assert confidential_cluster_id(secret) == cluster_a.pk
    assert confidential_cluster_id(organisation_a) is None
    # Recorded as a confidential record of cluster A would be (a confidential interaction).
    organisation_a.confidential, organisation_a.cluster_id = True, cluster_a.pk
    event = record(actor=manager_a, action=AuditAction.UPDATE, instance=organisation_a)
    assert event.confidential_cluster_id == cluster_a.pk

    def readers_see(user) -> bool:
        return timeline(organisation_a, user=user).filter(pk=event.pk).exists()

    assert readers_see(admin)
    assert readers_see(manager_a)
    assert not readers_see(manager_b)
    assert not readers_see(expert)
    hidden = (
        timeline(organisation_a, user=admin).count()
        - timeline(organisation_a, user=manager_b).count()
    )
    assert hidden == 1


def test_an_event_s_links_carry_its_time_kind_and_confidentiality_for_the_timeline(
    organisation_a, cluster_a, manager_a
):
    event = record(
        actor=manager_a, action=AuditAction.UPDATE, instance=cluster_a, timelines=[organisation_a]
    )
    links = list(AuditEventLink.objects.filter(event=event))
    assert len(links) == 2
    for link in links:
        assert (link.created_at, link.object_type_id, link.confidential_cluster_id) == (
            event.created_at,
            event.object_type_id,
            event.confidential_cluster_id,
        )


def test_a_timeline_is_newest_first_and_pages_without_counting(
    rf, organisation_a, manager_a, django_assert_num_queries
):
    events = [
        record(actor=manager_a, action=AuditAction.UPDATE, instance=organisation_a)
        for _ in range(TIMELINE_PAGE_SIZE + 5)
    ]
    first = timeline_page(rf.get("/"), timeline(organisation_a))
    assert [event.pk for event in first] == [e.pk for e in reversed(events)][:TIMELINE_PAGE_SIZE]
    assert first.has_next()
    assert first.next_page_number() == 2
    with django_assert_num_queries(1):
        second = timeline_page(rf.get("/?timeline_page=2"), timeline(organisation_a))
        second_ids = [event.pk for event in second]
    older = [event.pk for event in reversed(events)][TIMELINE_PAGE_SIZE:]
    assert second_ids[: len(older)] == older  # then the organisation's own creation, if any
    assert not second.has_next()
    assert list(timeline_page(rf.get("/?timeline_page=x"), timeline(organisation_a))) == list(first)


def test_the_company_file_timeline_filters_by_kind_of_record(
    client_for, organisation_a, cluster_b, manager_a
):
    services.membership_create(
        actor=manager_a,
        organisation=organisation_a,
        data={"cluster": cluster_b, "since": datetime.date(2024, 1, 1)},
    )
    client = client_for("manager_a")
    everything = client.get(organisation_a.get_absolute_url())
    assert "?timeline_kind=organisations.membership" in everything.content.decode()
    memberships = client.get(
        organisation_a.get_absolute_url(), {"timeline_kind": "organisations.membership"}
    )
    events = list(memberships.context["timeline"])
    assert events
    assert {event.object_type.model for event in events} == {"membership"}
    ignored = client.get(organisation_a.get_absolute_url(), {"timeline_kind": "no.such"})
    assert {event.object_type.model for event in ignored.context["timeline"]} > {"membership"}


def test_a_change_named_after_a_reverse_relation_reads_with_its_models_plural(
    organisation_a, manager_a
):
    event = record(
        actor=manager_a,
        action=AuditAction.UPDATE,
        instance=organisation_a,
        changes={"memberships": ["2", "3"], "source": [None, "import #4"]},
    )
    lines = {line.field: (line.old, line.new) for line in describe(event)}
    assert lines == {"memberships": ("2", "3"), "source": ("—", "import #4")}


def test_the_timeline_filter_offers_a_kind_only_to_who_may_read_its_events(
    organisation_a, cluster_a, admin, manager_a, manager_b
):
    # Recorded as a confidential record of cluster A would be (a confidential interaction).
    cluster_a.confidential, cluster_a.cluster_id = True, cluster_a.pk
    record(
        actor=manager_a, action=AuditAction.UPDATE, instance=cluster_a, timelines=[organisation_a]
    )
    label = ("organisations.cluster", "Clusters")
    assert label in timeline_kinds(organisation_a, user=admin)
    assert label in timeline_kinds(organisation_a, user=manager_a)
    assert label not in timeline_kinds(organisation_a, user=manager_b)
    assert not timeline(organisation_a, user=manager_b, kinds=["organisations.cluster"]).exists()
