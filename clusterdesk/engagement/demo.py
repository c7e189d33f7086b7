"""Demo interactions, follow-ups and cadence rules, written through the services (so the
company files' timelines, the search index and the agendas are real).

`clusterdesk demo` calls `load_demo(organisations=…, users=…, rng=…)` after the directory:
mostly video calls with the company's contacts over the last year, some visits and
meetings, a few confidential notes; follow-ups for the demo managers (some overdue, some
this week); and two cadence rules for the attention list.
"""

from __future__ import annotations

import datetime
import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from clusterdesk.engagement import services
from clusterdesk.engagement.models import CadenceRule, Interaction, InteractionKind, Theme
from clusterdesk.organisations.models import Affiliation, Cluster, Membership, Organisation

KIND_WEIGHTS = {
    InteractionKind.VIDEO_CALL: 55,
    InteractionKind.MEETING: 14,
    InteractionKind.VISIT: 12,
    InteractionKind.PHONE_CALL: 10,
    InteractionKind.EMAIL: 5,
    InteractionKind.EVENT_CONTACT: 4,
}

SUMMARIES = (
    "Quarterly check-in with {person}.\n\n- Order book is **stable**; two new customers in "
    "Germany\n- Interested in *Fit 4 Digital* for the planning tools\n- Asked for an "
    "introduction to the European funding team",
    "{person} presented the new production line. Main need: automating quality control "
    "(vision system). Suggested a diagnosis with an approved consultant.",
    "Follow-up on the energy audit. {person} wants to cut gas use by 30 % by 2028; "
    "discussed *Fit 4 Sustainability* and the environmental investment aid.",
    "Short call: {person} confirmed participation in the next working group on regional "
    "value chains and will bring a supplier.",
    "Introduced the cluster to {person}. The company is looking for R&D partners for a "
    "recycled-composites project; sent the [joint call page](https://www.fnr.lu).",
    "{person} raised recruitment problems for data engineers. Shared the training "
    "catalogue of the digital innovation hub.\n\n1. Check the next session dates\n"
    "2. Send the list of courses",
    "Met {person} at the cluster's networking evening; wants to join the circular-economy "
    "working group and asked about membership.",
    "Site visit with {person}: new warehouse in operation, 12 hires planned. Possible "
    "candidate for a flagship project on smart logistics.",
)
CONFIDENTIAL_SUMMARIES = (
    "**Confidential.** {person} mentioned the company is in talks about a takeover by a "
    "foreign group; no public communication before the summer.",
    "**Confidential.** Cash-flow difficulties after the loss of their main customer; "
    "{person} asked about restructuring support. Do not share outside the cluster team.",
)
FOLLOW_UP_NOTES = (
    "Send the Fit 4 Digital brochure",
    "Call back about the diagnosis results",
    "Introduce to the European funding team",
    "Check whether the grant application was filed",
    "Invite to the next working group meeting",
    "Ask for the signed roadmap",
    "Share the training catalogue",
)
RULES = (
    ("Members: a contact every 90 days", "member", 90),
    ("Prospects: a contact every 30 days", "prospect", 30),
)


def _clusters_of(organisations: list[Organisation]) -> dict[int, list[Cluster]]:
    found: dict[int, list[Cluster]] = {}
    for membership in Membership.objects.filter(
        organisation__in=organisations, until__isnull=True
    ).select_related("cluster"):
        found.setdefault(membership.organisation_id, []).append(membership.cluster)
    return found


def _contacts_of(organisations: list[Organisation]) -> dict[int, list[Any]]:
    found: dict[int, list[Any]] = {}
    for affiliation in Affiliation.objects.filter(organisation__in=organisations).select_related(
        "contact"
    ):
        found.setdefault(affiliation.organisation_id, []).append(affiliation.contact)
    return found


class _Writer:
    def __init__(self, users: dict[str, Any], rng: random.Random) -> None:
        self.users = users
        self.rng = rng
        self.today = timezone.localdate()
        self.count = 0
        self.managers: dict[int, Any] = {}
        for user in (users.get("manager"), users.get("manager2")):
            if user is not None:
                for cluster_id in user.managed_clusters.values_list("id", flat=True):
                    self.managers.setdefault(cluster_id, user)

    def actor_for(self, cluster: Cluster) -> Any:
        return self.managers.get(cluster.pk) or self.users["admin"]

    def interaction(self, organisation: Organisation, cluster: Cluster, contacts: list) -> Any:
        rng = self.rng
        actor = self.actor_for(cluster)
        met = rng.sample(contacts, k=min(len(contacts), rng.choice((1, 1, 2)))) if contacts else []
        person = met[0].first_name if met else "the managing director"
        confidential = rng.random() < 0.04
        template = rng.choice(CONFIDENTIAL_SUMMARIES if confidential else SUMMARIES)
        participants = [actor]
        if rng.random() < 0.15 and self.users.get("expert") is not None:
            participants.append(self.users["expert"])
        kind = rng.choices(list(KIND_WEIGHTS), weights=list(KIND_WEIGHTS.values()))[0]
        occurred_on = self.today - datetime.timedelta(days=rng.randint(1, 330))
        follow_up_on = None
        if rng.random() < 0.25:
            follow_up_on = occurred_on + datetime.timedelta(days=rng.randint(7, 60))
        interaction = services.interaction_create(
            actor=actor,
            data={
                "organisation": organisation,
                "cluster": cluster,
                "kind": kind,
                "occurred_on": occurred_on,
                "contacts": met,
                "participants": participants,
                "themes": rng.sample(list(Theme.values), k=rng.choice((0, 1, 1, 2))),
                "summary": template.format(person=person),
                "confidential": confidential,
            },
            follow_up_on=None if actor == self.users["admin"] else follow_up_on,
            follow_up_note=rng.choice(FOLLOW_UP_NOTES),
        )
        follow_up = interaction.follow_ups.first()
        self.count += 1 + (follow_up is not None)
        if follow_up is not None and follow_up.is_overdue(self.today) and rng.random() < 0.9:
            services.follow_up_mark_done(
                actor=actor, follow_up=follow_up, expected_version=follow_up.version
            )
        return interaction

    def agenda_of(self, owner: Any, organisations: list[Organisation], cluster: Cluster) -> None:
        """Follow-ups owned by a demo manager: overdue ones, this week's, later, undated."""
        monday = self.today - datetime.timedelta(days=self.today.weekday())
        dues: list[datetime.date | None] = [
            *(self.today - datetime.timedelta(days=days) for days in (9, 4, 2)),
            *(monday + datetime.timedelta(days=days) for days in (0, 2, 3, 4, 6)),
            *(self.today + datetime.timedelta(days=days) for days in (12, 20)),
            None,
        ]
        for due in dues:
            services.follow_up_create(
                actor=owner,
                data={
                    "organisation": self.rng.choice(organisations),
                    "cluster": cluster,
                    "owner": owner,
                    "due_on": due,
                    "note": self.rng.choice(FOLLOW_UP_NOTES),
                },
            )
            self.count += 1


def _rules(admin: Any) -> int:
    created = 0
    for name, status, days in RULES:
        if not CadenceRule.objects.filter(name=name).exists():
            services.cadence_rule_create(
                actor=admin, data={"name": name, "status": status, "max_days": days}
            )
            created += 1
    return created


@transaction.atomic
def load_demo(*, organisations: list, users: dict[str, Any], rng: random.Random) -> int:
    """Create the demo interactions, follow-ups and cadence rules; returns how many records.
    Nothing is added when interactions exist already (safe to run again)."""
    if Interaction.objects.exists() or not organisations:
        return 0
    writer = _Writer(users, rng)
    clusters = _clusters_of(organisations)
    contacts = _contacts_of(organisations)
    for organisation in organisations:
        own = clusters.get(organisation.pk)
        if not own or rng.random() < 0.3:
            continue
        for _index in range(rng.choice((1, 1, 2, 2, 3, 4))):
            writer.interaction(organisation, rng.choice(own), contacts.get(organisation.pk, []))
    for owner in (users.get("manager"), users.get("manager2")):
        if owner is None:
            continue
        managed = list(owner.managed_clusters.order_by("name"))
        if not managed:
            continue
        theirs = [o for o in organisations if set(clusters.get(o.pk, [])) & set(managed)]
        if theirs:
            writer.agenda_of(owner, theirs, managed[0])
    return writer.count + _rules(users["admin"])
