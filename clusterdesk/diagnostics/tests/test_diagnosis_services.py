"""Starting, answering, sending, submitting and completing a diagnosis, each change on the
organisation's timeline."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils import timezone

from clusterdesk.core.audit import timeline
from clusterdesk.core.concurrency import StaleVersionError
from clusterdesk.diagnostics import links, services, specs
from clusterdesk.diagnostics.models import Diagnosis, DiagnosisStatus, Question
from clusterdesk.diagnostics.tests.conftest import answers_at, fill, questions_of
from clusterdesk.organisations.tests.factories import ContactFactory

pytestmark = pytest.mark.django_db


def diagnosis_events(organisation: Any) -> Any:
    """Events about diagnoses on the organisation's timeline, newest first."""
    return timeline(organisation).filter(object_type=ContentType.objects.get_for_model(Diagnosis))


def test_a_diagnosis_starts_as_a_draft_at_t0_then_t1_then_t2(
    diagnosis_a: Diagnosis, manager_a: Any, organisation_a: Any, cluster_a: Any, dma: Any
) -> None:
    assert (diagnosis_a.status, diagnosis_a.stage) == (DiagnosisStatus.DRAFT, "T0")
    assert diagnosis_a.performed_by == manager_a
    stages = [
        services.diagnosis_start(
            actor=manager_a, organisation=organisation_a, template=dma, cluster=cluster_a
        ).stage
        for _ in range(2)
    ]
    assert stages == ["T1", "T2"]
    event = diagnosis_events(organisation_a).last()
    assert event is not None
    assert event.action == "create"
    assert event.changes["template"] == [None, str(dma)]


def test_only_a_published_questionnaire_is_used(
    manager_a: Any, organisation_a: Any, cluster_a: Any, dma: Any, admin: Any
) -> None:
    draft = services.template_new_version(actor=admin, template=dma)
    with pytest.raises(ValidationError) as refused:
        services.diagnosis_start(
            actor=manager_a, organisation=organisation_a, template=draft, cluster=cluster_a
        )
    assert "template" in refused.value.message_dict


def test_answers_of_a_draft_are_saved_as_they_come_without_filling_the_company_file(
    diagnosis_a: Diagnosis, manager_a: Any, organisation_a: Any
) -> None:
    first, second = questions_of(diagnosis_a.template)[:2]
    weakest = first.options.order_by("score").first()
    best = second.options.order_by("-score").first()
    updated = services.diagnosis_answer(
        actor=manager_a,
        diagnosis=diagnosis_a,
        answers={first: weakest, second: best},
        expected_version=diagnosis_a.version,
    )
    assert updated.version == diagnosis_a.version + 1
    assert diagnosis_a.answers.count() == 2
    events_before = diagnosis_events(organisation_a).count()

    # changing one, clearing the other
    middle = first.options.order_by("score")[1]
    services.diagnosis_answer(
        actor=manager_a,
        diagnosis=updated,
        answers={first: middle, second: None},
        expected_version=updated.version,
    )
    assert dict(diagnosis_a.answers.values_list("question", "option")) == {first.pk: middle.pk}
    # A click is not an event: the timeline gets the diagnosis's results when it completes.
    assert diagnosis_events(organisation_a).count() == events_before


def test_saving_answers_over_someone_elses_is_refused(
    diagnosis_a: Diagnosis, manager_a: Any
) -> None:
    question = questions_of(diagnosis_a.template)[0]
    option = question.options.first()
    fill(diagnosis_a, 1.0, only={"green_digitalisation"})  # someone else, meanwhile
    with pytest.raises(StaleVersionError):
        services.diagnosis_answer(
            actor=manager_a,
            diagnosis=diagnosis_a,
            answers={question: option},
            expected_version=diagnosis_a.version,
        )


def test_an_answer_from_another_questionnaire_or_question_is_refused(
    diagnosis_a: Diagnosis, manager_a: Any, resilience: Any
) -> None:
    other = questions_of(resilience)[0]
    with pytest.raises(ValidationError, match="not a question of this questionnaire"):
        services.diagnosis_answer(
            actor=manager_a,
            diagnosis=diagnosis_a,
            answers={other: other.options.first()},
            expected_version=None,
        )
    first, second = questions_of(diagnosis_a.template)[:2]
    with pytest.raises(ValidationError, match="is not an answer to"):
        services.diagnosis_answer(
            actor=manager_a,
            diagnosis=diagnosis_a,
            answers={first: second.options.first()},
            expected_version=None,
        )
    assert not diagnosis_a.answers.exists()


def test_completing_stores_the_results_computed_by_scoring(
    diagnosis_a: Diagnosis, manager_a: Any, organisation_a: Any
) -> None:
    fill(diagnosis_a, 1.0, only={"digital_business_strategy", "digital_readiness"})
    fill(diagnosis_a, 0.0, only={"data_management"})
    diagnosis_a.refresh_from_db()
    completed = services.diagnosis_complete(
        actor=manager_a, diagnosis=diagnosis_a, expected_version=diagnosis_a.version
    )
    assert completed.status == DiagnosisStatus.COMPLETED
    assert completed.completed_on == timezone.localdate()
    scores = {item["key"]: item["score"] for item in completed.dimension_scores}
    assert scores == {
        "digital_business_strategy": 100.0,
        "digital_readiness": 100.0,
        "human_centric_digitalisation": None,
        "data_management": 0.0,
        "automation_ai": None,
        "green_digitalisation": None,
    }
    assert completed.overall_score == Decimal("66.7")  # (100 + 100 + 0) / 3
    assert (completed.band, completed.band_label) == ("moderately_advanced", "Moderately advanced")
    event = diagnosis_events(organisation_a).first()
    assert event is not None
    assert event.changes["status"] == ["draft", "completed"]
    assert event.changes["overall_score"] == [None, "66.7"]


def test_a_completed_diagnosis_no_longer_changes(completed_a: Diagnosis, manager_a: Any) -> None:
    question = questions_of(completed_a.template)[0]
    with pytest.raises(ValidationError, match="completed and no longer changes"):
        services.diagnosis_answer(
            actor=manager_a,
            diagnosis=completed_a,
            answers={question: question.options.first()},
            expected_version=None,
        )
    with pytest.raises(ValidationError, match="completed"):
        services.diagnosis_complete(actor=manager_a, diagnosis=completed_a, expected_version=None)


def test_completing_without_any_answer_is_refused(diagnosis_a: Diagnosis, manager_a: Any) -> None:
    with pytest.raises(ValidationError, match="Answer at least one question"):
        services.diagnosis_complete(actor=manager_a, diagnosis=diagnosis_a, expected_version=None)
    diagnosis_a.refresh_from_db()
    assert diagnosis_a.status == DiagnosisStatus.DRAFT


def test_a_completion_date_may_be_given_but_not_in_the_future(
    diagnosis_a: Diagnosis, manager_a: Any
) -> None:
    fill(diagnosis_a, 0.5)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        services.diagnosis_complete(
            actor=manager_a, diagnosis=diagnosis_a, expected_version=None, completed_on=tomorrow
        )
    assert "completed_on" in refused.value.message_dict
    done = services.diagnosis_complete(
        actor=manager_a,
        diagnosis=diagnosis_a,
        expected_version=None,
        completed_on=datetime.date(2025, 3, 1),
    )
    assert done.completed_on == datetime.date(2025, 3, 1)


def test_the_stored_results_come_back_as_scoring_results(completed_a: Diagnosis) -> None:
    results = specs.stored_results(completed_a)
    assert results is not None
    assert results.overall == float(completed_a.overall_score)
    assert results.band is not None
    assert results.band.key == completed_a.band
    assert len(results.dimensions) == 6


# --- self-assessment ----------------------------------------------------------------------------


def test_sending_a_link_needs_a_contact_of_the_organisation(
    diagnosis_a: Diagnosis, manager_a: Any, contact_b: Any
) -> None:
    with pytest.raises(ValidationError) as refused:
        services.diagnosis_send(
            actor=manager_a, diagnosis=diagnosis_a, respondent=contact_b, expected_version=None
        )
    assert "respondent" in refused.value.message_dict


def test_a_sent_diagnosis_waits_for_the_company_then_for_the_review(
    diagnosis_a: Diagnosis, manager_a: Any, contact_a: Any, organisation_a: Any
) -> None:
    sent = services.diagnosis_send(
        actor=manager_a, diagnosis=diagnosis_a, respondent=contact_a, expected_version=None
    )
    assert (sent.status, sent.respondent) == (DiagnosisStatus.SENT, contact_a)
    assert sent.link_nonce
    assert sent.sent_at
    question = questions_of(sent.template)[0]
    with pytest.raises(ValidationError, match="link is out"):
        services.diagnosis_answer(
            actor=manager_a,
            diagnosis=sent,
            answers={question: question.options.first()},
            expected_version=None,
        )

    submitted = services.diagnosis_submit_self_assessment(
        diagnosis=sent, nonce=sent.link_nonce, answers=answers_at(sent.template, 0.5)
    )
    assert submitted.status == DiagnosisStatus.SUBMITTED
    assert submitted.link_nonce == ""
    assert submitted.answers.count() == len(questions_of(sent.template))
    event = diagnosis_events(organisation_a).first()
    assert event is not None
    assert event.actor is None
    assert event.changes["respondent"] == [None, str(contact_a)]
    assert event.changes["answered"] == ["0 answered", "28 answered, 28 changed"]  # summed up

    # the manager adjusts one answer in review, then completes
    services.diagnosis_answer(
        actor=manager_a,
        diagnosis=submitted,
        answers={question: question.options.order_by("-score").first()},
        expected_version=None,
    )
    done = services.diagnosis_complete(actor=manager_a, diagnosis=submitted, expected_version=None)
    assert done.status == DiagnosisStatus.COMPLETED


def test_a_self_assessment_must_answer_every_question_and_stores_nothing_otherwise(
    diagnosis_a: Diagnosis, manager_a: Any, contact_a: Any
) -> None:
    sent = services.diagnosis_send(
        actor=manager_a, diagnosis=diagnosis_a, respondent=contact_a, expected_version=None
    )
    partial = answers_at(sent.template, 0.5, only={"digital_readiness"})
    with pytest.raises(ValidationError, match="23 left"):
        services.diagnosis_submit_self_assessment(
            diagnosis=sent, nonce=sent.link_nonce, answers=partial
        )
    sent.refresh_from_db()
    assert sent.status == DiagnosisStatus.SENT
    assert not sent.answers.exists()


def test_a_used_or_replaced_link_cannot_submit(
    diagnosis_a: Diagnosis, manager_a: Any, contact_a: Any
) -> None:
    first = services.diagnosis_send(
        actor=manager_a, diagnosis=diagnosis_a, respondent=contact_a, expected_version=None
    )
    old_nonce = first.link_nonce
    second = services.diagnosis_send(
        actor=manager_a, diagnosis=first, respondent=contact_a, expected_version=None
    )
    assert second.link_nonce != old_nonce
    answers = answers_at(second.template, 0.5)
    with pytest.raises(links.LinkUsed):
        services.diagnosis_submit_self_assessment(
            diagnosis=second, nonce=old_nonce, answers=answers
        )
    services.diagnosis_submit_self_assessment(
        diagnosis=second, nonce=second.link_nonce, answers=answers
    )
    with pytest.raises(links.LinkUsed):
        services.diagnosis_submit_self_assessment(
            diagnosis=second, nonce=second.link_nonce, answers=answers
        )


def test_withdrawing_the_link_makes_the_diagnosis_a_draft_again(
    diagnosis_a: Diagnosis, manager_a: Any, contact_a: Any
) -> None:
    sent = services.diagnosis_send(
        actor=manager_a, diagnosis=diagnosis_a, respondent=contact_a, expected_version=None
    )
    nonce = sent.link_nonce
    draft = services.diagnosis_withdraw_link(actor=manager_a, diagnosis=sent, expected_version=None)
    assert (draft.status, draft.link_nonce) == (DiagnosisStatus.DRAFT, "")
    with pytest.raises(links.LinkUsed):
        services.diagnosis_submit_self_assessment(
            diagnosis=draft, nonce=nonce, answers=answers_at(draft.template, 0.5)
        )
    with pytest.raises(ValidationError, match="No self-assessment link"):
        services.diagnosis_withdraw_link(actor=manager_a, diagnosis=draft, expected_version=None)


def test_deleting_a_diagnosis_is_audited_on_the_company_file(
    diagnosis_a: Diagnosis, manager_a: Any, organisation_a: Any
) -> None:
    fill(diagnosis_a, 0.5)
    diagnosis_a.refresh_from_db()
    services.diagnosis_delete(
        actor=manager_a, diagnosis=diagnosis_a, expected_version=diagnosis_a.version
    )
    assert not Diagnosis.objects.filter(pk=diagnosis_a.pk).exists()
    event = diagnosis_events(organisation_a).first()
    assert event is not None
    assert event.action == "delete"


def test_a_contact_with_diagnoses_can_still_be_deleted_and_the_diagnosis_stays(
    diagnosis_a: Diagnosis, manager_a: Any, organisation_a: Any
) -> None:
    from clusterdesk.organisations import services as organisation_services

    contact = ContactFactory(organisation=organisation_a)
    services.diagnosis_send(
        actor=manager_a, diagnosis=diagnosis_a, respondent=contact, expected_version=None
    )
    organisation_services.contact_delete(actor=manager_a, contact=contact, expected_version=None)
    diagnosis_a.refresh_from_db()
    assert diagnosis_a.respondent is None
    assert Question.objects.exists()


def test_a_completed_diagnosis_lists_the_needs_it_proposes(
    diagnosis_a: Diagnosis, manager_a: Any
) -> None:
    from clusterdesk.diagnostics import selectors

    assert selectors.diagnosis_proposed_needs(diagnosis_a) == []  # not completed yet
    fill(diagnosis_a, 1.0)
    fill(diagnosis_a, 0.0, only={"data_management"})
    diagnosis_a.refresh_from_db()
    done = services.diagnosis_complete(
        actor=manager_a, diagnosis=diagnosis_a, expected_version=None
    )
    (need,) = selectors.diagnosis_proposed_needs(done)
    assert (need.theme, need.category, need.priority, need.dimension, need.score) == (
        "digitalisation",
        "Data and cybersecurity",
        "high",
        "Data management",
        0.0,
    )
    assert need.text.startswith("Organise data governance and cybersecurity")
