from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartneringConfig(AppConfig):
    name = "clusterdesk.partnering"
    label = "partnering"
    verbose_name = _("Partner matchmaking")

    def ready(self) -> None:
        from clusterdesk.core import demo
        from clusterdesk.organisations import panels
        from clusterdesk.partnering import exports  # noqa: F401 (registers the exports)
        from clusterdesk.partnering.demo import load_demo
        from clusterdesk.partnering.panels import PANEL
        from clusterdesk.partnering.permissions import register_rules
        from clusterdesk.partnering.search import register_search_providers
        from clusterdesk.partnering.signals import connect

        register_rules()
        register_search_providers()
        panels.register(PANEL)
        connect()
        demo.register("partnering", load_demo, order=50)
