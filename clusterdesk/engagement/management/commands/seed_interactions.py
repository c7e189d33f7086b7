"""`clusterdesk seed_interactions --count N`: N realistic interactions over the organisations
already there (after `clusterdesk seed`), inserted in bulk for benchmarks and load tests."""

from __future__ import annotations

import random
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from clusterdesk.engagement.seed import seed_interactions


class Command(BaseCommand):
    help = "Add N interactions (with the contacts met) in bulk, for benchmarks."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--count", type=int, default=2_000_000)
        parser.add_argument("--seed", type=int, default=7, help="random seed (same data twice)")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        inserted = seed_interactions(
            count=options["count"],
            rng=random.Random(options["seed"]),
            progress=lambda line: self.stdout.write(line) if options["verbosity"] else None,
        )
        seconds = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {inserted:,} interactions in {seconds:.0f} s "
                f"({inserted / max(seconds, 0.001):,.0f} rows/s)."
            )
        )
