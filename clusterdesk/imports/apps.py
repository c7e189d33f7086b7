from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "clusterdesk.imports"
    label = "imports"
    verbose_name = _("Imports")

    def ready(self) -> None:
        from clusterdesk.imports.permissions import register_rules

        register_rules()
