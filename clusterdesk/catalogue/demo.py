"""Demo data of the catalogue: the demo users in agency teams, the teams' services, the EU
calls, the instruments and trainings, and a few service provider profiles.

- The teams themselves come from a data migration. The demo expert (`expert`) answers the
  referrals sent to the R&D and innovation support team; the demo admin is a member of the
  European R&D support team.
- Every call of the shipped EU Funding & Tenders export (`eu_calls.DEFAULT_PATH`).
- The instruments of DOMAIN.md §4.3 and the trainings, from `data/instruments.json` and
  `data/trainings.json` when they are there.
- Provider profiles for a few demo consultancies, accredited for the Fit 4 programmes.

Idempotent: running it again adds nothing twice and changes nothing it already loaded.
"""

from __future__ import annotations

import random
from typing import Any

from clusterdesk.catalogue import eu_calls, services
from clusterdesk.catalogue.models import (
    AgencyTeam,
    ServiceProviderProfile,
    SupportInstrument,
    TeamService,
)
from clusterdesk.catalogue.offers_file import DEFAULT_FILES, load_offers_file
from clusterdesk.organisations.models import OrganisationKind

DEMO_MEMBERS = {
    "rd-innovation": ("expert",),
    "european-rd": ("admin",),
    "clusters": ("manager", "manager2"),
}
EXPERT_TEAM = "rd-innovation"

S = TeamService
TEAM_SERVICES = {
    "rd-innovation": [S.FUNDING, S.INTELLECTUAL_PROPERTY, S.DIGITALISATION],
    "european-rd": [S.EU_PROGRAMMES, S.FUNDING],
    "international-business": [S.MARKET_INTELLIGENCE],
    "market-intelligence": [S.MARKET_INTELLIGENCE],
    "start-ups": [S.START_UPS, S.FUNDING],
    "clusters": [S.CLUSTERS],
    "sme-performance": [S.FUNDING, S.DIGITALISATION, S.SUSTAINABILITY],
}

PROVIDER_PROFILES = 6
COMPETENCES = (
    ("digital maturity diagnosis", "ERP selection", "IT security", "process automation"),
    ("lean manufacturing", "operational excellence", "supply chain"),
    ("energy audit", "carbon footprint", "life-cycle assessment", "circular economy"),
    ("strategy", "crisis exit", "business model innovation"),
    ("artificial intelligence", "data analytics", "machine vision"),
    ("funding applications", "R&D project set-up", "intellectual property"),
)
# The Fit 4 programme each kind of consultancy is approved for (slugs of instruments.json).
ACCREDITATIONS = (
    ("fit-4-digital",),
    ("fit-4-innovation",),
    ("fit-4-sustainability",),
    ("fit-4-resilience", "fit-4-innovation"),
    ("fit-4-ai", "fit-4-digital"),
    (),
)
LANGUAGE_SETS = (["fr", "en"], ["de", "fr", "lb"], ["en"], ["fr", "de", "en"], ["lb", "de"])


def load_demo(*, users: dict[str, Any]) -> int:
    """Put the demo users in their teams; returns how many memberships were added."""
    added = 0
    for slug, usernames in DEMO_MEMBERS.items():
        team = AgencyTeam.objects.filter(slug=slug).first()
        people = [users[name] for name in usernames if name in users]
        if team is None or not people:
            continue
        missing = [user for user in people if not team.members.filter(pk=user.pk).exists()]
        if missing:
            services.team_add_members(actor=None, team=team, users=missing)
            added += len(missing)
    return added


def load_team_services() -> int:
    """The services of the seeded teams that have none yet; returns how many teams got
    theirs."""
    changed = 0
    for team in AgencyTeam.objects.filter(slug__in=TEAM_SERVICES):
        if team.services:
            continue
        services.team_update(
            actor=None,
            team=team,
            data={"services": [str(code) for code in TEAM_SERVICES[team.slug]]},
            expected_version=None,
        )
        changed += 1
    return changed


def load_offers() -> int:
    """The instruments and trainings of the shipped files (those present); returns how many
    records were created."""
    created = 0
    for kind, path in DEFAULT_FILES.items():
        if path.exists():
            created += load_offers_file(path, kind).created
    return created


def load_provider_profiles(organisations: list[Any], rng: random.Random) -> int:
    """Profiles for the first demo consultancies that have none; returns how many."""
    providers = [o for o in organisations if o.kind == OrganisationKind.SERVICE_PROVIDER]
    providers = providers[:PROVIDER_PROFILES]
    having = set(
        ServiceProviderProfile.objects.filter(organisation__in=providers).values_list(
            "organisation_id", flat=True
        )
    )
    instruments = {i.slug: i for i in SupportInstrument.objects.filter(slug__startswith="fit-4")}
    created = 0
    for number, organisation in enumerate(providers):
        if organisation.pk in having:
            continue
        slugs = ACCREDITATIONS[number % len(ACCREDITATIONS)]
        accreditations = [
            {"instrument": instruments[slug], "valid_until": None}
            for slug in slugs
            if slug in instruments
        ]
        data = {
            "competences": list(COMPETENCES[number % len(COMPETENCES)]),
            "languages": rng.choice(LANGUAGE_SETS),
            "accreditations": accreditations,
            "notes": "",
        }
        services.provider_profile_create(actor=None, organisation=organisation, data=data)
        created += 1
    return created


def load_catalogue_demo(*, organisations: list[Any], users: dict[str, Any], rng: Any) -> int:
    """The catalogue's demo data (the `clusterdesk demo` loader); returns the number of
    records created."""
    created = load_demo(users=users)
    load_team_services()
    created += services.calls_import(actor=None, topics=eu_calls.read_topics()).created
    created += load_offers()
    created += load_provider_profiles(organisations, rng)
    return created
