"""Interactions at scale for benchmarks: `seed_interactions(count=2_000_000, rng=…)`.

Rows are inserted in batches of 5,000 with `organisations.bulk.insert_rows` (one multi-row
INSERT per batch on SQLite, one pipelined statement on PostgreSQL), with their links to
contacts, spread over the existing organisations, their clusters and contacts, and over
the last ten years. No audit events and no search entries are written for seeded rows
(`clusterdesk reindex --kind interactions` indexes them, if wanted).
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from clusterdesk.accounts.models import Role
from clusterdesk.engagement.demo import CONFIDENTIAL_SUMMARIES, KIND_WEIGHTS, SUMMARIES
from clusterdesk.engagement.models import Interaction, Theme
from clusterdesk.organisations.bulk import insert_rows
from clusterdesk.organisations.models import Affiliation, Cluster, Membership, Organisation

BATCH = 5000
YEARS = 10
PEOPLE = ("the CEO", "the CTO", "the plant manager", "the founder", "the CFO", "the owner")


def _grouped(rows: Any) -> dict[int, list[int]]:
    found: dict[int, list[int]] = {}
    for key, value in rows:
        found.setdefault(key, []).append(value)
    return found


class _Generator:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.organisations = list(Organisation.objects.values_list("pk", flat=True))
        self.clusters = _grouped(
            Membership.objects.filter(until__isnull=True).values_list(
                "organisation_id", "cluster_id"
            )
        )
        self.all_clusters = list(Cluster.objects.values_list("pk", flat=True))
        self.contacts = _grouped(Affiliation.objects.values_list("organisation_id", "contact_id"))
        self.staff: list[int | None] = list(
            get_user_model()
            .objects.filter(Q(role__in=[Role.MANAGER, Role.ADMIN]) | Q(is_superuser=True))
            .values_list("pk", flat=True)
        ) or [None]
        self.kinds = [str(kind) for kind in KIND_WEIGHTS]
        self.weights = list(KIND_WEIGHTS.values())
        self.themes = list(Theme.values)
        self.today = timezone.localdate()

    def row(self) -> tuple[dict[str, Any], list[int]]:
        rng = self.rng
        organisation = rng.choice(self.organisations)
        confidential = rng.random() < 0.03
        template = rng.choice(CONFIDENTIAL_SUMMARIES if confidential else SUMMARIES)
        contacts = self.contacts.get(organisation, [])
        met = rng.sample(contacts, k=min(len(contacts), rng.choice((0, 1, 1, 2))))
        row = {
            "organisation_id": organisation,
            "cluster_id": rng.choice(self.clusters.get(organisation) or self.all_clusters),
            "kind": rng.choices(self.kinds, weights=self.weights)[0],
            "occurred_on": self.today - datetime.timedelta(days=rng.randint(0, 365 * YEARS)),
            # A tuple: hashable, so its JSON is computed once per combination.
            "themes": tuple(rng.sample(self.themes, k=rng.choice((0, 1, 1, 2)))),
            "summary": template.format(person=rng.choice(PEOPLE)),
            "confidential": confidential,
            "created_by_id": rng.choice(self.staff),
        }
        return row, met


def seed_interactions(
    *, count: int, rng: random.Random, progress: Callable[[str], None] | None = None
) -> int:
    """Insert `count` interactions (and their links to contacts); returns how many."""
    generator = _Generator(rng)
    if not generator.organisations or not generator.all_clusters:
        return 0
    links_model = Interaction.contacts.through
    inserted = 0
    while inserted < count:
        size = min(BATCH, count - inserted)
        rows, met = zip(*(generator.row() for _index in range(size)), strict=True)
        with transaction.atomic():
            ids = insert_rows(Interaction, rows)
            insert_rows(
                links_model,
                [
                    {"interaction_id": interaction_id, "contact_id": contact_id}
                    for interaction_id, contacts in zip(ids, met, strict=True)
                    for contact_id in contacts
                ],
            )
        inserted += size
        if progress is not None:
            progress(f"interactions: {inserted:,}/{count:,}")
    with connection.cursor() as cursor:  # planner statistics for the new rows
        for model in (Interaction, links_model):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    return inserted
