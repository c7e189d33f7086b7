from django.urls import path, re_path

from clusterdesk.core.exports import export_view
from clusterdesk.engagement.views import agenda, attention, follow_ups, interactions, panel

app_name = "engagement"

urlpatterns = [
    path("interactions/", interactions.interaction_list, name="interaction-list"),
    path("interactions/new/", interactions.interaction_create, name="interaction-create"),
    path(
        "interactions/new/from-invite/",
        interactions.interaction_from_invite,
        name="interaction-from-invite",
    ),
    path("interactions/contacts/", interactions.contact_options, name="contact-options"),
    path(
        "interactions/export.<str:fmt>",
        export_view,
        {"name": "interactions"},
        name="interaction-export",
    ),
    path("interactions/<uuid:uuid>/", interactions.interaction_detail, name="interaction-detail"),
    path("interactions/<uuid:uuid>/edit/", interactions.interaction_edit, name="interaction-edit"),
    path(
        "interactions/<uuid:uuid>/delete/",
        interactions.interaction_delete,
        name="interaction-delete",
    ),
    # The company file's panel: refresh it (GET), log from it (POST), plan a follow-up.
    path("interactions/panel/<uuid:uuid>/", panel.organisation_panel, name="panel"),
    path(
        "interactions/panel/<uuid:uuid>/follow-up/",
        panel.organisation_follow_up,
        name="panel-follow-up",
    ),
    path("follow-ups/", follow_ups.follow_up_list, name="follow-up-list"),
    path("follow-ups/new/", follow_ups.follow_up_create, name="follow-up-create"),
    path(
        "follow-ups/export.<str:fmt>", export_view, {"name": "follow-ups"}, name="follow-up-export"
    ),
    path("follow-ups/<uuid:uuid>/", follow_ups.follow_up_detail, name="follow-up-detail"),
    path("follow-ups/<uuid:uuid>/edit/", follow_ups.follow_up_edit, name="follow-up-edit"),
    path("follow-ups/<uuid:uuid>/done/", follow_ups.follow_up_done, name="follow-up-done"),
    path("follow-ups/<uuid:uuid>/delete/", follow_ups.follow_up_delete, name="follow-up-delete"),
    path("attention/", attention.attention_list, name="attention"),
    path("attention/rules/", attention.cadence_rule_list, name="cadence-rule-list"),
    path("attention/rules/new/", attention.cadence_rule_create, name="cadence-rule-create"),
    path(
        "attention/rules/<uuid:uuid>/edit/", attention.cadence_rule_edit, name="cadence-rule-edit"
    ),
    path(
        "attention/rules/<uuid:uuid>/delete/",
        attention.cadence_rule_delete,
        name="cadence-rule-delete",
    ),
    path("my-week/", agenda.my_week, name="my-week"),
    path("my-week/calendar/", agenda.calendar_settings, name="calendar-settings"),
    re_path(
        r"^calendar/(?P<token>[A-Za-z0-9_-]{20,100})\.ics$",
        agenda.calendar_feed,
        name="calendar-feed",
    ),
]
