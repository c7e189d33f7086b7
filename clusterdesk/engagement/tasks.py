"""Background tasks of engagement, run by `clusterdesk worker`: the daily digest. Tasks take
ids and an ISO date, are idempotent (one digest per person and day) and are enqueued with
`transaction.on_commit`."""

from __future__ import annotations

import datetime
from functools import partial

from django.db import transaction
from django_tasks import task


@task()
def send_digest(user_id: int, day_iso: str) -> bool:
    from clusterdesk.engagement import digest

    return digest.send_digest(user_id, datetime.date.fromisoformat(day_iso))


def enqueue_digests(day: datetime.date) -> int:
    """Schedule the digest of `day` for everyone with agenda items; returns how many."""
    from clusterdesk.engagement import digest

    people = digest.recipients(day)
    for user in people:
        transaction.on_commit(partial(send_digest.enqueue, user.pk, day.isoformat()))
    return len(people)
