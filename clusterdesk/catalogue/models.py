"""Agency teams: the internal teams a cluster manager refers companies to."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from clusterdesk.core.models import DomainModel


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

    class Meta:
        ordering = ["name"]
        verbose_name = _("agency team")
        verbose_name_plural = _("agency teams")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("catalogue:team-detail", args=[self.slug])
