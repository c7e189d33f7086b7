"""`clusterdesk catalogue import-eu-calls`: EU calls upserted by topic id, all or nothing."""

from __future__ import annotations

import datetime
import io
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from clusterdesk.catalogue import eu_calls, services
from clusterdesk.catalogue.models import Call
from clusterdesk.core.audit import timeline
from clusterdesk.core.search.models import SearchDocument

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("catalogue", "import-eu-calls", *args, stdout=out)
    return out.getvalue()


def test_a_sedia_export_creates_one_call_per_topic() -> None:
    output = run(str(DATA / "calls.jsonl.gz"))
    assert "3 created, 0 updated, 0 unchanged" in output
    call = Call.objects.get(external_id="HORIZON-CL4-2026-TWIN-TRANSITION-01-07")
    assert (call.source, call.status, call.programme) == ("eu_sedia", "open", "Horizon Europe")
    assert call.deadline == datetime.date(2026, 9, 23)
    assert (call.budget_min, call.budget_max, call.expected_grants) == (
        Decimal(3_000_000),
        Decimal(5_000_000),
        3,
    )
    assert Call.objects.get(external_id="EDF-2026-RA-SPACE").description == (
        'Watching the orbits "closely".'
    )
    assert SearchDocument.objects.filter(kind="calls").count() == 3
    assert timeline(call).get().action == "create"


def test_importing_again_updates_what_changed_and_leaves_the_rest() -> None:
    run(str(DATA / "calls.jsonl.gz"))
    output = run(str(DATA / "calls-updated.jsonl"))
    assert "1 created, 1 updated, 2 unchanged" in output
    heating = Call.objects.get(external_id="LIFE-2026-CET-HEATING")
    assert (heating.status, heating.version) == ("open", 2)
    assert timeline(heating).first().changes == {"status": ["forthcoming", "open"]}
    untouched = Call.objects.get(external_id="EDF-2026-RA-SPACE")
    assert untouched.version == 1
    assert "0 created, 0 updated, 4 unchanged" in run(str(DATA / "calls-updated.jsonl"))


def test_a_call_entered_by_hand_is_left_alone() -> None:
    services.call_create(actor=None, data={"title": "Joint Call Defence 2024"})
    run(str(DATA / "calls.jsonl.gz"))
    assert Call.objects.filter(source="manual").count() == 1


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("calls-broken.jsonl", "is not a SEDIA topics export: not JSON at character"),
        ("calls-invalid.jsonl", "Topic LIFE-2026-CET-HEATING: status:"),
        ("no-such-file.jsonl.gz", "no such file"),
    ],
)
def test_a_bad_file_stores_nothing_and_says_why(name: str, words: str) -> None:
    with pytest.raises(CommandError) as refused:
        run(str(DATA / name))
    assert words in str(refused.value)
    assert "Nothing was imported." in str(refused.value)
    assert not Call.objects.exists()
    assert not SearchDocument.objects.filter(kind="calls").exists()


def test_a_broken_file_leaves_the_calls_already_there_as_they_were() -> None:
    run(str(DATA / "calls.jsonl.gz"))
    with pytest.raises(CommandError):
        run(str(DATA / "calls-invalid.jsonl"))
    assert Call.objects.count() == 3
    assert not Call.objects.filter(external_id="NEW-2026-01").exists()


def test_the_console_script_exits_non_zero_on_a_bad_file(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            *("-m", "clusterdesk", "catalogue", "import-eu-calls"),
            str(DATA / "calls-broken.jsonl"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={"DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}", "PATH": ""},
    )
    assert result.returncode == 1
    assert "is not a SEDIA topics export" in result.stderr
    assert result.stdout == ""


def test_the_shipped_export_is_the_default_and_holds_629_calls() -> None:
    assert "629 created, 0 updated, 0 unchanged" in run()
    assert Call.objects.filter(status="open").count() == 363
    counts = services.calls_import(actor=None, topics=eu_calls.read_topics())
    assert counts.unchanged == 629


def _as_csv(source: Path, target: Path) -> Path:
    """The records of a SEDIA JSON export written as the portal's flattened CSV."""
    import csv
    import gzip
    import json

    text = gzip.decompress(source.read_bytes()).decode("utf-8-sig")
    decoder, position, records = json.JSONDecoder(), 0, []
    while position < len(text.rstrip()):
        while text[position].isspace():
            position += 1
        record, position = decoder.raw_decode(text, position)
        records.append(record)
    columns = sorted({key for record in records for key in record})
    with target.open("w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=columns)
        writer.writeheader()
        for record in records:
            writer.writerow({k: v for k, v in record.items() if not isinstance(v, dict)})
    return target


def test_the_flattened_csv_export_imports_the_same_calls(tmp_path: Path) -> None:
    csv_file = _as_csv(DATA / "calls.jsonl.gz", tmp_path / "calls.csv")
    assert "3 created, 0 updated, 0 unchanged" in run(str(csv_file))
    call = Call.objects.get(external_id="HORIZON-CL4-2026-TWIN-TRANSITION-01-07")
    assert call.deadline == datetime.date(2026, 9, 23)
    assert (call.budget_min, call.budget_max, call.expected_grants) == (
        Decimal(3_000_000),
        Decimal(5_000_000),
        3,
    )
    # The same topics from the JSON export change nothing.
    assert "0 created, 0 updated, 3 unchanged" in run(str(DATA / "calls.jsonl.gz"))


def test_a_csv_without_topic_ids_stores_nothing_and_says_why(tmp_path: Path) -> None:
    wrong = tmp_path / "organisations.csv"
    wrong.write_text("name,country\nAcme,LU\n", encoding="utf-8")
    with pytest.raises(CommandError, match="topicId"):
        run(str(wrong))
    assert not Call.objects.exists()
