"""What the listing list and the matchmaking page export (see `core.exports`).

The listing export reads the list's own selector with the page's filters (same permission
scope, same sort). Pairs are computed rather than read from a table: the matchmaking
page's export view (`views.matchmaking.pair_export`) feeds the rows of `selectors.pair_list`
to the same writers.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from clusterdesk.core import exports
from clusterdesk.core.exports import Column, ExportDefinition
from clusterdesk.organisations.exports import field_column
from clusterdesk.partnering import selectors
from clusterdesk.partnering.forms import ListingFilterForm
from clusterdesk.partnering.models import PartnerListing


def _listing_rows(request: HttpRequest) -> Any:
    return selectors.listing_list(
        user=request.user, filters=ListingFilterForm(request.GET).filters()
    )


def _name(value: Any) -> str | None:
    return str(value) if value else None


def _listing_columns() -> tuple[Column, ...]:
    listing = PartnerListing

    def label(name: str) -> Any:
        return exports.ChoiceLabel(PartnerListing, name)

    return (
        Column(_("Organisation"), lambda r: r.organisation.legal_name, 36),
        field_column(listing, "direction", label("direction"), 10),
        field_column(listing, "category", label("category"), 14),
        field_column(listing, "title", width=40),
        field_column(listing, "description", width=60),
        field_column(listing, "themes", lambda r: "; ".join(r.theme_labels()), 30),
        field_column(listing, "keywords", lambda r: "; ".join(r.keywords or []), 30),
        field_column(listing, "status", label("status"), 10),
        field_column(listing, "valid_until", width=12),
        field_column(listing, "cluster", lambda r: r.cluster.name, 18),
        field_column(listing, "contact", lambda r: _name(r.contact), 24),
        field_column(listing, "created_by", lambda r: _name(r.created_by), 18),
        field_column(listing, "created_at"),
        Column(_("Public id"), lambda r: str(r.uuid), 38),
    )


LISTINGS = exports.register(
    ExportDefinition(name="partner-listings", rows=_listing_rows, columns=_listing_columns())
)


def _direction(listing: PartnerListing) -> str:
    return str(listing.get_direction_display())


PAIRS = ExportDefinition(
    name="partner-pairs",
    rows=lambda request: [],  # not used: see `views.matchmaking.pair_export`
    columns=(
        Column(_("Request"), lambda row: row.request.title, 40),
        Column(_("Requesting organisation"), lambda row: row.request.organisation.legal_name, 36),
        Column(_("Request cluster"), lambda row: row.request.cluster.name, 18),
        Column(_("Proposed"), lambda row: row.counterpart.title, 40),
        Column(_("Offer or request"), lambda row: _direction(row.counterpart), 12),
        Column(_("Proposed organisation"), lambda row: row.counterpart.organisation.legal_name, 36),
        Column(_("Proposed cluster"), lambda row: row.counterpart.cluster.name, 18),
        Column(_("Category"), lambda row: str(row.request.get_category_display()), 14),
        Column(_("Score"), lambda row: row.score, 8),
        Column(_("Why"), lambda row: " · ".join(row.reasons), 60),
        Column(_("Request public id"), lambda row: str(row.request.uuid), 38),
        Column(_("Proposed public id"), lambda row: str(row.counterpart.uuid), 38),
    ),
)
