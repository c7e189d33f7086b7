"""`clusterdesk reindex [--kind organisations] [--batch-size 2000]`: rebuild the search index."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from clusterdesk.core import search


class Command(BaseCommand):
    help = (
        "Rebuild the search index from the records, kind by kind (each kind in one "
        "transaction: searches keep working meanwhile). Run it after an upgrade that "
        "changes what is indexed, or after writing records without the services."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--kind",
            action="append",
            dest="kinds",
            metavar="KIND",
            help=f"Only this kind (repeatable): {', '.join(search.kinds())}.",
        )
        parser.add_argument("--batch-size", type=int, default=2000)

    def handle(self, *args: Any, **options: Any) -> None:
        kinds = options["kinds"] or search.kinds()
        unknown = [kind for kind in kinds if kind not in search.kinds()]
        if unknown:
            raise CommandError(
                f"Unknown kind {unknown[0]!r}: use one of {', '.join(search.kinds())}."
            )
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.")
        for kind in kinds:
            started = time.perf_counter()
            count = search.rebuild([kind], batch_size=options["batch_size"])[kind]
            elapsed = time.perf_counter() - started
            rate = count / elapsed if elapsed else 0
            self.stdout.write(
                f"{kind}: {count:,} records indexed in {elapsed:.1f} s ({rate:,.0f}/s)."
            )
        self.stdout.write(self.style.SUCCESS("Search index rebuilt."))
