from django.urls import path

from clusterdesk.core.exports import export_view
from clusterdesk.partnering.views import listings, matchmaking

app_name = "partnering"

urlpatterns = [
    path("partnering/listings/", listings.listing_list, name="listing-list"),
    path("partnering/listings/new/", listings.listing_create, name="listing-create"),
    path(
        "partnering/listings/export.<str:fmt>",
        export_view,
        {"name": "partner-listings"},
        name="listing-export",
    ),
    path("partnering/listings/contacts/", listings.contact_options, name="contact-options"),
    path("partnering/listings/<uuid:uuid>/", listings.listing_detail, name="listing-detail"),
    path("partnering/listings/<uuid:uuid>/edit/", listings.listing_edit, name="listing-edit"),
    path("partnering/listings/<uuid:uuid>/close/", listings.listing_close, name="listing-close"),
    path("partnering/matchmaking/", matchmaking.matchmaking, name="matchmaking"),
    path("partnering/matchmaking/export.<str:fmt>", matchmaking.pair_export, name="pair-export"),
]
