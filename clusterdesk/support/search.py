"""Support cases, needs, referrals and roadmaps in the global search.

A case is found by its organisation's names and its problem statement (its title), and by
its cluster, closure reason and outcome; a need by its text, theme, category and the
company's name. The services keep both current.

A referral is found by its company and its target (an agency team, a provider or partner
organisation, or a support instrument) in its title, and by its need's text, its status,
who handles it at the target, its note and its outcome in its body.

A roadmap is found by its company and its summary (its title) and by the descriptions of
its actions (its body). Actions have no kind of their own: an action is a line of its
roadmap, shown and edited on the case's page, and a kind per action would list the same
roadmap once per matching step. So the roadmap's entry holds every action's description and
is indexed again when an action is created, changed or deleted; the roadmap is what a
search finds, and its link opens the roadmap on the case's page.

Words of the interface (statuses, kinds, horizons) go into the titles in English, the
source language, whoever saved the record; the bodies hold them in every language of the
interface, so "accepté" or "angenommen" find an accepted referral.

Who may see them: whoever may see their case (`visible_case_records`). The services index
their writes; `support.signals` keeps the entries right when a record goes by a cascade
(there is no delete service for referrals, roadmaps or actions) or when another app
renames what an entry shows (an organisation, an agency team).
"""

from __future__ import annotations

import uuid

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from clusterdesk.core import search
from clusterdesk.support.models import (
    Action,
    Need,
    Referral,
    Roadmap,
    SupportCase,
    TargetKind,
)
from clusterdesk.support.permissions import visible_case_records, visible_cases


def case_document(case: SupportCase) -> search.Document:
    organisation = case.organisation
    title = f"{organisation.display_name} — {search.excerpt(case.problem_statement)}"
    body = search.joined(
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
    body = search.joined(
        [
            organisation.display_name,
            str(need.get_theme_display()),
            str(need.get_category_display()),
            need.text if len(need.text) > 160 else "",
        ]
    )
    return search.Document(title=search.excerpt(need.text), body=body)


def _prepare_needs(queryset: QuerySet[Need]) -> QuerySet[Need]:
    return queryset.select_related("case__organisation")


def _target_name(referral: Referral) -> str:
    """Whom the need is referred to, as the referral's page names it."""
    if referral.target_kind in {TargetKind.SERVICE_PROVIDER, TargetKind.PARTNER}:
        organisation = referral.target_organisation
        if organisation is not None:
            return organisation.display_name
    with translation.override(None):
        return referral.target_label


def referral_document(referral: Referral) -> search.Document:
    title = f"{referral.case.organisation.display_name} → {_target_name(referral)}"
    body = search.joined(
        [
            referral.need.text,
            search.in_every_language(referral.get_target_kind_display),
            search.in_every_language(referral.get_status_display),
            referral.receiving_person,
            referral.note,
            search.in_every_language(referral.get_outcome_kind_display)
            if referral.outcome_kind
            else "",
            referral.outcome_note,
        ]
    )
    return search.Document(title=title, body=body)


def _prepare_referrals(queryset: QuerySet[Referral]) -> QuerySet[Referral]:
    return queryset.select_related(
        "case__organisation", "need", "target_team", "target_organisation"
    )


def roadmap_document(roadmap: Roadmap) -> search.Document:
    """The company and the summary; the actions' descriptions in the body."""
    company = roadmap.case.organisation.display_name
    title = f"{company} — {search.excerpt(roadmap.summary)}" if roadmap.summary.strip() else company
    body = search.joined(
        [
            roadmap.summary if len(roadmap.summary) > 160 else "",
            search.in_every_language(roadmap.get_horizon_display),
            *(action.description for action in roadmap.actions.all()),
        ]
    )
    return search.Document(title=title, body=body)


def _prepare_roadmaps(queryset: QuerySet[Roadmap]) -> QuerySet[Roadmap]:
    actions = Action.objects.order_by("due_on", "id").only("roadmap_id", "description")
    return queryset.select_related("case__organisation").prefetch_related(
        Prefetch("actions", queryset=actions)
    )


def _case_url(public_id: uuid.UUID) -> str:
    return reverse("support:case-detail", args=[public_id])


def _need_url(public_id: uuid.UUID) -> str:
    return reverse("support:need-detail", args=[public_id])


def _referral_url(public_id: uuid.UUID) -> str:
    return reverse("support:referral-detail", args=[public_id])


def _roadmap_url(public_id: uuid.UUID) -> str:
    """A roadmap is shown on its case's page; its own URL leads there."""
    return reverse("support:roadmap-detail", args=[public_id])


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


REFERRALS = search.Provider(
    kind="referrals",
    label=_("Referrals"),
    model=Referral,
    document=referral_document,
    url=_referral_url,
    visible=visible_case_records,
    prepare=_prepare_referrals,
    icon="send",
)

ROADMAPS = search.Provider(
    kind="roadmaps",
    label=_("Roadmaps"),
    model=Roadmap,
    document=roadmap_document,
    url=_roadmap_url,
    visible=visible_case_records,
    prepare=_prepare_roadmaps,
    icon="map",
)


def register_search_providers() -> None:
    search.register(CASES)
    search.register(NEEDS)
    search.register(REFERRALS)
    search.register(ROADMAPS)
