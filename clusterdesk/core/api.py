"""The search endpoint of the JSON API: `GET /api/v1/search?q=&kinds=&limit=&offset=`.

The same search as the header box and the results page: what the caller may see, ranked,
with HTML snippets (text escaped, matches in `<mark>`).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as RequestValidationError

from clusterdesk.core import search
from clusterdesk.core.api_schemas import READ_ERRORS

router = Router(tags=["search"])

MAX_LIMIT = 100


class SearchResultOut(Schema):
    kind: str = Field(description="The kind of record, e.g. `organisations`, `contacts`.")
    id: uuid.UUID | None = Field(description="The public id of the record.")
    title: str
    snippet: str = Field(description="HTML: the text around the match, escaped, matches in <mark>.")
    url: str = Field(description="The record's page.")
    score: float = Field(description="Higher is better; results come sorted by it.")


class SearchOut(Schema):
    query: str
    results: list[SearchResultOut]
    counts: dict[str, int] = Field(
        description="Matches per kind the caller may see; counting stops at 10,000."
    )


def _caller(request: HttpRequest) -> Any:
    """The authenticated caller (the API's token or session auth sets it); anonymous calls
    are refused even if this router is ever mounted without the API's auth."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        raise AuthenticationError()
    return user


def _kinds(raw: str) -> list[str] | None:
    wanted = [kind.strip() for kind in raw.split(",") if kind.strip()]
    unknown = [kind for kind in wanted if kind not in search.kinds()]
    if unknown:
        message = f"Unknown kind {unknown[0]!r}: use one of {', '.join(search.kinds())}."
        raise RequestValidationError(
            [{"loc": ["query", "kinds"], "msg": message, "type": "value_error"}]
        )
    return wanted or None


@router.get(
    "/search", response={200: SearchOut, **READ_ERRORS}, summary="Search every kind of record"
)
def search_records(
    request: HttpRequest,
    q: str = "",
    kinds: str = Query("", description="Comma-separated kinds; all by default."),
    limit: int = Query(20, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=10_000),
) -> dict[str, Any]:
    """Records matching `q` (every word as a prefix; accents, case and punctuation ignored)
    that the caller may see, best first, with the number of matches of each kind.

    A query matching more than 2,000 records of a kind ranks a sample of 2,000 of them (and
    any record titled exactly as the query first): page with `offset` within those, or add a
    word."""
    user = _caller(request)
    if not search.can_search(user):
        raise PermissionDenied
    found = search.Search(user=user, query=q, kinds=_kinds(kinds))
    results = [
        {
            "kind": hit.kind,
            "id": hit.uuid,
            "title": hit.title,
            "snippet": str(hit.snippet),
            "url": request.build_absolute_uri(hit.url),
            "score": hit.score,
        }
        for hit in found.hits(limit=limit, offset=offset)
    ]
    return {"query": q, "results": results, "counts": found.counts}
