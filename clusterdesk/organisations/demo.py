"""Realistic demo data: the six clusters, ~300 organisations in Luxembourg communes with
real NACE codes, ~600 contacts, memberships, and one user per role.

Everything is written through the services (so the audit log and timelines are real)
and generated from a fixed seed, so two runs on empty databases give the same data.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.text import slugify

from clusterdesk.accounts.models import Role
from clusterdesk.core import demo
from clusterdesk.organisations import services
from clusterdesk.organisations.communes import BUSINESS_COMMUNE_POSTCODES
from clusterdesk.organisations.models import (
    Cluster,
    NaceActivity,
    Organisation,
    OrganisationKind,
    RelationshipStatus,
)


@dataclass(frozen=True)
class ClusterSpec:
    name: str
    slug: str
    colour: str
    description: str
    nace_codes: tuple[str, ...]
    words: tuple[str, ...]
    activity: str


CLUSTERS = (
    ClusterSpec(
        "AutoMobility",
        "automobility",
        "blue",
        "Suppliers of automotive components, mobility services and smart-mobility solutions.",
        ("29.10", "29.20", "29.31", "29.32", "30.20", "22.11", "45.20", "49.41", "52.29", "27.11"),
        (
            "Mobility Systems",
            "Automotive Plastics",
            "E-Drive",
            "Brake Technologies",
            "Tyre Solutions",
            "Smart Charging",
            "Sensor Works",
            "Fleet Services",
            "Car Electronics",
        ),
        "develops and manufactures components and services for the mobility sector",
    ),
    ClusterSpec(
        "CleanTech",
        "cleantech",
        "green",
        "Eco-innovation: renewable energy, circular economy, water and sustainable construction.",
        ("35.11", "35.12", "38.11", "38.21", "38.32", "39.00", "71.12", "43.22", "72.19", "28.25"),
        (
            "Solar",
            "Energy Services",
            "Recycling",
            "Water Technologies",
            "Circular Materials",
            "Heat Pumps",
            "Green Building",
            "Environmental Engineering",
            "Hydrogen",
        ),
        "offers technologies and services for the energy and ecological transition",
    ),
    ClusterSpec(
        "Creative Industries",
        "creative-industries",
        "pink",
        "Media, design, audiovisual production, games and digital content.",
        ("58.11", "58.21", "59.11", "59.12", "60.10", "73.11", "74.10", "74.20", "90.01", "62.01"),
        (
            "Studio",
            "Media",
            "Design Lab",
            "Productions",
            "Games",
            "Animation",
            "Publishing",
            "Sound Works",
            "Visual Arts",
        ),
        "creates content, design and media for clients in Luxembourg and abroad",
    ),
    ClusterSpec(
        "HealthTech",
        "healthtech",
        "red",
        "Medical devices, diagnostics, biotechnology and digital health.",
        ("21.10", "21.20", "26.60", "32.50", "72.11", "86.10", "86.90", "46.46"),
        (
            "Diagnostics",
            "Medical Devices",
            "Biotech",
            "Digital Health",
            "Pharma",
            "Life Sciences",
            "Bioinformatics",
            "Care Solutions",
            "Medtech",
        ),
        "develops solutions for diagnostics, treatment and care",
    ),
    ClusterSpec(
        "Materials & Manufacturing",
        "materials-manufacturing",
        "slate",
        "Materials, surface treatment, composites and advanced manufacturing.",
        ("20.16", "20.30", "22.21", "22.29", "23.99", "24.10", "25.11", "25.61", "25.62", "28.41"),
        (
            "Composites",
            "Surface Technologies",
            "Steel Works",
            "Precision Machining",
            "Coatings",
            "Polymers",
            "Additive Manufacturing",
            "Metal Forming",
            "Industrial Automation",
        ),
        "produces materials and parts for industrial customers",
    ),
    ClusterSpec(
        "Wood",
        "wood",
        "brown",
        "Forestry, timber construction, carpentry and furniture.",
        ("02.10", "02.20", "16.10", "16.21", "16.23", "16.24", "31.01", "31.09", "43.32", "46.73"),
        (
            "Timber",
            "Holzbau",
            "Menuiserie",
            "Forestry",
            "Wood Construction",
            "Furniture",
            "Sawmill",
            "Carpentry",
            "Bois",
        ),
        "works with wood from the Greater Region, from the forest to the finished building",
    ),
)

PLACE_WORDS = (
    "Moselle",
    "Alzette",
    "Nordstad",
    "Minett",
    "Sûre",
    "Ardennes",
    "Kirchberg",
    "Belval",
    "Syrdall",
    "Gutland",
    "Éislek",
    "Mullerthal",
    "Attert",
    "Our",
    "Pétrusse",
    "Grünewald",
    "Lux",
    "Benelux",
    "Saar-Lor-Lux",
    "Greater Region",
    "Red Rock",
    "Haff Réimech",
)
LEGAL_FORMS = ("S.A.", "S.à r.l.", "S.à r.l.", "S.A.", "SARL-S", "SCS", "GmbH", "SE")
STREETS = (
    "rue de l'Industrie",
    "route d'Arlon",
    "Zone Industrielle",
    "rue du Commerce",
    "avenue de la Gare",
    "rue des Artisans",
    "boulevard Grande-Duchesse Charlotte",
    "rue du Parc",
    "route de Thionville",
    "rue de Luxembourg",
    "Zone d'activités Am Bann",
    "rue Jos Kieffer",
    "rue du Fort Wallis",
    "avenue John F. Kennedy",
    "rue de la Gare",
    "Op der Haart",
    "rue Robert Stumper",
    "rue de Bitbourg",
    "Z.A.E. Wolser",
    "rue du Brill",
)
TAGS = (
    "key member",
    "industry 4.0",
    "export",
    "start-up",
    "family business",
    "R&D active",
    "Fit 4 Digital alumni",
    "circular economy",
    "board candidate",
    "ESG reporting",
)
FIRST_NAMES = (
    "Anne",
    "Marc",
    "Claude",
    "Nathalie",
    "Paul",
    "Sophie",
    "Luc",
    "Carole",
    "Tom",
    "Laura",
    "Jean",
    "Sandra",
    "Michel",
    "Isabelle",
    "Patrick",
    "Martine",
    "Yves",
    "Sarah",
    "Pierre",
    "Julie",
    "Georges",
    "Catherine",
    "Nicolas",
    "Monique",
    "Ana",
    "João",
    "Maria",
    "Pedro",
    "Katrin",
    "Stefan",
    "Julia",
    "Thomas",
    "Lena",
    "Felix",
    "Marie",
    "Ben",
    "Lisa",
    "David",
    "Elena",
    "Jeff",
    "Gilles",
    "Christiane",
    "Romain",
    "Fabienne",
    "Sven",
    "Mireille",
)
LAST_NAMES = (
    "Schmit",
    "Muller",
    "Weber",
    "Wagner",
    "Hoffmann",
    "Thill",
    "Schiltz",
    "Kremer",
    "Reuter",
    "Becker",
    "Klein",
    "Schmitz",
    "Meyer",
    "Hansen",
    "Weis",
    "Majerus",
    "Kieffer",
    "Welter",
    "Da Silva",
    "Pereira",
    "Ferreira",
    "Dos Santos",
    "Rodrigues",
    "Martin",
    "Dupont",
    "Bernard",
    "Lambert",
    "Dubois",
    "Faber",
    "Frisch",
    "Goergen",
    "Hilbert",
    "Jacoby",
    "Ludwig",
    "Mangen",
    "Nilles",
    "Olinger",
    "Pauly",
    "Rausch",
    "Steffen",
    "Theisen",
    "Wirtz",
    "Zeimet",
    "Berg",
)
JOB_TITLES = (
    "Chief Executive Officer",
    "Managing Director",
    "Chief Technology Officer",
    "Head of R&D",
    "Innovation Manager",
    "Operations Director",
    "Chief Financial Officer",
    "Sustainability Officer",
    "HR Director",
    "Digital Transformation Lead",
    "Plant Manager",
    "Founder",
    "Business Development Manager",
    "Quality Manager",
    "Project Manager",
)
DEMO_USERS = (
    ("admin", Role.ADMIN, "Alex", "Admin"),
    ("manager", Role.MANAGER, "Marie", "Kremer"),
    ("manager2", Role.MANAGER, "Luc", "Hansen"),
    ("expert", Role.EXPERT, "Eva", "Schiltz"),
    ("analyst", Role.ANALYST, "Paul", "Majerus"),
)


@dataclass
class DemoReport:
    users: list[str] = field(default_factory=list)
    clusters_created: int = 0
    organisations_created: int = 0
    contacts_created: int = 0
    memberships_created: int = 0
    skipped_directory: bool = False
    journeys: dict[str, int] = field(default_factory=dict)  # records by app (core.demo)


def ensure_users(password: str) -> dict[str, Any]:
    """The demo users, one per role; their password is reset to `password` on every run."""
    user_model = get_user_model()
    users = {}
    for username, role, first_name, last_name in DEMO_USERS:
        user, _created = user_model.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "email": f"{username}@agency.example.lu",
            },
        )
        user.role = role
        user.is_staff = role == Role.ADMIN
        user.is_superuser = role == Role.ADMIN
        user.set_password(password)
        user.save()
        users[username] = user
    return users


def ensure_clusters(users: dict[str, Any], report: DemoReport) -> dict[str, Cluster]:
    clusters = {}
    for spec in CLUSTERS:
        cluster = Cluster.objects.filter(slug=spec.slug).first()
        if cluster is None:
            cluster = services.cluster_create(
                actor=None,
                data={
                    "name": spec.name,
                    "slug": spec.slug,
                    "colour": spec.colour,
                    "description": spec.description,
                },
            )
            report.clusters_created += 1
        clusters[spec.slug] = cluster
    clusters["automobility"].managers.add(users["manager"])
    clusters["cleantech"].managers.add(users["manager"])
    clusters["healthtech"].managers.add(users["manager2"])
    return clusters


class DirectoryGenerator:
    """Organisations and contacts drawn from a seeded random generator."""

    def __init__(self, seed: int, users: dict[str, Any], clusters: dict[str, Cluster]) -> None:
        self.random = random.Random(seed)
        self.users = users
        self.clusters = clusters
        self.nace = {a.code: a for a in NaceActivity.objects.filter(level=4)}
        self.used_names: set[str] = set()
        self.register_serial = 100000
        self.communes = sorted(BUSINESS_COMMUNE_POSTCODES)

    def _name(self, spec: ClusterSpec, kind: str) -> tuple[str, str]:
        """A legal name and the short name people use (without the legal form)."""
        for _attempt in range(50):
            place = self.random.choice(PLACE_WORDS)
            word = self.random.choice(spec.words)
            if kind == OrganisationKind.RESEARCH_CENTRE:
                short, legal_form = f"Centre de recherche {word} {place}", ""
            elif kind == OrganisationKind.ASSOCIATION:
                short, legal_form = f"Fédération {place} {word}", "asbl"
            elif kind == OrganisationKind.SERVICE_PROVIDER:
                short, legal_form = f"{place} {word} Consulting", self.random.choice(LEGAL_FORMS)
            else:
                short, legal_form = f"{place} {word}", self.random.choice(LEGAL_FORMS)
            name = f"{short} {legal_form}".strip()
            if name not in self.used_names:
                self.used_names.add(name)
                return name, short
        raise RuntimeError("ran out of demo organisation names")

    def _figures(self) -> dict[str, Any]:
        band = self.random.choices(("micro", "small", "medium", "large"), (35, 35, 22, 8))[0]
        low, high = {"micro": (1, 9), "small": (10, 49), "medium": (50, 249), "large": (250, 2400)}[
            band
        ]
        headcount = self.random.randint(low, high)
        if self.random.random() < 0.15:
            return {"headcount": headcount}
        turnover = Decimal(headcount * self.random.randint(90_000, 260_000))
        balance = (turnover * Decimal(self.random.uniform(0.4, 1.3))).quantize(Decimal(1))
        return {"headcount": headcount, "turnover": turnover, "balance_sheet_total": balance}

    def organisation_data(self, spec: ClusterSpec, owner: Any) -> dict[str, Any]:
        kind = self.random.choices([k.value for k in OrganisationKind], (80, 5, 3, 8, 4))[0]
        name, short_name = self._name(spec, kind)
        commune = self.random.choice(self.communes)
        first, last = BUSINESS_COMMUNE_POSTCODES[commune]
        self.register_serial += self.random.randint(7, 311)
        codes = self.random.sample(spec.nace_codes, k=self.random.choice((1, 1, 1, 2)))
        domain = slugify(short_name)[:40].strip("-")
        data: dict[str, Any] = {
            "legal_name": name,
            "trade_name": short_name if self.random.random() < 0.3 else "",
            "kind": kind,
            "register_number": f"B{self.register_serial}",
            "vat_number": f"LU{self.random.randint(10_000_000, 39_999_999)}"
            if self.random.random() < 0.9
            else "",
            "nace_activities": [self.nace[code] for code in codes if code in self.nace],
            "founding_year": self.random.randint(1950, 2024),
            "street": f"{self.random.randint(1, 180)}, {self.random.choice(STREETS)}",
            "postcode": str(self.random.randint(first, last)),
            "commune": commune,
            "country": "LU",
            "website": f"https://www.{domain}.lu",
            "description": f"{short_name} {spec.activity}.",
            "tags": self.random.sample(TAGS, k=self.random.choice((0, 0, 1, 1, 2))),
            "status": RelationshipStatus.PROSPECT,
            "owner": owner,
            **self._figures(),
        }
        return data

    def _membership_data(self, cluster: Cluster) -> dict[str, Any]:
        since = datetime.date(self.random.randint(2009, 2025), self.random.randint(1, 12), 1)
        until = None
        if self.random.random() < 0.08:
            until = since + datetime.timedelta(days=self.random.randint(400, 2000))
            until = min(until, datetime.date(2026, 6, 30))
        kind = self.random.choices(("member", "associate", "board"), (82, 12, 6))[0]
        return {"cluster": cluster, "type": kind, "since": since, "until": until}

    def contact_data(self, organisation: Organisation) -> dict[str, Any]:
        first = self.random.choice(FIRST_NAMES)
        last = self.random.choice(LAST_NAMES)
        domain = organisation.website.removeprefix("https://www.")
        language = self.random.choices(("fr", "de", "en", "lb"), (35, 25, 25, 15))[0]
        return {
            "first_name": first,
            "last_name": last,
            "job_title": self.random.choice(JOB_TITLES),
            "email": f"{slugify(first)}.{slugify(last)}@{domain}",
            "phone": f"+352 {self.random.randint(20, 49)} {self.random.randint(10, 99)} "
            f"{self.random.randint(10, 99)} {self.random.randint(10, 99)}",
            "preferred_language": language,
        }

    def owner_for(self, spec: ClusterSpec) -> Any:
        if spec.slug in {"automobility", "cleantech"}:
            return self.users["manager"]
        if spec.slug == "healthtech":
            return self.users["manager2"]
        return None


def _create_directory(
    generator: DirectoryGenerator, organisations: int, contacts: int, report: DemoReport
) -> None:
    created: list[Organisation] = []
    specs = list(CLUSTERS)
    for index in range(organisations):
        spec = specs[index % len(specs)]
        data = generator.organisation_data(spec, generator.owner_for(spec))
        organisation = services.organisation_create(actor=None, data=data)
        report.organisations_created += 1
        created.append(organisation)
        roll = generator.random.random()
        if roll < 0.12:
            continue  # a prospect, not yet a member of any cluster
        if roll < 0.17:
            services.organisation_update(
                actor=None,
                organisation=organisation,
                data={"status": RelationshipStatus.PARTNER},
                expected_version=None,
            )
        clusters = [generator.clusters[spec.slug]]
        if generator.random.random() < 0.15:
            other = generator.random.choice([s for s in specs if s.slug != spec.slug])
            clusters.append(generator.clusters[other.slug])
        for cluster in clusters:
            services.membership_create(
                actor=None, organisation=organisation, data=generator._membership_data(cluster)
            )
            report.memberships_created += 1
    for index in range(contacts):
        organisation = (
            created[index % len(created)]
            if index < len(created)
            else (generator.random.choice(created))
        )
        services.contact_create(
            actor=None,
            data=generator.contact_data(organisation),
            organisation=organisation,
            role=generator.random.choice(("", "", "Cluster representative", "Board member")),
        )
        report.contacts_created += 1


@transaction.atomic
def load_demo(
    *,
    password: str,
    organisations: int = 300,
    contacts: int = 600,
    seed: int = 2026,
    journeys: bool = True,
) -> DemoReport:
    """Create what is missing of the demo data set; safe to run again. With `journeys`,
    the other apps' demo loaders (core.demo) run after the directory."""
    report = DemoReport()
    users = ensure_users(password)
    report.users = list(users)
    clusters = ensure_clusters(users, report)
    if Organisation.objects.exists():
        report.skipped_directory = True
        return report
    generator = DirectoryGenerator(seed, users, clusters)
    _create_directory(generator, organisations, contacts, report)
    if journeys:
        directory = list(Organisation.objects.order_by("pk"))
        report.journeys = demo.run_loaders(organisations=directory, users=users, seed=seed)
    return report
