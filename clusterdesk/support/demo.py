"""Demo support journeys: cases in every state with needs, referrals and roadmaps.

Everything goes through the services and workflows, so the state history, the audit log
and the company files' timelines are real. A case's journey is replayed from its opening
day: each step is dated a few days or weeks after the previous one.

- the demo expert (`expert`) is a member of the R&D and innovation support team and has
  answered some of the referrals sent to it; others still wait on them;
- the demo manager (`manager`) owns cases with roadmap actions overdue and due this week.
"""

from __future__ import annotations

import datetime
import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from clusterdesk.catalogue import demo as catalogue_demo
from clusterdesk.catalogue.models import AgencyTeam, SupportInstrument
from clusterdesk.organisations.models import Organisation, OrganisationKind
from clusterdesk.support import services, workflows
from clusterdesk.support.demo_data import (
    ACTIONS,
    INSTRUMENTS,
    OUTCOMES,
    PATHS,
    PROBLEMS,
    REASONS,
    RECEIVERS,
    STATE_WEIGHTS,
    TEAM_FOR_CATEGORY,
    Problem,
)
from clusterdesk.support.models import (
    ActionStatus,
    Horizon,
    Need,
    NeedSource,
    Origin,
    OutcomeKind,
    Priority,
    Referral,
    SupportCase,
    TargetKind,
)
from clusterdesk.support.states import ReferralStatus, State

S = State


class JourneyGenerator:
    """Replays support journeys for demo companies, from a seeded random generator."""

    def __init__(self, users: dict[str, Any], rng: random.Random) -> None:
        self.users = users
        self.rng = rng
        self.today = timezone.localdate()
        self.teams = {team.slug: team for team in AgencyTeam.objects.all()}
        self.expert_team = self.teams.get(catalogue_demo.EXPERT_TEAM)
        self.expert_referrals = 0
        self.providers = list(
            Organisation.objects.filter(kind=OrganisationKind.SERVICE_PROVIDER)
            .prefetch_related("affiliations__contact")
            .order_by("pk")[:40]
        )
        self.partners = list(
            Organisation.objects.filter(kind=OrganisationKind.RESEARCH_CENTRE).order_by("pk")[:20]
        )
        # The catalogue's instruments when its demo ran first; names alone otherwise.
        self.instruments = list(SupportInstrument.objects.filter(active=True).order_by("slug"))

    # --- who owns a case ---------------------------------------------------------------------

    def owner_for(self, cluster: Any) -> Any:
        managers = {user.pk for user in cluster.managers.all()}
        for name in ("manager", "manager2"):
            user = self.users.get(name)
            if user is not None and user.pk in managers:
                return user
        return self.users.get("admin")

    # --- dates ---------------------------------------------------------------------------------

    def at(self, day: datetime.date) -> datetime.datetime:
        hour = self.rng.randint(8, 17)
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))

    def later(self, day: datetime.date, low: int = 3, high: int = 25) -> datetime.date:
        return min(day + datetime.timedelta(days=self.rng.randint(low, high)), self.today)

    # --- one journey ---------------------------------------------------------------------------

    def journey(self, organisation: Organisation, cluster: Any, final: State) -> SupportCase:
        path = self.rng.choice(PATHS[final])
        span = 12 + 22 * len(path)
        opened_on = self.today - datetime.timedelta(days=self.rng.randint(span, span + 150))
        problem = self.rng.choice(PROBLEMS)
        owner = self.owner_for(cluster)
        case = workflows.open_case(
            actor=owner,
            organisation=organisation,
            cluster=cluster,
            owner=owner,
            origin=self.rng.choice(list(Origin)),
            problem_statement=problem.statement,
            opened_on=opened_on,
        )
        day = opened_on
        for state in path:
            day = self.later(day)
            case = self.step(case, state, problem, day)
        return case

    def step(self, case: SupportCase, state: State, problem: Problem, day: datetime.date) -> Any:
        """Do what the journey does before `state`, then move the case there."""
        owner = case.owner
        reason = ""
        if state == S.SOLUTIONS_PROPOSED:
            source = NeedSource.DIAGNOSIS if case.state == S.DIAGNOSIS else NeedSource.MANUAL
            if case.state == S.FIRST_CONTACT:
                reason = self.rng.choice(REASONS["skip"])
            workflows.add_proposed_needs(
                actor=owner, case=case, proposed=problem.needs, source=source
            )
        elif state == S.REFERRED:
            self.refer(case, day)
        elif state == S.ROADMAP_AGREED:
            self.roadmap(case, day)
        elif state in REASONS:
            reason = self.rng.choice(REASONS[state])
        if state == S.CLOSED_NO_NEED and case.state == S.DIAGNOSIS:
            reason = REASONS[S.CLOSED_NO_NEED][1]
        outcome = self.rng.choice(OUTCOMES) if state == S.CLOSED_DONE else None
        if state == S.CLOSED_DONE:
            self.finish(case)
        return services.case_transition(
            actor=owner,
            case=case,
            to_state=state,
            reason=reason,
            expected_version=None,
            outcome_summary=outcome,
            at=self.at(day),
        )

    # --- referrals -----------------------------------------------------------------------------

    def refer(self, case: SupportCase, day: datetime.date) -> None:
        needs = list(case.needs.order_by("id"))
        for index, need in enumerate(needs[:3]):
            referral = self.propose(case, need, index)
            if referral is None:
                continue
            if self.rng.random() < 0.85:
                sent_on = self.later(day, 0, 3)
                referral = services.referral_send(
                    actor=case.owner, referral=referral, expected_version=None, sent_on=sent_on
                )
                self.answer(referral, sent_on)

    def propose(self, case: SupportCase, need: Need, index: int) -> Referral | None:
        """The first need goes to an agency team, the second to a service provider, the
        third to an instrument, a partner or a team."""
        data: dict[str, Any] = {"note": ""}
        choice = ("team", "provider", self.rng.choice(("instrument", "partner", "team")))[index]
        if choice == "provider" and self.providers:
            provider = self.rng.choice(self.providers)
            contacts = [affiliation.contact for affiliation in provider.affiliations.all()]
            data.update(
                target_kind=TargetKind.SERVICE_PROVIDER,
                target_organisation=provider,
                receiving_contact=contacts[0] if contacts else None,
            )
        elif choice == "partner" and self.partners:
            partner = self.rng.choice(self.partners)
            data.update(target_kind=TargetKind.PARTNER, target_organisation=partner)
        elif choice == "team":
            team = self.teams.get(TEAM_FOR_CATEGORY.get(need.category, "rd-innovation"))
            if team is None:
                return None
            data.update(target_kind=TargetKind.AGENCY_TEAM, target_team=team)
        elif self.instruments:
            instrument = self.rng.choice(self.instruments)
            data.update(target_kind=TargetKind.INSTRUMENT, target_instrument=instrument)
        else:
            data.update(
                target_kind=TargetKind.INSTRUMENT, instrument_name=self.rng.choice(INSTRUMENTS)
            )
        if data.get("target_organisation") == case.organisation:
            return None
        return services.referral_create(actor=case.owner, need=need, data=data)

    def answerer(self, referral: Referral) -> tuple[Any, bool]:
        """Who answers: a member of the target team (as the target), else the case owner."""
        team = referral.target_team
        if team is not None:
            members = list(team.members.order_by("pk"))
            if members:
                return members[0], True
        return referral.case.owner, False

    def waits(self, referral: Referral) -> bool:
        """Whether the referral is still waiting for its answer: one in three of those
        sent to the demo expert's team (so they have both kinds), else by chance."""
        if self.expert_team is not None and referral.target_team_id == self.expert_team.pk:
            self.expert_referrals += 1
            return self.expert_referrals % 3 == 2
        return self.rng.random() < 0.3

    def answer(self, referral: Referral, sent_on: datetime.date) -> None:
        if self.waits(referral):
            return
        actor, as_target = self.answerer(referral)
        answered_on = self.later(sent_on, 1, 10)
        declined = self.rng.random() < 0.12
        data: dict[str, Any] = {
            "status": ReferralStatus.DECLINED if declined else ReferralStatus.ACCEPTED,
            "answered_on": answered_on,
            "receiving_person": "" if referral.receiving_contact_id else self.rng.choice(RECEIVERS),
        }
        referral = services.referral_answer(
            actor=actor, referral=referral, data=data, expected_version=None, as_target=as_target
        )
        if declined or self.rng.random() < 0.35:
            return
        finished = self.rng.random() < 0.55
        data = {"status": ReferralStatus.DONE if finished else ReferralStatus.IN_PROGRESS}
        if finished:
            kind = self.rng.choice(list(OutcomeKind))
            data["outcome_kind"] = kind
            if kind == OutcomeKind.FUNDING_OBTAINED:
                data["outcome_amount"] = self.rng.choice((15_000, 40_000, 85_000, 250_000))
                data["outcome_note"] = "Grant agreement signed."
        services.referral_answer(
            actor=actor, referral=referral, data=data, expected_version=None, as_target=as_target
        )

    # --- roadmaps ------------------------------------------------------------------------------

    def roadmap(self, case: SupportCase, day: datetime.date) -> None:
        reviews = [day + datetime.timedelta(days=90 * step) for step in (1, 2, 3)]
        roadmap = services.roadmap_create(
            actor=case.owner,
            case=case,
            data={
                "horizon": self.rng.choice(list(Horizon)),
                "agreed_on": day,
                "review_dates": reviews,
                "summary": "Agreed with the management in a meeting at the company.",
            },
        )
        needs = list(case.needs.order_by("id"))
        referrals = list(case.referrals.order_by("id"))
        for number, (text, ease, cost) in enumerate(self.rng.sample(ACTIONS, k=4)):
            due_on = self.due(case, number)
            status = (
                ActionStatus.DONE
                if due_on < self.today - datetime.timedelta(days=30)
                else (self.rng.choice((ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)))
            )
            services.action_create(
                actor=case.owner,
                roadmap=roadmap,
                data={
                    "description": text,
                    "owner": case.owner if number % 2 == 0 else None,
                    "due_on": due_on,
                    "status": status,
                    "priority": self.rng.choice(list(Priority)),
                    "ease_class": ease,
                    "estimated_cost": cost or None,
                    "needs": needs[number : number + 1],
                    "referrals": referrals[number : number + 1],
                },
            )

    def due(self, case: SupportCase, number: int) -> datetime.date:
        """The first action of the demo manager's roadmaps is overdue; the third is due this
        week; the others spread over the coming months."""
        week_end = self.today + datetime.timedelta(days=6 - self.today.weekday())
        if number == 0:
            return self.today - datetime.timedelta(days=self.rng.randint(3, 20))
        if number == 2 and case.owner == self.users.get("manager"):
            return self.today + datetime.timedelta(
                days=self.rng.randint(0, (week_end - self.today).days)
            )
        return self.today + datetime.timedelta(days=self.rng.randint(7, 120))

    def finish(self, case: SupportCase) -> None:
        """A completed journey: every open action done."""
        for action in case.roadmap.actions.exclude(status=ActionStatus.DONE):
            services.action_update(
                actor=case.owner,
                action=action,
                data={"status": ActionStatus.DONE},
                expected_version=None,
            )


def _final_states(count: int, rng: random.Random) -> list[State]:
    states = list(STATE_WEIGHTS)
    drawn = rng.choices(states, weights=list(STATE_WEIGHTS.values()), k=max(0, count - len(states)))
    return (states + drawn)[:count]


@transaction.atomic
def load_demo(*, organisations: list, users: dict[str, Any], rng: random.Random) -> int:
    """Journeys for demo companies (about one in four, at least one per state); returns the
    number of cases created, 0 when cases exist already."""
    if SupportCase.objects.exists():
        return 0
    catalogue_demo.load_demo(users=users)
    generator = JourneyGenerator(users, rng)
    candidates = [
        organisation
        for organisation in organisations
        if organisation.kind == OrganisationKind.COMPANY
    ]
    rng.shuffle(candidates)
    chosen = candidates[: max(len(STATE_WEIGHTS), len(candidates) // 4)]
    created = 0
    for organisation, final in zip(chosen, _final_states(len(chosen), rng), strict=False):
        cluster = _cluster_of(organisation)
        if cluster is None:
            continue
        generator.journey(organisation, cluster, final)
        created += 1
    _reopen_one()
    return created


def _cluster_of(organisation: Organisation) -> Any:
    today = timezone.localdate()
    for membership in organisation.memberships.select_related("cluster").order_by("since"):
        if membership.until is None or membership.until >= today:
            return membership.cluster
    return None


def _reopen_one() -> None:
    """A dormant case the company came back to: reopened in follow-up."""
    dormant = list(SupportCase.objects.filter(state=S.CLOSED_DORMANT).order_by("pk")[:2])
    if len(dormant) < 2:
        return  # keep one dormant case at least
    case = dormant[0]
    services.case_transition(
        actor=case.owner,
        case=case,
        to_state=S.FOLLOW_UP,
        reason="The company called back: the new managing director wants to resume the project.",
        expected_version=None,
    )
