"""Whether an organisation meets an instrument's eligibility rules, rule by rule, with reasons.

Pure: plain dataclasses in, plain dataclasses out, no database. The rules are the data an
instrument stores (`matching.rules`); the facts are what the platform knows about an
organisation, and that is often little, so every fact is optional. A rule whose facts are
missing is "unknown" (with what is missing), never an exception; so is a malformed rule (with
the validation message). The overall verdict is True when every rule passed, False as soon as
one failed, None otherwise (nothing failed, something is unknown).

Conventions, chosen so that the edges are stated once:
- The main activity is the first NACE code. A code is "C25.6" (section letter first) or
  "25.6"/"2561" (section derived from the division, NACE Rev. 2).
- Company age compares the founding date with today minus N years, inclusive: a company
  founded exactly N years ago today is at least N years old and at most N years old. With
  only a founding year the answer is "unknown" when the year straddles that date.
- Cooldown: a participation counts when it is less than N years old; one exactly N years ago
  today no longer blocks. A participation dated in the future (a running application) blocks.
- `participations` and `diagnoses` are None when the history is unknown, [] when it is known
  to be empty.
- Size: an explicit `size_class` (the organisation's stored class, which may include partner
  and linked enterprises) wins; otherwise it is computed from headcount, turnover and balance
  sheet by `organisations.size` (EU Recommendation 2003/361).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from clusterdesk.matching.i18n import _, gettext_noop, ngettext, pgettext
from clusterdesk.matching.rules import PREDICATES, SIZE_CLASSES, validate_rule
from clusterdesk.organisations import size

Status = Literal["passed", "failed", "unknown"]
PASSED: Status = "passed"
FAILED: Status = "failed"
UNKNOWN: Status = "unknown"

# NACE Rev. 2: the first division of each section (sections are contiguous ranges).
_SECTION_STARTS = (
    (1, "A"),
    (5, "B"),
    (10, "C"),
    (35, "D"),
    (36, "E"),
    (41, "F"),
    (45, "G"),
    (49, "H"),
    (55, "I"),
    (58, "J"),
    (64, "K"),
    (68, "L"),
    (69, "M"),
    (77, "N"),
    (84, "O"),
    (85, "P"),
    (86, "Q"),
    (90, "R"),
    (94, "S"),
    (97, "T"),
    (99, "U"),
)
_MISSING_DIVISIONS = frozenset({4, 34, 40, 44, 48, 54, 57, 67, 76, 83, 89})


@dataclass
class OrganisationFacts:
    """What is known about an organisation; None (or an empty list) where nothing is."""

    headcount: int | None = None
    turnover: Decimal | int | float | None = None
    balance_sheet_total: Decimal | int | float | None = None
    size_class: str | None = None  # micro, small, medium, large
    has_business_permit: bool | None = None
    country: str | None = None  # ISO 3166 alpha-2 of the registered office
    nace_codes: list[str] = field(default_factory=list)  # the main activity first
    founding_year: int | None = None
    founded_on: datetime.date | None = None  # more precise than founding_year, when known
    participations: list[tuple[str, datetime.date]] | None = None  # (instrument slug, date)
    diagnoses: list[tuple[str, datetime.date]] | None = None  # (questionnaire key, completed)
    turnover_drop_percent: float | None = None


@dataclass(frozen=True)
class RuleResult:
    predicate: str
    status: Status
    reason: str

    @property
    def label(self) -> str:
        """The predicate's label in the active language."""
        predicate = PREDICATES.get(self.predicate)
        return str(predicate.label) if predicate else self.predicate

    @property
    def status_label(self) -> str:
        """ "passed", "failed" or "unknown" in the active language."""
        return status_label(self.status)


def status_label(status: Status) -> str:
    if status == PASSED:
        return pgettext("eligibility rule", "passed")
    if status == FAILED:
        return pgettext("eligibility rule", "failed")
    return pgettext("eligibility rule", "unknown")


@dataclass(frozen=True)
class Eligibility:
    eligible: bool | None
    results: tuple[RuleResult, ...]

    @property
    def failed(self) -> tuple[RuleResult, ...]:
        return tuple(result for result in self.results if result.status == FAILED)

    @property
    def unknown(self) -> tuple[RuleResult, ...]:
        return tuple(result for result in self.results if result.status == UNKNOWN)


def verdict(results: Sequence[RuleResult]) -> bool | None:
    if any(result.status == FAILED for result in results):
        return False
    if any(result.status == UNKNOWN for result in results):
        return None
    return True


def evaluate(rules: Any, facts: OrganisationFacts | None, today: datetime.date) -> Eligibility:
    """One `RuleResult` per rule and the overall verdict. Never raises on bad rules or facts."""
    facts = facts if facts is not None else OrganisationFacts()
    if not isinstance(rules, list):
        result = RuleResult("rules", UNKNOWN, _("The eligibility rules must be a list."))
        return Eligibility(None, (result,))
    results = tuple(evaluate_rule(rule, facts, today) for rule in rules)
    return Eligibility(verdict(results), results)


def evaluate_rule(rule: Any, facts: OrganisationFacts, today: datetime.date) -> RuleResult:
    name = rule.get("predicate") if isinstance(rule, dict) else None
    name = name if isinstance(name, str) else "?"
    problems = validate_rule(rule)
    if problems:
        reason = _("Rule not checked: %(problems)s") % {"problems": " ".join(problems)}
        return RuleResult(name, UNKNOWN, reason)
    check = _CHECKS[name]
    try:
        status, reason = check(rule, facts, today)
    except (ValueError, TypeError, ArithmeticError, AttributeError) as error:
        # Facts of the wrong shape (a negative headcount, a date that is a string…).
        status = UNKNOWN
        reason = _("The organisation's data cannot be read: %(error)s.") % {"error": error}
    return RuleResult(name, status, reason)


# --- the predicates -------------------------------------------------------------------


Outcome = tuple[Status, str]


def _amount(value: Decimal | int | float | None) -> Decimal | None:
    if value is None:
        return None
    try:
        return value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation as error:
        raise ValueError(_("“%(value)s” is not an amount") % {"value": value}) from error


def _millions(value: Decimal) -> str:
    return f"€{(value / size.MILLION).normalize():f}M"


# The size classes in words, translated when read.
_SIZE_NAMES = {
    "micro": gettext_noop("micro"),
    "small": gettext_noop("small"),
    "medium": gettext_noop("medium"),
    "large": gettext_noop("large"),
}
_ENTERPRISES = {
    "micro": gettext_noop("Micro enterprise"),
    "small": gettext_noop("Small enterprise"),
    "medium": gettext_noop("Medium enterprise"),
    "large": gettext_noop("Large enterprise"),
}


def _size_names(classes: Sequence[str]) -> str:
    return ", ".join(_(_SIZE_NAMES[name]) for name in classes)


def size_of(facts: OrganisationFacts) -> tuple[str | None, str]:
    """The size class and how it was known, in words ("" when unknown)."""
    if facts.size_class:
        if facts.size_class not in SIZE_CLASSES:
            raise ValueError(_("“%(value)s” is not a size class") % {"value": facts.size_class})
        return facts.size_class, _("as recorded")
    turnover = _amount(facts.turnover)
    balance = _amount(facts.balance_sheet_total)
    computed = size.size_class(facts.headcount, turnover, balance)
    if computed is None:
        return None, ""
    headcount = facts.headcount or 0
    figures = [
        ngettext("%(count)s staff", "%(count)s staff", headcount) % {"count": facts.headcount}
    ]
    if turnover is not None:
        figures.append(_("turnover %(amount)s") % {"amount": _millions(turnover)})
    if balance is not None:
        figures.append(_("balance sheet %(amount)s") % {"amount": _millions(balance)})
    how = ", ".join(figures)
    if size.size_class_is_estimate(facts.headcount, turnover, balance):
        how = _("%(figures)s; estimated from headcount alone") % {"figures": how}
    return computed.value, how


def _is_sme(rule: dict[str, Any], facts: OrganisationFacts, today: datetime.date) -> Outcome:
    size_class, how = size_of(facts)
    if size_class is None:
        return UNKNOWN, _("Size unknown: the headcount is not recorded.")
    enterprise = _(_ENTERPRISES[size_class])
    if size_class != "large":
        return PASSED, _("%(enterprise)s (%(how)s): an SME.") % {
            "enterprise": enterprise,
            "how": how,
        }
    return FAILED, _("%(enterprise)s (%(how)s): not an SME.") % {
        "enterprise": enterprise,
        "how": how,
    }


def _size_class_in(rule: dict[str, Any], facts: OrganisationFacts, today: datetime.date) -> Outcome:
    size_class, how = size_of(facts)
    wanted = _size_names(rule["classes"])
    if size_class is None:
        return UNKNOWN, _("Size unknown (needed: %(wanted)s): the headcount is not recorded.") % {
            "wanted": wanted
        }
    ok = size_class in rule["classes"]
    name = _(_SIZE_NAMES[size_class])
    reason = _("%(size)s (%(how)s); needed: %(wanted)s.") % {
        "size": name[:1].upper() + name[1:],
        "how": how,
        "wanted": wanted,
    }
    return (PASSED if ok else FAILED), reason


def _has_business_permit(
    rule: dict[str, Any], facts: OrganisationFacts, today: datetime.date
) -> Outcome:
    if facts.has_business_permit is None:
        return UNKNOWN, _("Whether it holds a business permit is not recorded.")
    if facts.has_business_permit:
        return PASSED, _("Holds a business permit.")
    return FAILED, _("Holds no business permit.")


def _registered_office_in(
    rule: dict[str, Any], facts: OrganisationFacts, today: datetime.date
) -> Outcome:
    wanted = rule["country"]
    if not facts.country:
        return UNKNOWN, _("Registered office not recorded (needed: %(wanted)s).") % {
            "wanted": wanted
        }
    country = facts.country.strip().upper()
    ok = country == wanted
    reason = _("Registered office in %(country)s; needed: %(wanted)s.") % {
        "country": country,
        "wanted": wanted,
    }
    return (PASSED if ok else FAILED), reason


def nace_section(code: str) -> str | None:
    """The NACE Rev. 2 section of a code ("C25.6" → C, "25.61" → C); None if unreadable."""
    code = code.strip().upper()
    if not code:
        return None
    if code[0].isalpha():
        return code[0] if code[0] in "ABCDEFGHIJKLMNOPQRSTU" else None
    digits = code.replace(".", "")
    if len(digits) < 2 or not digits[:2].isdigit():
        return None
    division = int(digits[:2])
    if division < 1 or division in _MISSING_DIVISIONS:
        return None
    found = None
    for start, section in _SECTION_STARTS:
        if division >= start:
            found = section
    return found


def _main_section(facts: OrganisationFacts) -> tuple[str | None, str]:
    if not facts.nace_codes:
        return None, _("Main activity (NACE code) not recorded.")
    code = facts.nace_codes[0]
    section = nace_section(code)
    if section is None:
        return None, _("NACE code “%(code)s” cannot be read.") % {"code": code}
    return section, code


def _nace_sections_included(
    rule: dict[str, Any], facts: OrganisationFacts, today: datetime.date
) -> Outcome:
    section, code = _main_section(facts)
    wanted = ", ".join(rule["sections"])
    if section is None:
        return UNKNOWN, code
    values = {"code": code, "section": section, "wanted": wanted}
    if section in rule["sections"]:
        return PASSED, _("Main activity %(code)s (section %(section)s) in %(wanted)s.") % values
    return FAILED, _("Main activity %(code)s (section %(section)s) not in %(wanted)s.") % values


def _nace_sections_excluded(
    rule: dict[str, Any], facts: OrganisationFacts, today: datetime.date
) -> Outcome:
    section, code = _main_section(facts)
    excluded = ", ".join(rule["sections"])
    if section is None:
        return UNKNOWN, code
    values = {"code": code, "section": section, "excluded": excluded}
    if section in rule["sections"]:
        return FAILED, _("Main activity %(code)s is in an excluded section (%(section)s).") % values
    return PASSED, _(
        "Main activity %(code)s (section %(section)s) is not excluded (%(excluded)s)."
    ) % values


def years_before(day: datetime.date, years: int) -> datetime.date:
    """The same calendar day `years` earlier (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _age_wanted(low: int | None, high: int | None) -> str:
    """The age the rule asks for, in words ("at least 3 years old")."""
    at_least = (
        ngettext("at least %(count)d year old", "at least %(count)d years old", low)
        % {"count": low}
        if low is not None
        else ""
    )
    at_most = (
        ngettext("at most %(count)d year old", "at most %(count)d years old", high)
        % {"count": high}
        if high is not None
        else ""
    )
    if at_least and at_most:
        return _("%(at_least)s and %(at_most)s") % {"at_least": at_least, "at_most": at_most}
    return at_least or at_most


def _company_age(rule: dict[str, Any], facts: OrganisationFacts, today: datetime.date) -> Outcome:
    low, high = rule.get("min_years"), rule.get("max_years")
    wanted = _age_wanted(low, high)
    if facts.founded_on is not None:
        earliest = latest = facts.founded_on
        founded = _("Founded on %(date)s") % {"date": facts.founded_on.isoformat()}
    elif facts.founding_year is not None:
        earliest = datetime.date(facts.founding_year, 1, 1)
        latest = datetime.date(facts.founding_year, 12, 31)
        founded = _("Founded in %(year)s") % {"year": facts.founding_year}
    else:
        return UNKNOWN, _("Founding date not recorded (needed: %(wanted)s).") % {"wanted": wanted}
    statuses: list[Status] = []
    if low is not None:
        limit = years_before(today, low)  # founded on or before this day
        statuses.append(PASSED if latest <= limit else FAILED if earliest > limit else UNKNOWN)
    if high is not None:
        limit = years_before(today, high)  # founded on or after this day
        statuses.append(PASSED if earliest >= limit else FAILED if latest < limit else UNKNOWN)
    values = {"founded": founded, "wanted": wanted}
    if FAILED in statuses:
        return FAILED, _("%(founded)s; needed: %(wanted)s.") % values
    if UNKNOWN in statuses:
        return UNKNOWN, _("%(founded)s: the exact date decides whether it is %(wanted)s.") % values
    return PASSED, _("%(founded)s: %(wanted)s.") % values


def _cooldown(rule: dict[str, Any], facts: OrganisationFacts, today: datetime.date) -> Outcome:
    instrument, years = rule["instrument"], rule["years"]
    if facts.participations is None:
        return UNKNOWN, ngettext(
            "Past participations not known (no %(instrument)s in the last %(years)d year).",
            "Past participations not known (no %(instrument)s in the last %(years)d years).",
            years,
        ) % {"instrument": instrument, "years": years}
    since = years_before(today, years)
    recent = sorted(day for slug, day in facts.participations if slug == instrument and day > since)
    if recent:
        return FAILED, ngettext(
            "Took part in %(instrument)s on %(date)s, less than %(years)d year ago "
            "(again from %(again)s).",
            "Took part in %(instrument)s on %(date)s, less than %(years)d years ago "
            "(again from %(again)s).",
            years,
        ) % {
            "instrument": instrument,
            "date": recent[-1].isoformat(),
            "years": years,
            "again": _after(recent[-1], years),
        }
    return PASSED, _("No participation in %(instrument)s since %(date)s.") % {
        "instrument": instrument,
        "date": since.isoformat(),
    }


def _after(day: datetime.date, years: int) -> str:
    try:
        return day.replace(year=day.year + years).isoformat()
    except ValueError:
        return day.replace(year=day.year + years, day=28).isoformat()


def _prerequisite_diagnosis(
    rule: dict[str, Any], facts: OrganisationFacts, today: datetime.date
) -> Outcome:
    key = rule["questionnaire"]
    if facts.diagnoses is None:
        return UNKNOWN, _(
            "Past diagnoses not known (needed: a completed %(questionnaire)s diagnosis)."
        ) % {"questionnaire": key}
    done = sorted(day for name, day in facts.diagnoses if name == key and day <= today)
    if done:
        return PASSED, _("A %(questionnaire)s diagnosis was completed on %(date)s.") % {
            "questionnaire": key,
            "date": done[-1].isoformat(),
        }
    return FAILED, _("No completed %(questionnaire)s diagnosis recorded: it comes first.") % {
        "questionnaire": key
    }


def _turnover_drop(rule: dict[str, Any], facts: OrganisationFacts, today: datetime.date) -> Outcome:
    wanted = rule["min_percent"]
    if facts.turnover_drop_percent is None:
        return UNKNOWN, _("Turnover drop not recorded (needed: at least %(wanted)s%%).") % {
            "wanted": wanted
        }
    drop = float(facts.turnover_drop_percent)
    ok = drop >= wanted
    reason = _("Turnover dropped by %(drop)s%%; needed: at least %(wanted)s%%.") % {
        "drop": f"{drop:g}",
        "wanted": wanted,
    }
    return (PASSED if ok else FAILED), reason


_CHECKS: dict[str, Callable[[dict[str, Any], OrganisationFacts, datetime.date], Outcome]] = {
    "is_sme": _is_sme,
    "size_class_in": _size_class_in,
    "has_business_permit": _has_business_permit,
    "registered_office_in": _registered_office_in,
    "nace_sections_included": _nace_sections_included,
    "nace_sections_excluded": _nace_sections_excluded,
    "company_age": _company_age,
    "cooldown": _cooldown,
    "prerequisite_diagnosis": _prerequisite_diagnosis,
    "turnover_drop": _turnover_drop,
}
assert set(_CHECKS) == set(PREDICATES), "every predicate of matching.rules needs a check"
