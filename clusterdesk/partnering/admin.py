from django.contrib import admin

from clusterdesk.core.admin import ReadOnlyAdmin
from clusterdesk.partnering.models import PartnerListing


@admin.register(PartnerListing)
class PartnerListingAdmin(ReadOnlyAdmin):
    list_display = ("title", "organisation", "direction", "category", "status", "valid_until")
    list_filter = ("direction", "category", "status", "cluster")
    search_fields = ("title", "organisation__legal_name")
