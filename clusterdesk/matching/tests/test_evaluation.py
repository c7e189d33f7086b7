"""The evaluation: metrics on a tiny hand-made example, the labelled set's shape, the corpus
loader, and `clusterdesk matching evaluate` printing its table."""

from __future__ import annotations

import datetime
import json
import math
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from clusterdesk.matching import corpus, evaluation
from clusterdesk.matching.evaluation import (
    facts_from,
    hit_at,
    load_needs,
    ndcg_at,
    precision_at,
    recall_at,
    scores,
    summarise,
)
from clusterdesk.matching.ranking import KINDS, build_index

RANKED = ["a", "x", "b", "y", "z", "c"]
RELEVANT = {"a", "b", "c"}


def test_metrics_on_a_hand_made_example():
    # Relevant at ranks 1 and 3 in the top 5; "c" comes at rank 6, too late.
    assert precision_at(RANKED, RELEVANT, 5) == pytest.approx(2 / 5)
    assert recall_at(RANKED, RELEVANT, 5) == pytest.approx(2 / 3)
    assert hit_at(RANKED, RELEVANT, 5) == 1.0
    dcg = 1 / math.log2(2) + 1 / math.log2(4)
    ideal = 1 / math.log2(2) + 1 / math.log2(3) + 1 / math.log2(4)
    assert ndcg_at(RANKED, RELEVANT, 5) == pytest.approx(dcg / ideal)


def test_metrics_at_their_bounds():
    assert scores(["a", "b"], ["a", "b"], 2) == {
        "precision": 1.0,
        "recall": 1.0,
        "hit": 1.0,
        "ndcg": pytest.approx(1.0),
    }
    assert scores(["x", "y"], ["a"], 2) == {"precision": 0, "recall": 0, "hit": 0, "ndcg": 0}
    assert scores([], [], 5)["recall"] == 0.0
    # Fewer relevant than k: the ideal DCG counts only those.
    assert ndcg_at(["a", "x"], ["a"], 5) == pytest.approx(1.0)
    # Fewer results than k: precision still divides by k.
    assert precision_at(["a"], ["a"], 5) == pytest.approx(0.2)


def test_summaries_average_per_language():
    def result(language, ranked, relevant):
        need = evaluation.Need("n", language, "tune", "text", tuple(relevant))
        return evaluation.NeedResult(need, ranked, scores(ranked, relevant, 1))

    summaries = summarise(
        "m", [result("en", ["a"], ["a"]), result("en", ["x"], ["a"]), result("fr", ["a"], ["a"])]
    )
    means = {summary.group: summary.means["hit"] for summary in summaries}
    assert means == {"all": pytest.approx(2 / 3), "en": 0.5, "fr": 1.0}
    assert [summary.count for summary in summaries] == [3, 2, 1]


def test_organisation_facts_from_json():
    facts = facts_from({"headcount": 5, "participations": [["fit-4-digital", "2025-03-01"]]})
    assert facts is not None
    assert facts.participations == [("fit-4-digital", datetime.date(2025, 3, 1))]
    assert facts.diagnoses is None
    assert facts_from(None) is None


# --- the labelled set and the shipped offers ---------------------------------------------------

NEEDS = load_needs()
OFFERS = corpus.shipped_offers()


def test_the_labelled_set_is_large_mixed_and_split():
    assert len(NEEDS) >= 100
    assert len({need.id for need in NEEDS}) == len(NEEDS)
    languages = [need.language for need in NEEDS]
    assert languages.count("en") >= 0.4 * len(NEEDS)
    assert languages.count("fr") >= 0.2 * len(NEEDS)
    assert languages.count("de") >= 0.2 * len(NEEDS)
    assert {need.split for need in NEEDS} == {"tune", "heldout"}
    assert sum(1 for need in NEEDS if need.organisation is not None) >= 10
    assert any(item.startswith("call:") for need in NEEDS for item in need.relevant)


def test_every_label_names_a_shipped_offer():
    known = {f"{offer.kind}:{offer.id}" for offer in OFFERS}
    for need in NEEDS:
        assert need.relevant, need.id
        assert set(need.relevant) <= known, (need.id, set(need.relevant) - known)


def test_the_corpus_reads_every_shipped_kind():
    counts = dict(corpus.iter_kinds(OFFERS))
    assert counts["call"] >= 600
    assert counts["training"] >= 80
    assert counts["team"] == len(corpus.agency_teams())
    assert counts["instrument"] >= 10
    assert set(counts) <= set(KINDS)
    inactive = {offer.id for offer in corpus.instrument_offers(active_only=False)}
    active = {offer.id for offer in corpus.instrument_offers()}
    assert {"fit-4-resilience", "covid-invest"} <= inactive - active
    calls = [offer for offer in OFFERS if offer.kind == "call"]
    assert all(offer.external_id == offer.id for offer in calls)
    assert set(corpus.TEAM_SERVICES) == {slug for slug, *_rest in corpus.agency_teams()}


def test_the_engine_beats_the_keyword_baseline_on_the_set():
    results = {}
    for method in ("engine", "keyword"):
        from clusterdesk.matching import ranking

        chosen = ranking.ENGINE if method == "engine" else ranking.KEYWORD_BASELINE
        summary = summarise(method, evaluation.run(build_index(OFFERS, chosen), NEEDS))[0]
        results[method] = summary.means
    assert results["engine"]["hit"] >= 0.9
    assert results["engine"]["precision"] > results["keyword"]["precision"] + 0.1


# --- the command ----------------------------------------------------------------------------


def test_the_evaluate_command_prints_the_table():
    out = StringIO()
    call_command("matching", "evaluate", "--split", "tune", stdout=out)
    text = out.getvalue()
    assert "| method | needs | n | precision@5 | recall@5 | hit@5 | nDCG@5 |" in text
    for row in ("| engine | all |", "| engine | fr |", "| keyword | de |"):
        assert row in text
    assert "needs (tune) against" in text


def test_the_evaluate_command_on_another_file_with_details(tmp_path):
    path = tmp_path / "needs.jsonl"
    need = {
        "id": "x-1",
        "language": "fr",
        "split": "tune",
        "text": "subvention pour la transformation numérique",
        "relevant": ["instrument:fit-4-digital"],
    }
    path.write_text(json.dumps(need) + "\n", encoding="utf-8")
    out = StringIO()
    call_command("matching", "evaluate", "--needs", str(path), "-k", "3", "--details", stdout=out)
    text = out.getvalue()
    assert "precision@3" in text
    assert "x-1 hit=" in text


def test_the_evaluate_command_refuses_unknown_labels_and_missing_files(tmp_path):
    path = tmp_path / "needs.jsonl"
    need = {"id": "x", "language": "en", "split": "tune", "text": "t", "relevant": ["team:nope"]}
    path.write_text(json.dumps(need), encoding="utf-8")
    with pytest.raises(CommandError, match="team:nope"):
        call_command("matching", "evaluate", "--needs", str(path))
    with pytest.raises(CommandError, match="no such file"):
        call_command("matching", "evaluate", "--needs", str(tmp_path / "missing.jsonl"))
