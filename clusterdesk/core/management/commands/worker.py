"""`clusterdesk worker`: run the background tasks (large imports, digest emails) queued in
the database by the web pages, and queue the daily digests once a day
(`CLUSTERDESK_DIGEST_HOUR`). `make run` starts one next to the web
server; in production run it as its own service, as many as you like."""

from __future__ import annotations

import threading
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the background worker that executes queued tasks (imports…)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--batch", action="store_true", help="run the tasks waiting now, then stop"
        )
        parser.add_argument(
            "--interval", type=float, default=1.0, help="seconds between looks at the queue"
        )
        parser.add_argument("--max-tasks", type=int, default=None, help="stop after this many")
        parser.add_argument(
            "--no-digests",
            action="store_true",
            help="do not queue the daily digest emails (another worker or cron does)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        backend = settings.TASKS["default"]["BACKEND"]
        if not backend.startswith("django_tasks_db."):
            self.stdout.write(f"Tasks run inside the web process ({backend}): no worker needed.")
            return
        stop = threading.Event()
        if not options["batch"] and not options["no_digests"]:
            from clusterdesk.engagement.schedule import start_digest_scheduler

            start_digest_scheduler(stop)
        try:
            self._run(options)
        finally:
            stop.set()

    def _run(self, options: dict[str, Any]) -> None:
        call_command(
            "db_worker",
            batch=options["batch"],
            interval=options["interval"],
            max_tasks=options["max_tasks"],
            reload=False,
            startup_delay=False,
            queue_name="*",
        )
