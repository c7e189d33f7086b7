"""`load_offers_file`: instruments and trainings from JSON files, through the services,
all or nothing, naming the wrong entry and field."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from clusterdesk.catalogue.models import SupportInstrument, TrainingProgramme
from clusterdesk.catalogue.offers_file import DEFAULT_FILES, OffersFileError, load_offers_file

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"


def test_instruments_are_created_then_left_alone() -> None:
    counts = load_offers_file(DATA / "instruments.json", "instruments")
    assert (counts.created, counts.updated, counts.unchanged) == (2, 0, 0)
    covid = SupportInstrument.objects.get(slug="covid-invest")
    assert covid.active is False
    assert covid.bonuses == [{"label": "Circular economy", "points": 20}]
    assert str(covid.cap_eur) == "800000.00"
    again = load_offers_file(DATA / "instruments.json", "instruments")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_an_entry_that_changed_updates_its_record(tmp_path: Path) -> None:
    load_offers_file(DATA / "instruments.json", "instruments")
    changed = tmp_path / "instruments.json"
    text = (DATA / "instruments.json").read_text().replace('"Digital diagnosis."', '"New."')
    changed.write_text(text)
    counts = load_offers_file(changed, "instruments")
    assert (counts.updated, counts.unchanged) == (1, 1)
    assert SupportInstrument.objects.get(slug="fit-4-digital").summary == "New."


def test_every_wrong_entry_is_named_with_its_field_and_nothing_is_stored() -> None:
    with pytest.raises(OffersFileError) as refused:
        load_offers_file(DATA / "instruments-invalid.json", "instruments")
    assert refused.value.problems == [
        "entry 1 (fit-4-digital): eligibility_rules: Rule 2: cooldown: “instrument” is missing "
        "(the short name of an instrument).",
        "entry 2 (covid-invest): rates_by_size: The rate for small must be a percentage from 0 "
        "to 100, or null.",
        "entry 3 (sme-packages): colour: unknown field (fields: slug, name, provider, kind, "
        "summary, description, themes, rates_by_size, bonuses, cap_eur, flat_amount_eur, "
        "valid_from, valid_until, legal_basis, url, eligibility_rules, active)",
    ]
    assert not SupportInstrument.objects.exists()


def test_trainings_load_with_their_durations_and_dates() -> None:
    counts = load_offers_file(DATA / "trainings.json", "trainings")
    assert counts.created == 2
    cyber = TrainingProgramme.objects.get(slug="cyber-hygiene")
    assert (str(cyber.duration_hours), cyber.format, cyber.language) == ("3.5", "online", "en")


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("{", "not a JSON file"),
        ('{"slug": "x"}', "must hold a JSON list"),
        ('[{"slug": "a", "title": "A"}, {"slug": "a", "title": "B"}]', "given twice"),
        ('[{"title": "No slug"}]', "entry 1: slug: every entry needs its short name"),
        ("[42]", "entry 1: the entry must be a JSON object"),
    ],
)
def test_a_malformed_file_is_refused(tmp_path: Path, content: str, words: str) -> None:
    path = tmp_path / "trainings.json"
    path.write_text(content)
    with pytest.raises(OffersFileError, match=words):
        load_offers_file(path, "trainings")
    assert not TrainingProgramme.objects.exists()


def test_a_missing_file_or_kind_is_refused(tmp_path: Path) -> None:
    with pytest.raises(OffersFileError, match="No such file"):
        load_offers_file(tmp_path / "none.json", "trainings")
    with pytest.raises(OffersFileError, match="unknown kind"):
        load_offers_file(DATA / "trainings.json", "calls")


def test_the_command_loads_a_file_and_reports_the_counts() -> None:
    out = io.StringIO()
    call_command("catalogue", "load-offers", "trainings", str(DATA / "trainings.json"), stdout=out)
    assert "2 created, 0 updated, 0 unchanged" in out.getvalue()
    with pytest.raises(CommandError, match="entry 1 \\(fit-4-digital\\): eligibility_rules"):
        call_command(
            "catalogue", "load-offers", "instruments", str(DATA / "instruments-invalid.json")
        )


@pytest.mark.parametrize("kind", ["instruments", "trainings"])
def test_the_shipped_files_are_valid(kind: str) -> None:
    """The catalogue's own data files (written beside this app) load without a problem."""
    if not DEFAULT_FILES[kind].exists():
        pytest.skip(f"{DEFAULT_FILES[kind].name} is not there yet")
    assert load_offers_file(DEFAULT_FILES[kind], kind).created > 0
