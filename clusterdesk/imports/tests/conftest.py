"""Helpers of the import tests: sample files, and tasks run in the test's process."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest

DATA = Path(__file__).parent / "data"
CORDIS_SAMPLE = DATA / "cordis_sample.csv"
CITIZEN_SAMPLE = DATA / "cordis_citizen_science_sample.csv"


@pytest.fixture(autouse=True)
def immediate_tasks(settings: Any) -> None:
    """Background tasks run at once in the test (the database backend has its own test)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def csv_bytes(rows: list[list[str]], delimiter: str = ",", encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def sample_rows(path: Path = CORDIS_SAMPLE) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))
