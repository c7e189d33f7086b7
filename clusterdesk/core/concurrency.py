"""Optimistic concurrency for `DomainModel` records."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clusterdesk.core.models import DomainModel


class StaleVersionError(Exception):
    """The record changed since the user opened it; their save was refused."""

    message = _(
        "Someone else changed this record since you opened it. Your changes were not saved: "
        "reload the page to see the current version, then apply your changes again."
    )

    def __init__(self, instance: DomainModel, expected_version: int | None) -> None:
        super().__init__(str(self.message))
        self.instance = instance
        self.expected_version = expected_version


def claim_version(instance: DomainModel, expected_version: int | None) -> None:
    """Bump `instance.version` in the database if it is still `expected_version`.

    Must run inside the transaction that saves the change: the conditional UPDATE takes the
    row lock (PostgreSQL) or the write lock (SQLite), so two concurrent saves of the same
    version cannot both succeed. `expected_version=None` skips the check (system writes).
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("claim_version must run inside transaction.atomic()")
    model = type(instance)
    rows = model._default_manager.filter(pk=instance.pk)
    if expected_version is not None:
        rows = rows.filter(version=expected_version)
    if rows.update(version=F("version") + 1, updated_at=timezone.now()) != 1:
        raise StaleVersionError(instance, expected_version)
    instance.version = model._default_manager.values_list("version", flat=True).get(pk=instance.pk)
