"""Keep the search index right when another app renames what a listing's entry shows: an
organisation renamed (or merged into) holds its name in its listings' titles. Listings are
not deleted by cascades (their organisation is protected)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save

from clusterdesk.core import search
from clusterdesk.organisations.models import Organisation
from clusterdesk.partnering.models import PartnerListing


def _reindex_for_organisation(sender: Any, instance: Organisation, **kwargs: Any) -> None:
    if kwargs.get("raw") or kwargs.get("created"):
        return
    listings = PartnerListing.objects.filter(organisation=instance)
    if listings.exists():
        search.index_many(listings)


def connect() -> None:
    post_save.connect(
        _reindex_for_organisation,
        sender=Organisation,
        dispatch_uid="partnering.organisation-renamed",
    )
