"""The audit log in the admin: read-only, as it is append-only."""

from django.contrib import admin
from django.http import HttpRequest

from clusterdesk.core.models import AuditEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    """Domain records are written through services (audit, versions), never by the admin."""

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "actor_name", "action", "object_type", "object_repr")
    list_filter = ("action", "object_type")
    search_fields = ("object_repr", "actor_name", "request_id")
    date_hierarchy = "created_at"
