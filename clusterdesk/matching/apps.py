from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    """No models: eligibility, ranking, the evaluation command and its labelled needs."""

    name = "clusterdesk.matching"
    label = "matching"
    verbose_name = _("Matching")
