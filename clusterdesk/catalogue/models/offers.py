"""What the catalogue offers companies: support instruments, training programmes and calls
for projects (DOMAIN.md §2.3 and §4).

Instruments and trainings are kept by the agency's editors; calls come mostly from the EU
Funding & Tenders portal (`clusterdesk catalogue import-eu-calls`), some are entered by
hand. The JSON fields hold plain data (codes, numbers, ISO dates), checked by `clean()`
with `catalogue.validation` and, for the eligibility rules, `matching.rules`.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from clusterdesk.catalogue import validation
from clusterdesk.catalogue.themes import Theme
from clusterdesk.core.models import DomainModel
from clusterdesk.matching.rules import SIZE_CLASSES, validate_rules

MAX_AMOUNT = 10**12
# Short names that are the catalogue's own addresses ("instruments/new/"…).
RESERVED_SLUGS = frozenset({"new", "id"})


def _amount_field(verbose_name: str | object, help_text: str | object = "") -> models.DecimalField:
    return models.DecimalField(
        verbose_name,  # type: ignore[arg-type]
        max_digits=15,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_AMOUNT)],
        help_text=help_text,  # type: ignore[arg-type]
    )


def _check(errors: dict[str, list[str]], field: str, problems: list[str]) -> None:
    if problems:
        errors.setdefault(field, []).extend(problems)


def _slug_problems(slug: str) -> list[str]:
    if slug in RESERVED_SLUGS:
        return [str(_("“%(slug)s” is reserved: choose another short name.") % {"slug": slug})]
    return []


class InstrumentKind(models.TextChoices):
    GRANT = "grant", _("Grant")
    LOAN = "loan", _("Loan")
    ADVISORY = "advisory", _("Advisory")
    DIAGNOSIS_PROGRAMME = "diagnosis_programme", _("Diagnosis programme")
    OTHER = "other", _("Other")


class SupportInstrument(DomainModel):
    """A programme, aid scheme or service a company can be referred to (Fit 4 Digital, R&D
    aid, SME packages…), with its rates, caps, validity and machine-checked eligibility."""

    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    provider = models.CharField(
        _("provider"),
        max_length=200,
        blank=True,
        help_text=_("Who runs it, e.g. “Luxinnovation / Ministry of the Economy”."),
    )
    provider_organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("provider organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="support_instruments",
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=InstrumentKind.choices, default=InstrumentKind.GRANT
    )
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True)
    themes = models.JSONField(_("themes"), default=list, blank=True)
    rates_by_size = models.JSONField(
        _("aid rates by size class"),
        default=dict,
        blank=True,
        help_text=_("Percentages for micro, small, medium and large companies."),
    )
    bonuses = models.JSONField(_("bonuses"), default=list, blank=True)
    cap_eur = _amount_field(_("cap (EUR)"), _("The most a company can receive."))
    flat_amount_eur = _amount_field(_("flat amount (EUR)"), _("A fixed amount, e.g. €5,000."))
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    url = models.URLField(_("web page"), max_length=500, blank=True)
    eligibility_rules = models.JSONField(_("eligibility rules"), default=list, blank=True)
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive instruments are hidden from the public.")
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("support instrument")
        verbose_name_plural = _("support instruments")
        indexes = [models.Index(fields=["active", "kind"], name="catalogue_instrument_kind_idx")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("catalogue:instrument-detail", args=[self.slug])

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        _check(errors, "slug", _slug_problems(self.slug))
        _check(errors, "themes", validation.choices_problems(self.themes, Theme.values))
        _check(errors, "rates_by_size", validation.rates_problems(self.rates_by_size))
        _check(errors, "bonuses", validation.bonuses_problems(self.bonuses))
        _check(errors, "eligibility_rules", validate_rules(self.eligibility_rules))
        start, end = self.valid_from, self.valid_until
        if isinstance(start, datetime.date) and isinstance(end, datetime.date) and end < start:
            errors["valid_until"] = [str(_("The end of validity is before its start."))]
        if errors:
            raise ValidationError(errors)

    @property
    def rates_table(self) -> list[tuple[str, float | int | None]]:
        """(size class, rate or None) for the four size classes, smallest first."""
        rates = self.rates_by_size if isinstance(self.rates_by_size, dict) else {}
        return [(size, rates.get(size)) for size in SIZE_CLASSES]

    def get_themes_display(self) -> list[str]:
        return theme_labels(self.themes)


def theme_labels(codes: list[str] | None) -> list[str]:
    labels = dict(Theme.choices)
    return [str(labels.get(code, code)) for code in codes or []]


class TrainingFormat(models.TextChoices):
    CLASSROOM = "classroom", _("Classroom")
    ONLINE = "online", _("Online")
    BLENDED = "blended", _("Blended")
    WORKSHOP = "workshop", _("Workshop")


class Language(models.TextChoices):
    """Languages of trainings and service providers (Luxembourg's three and English)."""

    EN = "en", _("English")
    FR = "fr", _("French")
    DE = "de", _("German")
    LB = "lb", _("Luxembourgish")


class TrainingProgramme(DomainModel):
    """A training a company's staff can follow (manufacturing, digital, management…)."""

    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    topics = models.JSONField(_("topics"), default=list, blank=True)
    themes = models.JSONField(_("themes"), default=list, blank=True)
    format = models.CharField(
        _("format"), max_length=20, choices=TrainingFormat.choices, default=TrainingFormat.CLASSROOM
    )
    duration_hours = models.DecimalField(
        _("duration (hours)"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(10_000)],
    )
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.EN
    )
    dates = models.JSONField(
        _("dates"), default=list, blank=True, help_text=_("Session start dates.")
    )
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(_("web page"), max_length=500, blank=True)
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive trainings are hidden from the public.")
    )

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("training programme")
        verbose_name_plural = _("training programmes")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("catalogue:training-detail", args=[self.slug])

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        _check(errors, "slug", _slug_problems(self.slug))
        _check(errors, "topics", validation.text_list_problems(self.topics))
        _check(errors, "themes", validation.choices_problems(self.themes, Theme.values))
        _check(errors, "dates", validation.dates_problems(self.dates))
        if errors:
            raise ValidationError(errors)

    def get_themes_display(self) -> list[str]:
        return theme_labels(self.themes)


class CallSource(models.TextChoices):
    EU_SEDIA = "eu_sedia", _("EU Funding & Tenders portal")
    MANUAL = "manual", _("Entered by hand")


class CallStatus(models.TextChoices):
    OPEN = "open", _("Open")
    FORTHCOMING = "forthcoming", _("Forthcoming")
    CLOSED = "closed", _("Closed")


class Call(DomainModel):
    """A call for projects (an EU topic, a national joint call…) with its deadline."""

    external_id = models.CharField(
        _("topic id"),
        max_length=100,
        blank=True,
        help_text=_("The portal's topic id, e.g. HORIZON-CL4-2026-TWIN-TRANSITION-01-07."),
    )
    source = models.CharField(
        _("source"), max_length=10, choices=CallSource.choices, default=CallSource.MANUAL
    )
    programme = models.CharField(_("programme"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=500)
    call_identifier = models.CharField(_("call identifier"), max_length=200, blank=True)
    call_title = models.CharField(_("call title"), max_length=500, blank=True)
    cluster = models.CharField(_("programme cluster"), max_length=100, blank=True)
    action_type = models.CharField(_("type of action"), max_length=100, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    deadline_model = models.CharField(_("deadline model"), max_length=50, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=CallStatus.choices, default=CallStatus.OPEN
    )
    budget_min = _amount_field(_("budget per project, from (EUR)"))
    budget_max = _amount_field(_("budget per project, up to (EUR)"))
    expected_grants = models.PositiveIntegerField(_("expected grants"), null=True, blank=True)
    keywords = models.TextField(_("keywords"), blank=True)
    description = models.TextField(_("description"), blank=True)
    conditions = models.TextField(_("conditions"), blank=True)
    url = models.URLField(_("web page"), max_length=500, blank=True)

    class Meta:
        ordering = [models.F("deadline").asc(nulls_last=True), "title", "id"]
        verbose_name = _("call for projects")
        verbose_name_plural = _("calls for projects")
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~Q(external_id=""),
                name="catalogue_call_external_id_unique",
                violation_error_code="unique",
                violation_error_message=_("Another call has this topic id."),
            )
        ]
        indexes = [models.Index(fields=["status", "deadline"], name="catalogue_call_status_idx")]

    def __str__(self) -> str:
        return f"{self.external_id} — {self.title}" if self.external_id else self.title

    def get_absolute_url(self) -> str:
        return reverse("catalogue:call-detail", args=[self.uuid])

    def clean(self) -> None:
        low, high = self.budget_min, self.budget_max
        if isinstance(low, Decimal) and isinstance(high, Decimal) and high < low:
            raise ValidationError(
                {"budget_max": [str(_("The budget's upper bound is below its lower bound."))]}
            )
