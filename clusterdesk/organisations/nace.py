"""Loading the NACE Rev. 2 classification shipped in `data/nace_rev2.csv`."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

NACE_CSV = Path(__file__).resolve().parent / "data" / "nace_rev2.csv"


def read_nace_rows(path: Path = NACE_CSV) -> list[dict[str, str]]:
    """Rows sorted so that every parent comes before its children."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return sorted(rows, key=lambda row: (int(row["level"]), row["code"]))


def load_nace(model: Any, path: Path = NACE_CSV) -> int:
    """Insert the classification into `model` (the real or the historical NaceActivity).

    Existing codes are left alone, so loading twice changes nothing.
    """
    existing = dict(model.objects.values_list("code", "id"))
    created = 0
    for row in read_nace_rows(path):
        if row["code"] in existing:
            continue
        parent_id = existing.get(row["parent_code"]) if row["parent_code"] else None
        activity = model.objects.create(
            code=row["code"],
            level=int(row["level"]),
            parent_id=parent_id,
            section=row["section"],
            label_en=row["label_en"],
            label_fr=row["label_fr"],
            label_de=row["label_de"],
        )
        existing[activity.code] = activity.id
        created += 1
    return created
