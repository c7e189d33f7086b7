"""`clusterdesk token create|list|revoke`: personal API tokens from the command line.

clusterdesk token create alice --name "reporting script"   # prints the token once
clusterdesk token list [alice]
clusterdesk token revoke 1a2b3c4d                           # or cd_1a2b3c4d or the token
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from clusterdesk.accounts import services, tokens
from clusterdesk.accounts.models import ApiToken


class Command(BaseCommand):
    help = "Create, list and revoke personal API tokens."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        create = actions.add_parser("create", help="Create a token and print it (only once).")
        create.add_argument("username")
        create.add_argument("--name", default="command line", help="What the token is for.")
        listing = actions.add_parser("list", help="List tokens (of one user, or everyone's).")
        listing.add_argument("username", nargs="?")
        revoke = actions.add_parser("revoke", help="Revoke a token, given by its prefix.")
        revoke.add_argument("prefix", help="e.g. 1a2b3c4d, cd_1a2b3c4d or the whole token")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['action']}")(options)

    def _create(self, options: dict[str, Any]) -> None:
        user = self._user(options["username"])
        try:
            token, text = services.api_token_create(actor=None, user=user, name=options["name"])
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stderr.write(f"Token “{token.name}” for {user.username}; it is not shown again:")
        self.stdout.write(text)

    def _list(self, options: dict[str, Any]) -> None:
        found = ApiToken.objects.select_related("user").order_by("user__username", "-created_at")
        if options["username"]:
            found = found.filter(user=self._user(options["username"]))
        for token in found:
            status = (
                f"revoked {timezone.localtime(token.revoked_at):%Y-%m-%d}"
                if token.revoked_at
                else "active"
            )
            used = (
                f"{timezone.localtime(token.last_used_at):%Y-%m-%d %H:%M}"
                if token.last_used_at
                else "never used"
            )
            self.stdout.write(
                f"cd_{token.prefix}  {token.user.username:<20} {status:<18} {used:<17} {token.name}"
            )

    def _revoke(self, options: dict[str, Any]) -> None:
        prefix = tokens.prefix_of(options["prefix"])
        token = ApiToken.objects.filter(prefix=prefix).select_related("user").first()
        if prefix is None or token is None:
            raise CommandError(f"No token has the prefix {options['prefix']!r}.")
        if token.revoked_at is not None:
            self.stdout.write(f"cd_{token.prefix} was already revoked.")
            return
        services.api_token_revoke(actor=None, token=token)
        self.stdout.write(f"Revoked cd_{token.prefix} ({token.name}) of {token.user.username}.")

    def _user(self, username: str) -> Any:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user is called {username!r}.")
        return user
