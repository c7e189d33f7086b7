"""The partner panel of the company file: the organisation's offers and requests."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from clusterdesk.organisations.models import Organisation
from clusterdesk.organisations.panels import Panel
from clusterdesk.partnering import selectors
from clusterdesk.partnering.models import Direction
from clusterdesk.partnering.permissions import can_create_listing, reads_listings

MAX_LISTINGS = 8


def listings_panel(request: HttpRequest, organisation: Organisation) -> dict[str, Any] | None:
    """Up to `MAX_LISTINGS` listings, the ones proposed now first, with a link to the rest;
    hidden from those who see no listing. One query."""
    user = request.user
    if not reads_listings(user):
        return None
    listings = selectors.organisation_listings(
        user=user, organisation=organisation, limit=MAX_LISTINGS + 1
    )
    shown = listings[:MAX_LISTINGS]
    return {
        "offers": [listing for listing in shown if listing.direction == Direction.OFFER],
        "requests": [listing for listing in shown if listing.direction == Direction.REQUEST],
        "count": len(shown),
        "more": len(listings) > MAX_LISTINGS,
        "can_create": can_create_listing(user),
    }


PANEL = Panel(
    name="partnering.listings",
    template="partnering/organisation_panel.html",
    context=listings_panel,
    column="side",
    order=30,
)
