"""Writes through the services: validation, audit on the company file, versions, search."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils import timezone

from clusterdesk.core import search
from clusterdesk.core.audit import timeline
from clusterdesk.core.concurrency import StaleVersionError
from clusterdesk.core.models import AuditEvent
from clusterdesk.engagement import services
from clusterdesk.engagement.models import CadenceRule, CalendarFeed, FollowUp, Interaction
from clusterdesk.engagement.services.feeds import token_digest
from clusterdesk.organisations.models import RelationshipStatus, Tag

pytestmark = pytest.mark.django_db


# --- interactions ----------------------------------------------------------------------------


def events_of(record: Any, **lookups: Any) -> Any:
    return AuditEvent.objects.filter(
        object_type=ContentType.objects.get_for_model(record), object_id=record.pk, **lookups
    )


def test_logging_an_interaction_puts_it_on_the_company_file_timeline(
    interaction_a: Any, organisation_a: Any, manager_a: Any, contact_a: Any
) -> None:
    event = timeline(organisation_a).get(pk=events_of(interaction_a).get().pk)
    assert event.action == "create"
    assert event.actor == manager_a
    assert event.changes["contacts"] == [None, ["Anne Schmit"]]
    assert event.changes["themes"] == [None, ["Digitalisation"]]
    assert event.changes["kind"] == [None, "video_call"]
    assert interaction_a.created_by == manager_a
    assert list(interaction_a.participants.all()) == [manager_a]
    assert interaction_a.version == 1


def test_the_events_of_a_confidential_interaction_are_marked_for_its_cluster(
    secret_a: Any, cluster_a: Any
) -> None:
    event = events_of(secret_a, action="create").get()
    assert event.confidential_cluster_id == cluster_a.pk


def test_only_contacts_of_the_organisation_may_be_chosen(
    make_interaction: Any, organisation_a: Any, contact_b: Any
) -> None:
    with pytest.raises(ValidationError) as error:
        make_interaction(organisation_a, contacts=[contact_b])
    assert "contacts" in error.value.message_dict
    assert "Luc Weber" in error.value.message_dict["contacts"][0]
    assert not Interaction.objects.exists()


def test_unknown_themes_are_refused_and_known_ones_kept_in_order(
    make_interaction: Any, organisation_a: Any
) -> None:
    with pytest.raises(ValidationError) as error:
        make_interaction(organisation_a, themes=["space_tourism"])
    assert "themes" in error.value.message_dict
    interaction = make_interaction(
        organisation_a,
        themes=["sustainable_development", "digitalisation", "digitalisation"],
    )
    assert interaction.themes == ["digitalisation", "sustainable_development"]


def test_a_missing_cluster_or_kind_names_the_field(manager_a: Any, organisation_a: Any) -> None:
    with pytest.raises(ValidationError) as error:
        services.interaction_create(
            actor=manager_a,
            data={"organisation": organisation_a, "cluster": None, "kind": "carrier_pigeon"},
        )
    assert {"cluster", "kind"} <= set(error.value.message_dict)


def test_a_date_far_in_the_future_or_past_is_refused(
    make_interaction: Any, organisation_a: Any
) -> None:
    for day in (datetime.date(1999, 12, 31), timezone.localdate() + datetime.timedelta(days=400)):
        with pytest.raises(ValidationError) as error:
            make_interaction(organisation_a, occurred_on=day)
        assert "occurred_on" in error.value.message_dict


def test_analysts_cannot_take_part_in_interactions(
    make_interaction: Any, organisation_a: Any, analyst: Any
) -> None:
    with pytest.raises(ValidationError) as error:
        make_interaction(organisation_a, participants=[analyst])
    assert "participants" in error.value.message_dict


def test_a_follow_up_date_plans_a_follow_up_from_the_interaction(
    manager_a: Any, organisation_a: Any, cluster_a: Any
) -> None:
    due = timezone.localdate() + datetime.timedelta(days=7)
    interaction = services.interaction_create(
        actor=manager_a,
        data={"organisation": organisation_a, "cluster": cluster_a, "kind": "meeting"},
        follow_up_on=due,
        follow_up_note="Send the Fit 4 Digital brochure",
    )
    follow_up = FollowUp.objects.get()
    assert follow_up.interaction == interaction
    assert follow_up.owner == manager_a
    assert follow_up.due_on == due
    assert follow_up.cluster == cluster_a
    assert follow_up.note == "Send the Fit 4 Digital brochure"


def test_changing_an_interaction_records_what_changed(
    interaction_a: Any, manager_a: Any, organisation_a: Any
) -> None:
    services.interaction_update(
        actor=manager_a,
        interaction=interaction_a,
        data={"kind": "visit", "contacts": [], "summary": "Visited the plant."},
        expected_version=1,
    )
    interaction_a.refresh_from_db()
    assert interaction_a.version == 2
    assert interaction_a.kind == "visit"
    assert not interaction_a.contacts.exists()
    event = timeline(organisation_a).get(pk=events_of(interaction_a, action="update").get().pk)
    assert event.changes["kind"] == ["video_call", "visit"]
    assert event.changes["contacts"] == [["Anne Schmit"], []]


def test_a_stale_version_is_refused(interaction_a: Any, manager_a: Any) -> None:
    services.interaction_update(
        actor=manager_a, interaction=interaction_a, data={"summary": "v2"}, expected_version=1
    )
    with pytest.raises(StaleVersionError):
        services.interaction_update(
            actor=manager_a, interaction=interaction_a, data={"summary": "v3"}, expected_version=1
        )
    interaction_a.refresh_from_db()
    assert interaction_a.summary == "v2"


def test_deleting_an_interaction_keeps_its_follow_ups_and_the_audit(
    manager_a: Any, organisation_a: Any, cluster_a: Any
) -> None:
    interaction = services.interaction_create(
        actor=manager_a,
        data={"organisation": organisation_a, "cluster": cluster_a},
        follow_up_on=timezone.localdate(),
    )
    interaction_id = interaction.pk
    services.interaction_delete(actor=manager_a, interaction=interaction, expected_version=1)
    assert not Interaction.objects.exists()
    assert FollowUp.objects.get().interaction is None
    deleted = timeline(organisation_a).filter(action="delete", object_id=interaction_id)
    assert deleted.get().object_type.model == "interaction"


def test_interactions_are_searchable_by_summary_and_organisation(
    interaction_a: Any, manager_a: Any
) -> None:
    found = search.Search(user=manager_a, query="pilot line", kinds=["interactions"])
    assert [hit.url for hit in found.hits()] == [interaction_a.get_absolute_url()]
    found = search.Search(user=manager_a, query="Moselle", kinds=["interactions"])
    assert found.total == 1
    services.interaction_delete(actor=manager_a, interaction=interaction_a, expected_version=1)
    assert search.Search(user=manager_a, query="pilot", kinds=["interactions"]).total == 0


def test_confidential_interactions_are_found_only_by_those_who_may_see_them(
    secret_a: Any, cast: dict
) -> None:
    counts = {
        role: search.Search(user=user, query="takeover", kinds=["interactions"]).total
        for role, user in cast.items()
        if role != "analyst"
    }
    assert counts == {"admin": 1, "manager_a": 1, "manager_b": 0, "expert": 0}


# --- follow-ups ------------------------------------------------------------------------------


def test_a_follow_up_is_audited_on_the_company_file(
    make_follow_up: Any, organisation_a: Any
) -> None:
    follow_up = make_follow_up(organisation_a)
    assert timeline(organisation_a).filter(pk__in=events_of(follow_up).values("pk")).exists()
    assert not follow_up.is_done


def test_marking_a_follow_up_done_sets_today_once(
    make_follow_up: Any, organisation_a: Any, manager_a: Any
) -> None:
    follow_up = make_follow_up(organisation_a)
    done = services.follow_up_mark_done(actor=manager_a, follow_up=follow_up, expected_version=1)
    assert done.done_on == timezone.localdate()
    again = services.follow_up_mark_done(actor=manager_a, follow_up=done, expected_version=1)
    assert again.version == 2


def test_a_follow_up_owner_must_be_a_manager_or_admin(
    make_follow_up: Any, organisation_a: Any, expert: Any
) -> None:
    with pytest.raises(ValidationError) as error:
        make_follow_up(organisation_a, owner=expert)
    assert "owner" in error.value.message_dict


def test_a_follow_up_cannot_be_done_in_the_future(
    make_follow_up: Any, organisation_a: Any, manager_a: Any
) -> None:
    follow_up = make_follow_up(organisation_a)
    with pytest.raises(ValidationError) as error:
        services.follow_up_update(
            actor=manager_a,
            follow_up=follow_up,
            data={"done_on": timezone.localdate() + datetime.timedelta(days=1)},
            expected_version=1,
        )
    assert "done_on" in error.value.message_dict


def test_a_follow_up_of_another_organisations_interaction_is_refused(
    make_follow_up: Any, interaction_a: Any, organisation_b: Any
) -> None:
    with pytest.raises(ValidationError) as error:
        make_follow_up(organisation_b, interaction=interaction_a)
    assert "interaction" in error.value.message_dict


def test_a_follow_up_of_a_confidential_interaction_is_confidential_too(
    make_follow_up: Any, secret_a: Any, organisation_a: Any, cluster_a: Any
) -> None:
    follow_up = make_follow_up(organisation_a, interaction=secret_a, note="Call the lawyer")
    assert follow_up.confidential
    event = events_of(follow_up, action="create").get()
    assert event.confidential_cluster_id == cluster_a.pk


def test_deleting_a_follow_up_is_audited(
    make_follow_up: Any, organisation_a: Any, manager_a: Any
) -> None:
    follow_up = make_follow_up(organisation_a)
    services.follow_up_delete(actor=manager_a, follow_up=follow_up, expected_version=1)
    assert not FollowUp.objects.exists()
    assert timeline(organisation_a).filter(action="delete").exists()


# --- cadence rules ---------------------------------------------------------------------------


def test_a_cadence_rule_needs_a_status_or_a_tag(admin: Any) -> None:
    with pytest.raises(ValidationError) as error:
        services.cadence_rule_create(actor=admin, data={"name": "Everyone", "max_days": 30})
    assert "status" in error.value.message_dict
    tag = Tag.objects.create(name="Key account", slug="key-account")
    rule = services.cadence_rule_create(
        actor=admin, data={"name": "Key accounts", "tag": tag, "max_days": 30}
    )
    assert rule.tag == tag


def test_a_cadence_rule_is_changed_and_deleted_with_its_version(admin: Any) -> None:
    rule = services.cadence_rule_create(
        actor=admin,
        data={"name": "  Members  quarterly ", "status": RelationshipStatus.MEMBER, "max_days": 90},
    )
    assert rule.name == "Members quarterly"
    services.cadence_rule_update(actor=admin, rule=rule, data={"max_days": 60}, expected_version=1)
    with pytest.raises(StaleVersionError):
        services.cadence_rule_delete(actor=admin, rule=rule, expected_version=1)
    services.cadence_rule_delete(actor=admin, rule=rule, expected_version=2)
    assert not CadenceRule.objects.exists()


def test_a_cadence_rule_of_zero_days_is_refused(admin: Any) -> None:
    with pytest.raises(ValidationError) as error:
        services.cadence_rule_create(
            actor=admin, data={"name": "x", "status": "member", "max_days": 0}
        )
    assert "max_days" in error.value.message_dict


# --- calendar feeds --------------------------------------------------------------------------


def test_a_calendar_feed_keeps_only_a_digest_of_its_token(manager_a: Any) -> None:
    feed, token = services.calendar_feed_create(actor=manager_a, user=manager_a)
    assert feed.token_hash == token_digest(token)
    assert token not in feed.token_hash
    assert services.calendar_feed_for_token(token) == feed


def test_a_new_calendar_feed_revokes_the_previous_one(manager_a: Any) -> None:
    first, old_token = services.calendar_feed_create(actor=manager_a, user=manager_a)
    _second, new_token = services.calendar_feed_create(actor=manager_a, user=manager_a)
    first.refresh_from_db()
    assert first.revoked_at is not None
    assert services.calendar_feed_for_token(old_token) is None
    assert services.calendar_feed_for_token(new_token) is not None
    assert CalendarFeed.objects.filter(revoked_at=None).count() == 1


def test_a_revoked_feed_or_a_deactivated_user_has_no_feed(manager_a: Any) -> None:
    feed, token = services.calendar_feed_create(actor=manager_a, user=manager_a)
    services.calendar_feed_revoke(actor=manager_a, feed=feed)
    assert services.calendar_feed_for_token(token) is None
    _feed, token = services.calendar_feed_create(actor=manager_a, user=manager_a)
    manager_a.is_active = False
    manager_a.save()
    assert services.calendar_feed_for_token(token) is None
    with pytest.raises(ValidationError):
        services.calendar_feed_create(actor=manager_a, user=manager_a)


def test_an_organisation_with_interactions_is_kept_with_them_and_stays_found(
    interaction_a: Any, organisation_a: Any, admin: Any
) -> None:
    from clusterdesk.organisations.services import organisation_delete

    with pytest.raises(ValidationError, match="interactions"):
        organisation_delete(
            actor=admin, organisation=organisation_a, expected_version=organisation_a.version
        )
    assert Interaction.objects.filter(pk=interaction_a.pk).exists()
    assert search.Search(user=admin, query="pilot", kinds=["interactions"]).total == 1
