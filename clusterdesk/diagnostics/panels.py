"""The diagnoses panel of the company file (the organisation page, right column)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from clusterdesk.diagnostics import permissions, selectors
from clusterdesk.organisations import panels
from clusterdesk.organisations.models import Organisation

PANEL_LIMIT = 6


def diagnoses_panel(request: HttpRequest, organisation: Organisation) -> dict[str, Any] | None:
    user = request.user
    if not permissions.can_list_diagnoses(user):
        return None
    diagnoses = list(selectors.organisation_diagnoses(user=user, organisation=organisation))
    return {
        "diagnoses": diagnoses[:PANEL_LIMIT],
        "more": max(len(diagnoses) - PANEL_LIMIT, 0),
        "can_start": permissions.can_start_diagnosis(user),
    }


def register_panel() -> None:
    panels.register(
        panels.Panel(
            name="diagnostics.diagnoses",
            template="diagnostics/organisation_panel.html",
            context=diagnoses_panel,
            column="side",
            order=20,
        )
    )
