"""The search pages: the full results page and the suggestions under the header box."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from clusterdesk.core import permissions
from clusterdesk.core.search.forms import SearchForm
from clusterdesk.core.search.query import RANK_LIMIT, Search
from clusterdesk.core.search.registry import searchable_providers
from clusterdesk.core.web import paginate

GROUP_SIZE = 5  # hits per kind on the overview of every kind
SUGGESTIONS_PER_KIND = 4


@require_GET
def search_results(request: HttpRequest) -> HttpResponse:
    """`/search/?q=…&kind=…&page=…`: every kind at a glance, or one kind page by page."""
    providers = searchable_providers(request.user)
    permissions.ensure_allowed(bool(providers))
    form = SearchForm(request.GET, providers=providers)
    query, kind = form.value("q"), form.value("kind")
    search = Search(user=request.user, query=query)
    context = {
        "form": form,
        "query": query,
        "kind": kind,
        "search": search,
        "tabs": [
            (provider, search.counts.get(provider.kind, 0), search.more_than_counted(provider.kind))
            for provider in providers
        ],
    }
    if kind:
        context["page"] = paginate(request, search.pages(kind))
        context["broad"] = search.is_broad(kind)
    else:
        context["groups"] = search.groups(per_kind=GROUP_SIZE)
    return render(request, "search/results.html", context)


@require_GET
def search_suggestions(request: HttpRequest) -> HttpResponse:
    """The htmx dropdown of the header box: the best few hits of each kind."""
    permissions.ensure_allowed(bool(searchable_providers(request.user)))
    query = request.GET.get("q", "")
    # Suggestions count only as far as needed to know whether a kind has many matches.
    search = Search(user=request.user, query=query, count_limit=RANK_LIMIT)
    groups = search.groups(per_kind=SUGGESTIONS_PER_KIND) if search.query else []
    context = {"query": query, "search": search, "groups": groups}
    return render(request, "search/suggestions.html", context)
