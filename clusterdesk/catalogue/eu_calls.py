"""Reading the EU Funding & Tenders portal's calls (topics) as SEDIA exports them.

`read_topics(path)` yields one plain `Topic` per call topic of an `open.jsonl.gz` export
(or its uncompressed `.jsonl`/`.json`): a UTF-8 text with a byte-order mark whose JSON
objects are concatenated rather than one per line, and whose text fields carry mojibake
("â€œ" for "“"), repaired here with ftfy. The same records flattened to CSV (`calls.csv`,
one column per field, multi-line quoted texts; gzipped or not) are read too. The shipped
copy is `DEFAULT_PATH` (see the README beside it for its source and attribution). Pure: no
database, no network.
"""

from __future__ import annotations

import csv
import datetime
import gzip
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import ftfy

DEFAULT_PATH = Path(__file__).resolve().parent / "data" / "eu-calls" / "open.jsonl.gz"


class TopicFileError(ValueError):
    """The file is not a SEDIA topics export (says where it stopped making sense)."""


@dataclass(frozen=True)
class Topic:
    topic_id: str  # e.g. "HORIZON-CL4-2026-TWIN-TRANSITION-01-07": the call's external id
    title: str
    programme: str
    cluster: str
    call_identifier: str
    call_title: str
    action_type: str
    deadline: datetime.date | None
    deadline_model: str
    status: str  # open, forthcoming, closed
    budget_min: Decimal | None
    budget_max: Decimal | None
    expected_grants: int | None
    keywords: str
    description: str
    conditions: str
    url: str


def _text(value: Any) -> str:
    if value is None:
        return ""
    return ftfy.fix_text(str(value)).strip()


def _date(value: Any) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _amount(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _int(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def topic_from(record: dict[str, Any]) -> Topic:
    """One topic from one exported object; `TopicFileError` when it has no topic id."""
    topic_id = _text(record.get("topicId"))
    if not topic_id:
        raise TopicFileError("a record has no topicId")
    description = _text(record.get("description"))
    objectives = _text(record.get("objectives"))
    if objectives and objectives not in description:
        description = f"{objectives}\n\n{description}" if description else objectives
    return Topic(
        topic_id=topic_id,
        title=_text(record.get("title")) or topic_id,
        programme=_text(record.get("programme")),
        cluster=_text(record.get("cluster")),
        call_identifier=_text(record.get("callIdentifier")),
        call_title=_text(record.get("callTitle")),
        action_type=_text(record.get("actionType")),
        deadline=_date(record.get("deadline")),
        deadline_model=_text(record.get("deadlineModel")),
        status=_text(record.get("callStatus")).lower(),
        budget_min=_amount(record.get("budgetMin")),
        budget_max=_amount(record.get("budgetMax")),
        expected_grants=_int(record.get("expectedGrants")),
        keywords=_text(record.get("keywords")),
        description=description,
        conditions=_text(record.get("topicConditions")).lstrip('">'),
        url=_text(record.get("portalUrl")),
    )


def _objects(text: str) -> Iterator[dict[str, Any]]:
    decoder = json.JSONDecoder()
    position, end = 0, len(text)
    while True:
        while position < end and text[position].isspace():
            position += 1
        if position >= end:
            return
        try:
            value, position = decoder.raw_decode(text, position)
        except json.JSONDecodeError as error:
            raise TopicFileError(f"not JSON at character {error.pos}: {error.msg}") from error
        if isinstance(value, list):
            yield from (item for item in value if isinstance(item, dict))
        elif isinstance(value, dict):
            yield value
        else:
            raise TopicFileError(f"a JSON value that is not a topic before character {position}")


def _csv_records(text: str) -> Iterator[dict[str, Any]]:
    csv.field_size_limit(max(csv.field_size_limit(), 16 * 1024 * 1024))
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if not reader.fieldnames or "topicId" not in reader.fieldnames:
        raise TopicFileError("a CSV file without a topicId column")
    try:
        yield from reader
    except csv.Error as error:
        raise TopicFileError(
            f"not a readable CSV file (line {reader.line_num}): {error}"
        ) from error


def read_topics(path: Path | str = DEFAULT_PATH) -> Iterator[Topic]:
    """The topics of a SEDIA export (JSON objects or CSV), in file order."""
    path = Path(path)
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError) as error:
            raise TopicFileError(f"a damaged gzip file: {error}") from error
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise TopicFileError(f"not UTF-8 text (byte {error.start})") from error
    records = _objects(text) if text.lstrip()[:1] in ("{", "[") else _csv_records(text)
    for record in records:
        yield topic_from(record)
