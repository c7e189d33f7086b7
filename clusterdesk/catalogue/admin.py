from django.contrib import admin

from clusterdesk.catalogue.models import AgencyTeam
from clusterdesk.core.admin import ReadOnlyAdmin


@admin.register(AgencyTeam)
class AgencyTeamAdmin(ReadOnlyAdmin):
    """Read-only: teams are changed on their pages (/teams/), through the services."""

    list_display = ("name", "slug", "email")
    search_fields = ("name", "slug", "email")
