"""What is wrong with the JSON values of catalogue records, in words an editor understands.

Pure functions over plain data: each returns a list of problems (empty: the value is
fine). The models' `clean()` turns them into errors on their field, so the services, the
forms, the API and the offers-file loader all refuse the same values with the same words.
The eligibility rules are checked by `matching.rules.validate_rules`.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from clusterdesk.matching.rules import SIZE_CLASSES

MAX_ITEMS = 100
MAX_TEXT = 200


def _is_number(value: Any) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(float(value))
    )


def choices_problems(value: Any, allowed: Iterable[str]) -> list[str]:
    """A list of codes, each one of `allowed` (themes, team services, languages)."""
    allowed = list(allowed)
    if not isinstance(value, list):
        return [_("Give a list.")]
    unknown = [str(item) for item in value if not isinstance(item, str) or item not in allowed]
    if unknown:
        return [
            _("Unknown values: %(unknown)s. Use %(allowed)s.")
            % {"unknown": ", ".join(unknown), "allowed": ", ".join(allowed)}
        ]
    if len(set(value)) != len(value):
        return [_("A value is given twice.")]
    return []


def text_list_problems(value: Any, max_items: int = MAX_ITEMS) -> list[str]:
    """A list of short, non-empty texts (topics, competences)."""
    if not isinstance(value, list):
        return [_("Give a list of texts.")]
    if len(value) > max_items:
        return [_("At most %(count)d entries.") % {"count": max_items}]
    for item in value:
        if not isinstance(item, str) or not item.strip():
            return [_("Every entry must be a non-empty text.")]
        if len(item) > MAX_TEXT:
            return [_("An entry is longer than %(count)d characters.") % {"count": MAX_TEXT}]
    return []


def rates_problems(value: Any) -> list[str]:
    """Aid rates by size class: `{"micro": 70, "small": 70, "medium": 60, "large": null}`,
    percentages from 0 to 100 or null (not given)."""
    if not isinstance(value, dict):
        return [_("Give an object with the size classes micro, small, medium and large.")]
    problems = []
    for key in value:
        if key not in SIZE_CLASSES:
            problems.append(
                _("Unknown size class “%(key)s”: use micro, small, medium or large.") % {"key": key}
            )
    for key, rate in value.items():
        if key in SIZE_CLASSES and rate is not None and not (_is_number(rate) and 0 <= rate <= 100):
            problems.append(
                _("The rate for %(key)s must be a percentage from 0 to 100, or null.")
                % {"key": key}
            )
    return problems


def bonuses_problems(value: Any) -> list[str]:
    """Bonus points: `[{"label": "Circular-economy project", "points": 20}]`."""
    if not isinstance(value, list):
        return [_("Give a list of bonuses, each with a “label” and “points”.")]
    problems = []
    for number, bonus in enumerate(value, start=1):
        if not isinstance(bonus, dict) or set(bonus) != {"label", "points"}:
            problems.append(
                _("Bonus %(number)d: give exactly a “label” and “points”.") % {"number": number}
            )
            continue
        label, points = bonus["label"], bonus["points"]
        if not isinstance(label, str) or not label.strip() or len(label) > MAX_TEXT:
            problems.append(
                _("Bonus %(number)d: the label must be a text of up to %(count)d characters.")
                % {"number": number, "count": MAX_TEXT}
            )
        if not (_is_number(points) and 0 < points <= 100):
            problems.append(
                _("Bonus %(number)d: the points must be a number above 0 and at most 100.")
                % {"number": number}
            )
    return problems


def dates_problems(value: Any) -> list[str]:
    """Dates as ISO texts: `["2026-10-05", "2026-11-16"]`."""
    if not isinstance(value, list):
        return [_("Give a list of dates (YYYY-MM-DD).")]
    if len(value) > MAX_ITEMS:
        return [_("At most %(count)d entries.") % {"count": MAX_ITEMS}]
    wrong = []
    for item in value:
        try:
            datetime.date.fromisoformat(item)
        except (TypeError, ValueError):
            wrong.append(str(item))
        else:
            if len(item) != 10:
                wrong.append(str(item))
    if wrong:
        return [_("Not dates (YYYY-MM-DD): %(dates)s.") % {"dates": ", ".join(wrong)}]
    return []


def normalised_dates(value: list[str]) -> list[str]:
    """Valid ISO dates, each once, in order."""
    return sorted(set(value))
