from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiagnosticsConfig(AppConfig):
    name = "clusterdesk.diagnostics"
    label = "diagnostics"
    verbose_name = _("Diagnoses")

    def ready(self) -> None:
        from clusterdesk.core import demo
        from clusterdesk.diagnostics.demo import load_demo
        from clusterdesk.diagnostics.panels import register_panel
        from clusterdesk.diagnostics.permissions import register_rules
        from clusterdesk.diagnostics.search import register_search_providers

        register_rules()
        register_search_providers()
        register_panel()
        demo.register("diagnostics", load_demo, order=30)
        # The list export (core.exports registry).
        from clusterdesk.diagnostics import exports  # noqa: F401
