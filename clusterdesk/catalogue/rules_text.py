"""An instrument's eligibility rules in words, for its page: each rule's predicate label
(`matching.rules.PREDICATES`) and its parameters, e.g. "No participation in the programme
in the last years: Fit 4 Digital, 2 years". Pure, apart from the translation of the words.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clusterdesk.matching.rules import PREDICATES


@dataclass(frozen=True)
class RuleLine:
    predicate: str
    label: str
    detail: str  # the parameters in words ("" when the predicate has none)


def _years(count: int) -> str:
    return ngettext("%(count)d year", "%(count)d years", count) % {"count": count}


def _value(name: str, value: Any, instruments: Mapping[str, str]) -> str:
    if name == "instrument":
        return instruments.get(str(value), str(value))
    if name == "years":
        return _years(int(value))
    if name == "min_years":
        return _("at least %(years)s") % {"years": _years(int(value))}
    if name == "max_years":
        return _("at most %(years)s") % {"years": _years(int(value))}
    if name == "min_percent":
        return f"{value} %"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def rule_line(rule: Any, instruments: Mapping[str, str] | None = None) -> RuleLine:
    """One rule in words; a rule that is not well formed is shown as it is stored."""
    instruments = instruments or {}
    name = rule.get("predicate") if isinstance(rule, dict) else None
    predicate = PREDICATES.get(name) if isinstance(name, str) else None
    if predicate is None or not isinstance(rule, dict):
        return RuleLine(predicate=str(name or ""), label=_("Unknown rule"), detail=str(rule))
    details = [
        _value(parameter.name, rule[parameter.name], instruments)
        for parameter in predicate.parameters
        if parameter.name in rule
    ]
    return RuleLine(predicate=predicate.name, label=str(predicate.label), detail=", ".join(details))


def rule_lines(rules: Any, instruments: Mapping[str, str] | None = None) -> list[RuleLine]:
    """Every rule of an instrument in words; `instruments` names instruments by short name
    (for the cooldown rule)."""
    if not isinstance(rules, list):
        return []
    return [rule_line(rule, instruments) for rule in rules]
