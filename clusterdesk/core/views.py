"""The signed-in home page and the health endpoint."""

from __future__ import annotations

import time

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from clusterdesk.core import permissions
from clusterdesk.organisations import selectors


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    managed_only = permissions.is_manager(user)
    clusters = list(selectors.cluster_list(user=user, only_managed=managed_only))
    context = {
        "clusters": clusters,
        "managed_only": managed_only,
        "reads_directory": permissions.reads_directory(user),
        "recent_changes": selectors.recent_changes(user=user),
        "total_members": sum(getattr(cluster, "member_count", 0) for cluster in clusters),
    }
    return render(request, "core/home.html", context)


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 with `{"status": "ok"}` when the database answers, 503 otherwise."""
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any database failure means "not healthy"
        return JsonResponse(
            {
                "status": "error",
                "database": {"status": "unavailable", "error": error.__class__.__name__},
            },
            status=503,
        )
    elapsed_ms = round((time.perf_counter() - started) * 1000, 2)
    return JsonResponse(
        {
            "status": "ok",
            "database": {"status": "ok", "vendor": connection.vendor, "latency_ms": elapsed_ms},
        }
    )
