"""The daily digest email: once per person and day, in their language, with links."""

from __future__ import annotations

import datetime
import logging
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from clusterdesk.engagement import digest, schedule, tasks
from clusterdesk.engagement.models import DigestLog

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 3, 10)


@pytest.fixture
def agenda_of_a(make_follow_up: Any, organisation_a: Any) -> None:
    make_follow_up(organisation_a, due_on=DAY, note="Call Anne about the pilot")
    make_follow_up(organisation_a, due_on=DAY - datetime.timedelta(days=4), note="Send the offer")
    make_follow_up(organisation_a, due_on=DAY + datetime.timedelta(days=4), note="Next week")


def test_the_digest_lists_the_day_and_the_overdue_items_with_absolute_links(
    agenda_of_a: Any, manager_a: Any, settings: Any
) -> None:
    settings.CLUSTERDESK_SITE_URL = "https://desk.agency.example.lu/"
    assert digest.send_digest(manager_a.pk, DAY) is True
    [message] = mail.outbox
    assert message.to == [manager_a.email]
    assert message.subject == "Your agenda for 2026-03-10: 2 items"
    assert "Call Anne about the pilot" in message.body
    assert "Send the offer" in message.body
    assert "Next week" not in message.body
    assert "https://desk.agency.example.lu/follow-ups/" in message.body
    assert message.body.index("Overdue") < message.body.index("My follow-ups")
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert 'href="https://desk.agency.example.lu/follow-ups/' in html
    assert "https://desk.agency.example.lu/my-week/" in html


def test_without_the_setting_links_point_to_the_local_server(
    agenda_of_a: Any, manager_a: Any, settings: Any
) -> None:
    if hasattr(settings, "CLUSTERDESK_SITE_URL"):
        del settings.CLUSTERDESK_SITE_URL
    digest.send_digest(manager_a.pk, DAY)
    assert "http://127.0.0.1:8000/follow-ups/" in mail.outbox[0].body


def test_a_digest_is_sent_once_per_person_and_day(agenda_of_a: Any, manager_a: Any) -> None:
    assert tasks.send_digest.call(manager_a.pk, DAY.isoformat()) is True
    assert tasks.send_digest.call(manager_a.pk, DAY.isoformat()) is False
    assert len(mail.outbox) == 1
    assert DigestLog.objects.get().items == 2


def test_the_digest_is_in_the_persons_language(agenda_of_a: Any, manager_a: Any) -> None:
    manager_a.preferred_language = "fr"
    manager_a.save()
    digest.send_digest(manager_a.pk, DAY)
    from django.utils import translation

    with translation.override("fr"):
        from clusterdesk.engagement.agenda import SECTION_LABELS, Section

        overdue = str(SECTION_LABELS[Section.OVERDUE])
    assert overdue in mail.outbox[0].body


def test_a_person_without_email_is_skipped_and_logged(
    agenda_of_a: Any, manager_a: Any, caplog: Any
) -> None:
    manager_a.email = ""
    manager_a.save()
    with caplog.at_level(logging.WARNING, logger="clusterdesk.engagement"):
        assert digest.send_digest(manager_a.pk, DAY) is False
        assert digest.recipients(DAY) == []
    assert mail.outbox == []
    assert "has no email address" in caplog.text
    assert not DigestLog.objects.exists()


def test_nobody_gets_an_empty_digest(manager_a: Any, cluster_a: Any) -> None:
    assert digest.send_digest(manager_a.pk, DAY) is False
    assert digest.recipients(DAY) == []
    assert mail.outbox == []


def test_an_unknown_or_inactive_person_gets_nothing(agenda_of_a: Any, manager_a: Any) -> None:
    assert digest.send_digest(999_999, DAY) is False
    manager_a.is_active = False
    manager_a.save()
    assert digest.send_digest(manager_a.pk, DAY) is False
    assert mail.outbox == []


def test_enqueue_digests_schedules_them_on_commit(
    agenda_of_a: Any, manager_a: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert tasks.enqueue_digests(DAY) == 1
    assert len(callbacks) == 1
    assert len(mail.outbox) == 1
    assert tasks.enqueue_digests(DAY) == 0  # already sent today


def test_the_digest_command_sends_at_once_with_now(
    agenda_of_a: Any, manager_a: Any, capsys: Any
) -> None:
    call_command("digest", "--date", DAY.isoformat(), "--now")
    assert "1 sent" in capsys.readouterr().out
    assert len(mail.outbox) == 1
    call_command("digest", "--date", DAY.isoformat(), "--now")
    assert len(mail.outbox) == 1


def test_the_digest_command_enqueues_by_default(
    agenda_of_a: Any, manager_a: Any, capsys: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        call_command("digest", "--date", DAY.isoformat())
    assert "1 enqueued" in capsys.readouterr().out
    assert len(mail.outbox) == 1


def test_the_digest_command_refuses_a_bad_date(cluster_a: Any) -> None:
    with pytest.raises(CommandError, match="--date"):
        call_command("digest", "--date", "10/03/2026")


def test_the_database_backend_takes_the_enqueued_digest(
    agenda_of_a: Any, manager_a: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        tasks.enqueue_digests(DAY)
    result = DBTaskResult.objects.get()
    assert result.args_kwargs["args"] == [manager_a.pk, DAY.isoformat()]
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("hour", "last_day", "due"),
    [
        (6, None, None),  # before the hour
        (7, None, DAY),  # from the hour
        (23, None, DAY),
        (9, DAY, None),  # already queued today
        (9, DAY - datetime.timedelta(days=1), DAY),  # yesterday's does not count
    ],
)
def test_the_worker_queues_the_digests_once_a_day_from_the_hour(
    hour: int, last_day: datetime.date | None, due: datetime.date | None
) -> None:
    now = datetime.datetime.combine(DAY, datetime.time(hour, 5))
    assert schedule.digest_day_due(now, last_day, 7) == due


def test_the_worker_schedule_sends_the_due_digests_and_remembers_the_day(
    agenda_of_a: Any,
    manager_a: Any,
    settings: Any,
    monkeypatch: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.CLUSTERDESK_DIGEST_HOUR = 7
    morning = timezone.make_aware(datetime.datetime.combine(DAY, datetime.time(8, 0)))
    monkeypatch.setattr(schedule.timezone, "localtime", lambda: morning)
    with django_capture_on_commit_callbacks(execute=True):
        assert schedule.queue_due_digests(None) == DAY
    assert len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert schedule.queue_due_digests(DAY) == DAY  # the same day: nothing queued again
    assert len(mail.outbox) == 1
