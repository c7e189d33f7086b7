"""Partner listings: what organisations of the member base offer and look for.

A listing is an offer or a request of technology, a service or a partnership, recorded by
a cluster manager for an organisation. `cluster` is the cluster whose manager recorded it
(the permission scope for changes); listings are read across clusters by every manager,
expert and admin, since matchmaking is across clusters. `pairing.propose_pairs` pairs the
open requests with offers of other organisations.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from clusterdesk.catalogue.themes import Theme
from clusterdesk.core.models import DomainModel
from clusterdesk.organisations.models import Cluster, Contact, Organisation


class Direction(models.TextChoices):
    OFFER = "offer", pgettext_lazy("partner listing", "Offer")
    REQUEST = "request", pgettext_lazy("partner listing", "Request")


class ListingCategory(models.TextChoices):
    TECHNOLOGY = "technology", _("Technology")
    SERVICE = "service", pgettext_lazy("partner listing", "Service")
    PARTNERSHIP = "partnership", _("Partnership")


class ListingStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("partner listing", "Open")
    PAUSED = "paused", pgettext_lazy("partner listing", "Paused")
    CLOSED = "closed", pgettext_lazy("partner listing", "Closed")


class PartnerListing(DomainModel):
    """An offer or a request of an organisation, proposed to others while it is open and
    valid. `themes` holds `Theme` values and `keywords` short texts (JSON lists)."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="partner_listings",
    )
    cluster = models.ForeignKey(
        Cluster,
        verbose_name=_("cluster"),
        on_delete=models.PROTECT,
        related_name="partner_listings",
        help_text=_("The cluster whose manager records the listing."),
    )
    direction = models.CharField(_("offer or request"), max_length=10, choices=Direction.choices)
    category = models.CharField(_("category"), max_length=15, choices=ListingCategory.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    themes = models.JSONField(_("themes"), default=list, blank=True)
    keywords = models.JSONField(_("keywords"), default=list, blank=True)
    contact = models.ForeignKey(
        Contact,
        verbose_name=_("contact"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="partner_listings",
        help_text=_("Who to talk to at the organisation."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ListingStatus.choices, default=ListingStatus.OPEN
    )
    valid_until = models.DateField(
        _("valid until"),
        null=True,
        blank=True,
        help_text=_("After this day the listing is no longer proposed. Empty: no end."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("partner listing")
        verbose_name_plural = _("partner listings")
        indexes = [
            models.Index(fields=["status", "category"], name="partnering_status_idx"),
            models.Index(fields=["-created_at", "-id"], name="partnering_created_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("partnering:listing-detail", args=[self.uuid])

    def is_active(self, today: datetime.date | None = None) -> bool:
        """Open and not past its `valid_until`: proposed to others."""
        today = today or timezone.localdate()
        return self.status == ListingStatus.OPEN and (
            self.valid_until is None or self.valid_until >= today
        )

    @property
    def is_expired(self) -> bool:
        return self.valid_until is not None and self.valid_until < timezone.localdate()

    def theme_labels(self) -> list[str]:
        labels = dict(Theme.choices)
        return [str(labels.get(theme, theme)) for theme in self.themes or []]
