"""The five market-intelligence themes (DOMAIN.md glossary; PRODUCT.md "Theme").

One list for every app that tags records by theme (needs here, interactions and trends
elsewhere): import `Theme` from this module rather than defining another.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Theme(models.TextChoices):
    BUSINESS_MODEL_INNOVATION = "business_model_innovation", _("Business model innovation")
    REGIONAL_VALUE_CHAINS = "regional_value_chains", _("Regional value chains")
    DIGITALISATION = "digitalisation", _("Digitalisation")
    NEW_INNOVATION_MODELS = "new_innovation_models", _("New innovation models")
    SUSTAINABLE_DEVELOPMENT = "sustainable_development", _("Sustainable development")
