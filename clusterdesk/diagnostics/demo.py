"""Demo diagnoses, written through the services (so timelines and versions are real).

Many member companies have a completed diagnosis (mostly the DMA, some 360° needs checks,
sustainability and resilience diagnoses); about a third of them were re-assessed later
(T1) and show progress. Each company has a maturity profile, so its dimensions differ
believably. The demo user `manager` also finds a few diagnoses in progress and one
self-assessment submitted by a company contact, waiting for review.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from clusterdesk.diagnostics import services, specs
from clusterdesk.diagnostics.models import (
    AnswerOption,
    Diagnosis,
    Question,
    QuestionnaireTemplate,
    TemplateStatus,
)
from clusterdesk.organisations.models import Cluster, Membership, Organisation

# How often each questionnaire is used, and how many companies get a diagnosis.
TEMPLATE_WEIGHTS = {"dma": 55, "needs360": 20, "sustainability": 15, "resilience": 10}
SHARE_DIAGNOSED = 0.4
MAX_DIAGNOSED = 90
SHARE_REASSESSED = 0.35


@dataclass
class Profile:
    """A company's maturity: overall level and a lean per dimension (0-1 scale)."""

    level: float
    leans: dict[str, float]

    def dimension_level(self, key: str, progress: float = 0.0) -> float:
        return min(max(self.level + self.leans.get(key, 0.0) + progress, 0.0), 1.0)


def _profile(rng: random.Random, template: QuestionnaireTemplate) -> Profile:
    level = rng.triangular(0.1, 0.85, 0.4)
    keys = template.dimensions.values_list("key", flat=True)
    return Profile(level, {key: rng.gauss(0, 0.15) for key in keys})


def _answers(
    rng: random.Random, template: QuestionnaireTemplate, profile: Profile, progress: float = 0.0
) -> dict[Question, AnswerOption]:
    answers = {}
    structured = specs.with_structure(template)
    for dimension in structured.dimensions.all():
        level = profile.dimension_level(dimension.key, progress)
        for question in dimension.questions.all():
            options = sorted(question.options.all(), key=lambda option: option.score)
            position = min(max(level + rng.gauss(0, 0.12), 0.0), 1.0)
            answers[question] = options[round(position * (len(options) - 1))]
    return answers


def _member_clusters(organisations: Sequence[Organisation]) -> dict[int, Cluster]:
    """Each organisation's first current cluster (prospects have none and are left out)."""
    memberships = (
        Membership.objects.filter(organisation__in=organisations, until__isnull=True)
        .select_related("cluster")
        .order_by("organisation_id", "since")
    )
    clusters: dict[int, Cluster] = {}
    for membership in memberships:
        clusters.setdefault(membership.organisation_id, membership.cluster)
    return clusters


def _performer(cluster: Cluster, users: dict[str, Any]) -> Any:
    manager = cluster.managers.order_by("username").first()
    return manager or users.get("admin")


def _diagnose(
    *,
    organisation: Organisation,
    cluster: Cluster,
    template: QuestionnaireTemplate,
    actor: Any,
    answers: dict[Question, AnswerOption],
    completed_on: datetime.date | None,
) -> Diagnosis:
    diagnosis = services.diagnosis_start(
        actor=actor, organisation=organisation, template=template, cluster=cluster
    )
    services.diagnosis_answer(
        actor=actor, diagnosis=diagnosis, answers=answers, expected_version=None
    )
    if completed_on is not None:
        diagnosis = services.diagnosis_complete(
            actor=actor, diagnosis=diagnosis, expected_version=None, completed_on=completed_on
        )
    return diagnosis


def _completed_diagnoses(
    organisations: Sequence[Organisation],
    users: dict[str, Any],
    rng: random.Random,
    templates: dict[str, QuestionnaireTemplate],
) -> int:
    clusters = _member_clusters(organisations)
    members = [organisation for organisation in organisations if organisation.pk in clusters]
    chosen = rng.sample(members, k=min(MAX_DIAGNOSED, round(len(members) * SHARE_DIAGNOSED)))
    keys = [key for key in TEMPLATE_WEIGHTS if key in templates]
    weights = [TEMPLATE_WEIGHTS[key] for key in keys]
    today = timezone.localdate()
    created = 0
    for organisation in chosen:
        template = templates[rng.choices(keys, weights)[0]]
        cluster = clusters[organisation.pk]
        actor = _performer(cluster, users)
        profile = _profile(rng, template)
        baseline_on = today - datetime.timedelta(days=rng.randint(240, 720))
        _diagnose(
            organisation=organisation,
            cluster=cluster,
            template=template,
            actor=actor,
            answers=_answers(rng, template, profile),
            completed_on=baseline_on,
        )
        created += 1
        if rng.random() < SHARE_REASSESSED:
            reassessed_on = min(baseline_on + datetime.timedelta(days=rng.randint(150, 420)), today)
            _diagnose(
                organisation=organisation,
                cluster=cluster,
                template=template,
                actor=actor,
                answers=_answers(rng, template, profile, rng.uniform(0.08, 0.25)),
                completed_on=reassessed_on,
            )
            created += 1
    return created


def _managers_work(
    organisations: Sequence[Organisation],
    users: dict[str, Any],
    rng: random.Random,
    templates: dict[str, QuestionnaireTemplate],
) -> int:
    """For `manager`: two diagnoses in progress and one submitted self-assessment."""
    manager = users.get("manager")
    if manager is None:
        return 0
    managed = set(manager.managed_clusters.values_list("pk", flat=True))
    clusters = _member_clusters(organisations)
    theirs = [
        organisation
        for organisation in organisations
        if organisation.pk in clusters
        and clusters[organisation.pk].pk in managed
        and organisation.affiliations.exists()
        and not Diagnosis.objects.filter(organisation=organisation).exists()
    ]
    if len(theirs) < 3:
        return 0
    picked = rng.sample(theirs, k=3)
    dma = templates["dma"]
    for organisation in picked[:2]:
        template = templates.get("needs360", dma) if organisation is picked[1] else dma
        profile = _profile(rng, template)
        answers = _answers(rng, template, profile)
        half = dict(list(answers.items())[: len(answers) // 2])
        _diagnose(
            organisation=organisation,
            cluster=clusters[organisation.pk],
            template=template,
            actor=manager,
            answers=half,
            completed_on=None,
        )
    organisation = picked[2]
    diagnosis = services.diagnosis_start(
        actor=manager, organisation=organisation, template=dma, cluster=clusters[organisation.pk]
    )
    contact = organisation.affiliations.select_related("contact").first().contact  # type: ignore[union-attr]
    diagnosis = services.diagnosis_send(
        actor=manager, diagnosis=diagnosis, respondent=contact, expected_version=None
    )
    services.diagnosis_submit_self_assessment(
        diagnosis=diagnosis,
        nonce=diagnosis.link_nonce,
        answers=_answers(rng, dma, _profile(rng, dma)),
    )
    return 3


@transaction.atomic
def load_demo(*, organisations: list[Any], users: dict[str, Any], rng: random.Random) -> int:
    """Create the demo diagnoses (only when there are none yet); how many were created."""
    if Diagnosis.objects.exists():
        return 0
    templates = {
        template.key: template
        for template in QuestionnaireTemplate.objects.filter(status=TemplateStatus.PUBLISHED)
    }
    if "dma" not in templates:
        return 0
    created = _completed_diagnoses(organisations, users, rng, templates)
    return created + _managers_work(organisations, users, rng, templates)
