from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EngagementConfig(AppConfig):
    name = "clusterdesk.engagement"
    label = "engagement"
    verbose_name = _("Interactions, follow-ups and the agenda")

    def ready(self) -> None:
        from clusterdesk.core import demo
        from clusterdesk.engagement import exports  # noqa: F401 (registers the exports)
        from clusterdesk.engagement.agenda_items import register_agenda_providers
        from clusterdesk.engagement.demo import load_demo
        from clusterdesk.engagement.permissions import register_rules
        from clusterdesk.engagement.search import register_search_providers
        from clusterdesk.engagement.signals import connect_signals
        from clusterdesk.engagement.views.panel import register_panel

        demo.register("engagement", load_demo, order=20)
        register_rules()
        register_search_providers()
        register_agenda_providers()
        register_panel()
        connect_signals()
