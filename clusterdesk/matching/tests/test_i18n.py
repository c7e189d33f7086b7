"""The engine's sentences follow the active language inside the platform, and stay English
(without raising) where Django is not set up: the benchmark and scripts import it bare."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import translation

from clusterdesk.matching import concepts, i18n
from clusterdesk.matching.eligibility import OrganisationFacts, evaluate_rule
from clusterdesk.matching.ranking import Offer, build_index, rank
from clusterdesk.matching.rules import PREDICATES, validate_rules

TODAY = datetime.date(2026, 3, 1)
ROOT = Path(__file__).resolve().parents[3]
OFFICE = {"predicate": "registered_office_in", "country": "LU"}


def test_a_rule_reason_follows_the_active_language() -> None:
    facts = OrganisationFacts(country="FR")
    assert evaluate_rule(OFFICE, facts, TODAY).reason == "Registered office in FR; needed: LU."
    with translation.override("fr"):
        result = evaluate_rule(OFFICE, facts, TODAY)
        assert result.reason == "Siège social\u00a0: FR\u00a0; requis\u00a0: LU."
        assert result.label == "Siège social dans le pays"
        assert result.status_label == "non rempli"
    with translation.override("de"):
        assert evaluate_rule(OFFICE, facts, TODAY).reason == "Sitz in FR; erforderlich: LU."


def test_plural_reasons() -> None:
    rule = {"predicate": "cooldown", "instrument": "fit-4-digital", "years": 1}
    with translation.override("fr"):
        reason = evaluate_rule(rule, OrganisationFacts(), TODAY).reason
    assert "1 an" in reason
    assert "fit-4-digital" in reason
    rule["years"] = 3
    with translation.override("de"):
        reason = evaluate_rule(rule, OrganisationFacts(), TODAY).reason
    assert "in den letzten 3 Jahren" in reason


def test_labels_are_translated_when_read_not_at_import() -> None:
    label = PREDICATES["is_sme"].label
    assert str(label) == "SME by the EU definition (Recommendation 2003/361)"
    with translation.override("fr"):
        assert str(label) == "PME selon la définition de l\u2019UE (recommandation 2003/361)"
        assert concepts.label("digitalisation") == "numérisation"
    with translation.override("de"):
        assert str(label) == "KMU nach EU-Definition (Empfehlung 2003/361)"
    assert concepts.label("digitalisation") == "digitalisation"


def test_validation_messages_are_translated() -> None:
    with translation.override("fr"):
        problems = validate_rules([{"predicate": "cooldown", "years": 0}])
    assert problems == [
        "Règle 1\u00a0: cooldown\u00a0: «\u00a0instrument\u00a0» manque "
        "(le nom court d\u2019un instrument).",
        "Règle 1\u00a0: cooldown\u00a0: «\u00a0years\u00a0» doit être "
        "un nombre entier d\u2019années.",
    ]


def test_match_reasons_follow_the_active_language() -> None:
    index = build_index(
        [
            Offer(
                "instrument",
                "fit-4-digital",
                "Fit 4 Digital",
                "Digitalisation of SMEs",
                eligibility_rules=[OFFICE],
            )
        ]
    )
    facts = OrganisationFacts(country="LU")
    english = rank(index, "digitalisation", facts=facts, today=TODAY)[0].reasons
    assert english[0] == "Concepts: digitalisation"
    assert "Eligible:" in english
    with translation.override("fr"):
        french = rank(index, "digitalisation", facts=facts, today=TODAY)[0].reasons
    assert french[0] == "Concepts\u00a0: numérisation"
    assert "Éligible\u00a0:" in french
    assert (
        "Siège social dans le pays\u00a0: rempli — Siège social\u00a0: LU\u00a0; requis\u00a0: LU."
        in french
    )
    with translation.override("fr"):
        unchecked = rank(index, "digitalisation", today=TODAY)[0].reasons
    assert "Éligibilité non vérifiée\u00a0: aucune organisation indiquée." in unchecked


def test_without_django_the_functions_return_the_english_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(i18n, "translating", lambda: False)
    with translation.override("fr"):
        assert i18n.gettext("Company age") == "Company age"
        assert i18n.ngettext("%(n)d year", "%(n)d years", 1) == "%(n)d year"
        assert i18n.ngettext("%(n)d year", "%(n)d years", 2) == "%(n)d years"
        assert i18n.pgettext("eligibility rule", "passed") == "passed"
        assert str(i18n.gettext_lazy("Company age")) == "Company age"


SCRIPT = """
import datetime
from django.conf import settings
from clusterdesk.matching import i18n
from clusterdesk.matching.eligibility import OrganisationFacts, evaluate, evaluate_rule
from clusterdesk.matching.rules import PREDICATES, validate_rules
assert not settings.configured
assert not i18n.translating()
rule = {"predicate": "registered_office_in", "country": "LU"}
result = evaluate_rule(rule, OrganisationFacts(country="FR"), datetime.date(2026, 3, 1))
print(result.status, result.label, result.reason, sep="|")
print(evaluate([{"predicate": "cooldown", "instrument": "x", "years": 1}], None,
      datetime.date(2026, 3, 1)).results[0].reason)
print(validate_rules("no")[0])
print(str(PREDICATES["is_sme"].label))
"""


def test_without_django_settings_the_engine_speaks_english() -> None:
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    completed = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.splitlines() == [
        "failed|Registered office in the country|Registered office in FR; needed: LU.",
        "Past participations not known (no x in the last 1 year).",
        "The eligibility rules must be a list.",
        "SME by the EU definition (Recommendation 2003/361)",
    ]
