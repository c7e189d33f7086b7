"""clusterdesk benchmark of the matching engine alone (no database): ranking one need against
10,000 offers, building and updating the index, and the memory the loaded index takes.

Usage:

    .venv/bin/python benchmarks/matching.py [--offers 10000] [--rounds 2]

The offers are the shipped ones (EU calls, trainings, active instruments, agency teams) plus
synthetic service providers and member organisations made from their texts until there are
`--offers` of them (deterministic: a fixed random seed). The needs are the labelled needs of
the evaluation, each ranked with and without its theme and organisation, `--rounds` times
(≥ 200 rankings). Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clusterdesk.settings")

from clusterdesk.matching import corpus, evaluation, ranking  # noqa: E402
from clusterdesk.matching.ranking import Offer  # noqa: E402

PROVIDER_NAMES = ("Consulting", "Engineering", "Solutions", "Partners", "Lab", "Services")
ORGANISATION_NAMES = ("Industries", "Manufacturing", "Technologies", "Systems", "Group", "SA")


def _sentences(text: str) -> list[str]:
    return [part.strip() for part in text.replace("\n", " ").split(". ") if len(part) > 30]


def synthetic_offers(base: list[Offer], count: int, seed: int = 7) -> list[Offer]:
    """Providers and organisations whose texts mix sentences and keywords of the base offers."""
    rng = random.Random(seed)
    pieces = [sentence for offer in base for sentence in _sentences(offer.text)[:12]]
    keywords = [offer.keywords for offer in base if offer.keywords]
    titles = [offer.title for offer in base]
    made = []
    for number in range(count):
        kind = "provider" if number % 2 == 0 else "organisation"
        names = PROVIDER_NAMES if kind == "provider" else ORGANISATION_NAMES
        topic = rng.choice(titles).split(":")[0][:40]
        made.append(
            Offer(
                kind=kind,
                id=f"{kind}-{number:05d}",
                title=f"{topic} {rng.choice(names)} {number}",
                keywords="; ".join(rng.sample(keywords, 2)),
                text=". ".join(rng.sample(pieces, rng.randint(2, 6))) + ".",
            )
        )
    return made


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offers", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=2)
    arguments = parser.parse_args()

    started = time.perf_counter()
    shipped = corpus.shipped_offers()
    loaded = time.perf_counter() - started
    offers = shipped + synthetic_offers(shipped, max(arguments.offers - len(shipped), 0))
    kinds = ", ".join(f"{count} {kind}s" for kind, count in corpus.iter_kinds(offers))

    gc.collect()
    started = time.perf_counter()
    index = ranking.build_index(offers)
    build = time.perf_counter() - started

    # Memory: the same build again under tracemalloc (slower, so timed apart).
    del index
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.take_snapshot()
    index = ranking.build_index(offers)
    after = tracemalloc.take_snapshot()
    tracemalloc.stop()
    memory = sum(stat.size_diff for stat in after.compare_to(before, "filename"))

    needs = evaluation.load_needs()
    timings = []
    for _round in range(arguments.rounds):
        for need in needs:
            for theme, facts in ((need.theme, need.organisation), (None, None)):
                started = time.perf_counter()
                ranking.rank(
                    index,
                    need.text,
                    theme=theme,
                    facts=facts,
                    limit=10,
                    today=evaluation.EVALUATION_DAY,
                )
                timings.append((time.perf_counter() - started) * 1000)

    changed = [
        Offer(o.kind, o.id, o.title + " (updated)", o.text, keywords=o.keywords)
        for o in offers[-100:]
    ]
    started = time.perf_counter()
    ranking.update(index, changed)
    update_ms = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    ranking.remove(index, [offer.key for offer in changed])
    remove_ms = (time.perf_counter() - started) * 1000

    rows = [
        ("offers indexed", f"{len(offers):,} ({kinds})"),
        ("shipped offers read from files", f"{loaded:.1f} s"),
        ("index build (10,000 offers)", f"{build:.1f} s (target ≤ 60 s)"),
        ("memory of the loaded index (tracemalloc)", f"{memory / 1_048_576:.0f} MiB"),
        ("rankings timed", f"{len(timings)} (limit 10, every kind)"),
        ("rank one need: p50", f"{statistics.median(timings):.1f} ms"),
        ("rank one need: p95", f"{percentile(timings, 0.95):.1f} ms (target ≤ 50 ms)"),
        ("rank one need: max", f"{max(timings):.1f} ms"),
        ("update 100 offers", f"{update_ms:.0f} ms"),
        ("remove 100 offers", f"{remove_ms:.0f} ms"),
    ]
    print("| measure | value |")
    print("|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")


if __name__ == "__main__":
    main()
