"""Loading support instruments or training programmes from a JSON file.

The file is a JSON list of objects whose keys are the model's field names (see
`services.INSTRUMENT_FIELDS` and `TRAINING_FIELDS`; an instrument's provider organisation
is set on its page, not from a file). Each entry goes through the services, which validate
it like a form would: an entry with a known short name (`slug`) updates that record, one
with a new short name creates one, and an entry that changes nothing is left alone.

All or nothing: when an entry is wrong, `OffersFileError` lists every wrong entry with its
number, short name and field, and nothing is stored.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction

from clusterdesk.catalogue import services
from clusterdesk.catalogue.models import SupportInstrument, TrainingProgramme
from clusterdesk.catalogue.services import ImportCounts

DATA_DIR = Path(__file__).resolve().parent / "data"


class OffersFileError(ValueError):
    """The file cannot be loaded; `problems` says which entry and field is wrong."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class OfferKind:
    model: type[models.Model]
    fields: tuple[str, ...]
    create: Callable[..., Any]
    update: Callable[..., Any]
    record_name: str  # the keyword of the update service


KINDS: dict[str, OfferKind] = {
    "instruments": OfferKind(
        SupportInstrument,
        tuple(name for name in services.INSTRUMENT_FIELDS if name != "provider_organisation"),
        services.instrument_create,
        services.instrument_update,
        "instrument",
    ),
    "trainings": OfferKind(
        TrainingProgramme,
        services.TRAINING_FIELDS,
        services.training_create,
        services.training_update,
        "training",
    ),
}
DEFAULT_FILES = {
    "instruments": DATA_DIR / "instruments.json",
    "trainings": DATA_DIR / "trainings.json",
}


def _read(path: Path) -> list[Any]:
    try:
        entries = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except OSError as error:
        raise OffersFileError([f"{path}: {error.strerror or error}"]) from error
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise OffersFileError([f"{path}: not a JSON file ({error})"]) from error
    if not isinstance(entries, list):
        raise OffersFileError([f"{path}: the file must hold a JSON list of entries"])
    return entries


def _problems(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [
            f"{field}: {message}"
            for field, messages in error.message_dict.items()
            for message in messages
        ]
    return list(error.messages)


def _load_entry(kind: OfferKind, entry: Any, counts: ImportCounts, actor: Any) -> list[str]:
    """Create or update one entry; returns what is wrong with it (nothing: it was stored)."""
    if not isinstance(entry, Mapping):
        return ["the entry must be a JSON object"]
    unknown = sorted(set(entry) - set(kind.fields))
    if unknown:
        return [f"{name}: unknown field (fields: {', '.join(kind.fields)})" for name in unknown]
    slug = entry.get("slug")
    if not isinstance(slug, str) or not slug.strip():
        return ["slug: every entry needs its short name"]
    existing = kind.model._default_manager.filter(slug=slug).first()
    try:
        if existing is None:
            kind.create(actor=actor, data=dict(entry))
            counts.created += 1
            return []
        version = existing.version  # type: ignore[attr-defined]
        saved = kind.update(
            actor=actor, data=dict(entry), expected_version=None, **{kind.record_name: existing}
        )
    except ValidationError as error:
        return _problems(error)
    if saved.version == version:
        counts.unchanged += 1
    else:
        counts.updated += 1
    return []


@transaction.atomic
def load_offers_file(path: Path | str, kind: str, *, actor: Any = None) -> ImportCounts:
    """Create or update the instruments (`kind="instruments"`) or trainings (`"trainings"`)
    of a JSON file; `OffersFileError` naming each wrong entry and field, and nothing stored,
    when one is wrong."""
    if kind not in KINDS:
        raise OffersFileError([f"unknown kind {kind!r}: use {' or '.join(KINDS)}"])
    offer_kind = KINDS[kind]
    counts = ImportCounts()
    problems: list[str] = []
    seen: set[str] = set()
    for number, entry in enumerate(_read(Path(path)), start=1):
        slug = entry.get("slug") if isinstance(entry, Mapping) else None
        label = f"entry {number} ({slug})" if isinstance(slug, str) and slug else f"entry {number}"
        if isinstance(slug, str) and slug in seen:
            problems.append(f"{label}: slug: this short name is given twice in the file")
            continue
        if isinstance(slug, str):
            seen.add(slug)
        wrong = _load_entry(offer_kind, entry, counts, actor)
        problems.extend(f"{label}: {problem}" for problem in wrong)
    if problems:
        raise OffersFileError(problems)
    return counts
