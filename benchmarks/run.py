"""clusterdesk benchmarks at national scale: pages, search, API and import, on SQLite or
PostgreSQL, with the framework overhead measured against the same SQL run raw.

Usage (from the repository root, with the project's virtualenv):

    # SQLite in its own directory, seeded with 100,000 organisations and 300,000 contacts
    CLUSTERDESK_VAR_DIR=var/bench .venv/bin/python benchmarks/run.py --seed 100000 300000

    # PostgreSQL (the database is created when missing)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/clusterdesk_bench \\
        .venv/bin/python benchmarks/run.py --seed 100000 300000

Each scenario is requested in-process through Django's test client (URL routing,
middleware, permission checks, ORM, templates or JSON), `--repeat` times after warm-up
requests, and reported as p50/p95 in milliseconds. The SQL that one request ran is then
replayed straight on the database connection and timed the same way: the ratio of the two
is the framework overhead. Results are printed as a Markdown table (and written to
`--output` when given) for docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clusterdesk.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


@dataclass
class Result:
    name: str
    p50: float
    p95: float
    queries: int
    raw_p50: float | None = None
    raw_p95: float | None = None

    @property
    def overhead(self) -> str:
        if not self.raw_p50:
            return "—"
        return f"{self.p50 / self.raw_p50:.1f}x"


def time_calls(call: Callable[[], Any], repeat: int, warmup: int = 3) -> list[float]:
    for _ in range(warmup):
        call()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def measure_request(client: Any, name: str, url: str, repeat: int, **headers: str) -> Result:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def call() -> None:
        response = client.get(url, **headers)
        if response.status_code != 200:
            raise SystemExit(f"{name}: {url} answered {response.status_code}")

    samples = time_calls(call, repeat)
    with CaptureQueriesContext(connection) as captured:
        call()
    statements = [q["sql"] for q in captured.captured_queries if _replayable(q["sql"])]

    def replay() -> None:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
                cursor.fetchall()

    raw = time_calls(replay, repeat)
    return Result(
        name,
        statistics.median(samples),
        percentile(samples, 0.95),
        len(captured.captured_queries),
        statistics.median(raw),
        percentile(raw, 0.95),
    )


def _replayable(sql: str) -> bool:
    """Only reads are replayed (sessions may be touched by a request; never write twice)."""
    head = sql.lstrip().split(None, 1)[0].upper() if sql.strip() else ""
    return head == "SELECT" and "django_session" not in sql


def seed(organisations: int, contacts: int) -> None:
    from django.core.management import call_command

    from clusterdesk.organisations.models import Organisation

    present = Organisation.objects.count()
    if present >= organisations:
        print(f"seed: {present:,} organisations already present, not seeding")
        return
    started = time.perf_counter()
    call_command("seed", organisations=organisations, contacts=contacts)
    print(
        f"seed: {organisations:,} organisations, {contacts:,} contacts in "
        f"{time.perf_counter() - started:.0f} s"
    )


def scenarios(client: Any, token: str) -> list[tuple[str, str, dict[str, str]]]:
    from clusterdesk.organisations.models import Cluster, Organisation

    organisation = Organisation.objects.order_by("pk")[Organisation.objects.count() // 2]
    cluster = Cluster.objects.order_by("name").first()
    cluster_slug = cluster.slug if cluster else ""
    api = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    return [
        (
            "organisation list, filtered, page 1",
            f"/organisations/?cluster={cluster_slug}&size=small&sort=name",
            {},
        ),
        ("organisation list, page 500", "/organisations/?page=500", {}),
        ("organisation page", f"/organisations/{organisation.uuid}/", {}),
        ('search page ("esch alz")', "/search/?q=esch+alz", {}),
        ('search as you type ("lux")', "/search/suggestions/?q=lux", {}),
        ('API search ("lux")', "/api/v1/search?q=lux", api),
        ("API organisation list, page 20", "/api/v1/organisations?page=20&page_size=50", api),
        ("API organisation detail", f"/api/v1/organisations/{organisation.uuid}", api),
    ]


def measure_import(path: Path, user: Any) -> str:
    """Rows per second of a real CORDIS import (analysis with duplicate detection, commit,
    search indexing) into this database, rolled back afterwards so the benchmark database
    stays as it was."""
    from django.db import transaction

    from clusterdesk.imports import command

    class Rollback(Exception):
        pass

    content = path.read_bytes()
    started = time.perf_counter()
    try:
        with transaction.atomic():
            outcome = command.run(
                content=content,
                file_name=path.name,
                kind="organisations",
                mapping=None,
                user=user,
                skip_invalid=True,
                dry_run=False,
            )
            elapsed = time.perf_counter() - started
            job = outcome.job
            assert job is not None, outcome.refusal
            rows, created = job.row_count, job.created_count
            analysis, commit = job.analysis_seconds or 0, job.commit_seconds or 0
            raise Rollback
    except Rollback:
        pass
    return (
        f"{rows:,} rows ({created:,} created) in {elapsed:.1f} s = {rows / elapsed:,.0f} rows/s "
        f"(analysis {analysis:.1f} s, commit {commit:.1f} s, the rest search indexing)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", nargs=2, type=int, metavar=("ORGANISATIONS", "CONTACTS"))
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--import-file", type=Path, help="a CORDIS CSV(.gz) to time imports")
    parser.add_argument("--output", type=Path)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from clusterdesk.accounts.models import Role, User
    from clusterdesk.accounts.services import api_token_create
    from clusterdesk.organisations.models import Contact, Organisation

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # production settings
    if args.seed:
        seed(*args.seed)
    user, _ = User.objects.get_or_create(username="bench", defaults={"role": Role.ADMIN})
    user.role, user.is_staff = Role.ADMIN, True
    user.save()
    _token, plaintext = api_token_create(actor=user, user=user, name="benchmark")
    client = Client()
    client.force_login(user)

    load_before = os.getloadavg()[0]
    results = [
        measure_request(client, name, url, args.repeat, **headers)
        for name, url, headers in scenarios(client, plaintext)
    ]
    lines = [
        f"Database: {connection.vendor} · {Organisation.objects.count():,} organisations, "
        f"{Contact.objects.count():,} contacts · {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} cores · Python {platform.python_version()} · "
        f"{args.repeat} timed requests each after 3 warm-ups · load average before "
        f"{load_before:.1f}, after {os.getloadavg()[0]:.1f} (other processes share the cores)",
        "",
        "| scenario | p50 ms | p95 ms | queries | raw SQL p50 ms | overhead (p50) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r.name} | {r.p50:.1f} | {r.p95:.1f} | {r.queries} | "
            f"{(r.raw_p50 or 0):.1f} | {r.overhead} |"
        )
    if args.import_file:
        timing = measure_import(args.import_file, user)
        lines += ["", f"Import of {args.import_file.name}: {timing}"]
    text = "\n".join(lines)
    print(text)
    if args.output:
        args.output.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
