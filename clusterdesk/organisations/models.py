"""Clusters, organisations, their people and memberships: the core of the CRM."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from clusterdesk.core.models import DomainModel, TimeStampedModel
from clusterdesk.organisations.size import SizeClass


class ClusterColour(models.TextChoices):
    """A fixed palette, so colours come from our stylesheet (no inline styles under CSP)."""

    BLUE = "blue", _("Blue")
    INDIGO = "indigo", _("Indigo")
    PURPLE = "purple", _("Purple")
    PINK = "pink", _("Pink")
    RED = "red", _("Red")
    ORANGE = "orange", _("Orange")
    AMBER = "amber", _("Amber")
    GREEN = "green", _("Green")
    TEAL = "teal", _("Teal")
    CYAN = "cyan", _("Cyan")
    BROWN = "brown", _("Brown")
    SLATE = "slate", _("Slate")


class Cluster(DomainModel):
    """A thematic cluster of the agency (e.g. AutoMobility), run by its cluster managers."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("short name"), max_length=50, unique=True)
    colour = models.CharField(
        _("colour"), max_length=10, choices=ClusterColour.choices, default=ClusterColour.BLUE
    )
    description = models.TextField(_("description"), blank=True)
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cluster managers"),
        related_name="managed_clusters",
        blank=True,
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisations:cluster-detail", args=[self.slug])


class NaceActivity(models.Model):
    """One item of the NACE Rev. 2 classification (section, division, group or class)."""

    code = models.CharField(_("code"), max_length=6, unique=True)
    level = models.PositiveSmallIntegerField(_("level"))
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    section = models.CharField(_("section"), max_length=1, db_index=True)
    label_en = models.CharField(max_length=300)
    label_fr = models.CharField(max_length=300)
    label_de = models.CharField(max_length=300)

    class Meta:
        ordering = ["code"]
        verbose_name = _("NACE activity")
        verbose_name_plural = _("NACE activities")

    def __str__(self) -> str:
        return f"{self.code} {self.label}"

    @property
    def label(self) -> str:
        language = (get_language() or "en")[:2]
        return str(getattr(self, f"label_{language}", "") or self.label_en)


class Tag(TimeStampedModel):
    """A free label on organisations (e.g. "key member", "industry 4.0")."""

    name = models.CharField(_("name"), max_length=60)
    slug = models.SlugField(_("short name"), max_length=70, unique=True, allow_unicode=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name


class OrganisationKind(models.TextChoices):
    COMPANY = "company", _("Company")
    RESEARCH_CENTRE = "research_centre", _("Research centre")
    PUBLIC_BODY = "public_body", _("Public body")
    SERVICE_PROVIDER = "service_provider", _("Service provider")
    ASSOCIATION = "association", _("Association")


class RelationshipStatus(models.TextChoices):
    PROSPECT = "prospect", _("Prospect")
    MEMBER = "member", _("Member")
    FORMER_MEMBER = "former_member", _("Former member")
    PARTNER = "partner", _("Partner")


class SizeClassChoice(models.TextChoices):
    MICRO = SizeClass.MICRO.value, _("Micro")
    SMALL = SizeClass.SMALL.value, _("Small")
    MEDIUM = SizeClass.MEDIUM.value, _("Medium")
    LARGE = SizeClass.LARGE.value, _("Large")


def current_year() -> int:
    return timezone.localdate().year


class Organisation(DomainModel):
    """A company, research centre, public body, service provider or association.

    One organisation is one record whatever the number of clusters it belongs to.
    `size_class` is derived from headcount, turnover and balance sheet by the services.
    """

    legal_name = models.CharField(_("legal name"), max_length=200)
    trade_name = models.CharField(_("trade name"), max_length=200, blank=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=OrganisationKind.choices, default=OrganisationKind.COMPANY
    )
    register_number = models.CharField(
        _("national register number"),
        max_length=30,
        blank=True,
        db_index=True,
        help_text=_("Trade and companies register number, e.g. B123456."),
    )
    vat_number = models.CharField(
        _("VAT number"), max_length=20, blank=True, db_index=True, help_text=_("e.g. LU12345678")
    )
    nace_activities = models.ManyToManyField(
        NaceActivity, verbose_name=_("NACE codes"), related_name="organisations", blank=True
    )
    headcount = models.PositiveIntegerField(
        _("headcount"), null=True, blank=True, help_text=_("Staff in annual work units.")
    )
    turnover = models.DecimalField(
        _("annual turnover (EUR)"),
        max_digits=15,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    balance_sheet_total = models.DecimalField(
        _("balance-sheet total (EUR)"),
        max_digits=15,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    size_class = models.CharField(
        _("size class"), max_length=10, choices=SizeClassChoice.choices, blank=True, editable=False
    )
    founding_year = models.PositiveSmallIntegerField(
        _("founding year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1800), MaxValueValidator(2100)],
    )
    street = models.CharField(_("street"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=12, blank=True)
    commune = models.CharField(_("commune"), max_length=100, blank=True, db_index=True)
    country = CountryField(_("country"), default="LU")
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    tags = models.ManyToManyField(
        Tag, verbose_name=_("tags"), related_name="organisations", blank=True
    )
    status = models.CharField(
        _("relationship status"),
        max_length=20,
        choices=RelationshipStatus.choices,
        default=RelationshipStatus.PROSPECT,
        db_index=True,
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_organisations",
    )

    class Meta:
        ordering = [Lower("legal_name").asc()]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [
            models.Index(Lower("legal_name"), name="organisation_name_idx"),
            models.Index(fields=["size_class"], name="organisation_size_idx"),
            models.Index(fields=["-updated_at"], name="organisation_updated_idx"),
        ]

    def __str__(self) -> str:
        return self.legal_name

    def get_absolute_url(self) -> str:
        return reverse("organisations:detail", args=[self.uuid])

    @property
    def display_name(self) -> str:
        """The trade name people use, with the legal name when they differ."""
        if self.trade_name and self.trade_name.lower() != self.legal_name.lower():
            return f"{self.trade_name} ({self.legal_name})"
        return self.legal_name


class Contact(DomainModel):
    """A person at one or more organisations (personal data: GDPR applies)."""

    class Language(models.TextChoices):
        EN = "en", _("English")
        FR = "fr", _("French")
        DE = "de", _("German")
        LB = "lb", _("Luxembourgish")

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    email = models.EmailField(_("email"), blank=True, db_index=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=2, choices=Language.choices, default=Language.EN
    )
    organisations: models.ManyToManyField[Organisation, Affiliation] = models.ManyToManyField(
        Organisation,
        through="Affiliation",
        verbose_name=_("organisations"),
        related_name="contacts",
    )

    class Meta:
        ordering = [Lower("last_name").asc(), Lower("first_name").asc()]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        indexes = [models.Index(Lower("last_name"), Lower("first_name"), name="contact_name_idx")]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def get_absolute_url(self) -> str:
        return reverse("organisations:contact-detail", args=[self.uuid])


class Affiliation(TimeStampedModel):
    """A contact's place at an organisation, with their role there."""

    contact = models.ForeignKey(
        Contact, verbose_name=_("contact"), on_delete=models.CASCADE, related_name="affiliations"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="affiliations",
    )
    role = models.CharField(_("role"), max_length=150, blank=True)
    is_primary = models.BooleanField(_("main organisation"), default=False)

    class Meta:
        ordering = ["-is_primary", "organisation__legal_name"]
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        constraints = [
            models.UniqueConstraint(
                fields=["contact", "organisation"], name="affiliation_unique_contact_organisation"
            )
        ]

    def __str__(self) -> str:
        role = f" ({self.role})" if self.role else ""
        return f"{self.contact} @ {self.organisation}{role}"

    def get_absolute_url(self) -> str:
        return self.contact.get_absolute_url()


class MembershipType(models.TextChoices):
    MEMBER = "member", _("Member")
    ASSOCIATE = "associate", _("Associate member")
    BOARD = "board", _("Board member")


class Membership(DomainModel):
    """An organisation's membership of a cluster over a period of time."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cluster"), on_delete=models.PROTECT, related_name="memberships"
    )
    type = models.CharField(
        _("membership type"),
        max_length=10,
        choices=MembershipType.choices,
        default=MembershipType.MEMBER,
    )
    since = models.DateField(_("member since"), default=timezone.localdate)
    until = models.DateField(_("member until"), null=True, blank=True)

    class Meta:
        ordering = ["cluster__name", "-since"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "cluster"],
                condition=Q(until__isnull=True),
                name="membership_one_open_per_cluster",
            ),
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=models.F("since")),
                name="membership_until_after_since",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.cluster}"

    def get_absolute_url(self) -> str:
        return self.organisation.get_absolute_url()

    def is_current(self, on: datetime.date | None = None) -> bool:
        day = on or timezone.localdate()
        return self.since <= day and (self.until is None or self.until >= day)


class ExternalReference(TimeStampedModel):
    """An organisation's id in another system (e.g. its CORDIS organisationID), used to
    recognise it again in imports."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="external_references",
    )
    source = models.CharField(_("source"), max_length=30)
    value = models.CharField(_("identifier"), max_length=100)

    class Meta:
        ordering = ["source", "value"]
        verbose_name = _("external reference")
        verbose_name_plural = _("external references")
        constraints = [
            models.UniqueConstraint(fields=["source", "value"], name="external_reference_unique")
        ]

    def __str__(self) -> str:
        return f"{self.source}:{self.value}"
