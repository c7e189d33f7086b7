from django.urls import path

from clusterdesk.imports import views

app_name = "imports"

urlpatterns = [
    path("imports/", views.import_list, name="list"),
    path("imports/new/", views.import_upload, name="upload"),
    path("imports/<uuid:uuid>/", views.import_detail, name="detail"),
    path("imports/<uuid:uuid>/mapping/", views.import_mapping, name="mapping"),
    path("imports/<uuid:uuid>/progress/", views.import_progress, name="progress"),
    path("imports/<uuid:uuid>/decisions/", views.import_decisions, name="decisions"),
    path("imports/<uuid:uuid>/commit/", views.import_commit, name="commit"),
]
