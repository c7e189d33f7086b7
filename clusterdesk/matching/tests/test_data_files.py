"""The catalogue's shipped demo data (instruments and trainings): schema, unique slugs, valid
rules and themes. The catalogue app loads these files as they are, so their shape is a contract.
"""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path
from typing import Any

import pytest

from clusterdesk.catalogue.themes import Theme
from clusterdesk.matching.rules import SIZE_CLASSES, validate_rules

DATA = Path(__file__).resolve().parents[2] / "catalogue" / "data"
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
THEMES = set(Theme.values)

INSTRUMENT_FIELDS = {
    "slug": str,
    "name": str,
    "provider": str,
    "kind": str,
    "summary": str,
    "description": str,
    "themes": list,
    "rates_by_size": dict,
    "bonuses": list,
    "cap_eur": (int, float, type(None)),
    "flat_amount_eur": (int, float, type(None)),
    "valid_from": (str, type(None)),
    "valid_until": (str, type(None)),
    "legal_basis": str,
    "url": str,
    "eligibility_rules": list,
    "active": bool,
}
TRAINING_FIELDS = {
    "slug": str,
    "title": str,
    "provider": str,
    "topics": list,
    "themes": list,
    "format": str,
    "duration_hours": int,
    "language": str,
    "dates": list,
    "description": str,
    "url": str,
    "active": bool,
}


def load(name: str) -> list[dict[str, Any]]:
    data = json.loads((DATA / name).read_text(encoding="utf-8"))
    assert isinstance(data, list)
    return data


INSTRUMENTS = load("instruments.json")
TRAININGS = load("trainings.json")


def check_fields(record: dict[str, Any], fields: dict[str, Any]) -> None:
    assert set(record) == set(fields), record.get("slug")
    for name, kind in fields.items():
        value = record[name]
        assert isinstance(value, kind), (record["slug"], name, value)
        assert not isinstance(value, bool) or kind is bool, (record["slug"], name)


def is_date(value: str | None) -> bool:
    if value is None:
        return True
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


@pytest.mark.parametrize("instrument", INSTRUMENTS, ids=lambda item: item["slug"])
def test_instrument_schema(instrument):
    check_fields(instrument, INSTRUMENT_FIELDS)
    assert SLUG.match(instrument["slug"])
    assert instrument["kind"] in {"grant", "loan", "advisory", "diagnosis_programme", "other"}
    assert instrument["name"].strip()
    assert instrument["summary"].strip()
    assert instrument["description"].strip()
    assert instrument["themes"]
    assert set(instrument["themes"]) <= THEMES
    assert set(instrument["rates_by_size"]) == set(SIZE_CLASSES)
    for rate in instrument["rates_by_size"].values():
        assert rate is None or (isinstance(rate, int | float) and 0 < rate <= 100)
    for bonus in instrument["bonuses"]:
        assert set(bonus) == {"label", "points"}
        assert isinstance(bonus["label"], str)
        assert isinstance(bonus["points"], int | float)
    assert is_date(instrument["valid_from"])
    assert is_date(instrument["valid_until"])
    if instrument["valid_from"] and instrument["valid_until"]:
        assert instrument["valid_from"] <= instrument["valid_until"]
    assert instrument["url"].startswith("https://")
    assert validate_rules(instrument["eligibility_rules"]) == []


@pytest.mark.parametrize("training", TRAININGS, ids=lambda item: item["slug"])
def test_training_schema(training):
    check_fields(training, TRAINING_FIELDS)
    assert SLUG.match(training["slug"])
    assert training["title"].strip()
    assert training["topics"]
    assert all(isinstance(topic, str) and topic.strip() for topic in training["topics"])
    assert training["themes"]
    assert set(training["themes"]) <= THEMES
    assert training["format"] in {"classroom", "online", "blended", "workshop"}
    assert training["duration_hours"] > 0
    assert training["language"] in {"en", "fr", "de", "lb"}
    assert training["dates"]
    for day in training["dates"]:
        assert is_date(day)
        assert day[:4] in {"2026", "2027"}
    sentences = [part for part in re.split(r"(?<=[.!?])\s+", training["description"]) if part]
    assert 1 <= len(sentences) <= 4, training["slug"]
    assert training["url"] == "" or training["url"].startswith("https://")


def test_slugs_are_unique():
    for records in (INSTRUMENTS, TRAININGS):
        slugs = [record["slug"] for record in records]
        assert len(slugs) == len(set(slugs))


def test_the_domain_instruments_are_seeded():
    slugs = {instrument["slug"] for instrument in INSTRUMENTS}
    assert {
        "fit-4-digital",
        "fit-4-innovation",
        "fit-4-sustainability",
        "fit-4-resilience",
        "fit-4-ai",
        "covid-invest",
        "rd-project-aid",
        "sme-innovation-aid",
        "process-organisational-innovation",
        "feasibility-studies",
        "young-innovative-enterprises",
        "joint-call-defence",
        "sme-packages-sustainability",
        "sme-packages-digital",
    } <= slugs


def test_cooldowns_name_a_shipped_instrument():
    slugs = {instrument["slug"] for instrument in INSTRUMENTS}
    for instrument in INSTRUMENTS:
        for rule in instrument["eligibility_rules"]:
            if rule["predicate"] == "cooldown":
                assert rule["instrument"] in slugs


def test_a_catalogue_of_80_trainings_in_several_languages():
    assert len(TRAININGS) >= 80
    languages = {training["language"] for training in TRAININGS}
    assert {"en", "fr", "de"} <= languages
