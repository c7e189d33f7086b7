"""Agency staff accounts and their roles."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


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
