from django.contrib import admin

from clusterdesk.core.admin import ReadOnlyAdmin
from clusterdesk.imports.models import ImportJob, ImportMapping


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "kind", "status", "file_name", "created_by", "created_at")
    list_filter = ("kind", "status")
    search_fields = ("file_name",)


@admin.register(ImportMapping)
class ImportMappingAdmin(ReadOnlyAdmin):
    list_display = ("kind", "__str__", "updated_at")
