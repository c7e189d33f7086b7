from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "clusterdesk.organisations"
    label = "organisations"
    verbose_name = _("Organisations")

    def ready(self) -> None:
        from clusterdesk.organisations.search import register_search_providers

        register_search_providers()
        # The merge handlers of relations whose unique rules can clash (core/merging.py).
        from clusterdesk.organisations import merge  # noqa: F401
