"""Support cases and needs in the global search.

A case is found by its organisation's names and its problem statement (its title), and by
its cluster, closure reason and outcome; a need by its text, theme, category and the
company's name. The services keep both current.
"""

from __future__ import annotations

import uuid

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from clusterdesk.core import search
from clusterdesk.support.models import Need, SupportCase
from clusterdesk.support.permissions import visible_case_records, visible_cases

SEPARATOR = " · "


def _joined(parts: list[str]) -> str:
    return SEPARATOR.join(part.strip() for part in parts if part and part.strip())


def _statement(text: str, length: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def case_document(case: SupportCase) -> search.Document:
    organisation = case.organisation
    title = f"{organisation.display_name} — {_statement(case.problem_statement)}"
    body = _joined(
        [
            case.problem_statement,
            case.cluster.name,
            str(case.get_state_display()),
            case.closure_reason,
            case.outcome_summary,
        ]
    )
    return search.Document(title=title, body=body)


def _prepare_cases(queryset: QuerySet[SupportCase]) -> QuerySet[SupportCase]:
    return queryset.select_related("organisation", "cluster")


def need_document(need: Need) -> search.Document:
    organisation = need.case.organisation
    body = _joined(
        [
            organisation.display_name,
            str(need.get_theme_display()),
            str(need.get_category_display()),
            need.text if len(need.text) > 160 else "",
        ]
    )
    return search.Document(title=_statement(need.text), body=body)


def _prepare_needs(queryset: QuerySet[Need]) -> QuerySet[Need]:
    return queryset.select_related("case__organisation")


def _case_url(public_id: uuid.UUID) -> str:
    return reverse("support:case-detail", args=[public_id])


def _need_url(public_id: uuid.UUID) -> str:
    return reverse("support:need-detail", args=[public_id])


CASES = search.Provider(
    kind="cases",
    label=_("Support cases"),
    model=SupportCase,
    document=case_document,
    url=_case_url,
    visible=visible_cases,
    prepare=_prepare_cases,
    icon="briefcase",
)

NEEDS = search.Provider(
    kind="needs",
    label=_("Needs"),
    model=Need,
    document=need_document,
    url=_need_url,
    visible=visible_case_records,
    prepare=_prepare_needs,
    icon="lightbulb",
)


def register_search_providers() -> None:
    search.register(CASES)
    search.register(NEEDS)
