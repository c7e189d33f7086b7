from django.contrib import admin

from clusterdesk.core.admin import ReadOnlyAdmin
from clusterdesk.organisations.models import Cluster, Contact, NaceActivity, Organisation


@admin.register(Cluster)
class ClusterAdmin(ReadOnlyAdmin):
    list_display = ("name", "slug", "colour")


@admin.register(Organisation)
class OrganisationAdmin(ReadOnlyAdmin):
    list_display = ("legal_name", "kind", "status", "size_class", "commune")
    list_filter = ("kind", "status", "size_class")
    search_fields = ("legal_name", "trade_name", "register_number", "vat_number")


@admin.register(Contact)
class ContactAdmin(ReadOnlyAdmin):
    list_display = ("last_name", "first_name", "email", "job_title")
    search_fields = ("last_name", "first_name", "email")


@admin.register(NaceActivity)
class NaceActivityAdmin(ReadOnlyAdmin):
    list_display = ("code", "level", "section", "label_en")
    list_filter = ("level", "section")
    search_fields = ("code", "label_en", "label_fr", "label_de")
