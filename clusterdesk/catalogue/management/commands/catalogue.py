"""`clusterdesk catalogue import-eu-calls|load-offers`: fill the catalogue from files.

clusterdesk catalogue import-eu-calls                    # the shipped EU calls
clusterdesk catalogue import-eu-calls path/open.jsonl.gz # a newer SEDIA export
clusterdesk catalogue load-offers instruments path/instruments.json
clusterdesk catalogue load-offers trainings              # the shipped trainings

Both are all or nothing: a file that cannot be read, or an entry that is not valid, stops
the command with an error on stderr naming what is wrong, a non-zero exit code, and
nothing stored.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from clusterdesk.catalogue import eu_calls, services
from clusterdesk.catalogue.offers_file import (
    DEFAULT_FILES,
    KINDS,
    OffersFileError,
    load_offers_file,
)
from clusterdesk.catalogue.services import ImportCounts


class Command(BaseCommand):
    help = "Import EU calls for projects, or load support instruments and trainings."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        calls = actions.add_parser(
            "import-eu-calls",
            help="Create or update calls from an EU Funding & Tenders (SEDIA) export.",
        )
        calls.add_argument(
            "path",
            nargs="?",
            default=str(eu_calls.DEFAULT_PATH),
            help=(
                "open.jsonl.gz (or .jsonl) or calls.csv (or .csv.gz); the copy shipped with "
                "clusterdesk by default."
            ),
        )
        offers = actions.add_parser(
            "load-offers", help="Create or update instruments or trainings from a JSON file."
        )
        offers.add_argument("kind", choices=sorted(KINDS))
        offers.add_argument("path", nargs="?", help="the shipped file of that kind by default")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "import-eu-calls":
            self._import_calls(Path(options["path"]))
        else:
            kind = options["kind"]
            self._load_offers(kind, Path(options["path"] or DEFAULT_FILES[kind]))

    def _import_calls(self, path: Path) -> None:
        try:
            topics = list(eu_calls.read_topics(path))
            counts = services.calls_import(actor=None, topics=topics)
        except FileNotFoundError as error:
            raise CommandError(f"{path}: no such file. Nothing was imported.") from error
        except OSError as error:
            raise CommandError(f"{path}: {error}. Nothing was imported.") from error
        except eu_calls.TopicFileError as error:
            raise CommandError(
                f"{path} is not a SEDIA topics export: {error}. Nothing was imported."
            ) from error
        except ValidationError as error:
            raise CommandError(f"{path}: {' '.join(error.messages)} Nothing was imported.") from (
                error
            )
        self._report(f"Calls from {path}", counts)

    def _load_offers(self, kind: str, path: Path) -> None:
        try:
            counts = load_offers_file(path, kind)
        except OffersFileError as error:
            lines = "\n".join(f"  {problem}" for problem in error.problems)
            raise CommandError(f"{path}: nothing was loaded.\n{lines}") from error
        self._report(f"{kind.capitalize()} from {path}", counts)

    def _report(self, what: str, counts: ImportCounts) -> None:
        self.stdout.write(
            self.style.SUCCESS(
                f"{what}: {counts.created} created, {counts.updated} updated, "
                f"{counts.unchanged} unchanged."
            )
        )
