"""`clusterdesk seed --organisations N --contacts M`: a large realistic data set, fast."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from clusterdesk.organisations.seed import seed


class Command(BaseCommand):
    help = (
        "Add N organisations and M contacts (real NACE codes, Luxembourg communes, cluster "
        "memberships) in bulk, then build the search index. For benchmarks and load tests."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisations", type=int, default=100_000)
        parser.add_argument("--contacts", type=int, default=300_000)
        parser.add_argument("--seed", type=int, default=7, help="random seed (same data twice)")

    def handle(self, *args: Any, **options: Any) -> None:
        report = seed(
            organisations=options["organisations"],
            contacts=options["contacts"],
            random_seed=options["seed"],
            password=settings.CLUSTERDESK_DEMO_PASSWORD,
            progress=lambda line: self.stdout.write(line) if options["verbosity"] else None,
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {report.organisations:,} organisations, {report.contacts:,} contacts "
                f"and {report.memberships:,} memberships in {report.seconds:.0f} s "
                f"({(report.organisations + report.contacts) / max(report.seconds, 0.001):,.0f}"
                " records/s, search index included)."
            )
        )
