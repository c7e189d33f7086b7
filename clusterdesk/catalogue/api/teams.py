"""Agency teams in the JSON API, read only.

The same selectors and permission policy as the pages: staff see every team and its
members; analysts get a 403 on the list and a 404 on a team.
"""

from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Query, Router

from clusterdesk.catalogue import selectors
from clusterdesk.catalogue.schemas import TeamPage, TeamRead
from clusterdesk.core.api_schemas import READ_ERRORS, PageQuery
from clusterdesk.organisations.api.common import caller, page_of

router = Router(tags=["teams"])


@router.get("/teams", response={200: TeamPage, **READ_ERRORS})
def list_teams(request: HttpRequest, page: Query[PageQuery]) -> Any:
    """The agency's internal teams, by name, with their members."""
    return page_of(selectors.team_list(user=caller(request)), page)


@router.get("/teams/{team_id}", response={200: TeamRead, **READ_ERRORS})
def get_team(request: HttpRequest, team_id: UUID) -> Any:
    return selectors.team_get_by_id(user=caller(request), uuid=team_id)
