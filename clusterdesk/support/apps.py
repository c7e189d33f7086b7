from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "clusterdesk.support"
    label = "support"
    verbose_name = _("Support journeys")

    def ready(self) -> None:
        from clusterdesk.core import demo
        from clusterdesk.organisations import panels
        from clusterdesk.support.agenda import register_agenda_providers
        from clusterdesk.support.demo import load_demo
        from clusterdesk.support.panels import PANEL
        from clusterdesk.support.permissions import register_rules
        from clusterdesk.support.search import register_search_providers
        from clusterdesk.support.signals import connect

        register_rules()
        register_search_providers()
        panels.register(PANEL)
        register_agenda_providers()
        connect()
        demo.register("support", load_demo, order=40)
        # The list exports (core/exports.py registry).
        from clusterdesk.support import exports  # noqa: F401
