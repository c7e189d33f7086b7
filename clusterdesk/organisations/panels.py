"""The company file: sections that other apps add to an organisation's page.

An app registers a panel from its `AppConfig.ready()`:

    panels.register(Panel(
        name="engagement.interactions",
        template="engagement/organisation_panel.html",
        context=interactions_panel,   # (request, organisation) -> dict, or None to hide it
        column="main",                # "main" (left, wide) or "side" (right)
        order=10,                     # lower first, within its column
    ))

The organisation page renders each visible panel's template with `panel` (the Panel) and
`data` (what `context` returned) on top of the page's own context (`organisation`, …).
`context` applies the permission policy itself: return None for a user who may not see
anything of it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from django.http import HttpRequest

from clusterdesk.organisations.models import Organisation

PanelContext = Callable[[HttpRequest, Organisation], dict[str, Any] | None]


@dataclass(frozen=True)
class Panel:
    name: str
    template: str
    context: PanelContext
    column: Literal["main", "side"] = "main"
    order: int = 50


@dataclass(frozen=True)
class RenderedPanel:
    panel: Panel
    data: dict[str, Any]


_PANELS: dict[str, Panel] = {}


def register(panel: Panel) -> None:
    """Add (or replace, by name) a panel of the organisation page."""
    _PANELS[panel.name] = panel


def panels_for(request: HttpRequest, organisation: Organisation) -> dict[str, list[RenderedPanel]]:
    """The visible panels of `organisation` for this request, by column, in order."""
    columns: dict[str, list[RenderedPanel]] = {"main": [], "side": []}
    for panel in sorted(_PANELS.values(), key=lambda panel: (panel.order, panel.name)):
        data = panel.context(request, organisation)
        if data is not None:
            columns[panel.column].append(RenderedPanel(panel, data))
    return columns
