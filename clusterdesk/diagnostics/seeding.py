"""Loading the questionnaires of `data/*.json` (used by the data migration, which passes
its historical models, and by tests). See `data/README.md` for the format."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.utils import timezone

DATA_DIR = Path(__file__).resolve().parent / "data"


def questionnaire_files() -> list[Path]:
    return sorted(DATA_DIR.glob("*.json"))


def read_questionnaire(path: Path) -> dict[str, Any]:
    """A questionnaire file with its scales expanded: every question has its `options`."""
    data = json.loads(path.read_text(encoding="utf-8"))
    scales = data.get("scales", {})
    for dimension in data["dimensions"]:
        for question in dimension["questions"]:
            if "options" not in question:
                question["options"] = scales[question["scale"]]
    return data


def load_questionnaire(data: dict[str, Any], models: dict[str, Any]) -> bool:
    """Create the template of `data` as published, unless its (key, version) exists.
    `models` maps model names to classes (the migration's historical models)."""
    template_model = models["QuestionnaireTemplate"]
    if template_model.objects.filter(key=data["key"], version=data["version"]).exists():
        return False
    template = template_model.objects.create(
        key=data["key"],
        version=data["version"],
        name=data["name"],
        description=data.get("description", ""),
        bands=data.get("bands", []),
        status="published",
        published_at=timezone.now(),
    )
    for order, dimension_data in enumerate(data["dimensions"], start=1):
        need = dimension_data.get("need", {})
        dimension = models["Dimension"].objects.create(
            template=template,
            key=dimension_data["key"],
            name=dimension_data["name"],
            description=dimension_data.get("description", ""),
            weight=Decimal(str(dimension_data.get("weight", 1))),
            order=order,
            need_theme=need.get("theme", ""),
            need_category=need.get("category", ""),
            need_text=need.get("text", ""),
            threshold=Decimal(str(need.get("threshold", 50))),
        )
        for question_order, question_data in enumerate(dimension_data["questions"], start=1):
            question = models["Question"].objects.create(
                dimension=dimension,
                text=question_data["text"],
                help_text=question_data.get("help_text", ""),
                weight=Decimal(str(question_data.get("weight", 1))),
                order=question_order,
            )
            models["AnswerOption"].objects.bulk_create(
                models["AnswerOption"](
                    question=question,
                    label=option["label"],
                    score=Decimal(str(option["score"])),
                    order=option_order,
                )
                for option_order, option in enumerate(question_data["options"], start=1)
            )
    return True


def load_questionnaires(models: dict[str, Any]) -> int:
    """Every questionnaire file not loaded yet; how many were created."""
    return sum(
        load_questionnaire(read_questionnaire(path), models) for path in questionnaire_files()
    )
