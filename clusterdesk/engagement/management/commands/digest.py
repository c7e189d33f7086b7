"""`clusterdesk digest [--date YYYY-MM-DD] [--now]`: the daily digest emails.

Enqueues (for `clusterdesk worker`) or, with --now, sends at once the digest of every active
person with something on their agenda. Run it once a day (cron, a systemd timer); running
it twice sends nothing twice.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from clusterdesk.engagement import digest, tasks


class Command(BaseCommand):
    help = "Enqueue (or send with --now) today's digest emails of everyone with agenda items."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="The day of the digest, YYYY-MM-DD (default: today).")
        parser.add_argument(
            "--now", action="store_true", help="Send in this process instead of the worker."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        day = timezone.localdate()
        if options["date"]:
            try:
                day = datetime.date.fromisoformat(options["date"])
            except ValueError as error:
                raise CommandError(
                    f"--date: {options['date']!r} is not a YYYY-MM-DD date."
                ) from error
        if options["now"]:
            sent = sum(
                bool(tasks.send_digest.call(user.pk, day.isoformat()))
                for user in digest.recipients(day)
            )
            self.stdout.write(self.style.SUCCESS(f"Digests of {day}: {sent} sent."))
            return
        with transaction.atomic():
            count = tasks.enqueue_digests(day)
        self.stdout.write(self.style.SUCCESS(f"Digests of {day}: {count} enqueued."))
