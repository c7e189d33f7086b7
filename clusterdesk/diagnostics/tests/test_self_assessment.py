"""The self-assessment link: signed, expiring after 14 days, single-use, no sign-in.

A valid link shows only the questionnaire and takes the answers once. Expired, used,
replaced, tampered or wrongly salted links get a clear page (400 or 410) and nothing is
stored.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from typing import Any
from unittest import mock

import pytest
from django.core import mail, signing
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from clusterdesk.diagnostics import links, services
from clusterdesk.diagnostics.forms import answer_field_name
from clusterdesk.diagnostics.models import Diagnosis, DiagnosisStatus
from clusterdesk.diagnostics.tests.conftest import answers_at, questions_of

pytestmark = pytest.mark.django_db

DAY = 24 * 3600


@contextlib.contextmanager
def days_later(days: float) -> Iterator[None]:
    """Time travel: the clock (and so the signature's age) `days` ahead."""
    now = time.time()
    with mock.patch("time.time", return_value=now + days * DAY):
        yield


@pytest.fixture
def sent(diagnosis_a: Diagnosis, manager_a: Any, contact_a: Any) -> Diagnosis:
    return services.diagnosis_send(
        actor=manager_a, diagnosis=diagnosis_a, respondent=contact_a, expected_version=None
    )


def link(diagnosis: Diagnosis) -> str:
    return reverse("diagnostics:self-assessment", args=[links.link_token(diagnosis)])


def full_answers(diagnosis: Diagnosis, level: float = 0.5) -> dict[str, str]:
    return {
        answer_field_name(question): str(option.uuid)
        for question, option in answers_at(diagnosis.template, level).items()
    }


def assert_nothing_stored(diagnosis: Diagnosis, status: str = DiagnosisStatus.SENT) -> None:
    diagnosis.refresh_from_db()
    assert diagnosis.status == status
    assert not diagnosis.answers.exists()


# --- the token ------------------------------------------------------------------------------


def test_a_token_names_the_diagnosis_and_its_nonce(sent: Diagnosis) -> None:
    token = links.link_token(sent)
    assert links.read_token(token) == (str(sent.uuid), sent.link_nonce)
    assert links.link_token(sent) == token  # the same link can be shown again


def test_a_token_expires_after_fourteen_days(sent: Diagnosis) -> None:
    token = links.link_token(sent)
    with days_later(13.9):
        assert links.diagnosis_for_token(token)[0] == sent
    with days_later(14.01), pytest.raises(links.LinkExpired):
        links.read_token(token)


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"), id="signature"),
        pytest.param(
            lambda token: token.split(":")[0] + "x:" + token.split(":", 1)[1], id="payload"
        ),
        pytest.param(lambda token: token[:20], id="truncated"),
        pytest.param(lambda token: "garbage", id="garbage"),
    ],
)
def test_a_tampered_token_is_invalid(sent: Diagnosis, tamper: Any) -> None:
    with pytest.raises(links.LinkInvalid):
        links.read_token(tamper(links.link_token(sent)))


def test_a_token_signed_with_another_salt_is_invalid(sent: Diagnosis) -> None:
    forged = signing.dumps({"d": str(sent.uuid), "n": sent.link_nonce}, salt="another.salt")
    with pytest.raises(links.LinkInvalid):
        links.read_token(forged)


# --- the page -------------------------------------------------------------------------------


def test_a_valid_link_shows_only_the_questionnaire_without_sign_in(
    sent: Diagnosis, organisation_a: Any
) -> None:
    page = Client().get(link(sent))
    assert page.status_code == 200
    assertContains(page, "EU digital maturity assessment (DMA)")
    assertContains(page, organisation_a.legal_name)
    assertContains(page, "Hello Anne,")
    assertContains(
        page, 'type="radio"', count=sum(q.options.count() for q in questions_of(sent.template))
    )
    for private in (
        "Sign out",
        "manager_a",
        "Marie",
        "AutoMobility",
        "/organisations/",
        "/diagnoses/",
    ):
        assertNotContains(page, private)
    assert page["Referrer-Policy"] == "no-referrer"
    assert "no-store" in page["Cache-Control"] or "max-age=0" in page["Cache-Control"]


def test_answers_are_submitted_once_then_the_link_is_closed(sent: Diagnosis) -> None:
    client = Client()
    url = link(sent)
    done = client.post(url, full_answers(sent))
    assert done.status_code == 200
    assertContains(done, "your answers were received")
    sent.refresh_from_db()
    assert sent.status == DiagnosisStatus.SUBMITTED
    assert sent.answers.count() == len(questions_of(sent.template))

    again = client.post(url, full_answers(sent, level=1.0))
    assert again.status_code == 410
    assertContains(again, "This self-assessment is closed", status_code=410)
    assert client.get(url).status_code == 410
    options = set(sent.answers.values_list("option", flat=True))
    assert options == {option.pk for option in answers_at(sent.template, 0.5).values()}


def test_a_missing_answer_keeps_the_others_and_stores_nothing(sent: Diagnosis) -> None:
    answers = full_answers(sent)
    dropped = next(iter(answers))
    del answers[dropped]
    page = Client().post(link(sent), answers)
    assert page.status_code == 422
    assertContains(page, "1 question is not answered yet", status_code=422)
    assertContains(page, "Please choose an answer.", count=1, status_code=422)
    assertContains(page, "checked", count=len(answers), status_code=422)
    assert_nothing_stored(sent)


def test_an_answer_that_is_not_one_of_the_options_is_refused(sent: Diagnosis) -> None:
    answers = full_answers(sent)
    answers[next(iter(answers))] = "00000000-0000-0000-0000-000000000000"
    page = Client().post(link(sent), answers)
    assert page.status_code == 422
    assertContains(page, "Select a valid choice", status_code=422)
    assert_nothing_stored(sent)


def test_an_expired_link_is_gone_and_stores_nothing(sent: Diagnosis) -> None:
    url = link(sent)
    with days_later(15):
        page = Client().get(url)
        posted = Client().post(url, full_answers(sent))
    assert page.status_code == posted.status_code == 410
    assertContains(page, "This link has expired", status_code=410)
    assert_nothing_stored(sent)


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_tampered_link_is_a_bad_request_and_stores_nothing(sent: Diagnosis, method: str) -> None:
    token = links.link_token(sent)
    url = reverse("diagnostics:self-assessment", args=[token[:-2] + "zz"])
    response = getattr(Client(), method)(url, full_answers(sent) if method == "post" else None)
    assert response.status_code == 400
    assertContains(response, "This link is not valid", status_code=400)
    assert_nothing_stored(sent)


def test_a_link_with_another_salt_is_a_bad_request(sent: Diagnosis) -> None:
    forged = signing.dumps({"d": str(sent.uuid), "n": sent.link_nonce}, salt="diagnostics.other")
    response = Client().post(
        reverse("diagnostics:self-assessment", args=[forged]), full_answers(sent)
    )
    assert response.status_code == 400
    assert_nothing_stored(sent)


def test_a_replaced_or_withdrawn_link_is_gone(
    sent: Diagnosis, manager_a: Any, contact_a: Any
) -> None:
    old = link(sent)
    replaced = services.diagnosis_send(
        actor=manager_a, diagnosis=sent, respondent=contact_a, expected_version=None
    )
    assert Client().get(old).status_code == 410
    current = link(replaced)
    assert Client().get(current).status_code == 200
    services.diagnosis_withdraw_link(actor=manager_a, diagnosis=replaced, expected_version=None)
    assert Client().post(current, full_answers(replaced)).status_code == 410
    assert_nothing_stored(replaced, status=DiagnosisStatus.DRAFT)


def test_a_link_to_a_deleted_diagnosis_is_gone(sent: Diagnosis, manager_a: Any) -> None:
    url = link(sent)
    services.diagnosis_delete(actor=manager_a, diagnosis=sent, expected_version=None)
    assert Client().get(url).status_code == 410


# --- sending it -----------------------------------------------------------------------------


def test_the_manager_sends_the_link_by_email_and_sees_it_to_copy(
    client_for: Any, diagnosis_a: Diagnosis, contact_a: Any
) -> None:
    client = client_for("manager_a")
    url = reverse("diagnostics:send", args=[diagnosis_a.uuid])
    response = client.post(
        url,
        {"respondent": str(contact_a.uuid), "version": diagnosis_a.version, "message": "See you!"},
        follow=True,
    )
    diagnosis_a.refresh_from_db()
    assert diagnosis_a.status == DiagnosisStatus.SENT
    token_url = link(diagnosis_a)
    assertContains(response, f"http://testserver{token_url}")
    assertContains(response, "The link was emailed to Anne Schmit")
    (message,) = mail.outbox
    assert message.to == [contact_a.email]
    assert "EU digital maturity assessment (DMA)" in message.subject
    assert f"http://testserver{token_url}" in message.body
    assert "See you!" in message.body
    assert "Marie Kremer" in message.body


def test_without_an_email_address_the_link_is_shown_to_copy(
    client_for: Any, diagnosis_a: Diagnosis, organisation_a: Any
) -> None:
    from clusterdesk.organisations.tests.factories import ContactFactory

    contact = ContactFactory(organisation=organisation_a, email="")
    response = client_for("manager_a").post(
        reverse("diagnostics:send", args=[diagnosis_a.uuid]),
        {"respondent": str(contact.uuid), "version": diagnosis_a.version},
        follow=True,
    )
    assertContains(response, "could not be emailed: copy it below")
    assert mail.outbox == []


def test_a_contact_of_another_organisation_cannot_be_chosen(
    client_for: Any, diagnosis_a: Diagnosis, contact_a: Any, contact_b: Any
) -> None:
    response = client_for("manager_a").post(
        reverse("diagnostics:send", args=[diagnosis_a.uuid]),
        {"respondent": str(contact_b.uuid), "version": diagnosis_a.version},
    )
    assert response.status_code == 422
    assertContains(response, "Select a valid choice", status_code=422)
    diagnosis_a.refresh_from_db()
    assert diagnosis_a.status == DiagnosisStatus.DRAFT
