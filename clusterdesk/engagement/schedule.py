"""When the daily digests are queued: once a day, from `CLUSTERDESK_DIGEST_HOUR` (local
time), by `clusterdesk worker` (so `make run` and a production worker send them without a
cron job; `clusterdesk digest` does the same by hand). Sending is idempotent per person and
day (DigestLog), so a restarted worker that queues the day again sends nothing twice."""

from __future__ import annotations

import datetime
import logging
import threading

from django.conf import settings
from django.db import close_old_connections, transaction
from django.utils import timezone

logger = logging.getLogger("clusterdesk.engagement")


def digest_day_due(
    now: datetime.datetime, last_day: datetime.date | None, hour: int
) -> datetime.date | None:
    """The day whose digests should be queued at `now` (local), or None: today, once it is
    `hour` o'clock or later, unless today's were queued already."""
    today = now.date()
    if now.hour < hour or last_day == today:
        return None
    return today


def queue_due_digests(last_day: datetime.date | None) -> datetime.date | None:
    """Queue today's digests if they are due; returns the last day queued."""
    from clusterdesk.engagement import tasks

    day = digest_day_due(timezone.localtime(), last_day, settings.CLUSTERDESK_DIGEST_HOUR)
    if day is None:
        return last_day
    with transaction.atomic():
        count = tasks.enqueue_digests(day)
    logger.info("Digests of %s: %d queued.", day, count)
    return day


def start_digest_scheduler(stop: threading.Event, interval: float = 60.0) -> threading.Thread:
    """A daemon thread that queues the digests when due, looking every `interval` seconds."""

    def run() -> None:
        last_day = None
        while not stop.is_set():
            close_old_connections()
            try:
                last_day = queue_due_digests(last_day)
            except Exception:  # a database hiccup must not stop the worker's scheduling
                logger.exception("Queuing the digests failed; trying again later.")
            finally:
                close_old_connections()
            stop.wait(interval)

    thread = threading.Thread(target=run, name="digest-scheduler", daemon=True)
    thread.start()
    return thread
