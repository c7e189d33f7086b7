"""From a need to a referral through its matches, in a real browser: the case page leads to
the need's page, whose matches load with why (eligibility included); one click refers the
need to the instrument, and the referral is sent from its page."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from clusterdesk.catalogue import services as catalogue
from clusterdesk.support import services
from clusterdesk.support.models import Referral

NEED = "Digitalise production planning: a digital maturity diagnosis, then choose an ERP"


def test_a_manager_refers_a_need_to_a_matching_instrument(
    page: Any, sign_in: Any, screenshot: Any, manager_a: Any, organisation_a: Any, cluster_a: Any
) -> None:
    fit4 = catalogue.instrument_create(
        actor=None,
        data={
            "slug": "fit-4-digital",
            "name": "Fit 4 Digital",
            "provider": "Luxinnovation",
            "kind": "diagnosis_programme",
            "summary": "Digital maturity diagnosis and a costed digitalisation plan for SMEs.",
            "themes": ["digitalisation"],
            "eligibility_rules": [{"predicate": "is_sme"}],
        },
    )
    catalogue.training_create(
        actor=None,
        data={
            "slug": "erp-selection",
            "title": "Choosing an ERP for a manufacturing SME",
            "topics": ["ERP"],
            "format": "workshop",
            "duration_hours": 4,
            "language": "en",
        },
    )
    case = services.case_create(
        actor=manager_a,
        data={
            "organisation": organisation_a,
            "cluster": cluster_a,
            "owner": manager_a,
            "origin": "proactive",
            "problem_statement": "Wants to digitalise its production planning",
        },
    )
    services.need_create(actor=manager_a, case=case, data={"text": NEED, "theme": "digitalisation"})
    sign_in(page, "manager_a")

    page.goto(case.get_absolute_url())
    page.locator("#needs").get_by_role("link", name="Matches").click()
    expect(page.get_by_role("heading", name="What fits this need")).to_be_visible()
    matches = page.locator("#matches .cd-match")
    expect(matches.first).to_be_visible()
    fit4_match = matches.filter(has_text="Fit 4 Digital")
    expect(fit4_match.get_by_text("Eligible", exact=True)).to_be_visible()
    expect(matches.filter(has_text="Choosing an ERP for a manufacturing SME")).to_be_visible()
    screenshot(page, "need-matches")

    fit4_match.get_by_role("button", name="Refer to Fit 4 Digital").click()
    expect(page.get_by_text("Referral proposed to Fit 4 Digital")).to_be_visible()
    referral = Referral.objects.get(need__case=case)
    assert referral.target_instrument == fit4
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("Referral sent.")).to_be_visible()
    referral.refresh_from_db()
    assert referral.status == "sent"
    assert page.console_errors == []
