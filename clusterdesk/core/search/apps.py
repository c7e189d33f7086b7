from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """Global search: the index table and its full-text index (apps register providers)."""

    name = "clusterdesk.core.search"
    label = "search"
    verbose_name = _("Search")
