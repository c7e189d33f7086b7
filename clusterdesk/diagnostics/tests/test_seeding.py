"""The questionnaires shipped in data/*.json are valid and loaded by the data migration."""

from __future__ import annotations

from typing import Any

import pytest

from clusterdesk.diagnostics import seeding, services
from clusterdesk.diagnostics.models import (
    AnswerOption,
    Dimension,
    NeedTheme,
    Question,
    QuestionnaireTemplate,
)

FILES = seeding.questionnaire_files()
MODELS = {
    "QuestionnaireTemplate": QuestionnaireTemplate,
    "Dimension": Dimension,
    "Question": Question,
    "AnswerOption": AnswerOption,
}


def test_the_four_questionnaires_of_the_brief_are_shipped() -> None:
    assert sorted(path.stem for path in FILES) == [
        "dma",
        "needs360",
        "resilience",
        "sustainability",
    ]


@pytest.mark.parametrize("path", FILES, ids=[path.stem for path in FILES])
def test_each_file_is_a_complete_questionnaire(path: Any) -> None:
    data = seeding.read_questionnaire(path)
    assert data["sources"], "each questionnaire names its sources"
    services.clean_bands(data["bands"])  # ascending, up to 100
    keys = [dimension["key"] for dimension in data["dimensions"]]
    assert len(keys) == len(set(keys))
    for dimension in data["dimensions"]:
        assert 3 <= len(dimension["questions"]) <= 6, dimension["key"]
        assert dimension["need"]["theme"] in NeedTheme.values
        assert dimension["need"]["text"]
        for question in dimension["questions"]:
            scores = [option["score"] for option in question["options"]]
            assert len(scores) >= 2, question["text"]
            assert (min(scores), max(scores) > 0) == (0, True), question["text"]
            assert scores == sorted(scores), "answers go from the weakest to the strongest"


def test_the_dma_has_the_six_dimensions_of_the_edih_assessment_and_its_bands(db: Any) -> None:
    dma = QuestionnaireTemplate.objects.get(key="dma", version=1)
    assert dma.status == "published"
    assert list(dma.dimensions.values_list("name", flat=True)) == [
        "Digital business strategy",
        "Digital readiness",
        "Human-centric digitalisation",
        "Data management",
        "Automation & artificial intelligence",
        "Green digitalisation",
    ]
    assert set(dma.dimensions.values_list("weight", flat=True)) == {1}  # a plain average
    assert [(band["label"], band["up_to"]) for band in dma.bands] == [
        ("Basic", 25),
        ("Average", 50),
        ("Moderately advanced", 70),
        ("Advanced", 100),
    ]


def test_the_other_questionnaires_have_their_documented_dimensions(db: Any) -> None:
    def names(key: str) -> list[str]:
        return list(Dimension.objects.filter(template__key=key).values_list("name", flat=True))

    assert names("resilience") == ["External factors", "Internal factors", "Strategic choices"]
    assert names("sustainability") == ["Decarbonisation", "Water", "Circularity"]
    assert names("needs360") == [
        "Business model innovation",
        "Regional value chains",
        "Digitalisation",
        "New innovation models",
        "Sustainable development",
    ]


def test_loading_again_adds_nothing(db: Any) -> None:
    before = (QuestionnaireTemplate.objects.count(), AnswerOption.objects.count())
    assert seeding.load_questionnaires(MODELS) == 0
    assert (QuestionnaireTemplate.objects.count(), AnswerOption.objects.count()) == before


def test_every_seeded_questionnaire_can_be_published_as_is(db: Any) -> None:
    for template in QuestionnaireTemplate.objects.all():
        assert services.template_problems(template) == [], template.key
