"""The vocabulary of eligibility rules: what a support instrument stores as data.

An instrument's `eligibility_rules` is a JSON list of rules, each an object naming a
reusable predicate (DOMAIN.md §4.2) and its parameters, e.g. Fit 4 Digital:

    [
        {"predicate": "is_sme"},
        {"predicate": "has_business_permit"},
        {"predicate": "nace_sections_excluded", "sections": ["A"]},
        {"predicate": "cooldown", "instrument": "fit-4-digital", "years": 2},
    ]

`PREDICATES` lists every predicate with its parameters; `validate_rules` says, in words a
person editing an instrument understands, what is wrong with a list (an empty list: every
rule is well formed). The evaluation against an organisation is `matching.eligibility`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from clusterdesk.matching.i18n import _, gettext_lazy, gettext_noop

SIZE_CLASSES = ("micro", "small", "medium", "large")
NACE_SECTIONS = tuple("ABCDEFGHIJKLMNOPQRSTU")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _positive_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _percent(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and 0 < value <= 100


def _country(value: Any) -> bool:
    return isinstance(value, str) and len(value) == 2 and value.isalpha() and value.isupper()


def _sections(value: Any) -> bool:
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(item, str) and item in NACE_SECTIONS for item in value)
    )


def _size_classes(value: Any) -> bool:
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(item, str) and item in SIZE_CLASSES for item in value)
    )


def _slug(value: Any) -> bool:
    return isinstance(value, str) and bool(SLUG.match(value))


@dataclass(frozen=True)
class Parameter:
    name: str
    check: Callable[[Any], bool]
    expected: str  # what a valid value is, for the error message (translated when read)
    required: bool = True


@dataclass(frozen=True)
class Predicate:
    name: str
    label: str  # what it checks: lazy, `str(label)` is in the active language
    parameters: tuple[Parameter, ...] = ()
    # At least one of these parameters must be given (company_age: a minimum or a maximum).
    one_of: tuple[str, ...] = ()


PREDICATES: dict[str, Predicate] = {
    predicate.name: predicate
    for predicate in (
        Predicate("is_sme", gettext_lazy("SME by the EU definition (Recommendation 2003/361)")),
        Predicate(
            "size_class_in",
            gettext_lazy("Company size class"),
            (Parameter("classes", _size_classes, gettext_noop("a list of %(classes)s")),),
        ),
        Predicate("has_business_permit", gettext_lazy("Business permit (DG SMEs)")),
        Predicate(
            "registered_office_in",
            gettext_lazy("Registered office in the country"),
            (Parameter("country", _country, gettext_noop("a two-letter country code such as LU")),),
        ),
        Predicate(
            "nace_sections_included",
            gettext_lazy("Main activity in the NACE sections"),
            (
                Parameter(
                    "sections", _sections, gettext_noop("a list of NACE section letters A to U")
                ),
            ),
        ),
        Predicate(
            "nace_sections_excluded",
            gettext_lazy("Main activity not in the excluded NACE sections"),
            (
                Parameter(
                    "sections", _sections, gettext_noop("a list of NACE section letters A to U")
                ),
            ),
        ),
        Predicate(
            "company_age",
            gettext_lazy("Company age"),
            (
                Parameter(
                    "min_years",
                    _positive_int,
                    gettext_noop("a whole number of years"),
                    required=False,
                ),
                Parameter(
                    "max_years",
                    _positive_int,
                    gettext_noop("a whole number of years"),
                    required=False,
                ),
            ),
            one_of=("min_years", "max_years"),
        ),
        Predicate(
            "cooldown",
            gettext_lazy("No participation in the programme in the last years"),
            (
                Parameter("instrument", _slug, gettext_noop("the short name of an instrument")),
                Parameter("years", _positive_int, gettext_noop("a whole number of years")),
            ),
        ),
        Predicate(
            "prerequisite_diagnosis",
            gettext_lazy("A completed diagnosis first"),
            (Parameter("questionnaire", _slug, gettext_noop("the short name of a questionnaire")),),
        ),
        Predicate(
            "turnover_drop",
            gettext_lazy("Turnover drop of at least the percentage"),
            (
                Parameter(
                    "min_percent", _percent, gettext_noop("a percentage above 0 and at most 100")
                ),
            ),
        ),
    )
}


def expected(parameter: Parameter) -> str:
    """What a valid value of the parameter is, in the active language."""
    return _(parameter.expected) % {"classes": ", ".join(SIZE_CLASSES)}


def validate_rule(rule: Any) -> list[str]:
    """What is wrong with one rule (empty: nothing), in the active language."""
    if not isinstance(rule, dict):
        return [_("A rule must be an object with a “predicate”.")]
    name = rule.get("predicate")
    predicate = PREDICATES.get(name) if isinstance(name, str) else None
    if predicate is None:
        known = ", ".join(PREDICATES)
        return [
            _("Unknown predicate “%(name)s”: use one of %(known)s.")
            % {"name": name, "known": known}
        ]
    problems = []
    allowed = {parameter.name for parameter in predicate.parameters}
    for key in sorted(set(rule) - allowed - {"predicate"}):
        problems.append(
            _("%(predicate)s: unknown parameter “%(parameter)s”.")
            % {"predicate": name, "parameter": key}
        )
    for parameter in predicate.parameters:
        if parameter.name not in rule:
            if parameter.required:
                problems.append(
                    _("%(predicate)s: “%(parameter)s” is missing (%(expected)s).")
                    % {
                        "predicate": name,
                        "parameter": parameter.name,
                        "expected": expected(parameter),
                    }
                )
        elif not parameter.check(rule[parameter.name]):
            problems.append(
                _("%(predicate)s: “%(parameter)s” must be %(expected)s.")
                % {"predicate": name, "parameter": parameter.name, "expected": expected(parameter)}
            )
    if predicate.one_of and not any(key in rule for key in predicate.one_of):
        first, second = predicate.one_of
        problems.append(
            _("%(predicate)s: give “%(first)s” or “%(second)s”.")
            % {"predicate": name, "first": first, "second": second}
        )
    if name == "company_age" and not problems:
        low, high = rule.get("min_years"), rule.get("max_years")
        if low is not None and high is not None and low > high:
            problems.append(_("company_age: “min_years” is above “max_years”."))
    return problems


def validate_rules(rules: Any) -> list[str]:
    """What is wrong with an instrument's list of rules, numbered as a person counts them."""
    if not isinstance(rules, list):
        return [_("The eligibility rules must be a list.")]
    problems: list[str] = []
    for number, rule in enumerate(rules, start=1):
        problems.extend(
            _("Rule %(number)d: %(problem)s") % {"number": number, "problem": problem}
            for problem in validate_rule(rule)
        )
    return problems
