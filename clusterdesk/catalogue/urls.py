from django.urls import path

from clusterdesk.catalogue.views import offers, providers, teams
from clusterdesk.core.exports import export_view

app_name = "catalogue"

urlpatterns = [
    # Agency teams
    path("teams/", teams.team_list, name="team-list"),
    path("teams/new/", teams.team_create, name="team-create"),
    path("teams/<slug:slug>/", teams.team_detail, name="team-detail"),
    path("teams/<slug:slug>/edit/", teams.team_edit, name="team-edit"),
    # The catalogue (public lists and pages; forms and exports for the staff)
    path("catalogue/", offers.catalogue_index, name="index"),
    path("catalogue/instruments/", offers.instrument_list, name="instrument-list"),
    path("catalogue/instruments/new/", offers.instrument_create, name="instrument-create"),
    path(
        "catalogue/instruments/export.<str:fmt>",
        export_view,
        {"name": "catalogue-instruments"},
        name="instrument-export",
    ),
    path("catalogue/instruments/id/<uuid:uuid>/", offers.instrument_by_id, name="instrument-by-id"),
    path("catalogue/instruments/<slug:slug>/", offers.instrument_detail, name="instrument-detail"),
    path("catalogue/instruments/<slug:slug>/edit/", offers.instrument_edit, name="instrument-edit"),
    path(
        "catalogue/instruments/<slug:slug>/delete/",
        offers.instrument_delete,
        name="instrument-delete",
    ),
    path("catalogue/trainings/", offers.training_list, name="training-list"),
    path("catalogue/trainings/new/", offers.training_create, name="training-create"),
    path(
        "catalogue/trainings/export.<str:fmt>",
        export_view,
        {"name": "catalogue-trainings"},
        name="training-export",
    ),
    path("catalogue/trainings/id/<uuid:uuid>/", offers.training_by_id, name="training-by-id"),
    path("catalogue/trainings/<slug:slug>/", offers.training_detail, name="training-detail"),
    path("catalogue/trainings/<slug:slug>/edit/", offers.training_edit, name="training-edit"),
    path("catalogue/trainings/<slug:slug>/delete/", offers.training_delete, name="training-delete"),
    path("catalogue/calls/", offers.call_list, name="call-list"),
    path("catalogue/calls/new/", offers.call_create, name="call-create"),
    path(
        "catalogue/calls/export.<str:fmt>",
        export_view,
        {"name": "catalogue-calls"},
        name="call-export",
    ),
    path("catalogue/calls/<uuid:uuid>/", offers.call_detail, name="call-detail"),
    path("catalogue/calls/<uuid:uuid>/edit/", offers.call_edit, name="call-edit"),
    path("catalogue/calls/<uuid:uuid>/delete/", offers.call_delete, name="call-delete"),
    # The service provider directory (staff)
    path("catalogue/providers/", providers.provider_list, name="provider-list"),
    path("catalogue/providers/new/", providers.provider_create, name="provider-create"),
    path(
        "catalogue/providers/export.<str:fmt>",
        export_view,
        {"name": "catalogue-providers"},
        name="provider-export",
    ),
    path("catalogue/providers/<uuid:uuid>/", providers.provider_detail, name="provider-detail"),
    path("catalogue/providers/<uuid:uuid>/edit/", providers.provider_edit, name="provider-edit"),
    path(
        "catalogue/providers/<uuid:uuid>/delete/",
        providers.provider_delete,
        name="provider-delete",
    ),
]
