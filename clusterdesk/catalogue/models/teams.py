"""Agency teams: the internal teams a cluster manager refers companies to."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from clusterdesk.catalogue.validation import choices_problems
from clusterdesk.core.models import DomainModel


class TeamService(models.TextChoices):
    """What an agency team offers companies (shown on its page, used by the matching)."""

    FUNDING = "funding", _("Funding")
    EU_PROGRAMMES = "eu_programmes", _("EU programmes")
    START_UPS = "start_ups", _("Start-ups")
    MARKET_INTELLIGENCE = "market_intelligence", _("Market intelligence")
    DIGITALISATION = "digitalisation", _("Digitalisation")
    SUSTAINABILITY = "sustainability", _("Sustainability")
    INTELLECTUAL_PROPERTY = "intellectual_property", _("Intellectual property")
    CLUSTERS = "clusters", _("Clusters")


class AgencyTeam(DomainModel):
    """An internal team of the agency (e.g. European R&D support) and its experts.

    Members see the referrals sent to their team and answer them (accept, decline, report
    progress and outcome).
    """

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    description = models.TextField(_("description"), blank=True)
    email = models.EmailField(_("email"), blank=True, help_text=_("The team's shared mailbox."))
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("members"),
        related_name="agency_teams",
        blank=True,
    )
    services = models.JSONField(
        _("services"),
        default=list,
        blank=True,
        help_text=_("What the team offers companies."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("agency team")
        verbose_name_plural = _("agency teams")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("catalogue:team-detail", args=[self.slug])

    def clean(self) -> None:
        problems = choices_problems(self.services, TeamService.values)
        if problems:
            raise ValidationError({"services": problems})

    def get_services_display(self) -> list[str]:
        labels = dict(TeamService.choices)
        return [str(labels.get(code, code)) for code in self.services or []]
