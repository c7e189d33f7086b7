"""Agency staff accounts, their roles and their personal API tokens."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from clusterdesk.core.models import TimeStampedModel


class Role(models.TextChoices):
    ADMIN = "admin", _("Agency admin")
    MANAGER = "manager", _("Cluster manager")
    EXPERT = "expert", _("Agency expert")
    ANALYST = "analyst", _("Ministry analyst")


class User(AbstractUser):
    """A person who signs in. The role says what they may do; cluster managers are also
    scoped to the clusters that list them as managers (`Cluster.managers`)."""

    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MANAGER)
    preferred_language = models.CharField(
        _("preferred language"), max_length=5, blank=True, default=""
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_agency_admin(self) -> bool:
        return self.is_superuser or self.role == Role.ADMIN

    @property
    def is_manager(self) -> bool:
        return self.role == Role.MANAGER and not self.is_superuser

    @property
    def is_expert(self) -> bool:
        return self.role == Role.EXPERT and not self.is_superuser

    @property
    def is_analyst(self) -> bool:
        return self.role == Role.ANALYST and not self.is_superuser


class ApiToken(TimeStampedModel):
    """A personal token for the JSON API: `cd_<prefix>_<secret>`.

    The prefix is public (it names the token in lists and logs); the secret is stored only
    as its SHA-256 digest, so the database never holds a usable token. A revoked token
    stays listed, with the time it stopped working.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What the token is for, e.g. “reporting script”.")
    )
    prefix = models.CharField(_("prefix"), max_length=16, unique=True, editable=False)
    secret_hash = models.CharField(max_length=64, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} (cd_{self.prefix}_…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
