"""Diagnoses: versioned questionnaire templates and the diagnoses that fill them.

A questionnaire template (e.g. the EU digital maturity assessment, key "dma") exists in
numbered versions: QuestionnaireTemplate → Dimension → Question → AnswerOption (score).
Only a draft version is edited; a published version is frozen, so every diagnosis keeps
the exact questions it was answered with and scores stay comparable over time. A new
version starts as a copy of the previous one (`services.template_new_version`).

A diagnosis is one filling of one template version for one organisation, at a stage (T0
baseline, T1/T2 re-assessments), by a cluster manager or by a contact of the company
through a signed self-assessment link. Its results (score per dimension, overall score,
band) are computed by the pure `scoring` module and stored when it is completed.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from clusterdesk.catalogue.themes import Theme
from clusterdesk.core.models import DomainModel, TimeStampedModel
from clusterdesk.organisations.models import Cluster, Contact, Organisation


class TemplateStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    RETIRED = "retired", _("Retired")


# The five market-intelligence themes (DOMAIN.md glossary), which needs are filed under.
NeedTheme = Theme


PERCENT_VALIDATORS = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]
WEIGHT_VALIDATORS = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


class QuestionnaireTemplate(TimeStampedModel):
    """One version of a questionnaire. `version` numbers the versions of one `key`.

    `bands` maps an overall score to a maturity band: a list of `{"key", "label", "up_to"}`
    in ascending order, the last one up to 100 (a score belongs to the first band whose
    `up_to` it does not exceed). `revision` guards a draft against concurrent edits.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    key = models.SlugField(
        _("key"), max_length=40, help_text=_("Short identifier shared by all versions, e.g. dma.")
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=TemplateStatus.choices,
        default=TemplateStatus.DRAFT,
        db_index=True,
    )
    bands = models.JSONField(_("maturity bands"), default=list, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    revision = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["key", "-version"]
        verbose_name = _("questionnaire template")
        verbose_name_plural = _("questionnaire templates")
        constraints = [
            models.UniqueConstraint(fields=["key", "version"], name="template_unique_version"),
            models.UniqueConstraint(
                fields=["key"],
                condition=Q(status="draft"),
                name="template_one_draft_per_key",
            ),
            models.UniqueConstraint(
                fields=["key"],
                condition=Q(status="published"),
                name="template_one_published_per_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    def get_absolute_url(self) -> str:
        return reverse("diagnostics:template-detail", args=[self.uuid])

    @property
    def is_draft(self) -> bool:
        return self.status == TemplateStatus.DRAFT

    def band_label(self, key: str) -> str:
        for band in self.bands or []:
            if band.get("key") == key:
                return str(band.get("label", key))
        return key


class Dimension(DomainModel):
    """An area the questionnaire scores (e.g. "Digital business strategy").

    A dimension scoring below `threshold` % proposes a need of `need_theme` and
    `need_category`, worded `need_text`.
    """

    template = models.ForeignKey(
        QuestionnaireTemplate,
        verbose_name=_("questionnaire template"),
        on_delete=models.CASCADE,
        related_name="dimensions",
    )
    key = models.SlugField(_("key"), max_length=40)
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(1),
        validators=WEIGHT_VALIDATORS,
        help_text=_("Weight in the overall score; 1 for a plain average."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    need_theme = models.CharField(
        _("theme of the need proposed"), max_length=40, choices=NeedTheme.choices, blank=True
    )
    need_category = models.CharField(_("category of the need proposed"), max_length=100, blank=True)
    need_text = models.CharField(_("need proposed"), max_length=300, blank=True)
    threshold = models.DecimalField(
        _("threshold (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(50),
        validators=PERCENT_VALIDATORS,
        help_text=_("A score below this proposes the need."),
    )

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")
        constraints = [
            models.UniqueConstraint(fields=["template", "key"], name="dimension_unique_key"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return self.template.get_absolute_url()


class Question(DomainModel):
    """A question of a dimension; its answer options carry the scores."""

    dimension = models.ForeignKey(
        Dimension, verbose_name=_("dimension"), on_delete=models.CASCADE, related_name="questions"
    )
    text = models.CharField(_("question"), max_length=500)
    help_text = models.TextField(_("help text"), blank=True)
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(1),
        validators=WEIGHT_VALIDATORS,
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text

    def get_absolute_url(self) -> str:
        return self.dimension.template.get_absolute_url()


class AnswerOption(DomainModel):
    """One possible answer and its score (0 for the weakest answer)."""

    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="options"
    )
    label = models.CharField(_("answer"), max_length=300)
    score = models.DecimalField(
        _("score"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0))],
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("answer option")
        verbose_name_plural = _("answer options")

    def __str__(self) -> str:
        return self.label


class Stage(models.TextChoices):
    T0 = "T0", _("T0 (baseline)")
    T1 = "T1", _("T1 (re-assessment)")
    T2 = "T2", _("T2 (re-assessment)")


class DiagnosisStatus(models.TextChoices):
    DRAFT = "draft", _("In progress")
    SENT = "sent", _("Sent to the company")
    SUBMITTED = "submitted", _("Submitted, awaiting review")
    COMPLETED = "completed", _("Completed")


class Diagnosis(DomainModel):
    """One filling of one questionnaire version for one organisation.

    `cluster` scopes who may change it (its managers, the person who performed it, admins).
    `link_nonce` is the nonce of the self-assessment link currently out (empty when none):
    a new link or a submission changes it, so an older link stops working.
    `dimension_scores`, `overall_score` and `band` are stored when it is completed.
    """

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,  # its history: refused while it has diagnoses
        related_name="diagnoses",
    )
    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cluster"), on_delete=models.PROTECT, related_name="diagnoses"
    )
    support_case = models.ForeignKey(
        "support.SupportCase",
        verbose_name=_("support case"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="diagnoses",
    )
    template = models.ForeignKey(
        QuestionnaireTemplate,
        verbose_name=_("questionnaire"),
        on_delete=models.PROTECT,
        related_name="diagnoses",
    )
    stage = models.CharField(_("stage"), max_length=2, choices=Stage.choices, default=Stage.T0)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=DiagnosisStatus.choices,
        default=DiagnosisStatus.DRAFT,
        db_index=True,
    )
    performed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("performed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="diagnoses_performed",
    )
    respondent = models.ForeignKey(
        Contact,
        verbose_name=_("respondent"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="diagnoses",
        help_text=_("The contact who answers a self-assessment."),
    )
    link_nonce = models.CharField(max_length=64, blank=True, editable=False)
    sent_at = models.DateTimeField(_("link sent"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True, db_index=True)
    dimension_scores = models.JSONField(_("scores per dimension"), default=list, blank=True)
    overall_score = models.DecimalField(
        _("overall score (%)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    band = models.CharField(_("maturity band"), max_length=40, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("diagnosis")
        verbose_name_plural = _("diagnoses")
        indexes = [
            models.Index(fields=["organisation", "-completed_on"], name="diagnosis_org_idx"),
            models.Index(fields=["-updated_at"], name="diagnosis_updated_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.template.name} {self.stage} — {self.organisation}"

    def get_absolute_url(self) -> str:
        return reverse("diagnostics:detail", args=[self.uuid])

    @property
    def is_completed(self) -> bool:
        return self.status == DiagnosisStatus.COMPLETED

    @property
    def accepts_answers(self) -> bool:
        """Staff answer drafts and review submitted self-assessments."""
        return self.status in {DiagnosisStatus.DRAFT, DiagnosisStatus.SUBMITTED}

    @property
    def band_label(self) -> str:
        return self.template.band_label(self.band) if self.band else ""


class Answer(TimeStampedModel):
    """The option chosen for one question of a diagnosis."""

    diagnosis = models.ForeignKey(
        Diagnosis, verbose_name=_("diagnosis"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.PROTECT, related_name="answers"
    )
    option = models.ForeignKey(
        AnswerOption, verbose_name=_("answer"), on_delete=models.PROTECT, related_name="answers"
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["diagnosis", "question"], name="answer_one_per_question"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.option}"
