"""Read-only admin pages: interactions, follow-ups and cadence rules are written through the
services (audit, versions); cadence rules have their own pages under /attention/rules/."""

from django.contrib import admin

from clusterdesk.core.admin import ReadOnlyAdmin
from clusterdesk.engagement.models import CadenceRule, DigestLog, FollowUp, Interaction


@admin.register(Interaction)
class InteractionAdmin(ReadOnlyAdmin):
    list_display = ("occurred_on", "organisation", "kind", "cluster", "confidential")
    list_filter = ("kind", "confidential", "cluster")
    date_hierarchy = "occurred_on"
    raw_id_fields = ("organisation",)


@admin.register(FollowUp)
class FollowUpAdmin(ReadOnlyAdmin):
    list_display = ("due_on", "organisation", "owner", "done_on")
    list_filter = ("cluster",)


@admin.register(CadenceRule)
class CadenceRuleAdmin(ReadOnlyAdmin):
    list_display = ("name", "status", "tag", "max_days", "active")


@admin.register(DigestLog)
class DigestLogAdmin(ReadOnlyAdmin):
    list_display = ("day", "user", "items", "sent_at")
    date_hierarchy = "day"
