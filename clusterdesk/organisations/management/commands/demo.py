"""`clusterdesk demo`: load the demo data set (idempotent)."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from clusterdesk.organisations.demo import load_demo


class Command(BaseCommand):
    help = (
        "Create the demo clusters, organisations, contacts and one user per role. "
        "Organisations and contacts are added only to an empty directory."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisations", type=int, default=300)
        parser.add_argument("--contacts", type=int, default=600)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        password = settings.CLUSTERDESK_DEMO_PASSWORD
        report = load_demo(
            password=password,
            organisations=options["organisations"],
            contacts=options["contacts"],
            seed=options["seed"],
        )
        elapsed = time.perf_counter() - started
        if report.skipped_directory:
            self.stdout.write("Directory already holds organisations: none added.")
        else:
            self.stdout.write(
                f"Created {report.clusters_created} clusters, "
                f"{report.organisations_created} organisations, "
                f"{report.contacts_created} contacts and "
                f"{report.memberships_created} memberships in {elapsed:.1f} s."
            )
            for name, count in report.journeys.items():
                self.stdout.write(f"  {name}: {count} records")
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo users: {', '.join(report.users)} — password: {password!r} "
                "(set CLUSTERDESK_DEMO_PASSWORD to change it)"
            )
        )
