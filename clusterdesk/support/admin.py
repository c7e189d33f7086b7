from django.contrib import admin

from clusterdesk.core.admin import ReadOnlyAdmin
from clusterdesk.support.models import Action, Need, Referral, Roadmap, SupportCase


@admin.register(SupportCase)
class SupportCaseAdmin(ReadOnlyAdmin):
    list_display = ("organisation", "state", "cluster", "owner", "opened_on")
    list_filter = ("state", "cluster", "origin")
    search_fields = ("organisation__legal_name", "problem_statement")


@admin.register(Need)
class NeedAdmin(ReadOnlyAdmin):
    list_display = ("text", "theme", "category", "priority", "status")
    list_filter = ("status", "theme", "priority")


@admin.register(Referral)
class ReferralAdmin(ReadOnlyAdmin):
    list_display = ("need", "target_kind", "status", "sent_on", "answered_on")
    list_filter = ("status", "target_kind")


@admin.register(Roadmap)
class RoadmapAdmin(ReadOnlyAdmin):
    list_display = ("case", "horizon", "agreed_on")


@admin.register(Action)
class ActionAdmin(ReadOnlyAdmin):
    list_display = ("description", "owner", "due_on", "status")
    list_filter = ("status", "ease_class")
