from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from clusterdesk.api import api
from clusterdesk.core.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("accounts/", include("clusterdesk.accounts.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("clusterdesk.core.urls")),
    path("", include("clusterdesk.core.search.urls")),
    path("", include("clusterdesk.organisations.urls")),
    path("", include("clusterdesk.imports.urls")),
    path("", include("clusterdesk.catalogue.urls")),
    path("", include("clusterdesk.engagement.urls")),
    path("", include("clusterdesk.diagnostics.urls")),
    path("", include("clusterdesk.support.urls")),
    path("", include("clusterdesk.partnering.urls")),
]
