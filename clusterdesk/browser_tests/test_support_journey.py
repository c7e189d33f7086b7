"""A cluster manager's whole support journey with a company, in a real browser: a video call
logged from the company file with a follow-up, a support case, a DMA diagnosis filled in and
completed, its proposed needs added to the case, a need referred to an agency team, the
case moved along its journey, a roadmap with an action, then "My week" and the daily digest
that list the follow-up and the action. Every record is created through the UI."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from clusterdesk.diagnostics.models import Diagnosis
from clusterdesk.support.models import Action, Need, Referral, SupportCase

PROBLEM = "Wants to digitalise brake-pad quality control on the production line"
CALL_SUMMARY = "Video call with the CEO about quality control and data on the shop floor"
ACTION = "Draft the digital strategy with the CEO"
DMA = "EU digital maturity assessment (DMA)"
TEAM = "R&D and innovation support"


@pytest.fixture(autouse=True)
def email_in_memory(settings: Any) -> None:
    """The digest's emails land in `django.core.mail.outbox`."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def panel_of(page: Any, heading: str) -> Any:
    """A panel of the company file, by its heading (which ends with a count)."""
    return page.locator("section", has=page.get_by_role("heading", name=re.compile(f"^{heading}")))


def step_button(page: Any, label: str) -> Any:
    """A next-step button of the case page's journey card."""
    journey = page.locator("section", has=page.get_by_role("heading", name="Journey"))
    return journey.locator(".cd-step-forms").get_by_role("button", name=label)


def expect_state(page: Any, label: str) -> None:
    expect(page.locator(".cd-journey [aria-current=step]")).to_have_text(label)


def test_a_manager_walks_a_company_through_the_support_journey(
    page: Any,
    sign_in: Any,
    screenshot: Any,
    manager_a: Any,
    organisation_a: Any,
    contact_a: Any,
) -> None:
    today = timezone.localdate()
    assert manager_a.email  # the digest's address (the cast's factory sets one)
    sign_in(page, "manager_a")

    # 1. The company file: a video call logged in the quick entry, with a follow-up today
    # (in the current week, and due on the digest's day).
    page.goto(f"/organisations/{organisation_a.uuid}/")
    expect(page.get_by_role("heading", name=organisation_a.legal_name)).to_be_visible()
    panel = page.locator("#interactions-panel")
    quick = panel.get_by_role("form", name="Quick entry")
    quick.get_by_label("Kind").select_option(label="Video call")
    quick.get_by_label("Summary").fill(CALL_SUMMARY)
    quick.get_by_label(str(contact_a)).check()
    quick.get_by_label("Follow up on").fill(today.isoformat())
    page.evaluate("window.__same_page = true")  # gone if the page reloads
    quick.get_by_role("button", name="Log interaction").click()
    expect(panel.get_by_role("status")).to_contain_text("The video call is logged.")
    logged = panel.locator(".list-group-item", has_text=CALL_SUMMARY)
    expect(logged).to_contain_text("Video call")
    expect(logged).to_contain_text(f"With {contact_a}")
    open_follow_ups = panel.locator("li", has=page.get_by_role("link", name="Follow up"))
    expect(open_follow_ups).to_have_count(1)
    assert page.evaluate("window.__same_page") is True
    screenshot(page, "journey-company-file-interaction")

    # 2. A support case, opened from the company file's panel.
    panel_of(page, "Support cases").get_by_role("link", name="Open a support case").click()
    expect(page.get_by_role("heading", name="Open a support case")).to_be_visible()
    page.get_by_label("Problem statement").fill(PROBLEM)
    page.get_by_role("button", name="Open the case").click()
    expect(page.get_by_role("heading", name=organisation_a.legal_name)).to_be_visible()
    expect(page.locator("p.lead")).to_have_text(PROBLEM)
    expect_state(page, "First contact")
    case_url = page.url
    case = SupportCase.objects.get(organisation=organisation_a)
    assert case.owner == manager_a
    # Only the allowed steps are offered: no follow-up or roadmap before a diagnosis.
    expect(step_button(page, "Start the diagnosis")).to_be_visible()
    expect(step_button(page, "Start the follow-up")).to_have_count(0)
    expect(step_button(page, "Roadmap agreed")).to_have_count(0)
    step_button(page, "Start the diagnosis").click()
    expect_state(page, "Diagnosis")

    # 3. A DMA diagnosis, started from the company file's panel, answered low throughout.
    page.get_by_role("link", name=organisation_a.legal_name).first.click()
    panel_of(page, "Diagnoses").get_by_role("link", name="Start a diagnosis").click()
    expect(page.get_by_role("heading", name="Start a diagnosis")).to_be_visible()
    page.get_by_label(DMA).check()
    page.get_by_role("button", name="Start", exact=True).click()
    steps = page.locator("#fill-steps .nav-link")
    expect(steps.first).to_be_visible()
    dimensions = steps.count() - 1  # the last step is "Review and complete"
    counted = re.search(r"of (\d+) answered", page.locator("#fill-status").inner_text())
    assert counted is not None
    total = int(counted[1])
    answered = 0
    for number in range(1, dimensions + 1):
        expect(page.locator("#fill-steps [aria-current=step]")).to_contain_text(
            steps.nth(number - 1).locator("span").first.inner_text()
        )
        questions = page.locator("fieldset.cd-question")
        for index in range(questions.count()):
            questions.nth(index).locator(".cd-choice label").first.click()  # the lowest answer
            answered += 1
            # Each click is saved as it is made; wait for it before the next step's post.
        expect(page.locator("#fill-status")).to_contain_text(f"{answered} of {total} answered")
        expect(page.locator("#fill-status")).to_contain_text("Saved at")
        page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", name="Review and complete")).to_be_visible()
    expect(page.get_by_text(f"{total} of {total} questions answered.")).to_be_visible()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Complete the diagnosis").click()

    results = page.locator("section", has=page.get_by_role("heading", name="Results"))
    expect(results).to_be_visible()
    expect(results.locator(".cd-score-big")).to_have_text(re.compile(r"^0\.0\s*%$"))
    expect(results.locator(".cd-band")).to_have_text("Basic")
    radar = results.get_by_role("img", name=re.compile("Scores per dimension"))
    expect(radar).to_be_visible()
    assert radar.evaluate("element => element.tagName") == "svg"
    expect(radar).to_contain_text("Digital business strategy")
    rows = results.locator("tbody tr")
    expect(rows).to_have_count(dimensions)
    for index in range(dimensions):
        expect(rows.nth(index).locator("td").nth(1)).to_have_text(re.compile(r"\d+\.\d %"))
    expect(rows.filter(has_text="Digital business strategy")).to_contain_text("0.0 %")
    proposals = page.locator(
        "section", has=page.get_by_role("heading", name="Needs this diagnosis proposes")
    )
    expect(proposals.locator(".list-group-item")).to_have_count(dimensions)  # all below 50 %
    screenshot(page, "journey-diagnosis-results")
    diagnosis = Diagnosis.objects.get(organisation=organisation_a)
    assert diagnosis.status == "completed"

    # 4. The proposed needs, added to the case from the results page.
    proposals.get_by_label("Add these needs to the case").select_option(str(case.uuid))
    proposals.get_by_role("button", name="Add the needs").click()
    page.wait_for_url(case_url + "**")
    needs = page.locator("#needs .list-group-item")
    expect(needs).to_have_count(dimensions)
    need_text = "Define a digital strategy and investment plan with goals, an owner and a budget"
    expect(needs.filter(has_text=need_text)).to_be_visible()
    assert Need.objects.filter(case=case, diagnosis=diagnosis).count() == dimensions

    # 5. One need referred to an agency team and sent: the case moves to "referred" with it.
    step_button(page, "Propose solutions").click()
    expect_state(page, "Solutions proposed")
    expect(step_button(page, "Start the follow-up")).to_have_count(0)  # not from here
    expect(step_button(page, "Start the diagnosis")).to_have_count(0)
    needs.filter(has_text=need_text).get_by_role("link", name="Refer").click()
    expect(page.get_by_role("heading", name="Refer a need")).to_be_visible()
    page.get_by_label("Referred to").select_option(label="Agency team")
    page.get_by_label("Agency team").select_option(label=TEAM)
    page.get_by_label("Note").fill("Could the team look at Fit 4 Digital for them?")
    page.get_by_label("Send it now").check()
    page.get_by_role("button", name="Refer", exact=True).click()
    expect(page.get_by_text("Referral sent; the case is now “Referred”.")).to_be_visible()
    referral = Referral.objects.get(need__case=case)
    assert referral.target_team is not None
    assert referral.target_team.name == TEAM
    assert referral.status == "sent"
    assert referral.sent_on == today
    page.goto(case_url)
    referred = needs.filter(has_text=need_text)
    expect(referred.get_by_role("link", name=TEAM)).to_be_visible()
    expect_state(page, "Referred")
    expect(step_button(page, "Propose solutions")).to_have_count(0)
    expect(step_button(page, "Roadmap agreed")).to_be_visible()
    screenshot(page, "journey-case")

    # 6. The roadmap, with an action owned by the manager and due today.
    page.get_by_role("link", name="Set up the roadmap").click()
    expect(page.get_by_role("heading", name="Set up the roadmap")).to_be_visible()
    page.get_by_label("Agreed on").fill(today.isoformat())
    page.get_by_label("Summary").fill("First steps of the digital strategy.")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(case_url + "**")
    roadmap = page.locator("#roadmap")
    roadmap.get_by_role("link", name="Add action").click()
    expect(page.get_by_role("heading", name="Add a roadmap action")).to_be_visible()
    page.get_by_label("Action", exact=True).fill(ACTION)
    page.get_by_label("Owner", exact=True).select_option(label=str(manager_a))
    page.get_by_label("Due on", exact=True).fill(today.isoformat())
    page.get_by_role("checkbox", name=need_text, exact=True).check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(case_url + "**")
    expect(roadmap.get_by_text(ACTION)).to_be_visible()
    action = Action.objects.get(roadmap__case=case)
    assert action.owner == manager_a
    assert action.due_on == today
    step_button(page, "Roadmap agreed").click()
    expect_state(page, "Roadmap agreed")
    expect(step_button(page, "Start the follow-up")).to_be_visible()
    expect(step_button(page, "Propose solutions")).to_have_count(0)
    screenshot(page, "journey-roadmap")

    # 7. "My week" lists the follow-up and the action.
    page.goto("/my-week/")
    expect(page.get_by_role("heading", name="My week")).to_be_visible()
    items = page.locator(".list-group-item")
    follow_up_item = items.filter(has=page.get_by_role("link", name="Follow up", exact=True))
    expect(follow_up_item).to_contain_text(organisation_a.legal_name)
    expect(follow_up_item).to_contain_text(f"Follow-up of the video call of {today.isoformat()}")
    expect(items.filter(has=page.get_by_role("link", name=ACTION))).to_contain_text(
        organisation_a.legal_name
    )
    screenshot(page, "journey-my-week")
    assert page.console_errors == []

    # 8. Today's digest holds them too.
    mail.outbox.clear()
    call_command("digest", "--date", today.isoformat(), "--now")
    (digest,) = [email for email in mail.outbox if manager_a.email in email.to]
    assert "Follow up — " + organisation_a.legal_name in digest.body
    assert ACTION in digest.body
    assert isinstance(digest, EmailMultiAlternatives)
    html = str(digest.alternatives[0][0])
    assert ACTION in html
    assert organisation_a.legal_name in html
