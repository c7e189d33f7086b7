"""Scale data for benchmarks and load tests: `clusterdesk seed --organisations N --contacts M`.

Realistic like the demo data (real NACE codes, Luxembourg communes and postcodes, EU size
classes, several clusters per organisation now and then) but generated in bulk through the
bulk services, in batches, with the search index built at the end. Names are made unique by
combining more parts than the demo uses, so 100,000 organisations stay distinguishable.
"""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection
from django.utils.text import slugify

from clusterdesk.organisations import services
from clusterdesk.organisations.communes import BUSINESS_COMMUNE_POSTCODES
from clusterdesk.organisations.demo import (
    CLUSTERS,
    FIRST_NAMES,
    JOB_TITLES,
    LAST_NAMES,
    LEGAL_FORMS,
    PLACE_WORDS,
    STREETS,
    DemoReport,
    ensure_clusters,
    ensure_users,
)
from clusterdesk.organisations.models import (
    Membership,
    NaceActivity,
    Organisation,
    OrganisationKind,
    RelationshipStatus,
)

QUALIFIERS = (
    "Group", "Solutions", "Partners", "Industries", "Technologies", "Systems", "International",
    "Europe", "Benelux", "Services", "Engineering", "Labs", "Works", "Innovation", "Digital",
    "Concept", "Design", "Trading", "Holding", "Development", "Consult", "Energy", "Tech",
    "Factory", "Studio", "Network", "Logistics", "Research", "Manufacturing", "Ventures",
    "Projects", "Center", "Atelier", "Werk", "Bau", "Fabrik", "Conseil", "Réseau", "Créations",
    "Expertise",
)  # fmt: skip
BATCH = 5000


@dataclass
class SeedReport:
    organisations: int = 0
    contacts: int = 0
    memberships: int = 0
    seconds: float = 0.0


class ScaleGenerator:
    def __init__(self, seed: int, clusters: dict[str, Any]) -> None:
        self.random = random.Random(seed)
        self.clusters = clusters
        self.nace = {a.code: a for a in NaceActivity.objects.filter(level=4)}
        self.communes = sorted(BUSINESS_COMMUNE_POSTCODES)
        self.serial = 500_000

    def organisation_row(self, index: int) -> tuple[dict[str, Any], list[str]]:
        spec = CLUSTERS[index % len(CLUSTERS)]
        pick = self.random.choice
        base = f"{pick(PLACE_WORDS)} {pick(spec.words)} {pick(QUALIFIERS)}"
        legal_name = f"{base} {pick(LEGAL_FORMS)}"
        commune = pick(self.communes)
        low, high = BUSINESS_COMMUNE_POSTCODES[commune]
        self.serial += 1
        headcount = int(self.random.lognormvariate(2.6, 1.3))
        turnover = Decimal(headcount * self.random.randint(80_000, 250_000))
        codes = self.random.sample(spec.nace_codes, k=pick((1, 1, 2)))
        row = {
            "legal_name": legal_name,
            "kind": self.random.choices([k.value for k in OrganisationKind], (80, 5, 3, 8, 4))[0],
            "register_number": f"B{self.serial}",
            "vat_number": f"LU{10_000_000 + self.serial}" if self.random.random() < 0.9 else "",
            "nace_activities": [self.nace[code] for code in codes if code in self.nace],
            "founding_year": self.random.randint(1950, 2025),
            "street": f"{self.random.randint(1, 180)}, {pick(STREETS)}",
            "postcode": str(self.random.randint(low, high)),
            "commune": commune,
            "country": "LU",
            "website": f"https://www.{slugify(base)[:50].strip('-')}.lu",
            "headcount": headcount,
            "turnover": turnover,
            "status": RelationshipStatus.MEMBER,
        }
        clusters = [spec.slug]
        if self.random.random() < 0.15:
            clusters.append(pick([s.slug for s in CLUSTERS if s.slug != spec.slug]))
        if self.random.random() < 0.12:
            row["status"], clusters = RelationshipStatus.PROSPECT, []
        return row, clusters

    def contact_row(self, organisation: Organisation) -> dict[str, Any]:
        first, last = self.random.choice(FIRST_NAMES), self.random.choice(LAST_NAMES)
        domain = organisation.website.removeprefix("https://www.") or "example.lu"
        return {
            "first_name": first,
            "last_name": last,
            "job_title": self.random.choice(JOB_TITLES),
            "email": f"{slugify(first)}.{slugify(last)}@{domain}",
            "phone": f"+352 {self.random.randint(20, 49)} {self.random.randint(100, 999)} "
            f"{self.random.randint(100, 999)}",
            "preferred_language": self.random.choice(("fr", "de", "en", "lb")),
            "organisation": organisation,
        }

    def membership(self, organisation: Organisation, slug: str) -> Membership:
        since = datetime.date(self.random.randint(2009, 2025), self.random.randint(1, 12), 1)
        return Membership(organisation=organisation, cluster=self.clusters[slug], since=since)


def _chunks(total: int, size: int) -> Iterator[range]:
    for start in range(0, total, size):
        yield range(start, min(total, start + size))


def seed(
    *,
    organisations: int,
    contacts: int,
    random_seed: int = 7,
    password: str = "demo",
    progress: Callable[[str], None] = print,
) -> SeedReport:
    """Add `organisations` organisations and `contacts` contacts (spread over them)."""
    from clusterdesk.core import search

    started = time.perf_counter()
    report = SeedReport()
    users = ensure_users(password)
    generator = ScaleGenerator(random_seed, ensure_clusters(users, report=DemoReport()))
    created: list[Organisation] = []
    for chunk in _chunks(organisations, BATCH):
        rows, memberships = zip(*(generator.organisation_row(i) for i in chunk), strict=True)
        batch = services.organisation_bulk_create(
            actor=None, rows=rows, source="seed", search_index=False
        )
        report.memberships += services.membership_bulk_create(
            actor=None,
            memberships=[
                generator.membership(organisation, slug)
                for organisation, slugs in zip(batch, memberships, strict=True)
                for slug in slugs
            ],
        )
        created.extend(batch)
        report.organisations += len(batch)
        progress(f"organisations: {report.organisations:,}/{organisations:,}")
    for chunk in _chunks(contacts, BATCH):
        rows = [generator.contact_row(created[i % len(created)]) for i in chunk]
        services.contact_bulk_create(actor=None, rows=rows, source="seed", search_index=False)
        report.contacts += len(rows)
        progress(f"contacts: {report.contacts:,}/{contacts:,}")
    progress("search index…")
    search.rebuild()
    progress("planner statistics…")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    report.seconds = time.perf_counter() - started
    return report
