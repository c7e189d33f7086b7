from django.contrib import admin

from clusterdesk.catalogue.models import (
    AgencyTeam,
    Call,
    ServiceProviderProfile,
    SupportInstrument,
    TrainingProgramme,
)
from clusterdesk.core.admin import ReadOnlyAdmin


@admin.register(AgencyTeam)
class AgencyTeamAdmin(ReadOnlyAdmin):
    """Read-only: teams are changed on their pages (/teams/), through the services."""

    list_display = ("name", "slug", "email")
    search_fields = ("name", "slug", "email")


@admin.register(SupportInstrument)
class SupportInstrumentAdmin(ReadOnlyAdmin):
    """Read-only: instruments are changed on their pages (/catalogue/instruments/)."""

    list_display = ("name", "slug", "kind", "provider", "active")
    list_filter = ("kind", "active")
    search_fields = ("name", "slug", "provider")


@admin.register(TrainingProgramme)
class TrainingProgrammeAdmin(ReadOnlyAdmin):
    list_display = ("title", "slug", "format", "language", "active")
    list_filter = ("format", "language", "active")
    search_fields = ("title", "slug", "provider")


@admin.register(Call)
class CallAdmin(ReadOnlyAdmin):
    list_display = ("external_id", "title", "programme", "status", "deadline")
    list_filter = ("status", "source", "programme")
    search_fields = ("external_id", "title", "call_identifier")


@admin.register(ServiceProviderProfile)
class ServiceProviderProfileAdmin(ReadOnlyAdmin):
    list_display = ("organisation", "updated_at")
    search_fields = ("organisation__legal_name",)
    list_select_related = ("organisation",)
