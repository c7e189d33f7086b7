from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "clusterdesk.catalogue"
    label = "catalogue"
    verbose_name = _("Agency teams and the support catalogue")

    def ready(self) -> None:
        from clusterdesk.catalogue.demo import load_catalogue_demo
        from clusterdesk.catalogue.panels import PANEL
        from clusterdesk.catalogue.permissions import register_rules
        from clusterdesk.catalogue.search import register_search_providers
        from clusterdesk.core import demo
        from clusterdesk.organisations import panels

        register_rules()
        register_search_providers()
        panels.register(PANEL)
        # Before the journeys (support, order 40), which refer needs to providers.
        demo.register("catalogue", load_catalogue_demo, order=10)
        # The merge handler of provider profiles (core.merging) and the list exports
        # (core.exports) register themselves when imported.
        from clusterdesk.catalogue import exports, merge  # noqa: F401
