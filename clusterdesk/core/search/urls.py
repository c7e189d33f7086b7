from django.urls import path

from clusterdesk.core.search import views

app_name = "search"

urlpatterns = [
    path("search/", views.search_results, name="results"),
    path("search/suggestions/", views.search_suggestions, name="suggestions"),
]
