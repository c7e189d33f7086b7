"""`clusterdesk import FILE --kind organisations|contacts`: import a CSV, CSV.GZ or XLSX file
from the command line, with the same checks, duplicate detection and report as the web
page. Commits only when no row has an error, unless --skip-invalid."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from clusterdesk.imports import command
from clusterdesk.imports.parsing import ImportFileError, size_limit_message
from clusterdesk.imports.targets import CONTACTS, ORGANISATIONS


class Command(BaseCommand):
    help = "Import organisations or contacts from a CSV, CSV.GZ or XLSX file."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--kind", required=True, choices=[ORGANISATIONS, CONTACTS])
        parser.add_argument(
            "--mapping",
            type=Path,
            help='JSON: {"column name": "field", …, "external_source": "cordis"}',
        )
        parser.add_argument(
            "--skip-invalid", action="store_true", help="import the valid rows, report the rest"
        )
        parser.add_argument("--dry-run", action="store_true", help="check and report, save nothing")
        parser.add_argument("--user", help="username recorded as the importer (default: system)")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        if path.stat().st_size > settings.CLUSTERDESK_IMPORT_MAX_BYTES:
            raise CommandError(size_limit_message(settings.CLUSTERDESK_IMPORT_MAX_BYTES))
        mapping = self._mapping(options["mapping"])
        try:
            outcome = command.run(
                content=path.read_bytes(),
                file_name=path.name,
                kind=options["kind"],
                mapping=mapping,
                user=self._user(options["user"]),
                skip_invalid=options["skip_invalid"],
                dry_run=options["dry_run"],
            )
        except ImportFileError as error:
            raise CommandError(f"{path.name}: {error}") from error
        self.stdout.write(outcome.report)
        if outcome.refusal:
            raise CommandError(outcome.refusal)
        self.stdout.write(self.style.SUCCESS(outcome.conclusion))

    def _mapping(self, path: Path | None) -> dict[str, str] | None:
        if path is None:
            return None
        try:
            mapping = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(f"--mapping {path}: not a readable JSON file ({error}).") from error
        if not isinstance(mapping, dict) or not all(
            isinstance(value, str) for value in mapping.values()
        ):
            raise CommandError(f'--mapping {path}: expected {{"column name": "field", …}}.')
        return mapping

    def _user(self, username: str | None) -> Any:
        if not username:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"--user {username}: no such user.")
        return user
