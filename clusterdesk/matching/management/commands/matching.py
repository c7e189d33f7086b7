"""`clusterdesk matching evaluate`: the engine against a plain keyword baseline on the labelled
needs (matching/evaluation/needs.jsonl), as a Markdown table of precision@k, recall@k, hit@k
and nDCG@k, overall and per language. Reads the shipped offers from files, not the database.
"""

from __future__ import annotations

import time
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from clusterdesk.matching import corpus, evaluation
from clusterdesk.matching.ranking import ENGINE, KEYWORD_BASELINE, build_index


class Command(BaseCommand):
    help = "Matching tools: `evaluate` measures the ranking on the labelled needs."
    # Reads files only: no database, URLs or other apps' checks needed.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        evaluate = actions.add_parser(
            "evaluate", help="precision, recall, hit and nDCG at k, engine and keyword baseline"
        )
        evaluate.add_argument(
            "--split",
            choices=["all", "tune", "heldout"],
            default="all",
            help="which half of the needs (tune: looked at while tuning; heldout: not)",
        )
        evaluate.add_argument("--needs", type=Path, default=evaluation.NEEDS_PATH)
        evaluate.add_argument("-k", type=int, default=5, help="cut-off (default 5)")
        evaluate.add_argument(
            "--details", action="store_true", help="each need's top k after the table"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "evaluate":
            self.evaluate(options)

    def evaluate(self, options: dict[str, Any]) -> None:
        k = options["k"]
        if k <= 0:
            raise CommandError("k must be a positive number.")
        path: Path = options["needs"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        needs = evaluation.load_needs(path)
        if options["split"] != "all":
            needs = [need for need in needs if need.split == options["split"]]
        if not needs:
            raise CommandError("No need to evaluate.")
        offers = corpus.shipped_offers()
        known = {f"{offer.kind}:{offer.id}" for offer in offers}
        unknown = sorted({item for need in needs for item in need.relevant} - known)
        if unknown:
            raise CommandError(f"Labels name offers that are not shipped: {', '.join(unknown)}")
        summaries = []
        details = []
        for method in (ENGINE, KEYWORD_BASELINE):
            started = time.perf_counter()
            index = build_index(offers, method)
            built = time.perf_counter() - started
            results = evaluation.run(index, needs, k)
            summaries.extend(evaluation.summarise(method.name, results))
            details.append((method.name, built, results))
        kinds = ", ".join(f"{count} {kind}s" for kind, count in corpus.iter_kinds(offers))
        self.stdout.write(
            f"{len(needs)} needs ({options['split']}) against {len(offers)} offers ({kinds}).\n"
        )
        self.stdout.write(evaluation.markdown_table(summaries, k))
        self.stdout.write("")
        for name, built, _results in details:
            self.stdout.write(f"{name}: index built in {built:.1f} s")
        if options["details"]:
            for name, _built, results in details:
                self.stdout.write(f"\n## {name}")
                for result in results:
                    marks = " ".join(
                        ("+" if item in result.need.relevant else "-") + item
                        for item in result.ranked
                    )
                    self.stdout.write(
                        f"{result.need.id} hit={result.scores['hit']:.0f} "
                        f"p={result.scores['precision']:.1f} | {result.need.text[:70]}\n    {marks}"
                    )
