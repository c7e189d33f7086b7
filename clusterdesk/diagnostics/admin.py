"""Read-only admin pages: questionnaires and diagnoses are written through the services
(versions, audit); questionnaires are edited on their own pages (/questionnaires/)."""

from django.contrib import admin

from clusterdesk.core.admin import ReadOnlyAdmin
from clusterdesk.diagnostics.models import Diagnosis, QuestionnaireTemplate


@admin.register(QuestionnaireTemplate)
class QuestionnaireTemplateAdmin(ReadOnlyAdmin):
    list_display = ("name", "key", "version", "status", "published_at")
    list_filter = ("status", "key")
    search_fields = ("name", "key")


@admin.register(Diagnosis)
class DiagnosisAdmin(ReadOnlyAdmin):
    list_display = ("organisation", "template", "stage", "status", "overall_score", "completed_on")
    list_filter = ("status", "stage", "template__key")
    search_fields = ("organisation__legal_name",)
    list_select_related = ("organisation", "template")
