"""The offers shipped with clusterdesk, as plain `Offer`s, read from files (no database).

Used by the evaluation and the benchmark: instruments and trainings from the catalogue's
demo data, the EU calls of the SEDIA export, and the agency teams of the catalogue's data
migration, each team with the services it offers (`TEAM_SERVICES`: what a cluster manager
refers a company to it for).
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from clusterdesk.catalogue.eu_calls import DEFAULT_PATH as CALLS_PATH
from clusterdesk.catalogue.eu_calls import Topic, read_topics
from clusterdesk.matching.ranking import Offer

DATA = Path(__file__).resolve().parents[1] / "catalogue" / "data"
INSTRUMENTS_PATH = DATA / "instruments.json"
TRAININGS_PATH = DATA / "trainings.json"

TEAM_SERVICES: dict[str, str] = {
    "rd-innovation": (
        "National R&D and innovation aid: R&D projects (industrial research, experimental "
        "development), innovation advisory services, process and organisational innovation, "
        "feasibility studies, patents and intellectual property, young innovative enterprises. "
        "Help to shape the project, its budget and the application."
    ),
    "european-rd": (
        "EU funding: Horizon Europe, the EIC Accelerator and Pathfinder, Digital Europe, LIFE, "
        "the Innovation Fund and the European Defence Fund. Finding the right call and topic, "
        "partner search and consortium building, proposal review, National Contact Point."
    ),
    "international-business": (
        "Export and internationalisation: market entry abroad, trade missions and trade fairs, "
        "foreign distributors and partners, export aid."
    ),
    "market-intelligence": (
        "Market studies, technology watch, competitor and sector analyses, market size and "
        "trends, benchmarking, company feedback and trend reports by theme."
    ),
    "start-ups": (
        "Start-ups and young innovative companies: acceleration programmes (Fit 4 Start), "
        "investors, business angels and venture capital, fundraising, incubators."
    ),
    "clusters": (
        "Cluster membership, networking events, working groups, matchmaking with other members "
        "and partners in Luxembourg and the Greater Region, flagship projects."
    ),
    "sme-performance": (
        "The Fit 4 programmes with approved consultants: Fit 4 Digital (digital maturity, "
        "digitalisation plan), Fit 4 Innovation (lean, productivity, operational performance), "
        "Fit 4 Sustainability (carbon footprint, energy, circularity) and Fit 4 AI."
    ),
}


def _read_json(path: Path) -> list[dict[str, Any]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise ValueError(f"{path.name}: a JSON list was expected")
    return data


def instrument_offers(path: Path = INSTRUMENTS_PATH, active_only: bool = True) -> list[Offer]:
    return [
        Offer(
            kind="instrument",
            id=record["slug"],
            title=record["name"],
            keywords=f"{record['summary']} {record['provider']}",
            text=record["description"],
            themes=tuple(record["themes"]),
            eligibility_rules=list(record["eligibility_rules"]),
            language="en",
        )
        for record in _read_json(path)
        if record.get("active", True) or not active_only
    ]


def training_offers(path: Path = TRAININGS_PATH, active_only: bool = True) -> list[Offer]:
    return [
        Offer(
            kind="training",
            id=record["slug"],
            title=record["title"],
            keywords="; ".join(record["topics"]),
            text=record["description"],
            themes=tuple(record["themes"]),
            language=record["language"],
        )
        for record in _read_json(path)
        if record.get("active", True) or not active_only
    ]


def call_offer(topic: Topic) -> Offer:
    keywords = "; ".join(
        part for part in (topic.keywords, topic.programme, topic.call_title) if part
    )
    return Offer(
        kind="call",
        id=topic.topic_id,
        external_id=topic.topic_id,
        title=topic.title,
        keywords=keywords,
        text=topic.description,
        language="en",
    )


@lru_cache(maxsize=2)
def _topics(path: str) -> tuple[Topic, ...]:
    return tuple(read_topics(path))


def call_offers(path: Path = CALLS_PATH, include_closed: bool = False) -> list[Offer]:
    return [
        call_offer(topic)
        for topic in _topics(str(path))
        if include_closed or topic.status != "closed"
    ]


def agency_teams() -> list[tuple[str, str, str, str]]:
    """(slug, name, e-mail, description) of the teams the catalogue's migration seeds."""
    module = importlib.import_module("clusterdesk.catalogue.migrations.0002_seed_agency_teams")
    return list(module.TEAMS)


def team_offers() -> list[Offer]:
    return [
        Offer(
            kind="team",
            id=slug,
            title=name,
            keywords=description,
            text=TEAM_SERVICES.get(slug, ""),
            language="en",
        )
        for slug, name, _email, description in agency_teams()
    ]


def shipped_offers() -> list[Offer]:
    """Every shipped offer: active instruments, trainings, open and forthcoming calls, teams."""
    return [*instrument_offers(), *training_offers(), *call_offers(), *team_offers()]


def iter_kinds(offers: list[Offer]) -> Iterator[tuple[str, int]]:
    counts: dict[str, int] = {}
    for offer in offers:
        counts[offer.kind] = counts.get(offer.kind, 0) + 1
    yield from sorted(counts.items())
