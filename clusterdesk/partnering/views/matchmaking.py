"""The matchmaking page: the pairs proposed across the member base, and their export."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.views.decorators.http import require_GET

from clusterdesk.core import exports
from clusterdesk.core.web import HtmxHttpRequest, paginate
from clusterdesk.partnering import permissions as rules
from clusterdesk.partnering import selectors
from clusterdesk.partnering.exports import PAIRS
from clusterdesk.partnering.forms import PairFilterForm


@require_GET
def matchmaking(request: HtmxHttpRequest) -> HttpResponse:
    filter_form = PairFilterForm(request.GET)
    filters = filter_form.filters()
    rows = selectors.pair_list(user=request.user, filters=filters)
    context = {
        "filter_form": filter_form,
        "filters": filters,
        "page": paginate(request, rows),
        "sees_every_pair": rules.sees_every_pair(request.user),
        "can_create": rules.can_create_listing(request.user),
    }
    if request.htmx and request.htmx.target == "results":
        return render(request, "partnering/matchmaking.html#results", context)
    return render(request, "partnering/matchmaking.html", context)


@require_GET
def pair_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """The matchmaking page's pairs, with its filters, as CSV or XLSX (the pairs are
    computed, not a queryset, so `core.exports.export_view` does not read them)."""
    writers = {"csv": exports.csv_response, "xlsx": exports.xlsx_response}
    if fmt not in writers:
        raise Http404
    rows = selectors.pair_list(user=request.user, filters=PairFilterForm(request.GET).filters())
    return writers[fmt](PAIRS, rows, exports.dated_filename(PAIRS.name, fmt))
