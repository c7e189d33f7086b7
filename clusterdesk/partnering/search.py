"""Partner listings in the global search: found by their organisation and title (the
title), and by their description, keywords, themes, cluster, kind and status (the body).

Words of the interface (offer or request, category, status, themes) go into the body in
every language of the interface, so "Angebot", "demande" or "technologie" find a listing.
Who may see them: whoever reads listings (`visible_listings`). The services index every
write.
"""

from __future__ import annotations

import functools
import uuid

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from clusterdesk.catalogue.themes import Theme
from clusterdesk.core import search
from clusterdesk.partnering.models import PartnerListing
from clusterdesk.partnering.permissions import visible_listings


def _theme_label(theme: str) -> str:
    return str(Theme(theme).label)


def listing_document(listing: PartnerListing) -> search.Document:
    title = f"{listing.organisation.display_name} — {search.excerpt(listing.title)}"
    themes = [
        search.in_every_language(functools.partial(_theme_label, theme))
        for theme in listing.themes or []
        if theme in Theme.values
    ]
    body = search.joined(
        [
            listing.title if len(listing.title) > 160 else "",
            listing.description,
            ", ".join(listing.keywords or []),
            *themes,
            listing.cluster.name,
            search.in_every_language(listing.get_direction_display),
            search.in_every_language(listing.get_category_display),
            search.in_every_language(listing.get_status_display),
        ]
    )
    return search.Document(title=title, body=body)


def _prepare(queryset: QuerySet[PartnerListing]) -> QuerySet[PartnerListing]:
    return queryset.select_related("organisation", "cluster")


def _url(public_id: uuid.UUID) -> str:
    return reverse("partnering:listing-detail", args=[public_id])


LISTINGS = search.Provider(
    kind="partner-listings",
    label=_("Partner listings"),
    model=PartnerListing,
    document=listing_document,
    url=_url,
    visible=visible_listings,
    prepare=_prepare,
    icon="arrow-left-right",
)


def register_search_providers() -> None:
    search.register(LISTINGS)
