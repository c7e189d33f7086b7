"""The agency's internal teams, from its 2019 organisation (DOMAIN.md §2.2, Referral)."""

import uuid

from django.db import migrations

TEAMS = [
    (
        "rd-innovation",
        "R&D and innovation support",
        "rdi@agency.example.lu",
        "Helps companies shape R&D and innovation projects and apply for national RDI aid.",
    ),
    (
        "european-rd",
        "European R&D support",
        "europe@agency.example.lu",
        "Horizon Europe and other EU programmes: calls, partners and proposal reviews.",
    ),
    (
        "international-business",
        "International business development",
        "international@agency.example.lu",
        "Market entry abroad, trade missions and foreign partners.",
    ),
    (
        "market-intelligence",
        "Market intelligence",
        "intelligence@agency.example.lu",
        "Market, technology and competitor analyses; trends from company feedback.",
    ),
    (
        "start-ups",
        "Start-up acceleration",
        "startups@agency.example.lu",
        "Support for young innovative companies: acceleration programmes and investors.",
    ),
    (
        "clusters",
        "Clusters and company relationship management",
        "clusters@agency.example.lu",
        "The cluster managers: company relationships, events and working groups.",
    ),
    (
        "sme-performance",
        "SME performance (Fit 4)",
        "fit4@agency.example.lu",
        "The Fit 4 performance programmes: digital, innovation, sustainability.",
    ),
]


def seed(apps, schema_editor):
    AgencyTeam = apps.get_model("catalogue", "AgencyTeam")
    for slug, name, email, description in TEAMS:
        AgencyTeam.objects.get_or_create(
            slug=slug,
            defaults={
                "uuid": uuid.uuid4(),
                "name": name,
                "email": email,
                "description": description,
            },
        )


def unseed(apps, schema_editor):
    AgencyTeam = apps.get_model("catalogue", "AgencyTeam")
    AgencyTeam.objects.filter(slug__in=[slug for slug, *_rest in TEAMS], members=None).delete()


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_agency_team")]

    operations = [migrations.RunPython(seed, unseed)]
