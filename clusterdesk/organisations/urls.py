from django.urls import path

from clusterdesk.core.exports import export_view
from clusterdesk.organisations.views import clusters, contacts, merge, organisations
from clusterdesk.organisations.views import exports as export_views

app_name = "organisations"

urlpatterns = [
    path("organisations/", organisations.organisation_list, name="list"),
    path("organisations/new/", organisations.organisation_create, name="create"),
    path("organisations/pick/", organisations.organisation_pick, name="pick"),
    path("organisations/nace/", organisations.nace_lookup, name="nace-lookup"),
    path("organisations/<uuid:uuid>/", organisations.organisation_detail, name="detail"),
    path("organisations/<uuid:uuid>/edit/", organisations.organisation_edit, name="edit"),
    path("organisations/<uuid:uuid>/delete/", organisations.organisation_delete, name="delete"),
    path(
        "organisations/<uuid:uuid>/memberships/new/",
        organisations.membership_create,
        name="membership-create",
    ),
    path("memberships/<uuid:uuid>/edit/", organisations.membership_edit, name="membership-edit"),
    path(
        "memberships/<uuid:uuid>/delete/",
        organisations.membership_delete,
        name="membership-delete",
    ),
    path("contacts/", contacts.contact_list, name="contact-list"),
    path("contacts/new/", contacts.contact_create, name="contact-create"),
    path("contacts/<uuid:uuid>/", contacts.contact_detail, name="contact-detail"),
    path("contacts/<uuid:uuid>/edit/", contacts.contact_edit, name="contact-edit"),
    path("contacts/<uuid:uuid>/delete/", contacts.contact_delete, name="contact-delete"),
    path(
        "contacts/<uuid:uuid>/affiliations/new/",
        contacts.affiliation_create,
        name="affiliation-create",
    ),
    path(
        "contacts/<uuid:uuid>/affiliations/<int:pk>/delete/",
        contacts.affiliation_delete,
        name="affiliation-delete",
    ),
    path("clusters/", clusters.cluster_list, name="cluster-list"),
    path("clusters/new/", clusters.cluster_create, name="cluster-create"),
    path("clusters/<slug:slug>/", clusters.cluster_detail, name="cluster-detail"),
    path("clusters/<slug:slug>/edit/", clusters.cluster_edit, name="cluster-edit"),
    # Merging duplicates, and exporting the lists (core/exports.py, organisations/exports.py).
    path("organisations/<uuid:uuid>/merge/", merge.organisation_merge, name="merge"),
    path("contacts/<uuid:uuid>/merge/", merge.contact_merge, name="contact-merge"),
    path("contacts/pick/", merge.contact_pick, name="contact-pick"),
    path("organisations/export.<str:fmt>", export_view, {"name": "organisations"}, name="export"),
    path("contacts/export.<str:fmt>", export_view, {"name": "contacts"}, name="contact-export"),
    path(
        "clusters/<slug:slug>/members/export.<str:fmt>",
        export_view,
        {"name": "cluster-members"},
        name="cluster-export",
    ),
    path("contacts/<uuid:uuid>/vcard.vcf", export_views.contact_vcard, name="contact-vcard"),
]
