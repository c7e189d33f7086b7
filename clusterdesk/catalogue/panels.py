"""The provider panel of the company file: the organisation's provider profile (its
accreditations and competences), or, for editors, the button that creates one."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from clusterdesk.catalogue import selectors
from clusterdesk.catalogue.permissions import edits_catalogue, reads_providers
from clusterdesk.organisations.models import Organisation, OrganisationKind
from clusterdesk.organisations.panels import Panel


def provider_panel(request: HttpRequest, organisation: Organisation) -> dict[str, Any] | None:
    """Shown to those who read providers when the organisation has a profile, and to
    editors on a service provider without one (two queries)."""
    if not reads_providers(request.user):
        return None
    profile = selectors.provider_of(organisation)
    can_edit = edits_catalogue(request.user)
    if profile is None and not (
        can_edit and organisation.kind == OrganisationKind.SERVICE_PROVIDER
    ):
        return None
    return {"profile": profile, "can_edit": can_edit}


PANEL = Panel(
    name="catalogue.provider",
    template="catalogue/organisation_panel.html",
    context=provider_panel,
    column="side",
    order=30,
)
