"""Service providers: what an organisation of the directory offers as a provider (its
competences, languages and accreditations for programmes, e.g. an approved Fit 4
consultant). The organisation itself stays in the directory; the outcomes of the referrals
sent to it are read from the support journey (`selectors.provider_referral_outcomes`)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from clusterdesk.catalogue import validation
from clusterdesk.catalogue.models.offers import Language, SupportInstrument
from clusterdesk.core.models import DomainModel, TimeStampedModel


class ServiceProviderProfile(DomainModel):
    """The provider side of one organisation: competences, accreditations, languages."""

    organisation = models.OneToOneField(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="provider_profile",
    )
    competences = models.JSONField(_("competences"), default=list, blank=True)
    accreditations: models.ManyToManyField[SupportInstrument, Accreditation] = (
        models.ManyToManyField(
            SupportInstrument,
            through="Accreditation",
            verbose_name=_("accreditations"),
            related_name="accredited_providers",
            blank=True,
        )
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("service provider profile")
        verbose_name_plural = _("service provider profiles")

    def __str__(self) -> str:
        return str(self.organisation)

    def get_absolute_url(self) -> str:
        return reverse("catalogue:provider-detail", args=[self.uuid])

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        problems = validation.text_list_problems(self.competences)
        if problems:
            errors["competences"] = problems
        problems = validation.choices_problems(self.languages, Language.values)
        if problems:
            errors["languages"] = problems
        if errors:
            raise ValidationError(errors)

    def get_languages_display(self) -> list[str]:
        labels = dict(Language.choices)
        return [str(labels.get(code, code)) for code in self.languages or []]


class Accreditation(TimeStampedModel):
    """A provider approved for an instrument (e.g. a consultant approved for Fit 4
    Digital), until a date or without end. Written by the provider profile services."""

    profile = models.ForeignKey(
        ServiceProviderProfile,
        verbose_name=_("service provider"),
        on_delete=models.CASCADE,
        related_name="accreditation_set",
    )
    instrument = models.ForeignKey(
        SupportInstrument,
        verbose_name=_("support instrument"),
        on_delete=models.PROTECT,
        related_name="accreditation_set",
    )
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        ordering = ["instrument__name", "id"]
        verbose_name = _("accreditation")
        verbose_name_plural = _("accreditations")
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "instrument"], name="catalogue_accreditation_unique"
            )
        ]

    def __str__(self) -> str:
        if self.valid_until:
            return f"{self.instrument} (≤ {self.valid_until.isoformat()})"
        return str(self.instrument)
