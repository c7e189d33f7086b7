"""clusterdesk benchmarks of the support journey at national scale: the company file with a
long timeline, "My week", and the daily digest of 200 people.

Usage (after benchmarks/run.py has seeded the directory in the same database):

    CLUSTERDESK_VAR_DIR=var/bench .venv/bin/python benchmarks/journey.py --interactions 2000000

`--interactions N` adds interactions in bulk (`clusterdesk seed_interactions`) until the
database holds N. One organisation then gets 500 interactions logged through the services
(so its company file shows a 500-event timeline), the benchmark manager gets a week of
follow-ups, and 200 people get follow-ups due today for the digest, which is sent inside a
transaction that is rolled back (nothing is mailed: the console backend is swapped for the
in-memory one).
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clusterdesk.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")


def long_timeline(organisation: Any, cluster: Any, actor: Any, events: int) -> None:
    """Interactions logged through the services until the company file holds `events`."""
    from clusterdesk.core.audit import timeline
    from clusterdesk.engagement import services

    missing = events - timeline(organisation).count()
    for number in range(max(missing, 0)):
        services.interaction_create(
            actor=actor,
            data={
                "organisation": organisation,
                "cluster": cluster,
                "kind": "video_call",
                "occurred_on": datetime.date(2024, 1, 1) + datetime.timedelta(days=number),
                "summary": f"Review meeting {number}: roadmap progress and next steps.",
            },
        )


def follow_ups(
    owner: Any, organisations: list[Any], cluster: Any, due: list[datetime.date]
) -> None:
    from clusterdesk.engagement import services

    for organisation, day in zip(organisations, due, strict=False):
        services.follow_up_create(
            actor=owner,
            data={
                "organisation": organisation,
                "cluster": cluster,
                "owner": owner,
                "due_on": day,
                "note": f"Call {organisation.legal_name} about the pilot",
            },
        )


def digest_people(
    count: int, cluster: Any, organisations: list[Any], today: datetime.date
) -> list[Any]:
    """`count` cluster managers with an email and three follow-ups due today."""
    from clusterdesk.accounts.models import Role, User

    people = []
    for number in range(count):
        user, created = User.objects.get_or_create(
            username=f"digest{number:03d}",
            defaults={"role": Role.MANAGER, "email": f"digest{number:03d}@agency.example"},
        )
        if created:
            cluster.managers.add(user)
            follow_ups(user, organisations[number * 3 : number * 3 + 3], cluster, [today] * 3)
        people.append(user)
    return people


def time_digests(people: list[Any], today: datetime.date) -> tuple[float, int]:
    from django.core import mail
    from django.db import transaction
    from django.test.utils import override_settings

    from clusterdesk.engagement import digest

    class Rollback(Exception):
        pass

    sent = 0
    started = time.perf_counter()
    elapsed = 0.0
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        mail.outbox = []
        try:
            with transaction.atomic():
                for user in people:
                    sent += bool(digest.send_digest(user.pk, today))
                elapsed = time.perf_counter() - started
                raise Rollback
        except Rollback:
            pass
    return elapsed, sent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--interactions", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--output", type=Path)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone
    from run import measure_request  # benchmarks/run.py

    from clusterdesk.accounts.models import User
    from clusterdesk.engagement.models import Interaction
    from clusterdesk.organisations.models import Organisation

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    present = Interaction.objects.count()
    if args.interactions > present:
        started = time.perf_counter()
        call_command("seed_interactions", count=args.interactions - present, verbosity=0)
        seconds = time.perf_counter() - started
        print(f"seed: {args.interactions - present:,} interactions in {seconds:.0f} s")
    manager = User.objects.get(username="manager")
    cluster = manager.managed_clusters.order_by("name").first()
    members = list(Organisation.objects.filter(memberships__cluster=cluster).order_by("pk")[:1000])
    company = members[0]
    started = time.perf_counter()
    long_timeline(company, cluster, manager, 500)
    print(f"timeline of 500 events ready in {time.perf_counter() - started:.0f} s")
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    if not manager.follow_ups.exists():
        week = [
            monday + datetime.timedelta(days=random.Random(n).randint(-10, 6)) for n in range(40)
        ]
        follow_ups(manager, members[1:41], cluster, week)
    people = digest_people(200, cluster, members[41:], today)

    client = Client()
    client.force_login(manager)
    load_before = os.getloadavg()[0]
    results = [
        measure_request(
            client, "company file (500-event timeline)", company.get_absolute_url(), args.repeat
        ),
        measure_request(client, "My week", "/my-week/", args.repeat),
    ]
    seconds, sent = time_digests(people, today)
    lines = [
        f"Database: {connection.vendor} · {Organisation.objects.count():,} organisations, "
        f"{Interaction.objects.count():,} interactions · {os.cpu_count()} cores · "
        f"{args.repeat} timed requests each after 3 warm-ups · load average before "
        f"{load_before:.1f}, after {os.getloadavg()[0]:.1f}",
        "",
        "| scenario | p50 ms | p95 ms | queries | raw SQL p50 ms | overhead (p50) |",
        "|---|---:|---:|---:|---:|---:|",
        *(
            f"| {r.name} | {r.p50:.1f} | {r.p95:.1f} | {r.queries} | "
            f"{(r.raw_p50 or 0):.1f} | {r.overhead} |"
            for r in results
        ),
        "",
        f"Daily digest of {len(people)} people: {sent} sent in {seconds:.1f} s.",
    ]
    text = "\n".join(lines)
    print(text)
    if args.output:
        args.output.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
