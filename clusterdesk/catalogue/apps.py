from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "clusterdesk.catalogue"
    label = "catalogue"
    verbose_name = _("Agency teams and the support catalogue")

    def ready(self) -> None:
        from clusterdesk.catalogue.permissions import register_rules

        register_rules()
