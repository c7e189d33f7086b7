"""The questionnaire pages: every role but analysts reads them; admins create versions,
edit drafts and publish. A published version is refused any edit, with the reason."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from clusterdesk.diagnostics import services
from clusterdesk.diagnostics.models import (
    Dimension,
    Question,
    QuestionnaireTemplate,
    TemplateStatus,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(dma: QuestionnaireTemplate, admin: Any) -> QuestionnaireTemplate:
    return services.template_new_version(actor=admin, template=dma)


def template_url(name: str, obj: Any) -> str:
    return reverse(f"diagnostics:{name}", args=[obj.uuid])


def options_data(*options: tuple[str, str], prefix: str = "options") -> dict[str, str]:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(options)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "12",
    }
    for index, (label, score) in enumerate(options):
        data[f"{prefix}-{index}-label"] = label
        data[f"{prefix}-{index}-score"] = score
    return data


# --- reading -----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["admin", "manager_a", "expert"])
def test_staff_read_the_questionnaires_and_their_versions(
    client_for: Any, role: str, dma: QuestionnaireTemplate, cast: Any
) -> None:
    listing = client_for(role).get(reverse("diagnostics:template-list"))
    assert listing.status_code == 200
    assertContains(listing, "EU digital maturity assessment (DMA)")
    assertContains(listing, "Resilience diagnosis")
    detail = client_for(role).get(template_url("template-detail", dma))
    assert detail.status_code == 200
    assertContains(detail, "Digital business strategy")
    assertContains(detail, "Moderately advanced")


def test_analysts_get_no_questionnaire(
    client_for: Any, dma: QuestionnaireTemplate, cast: Any
) -> None:
    assert client_for("analyst").get(reverse("diagnostics:template-list")).status_code == 403
    assert client_for("analyst").get(template_url("template-detail", dma)).status_code == 404


def test_only_admins_see_the_management_buttons(
    client_for: Any, dma: QuestionnaireTemplate, cast: Any
) -> None:
    assertContains(
        client_for("admin").get(template_url("template-detail", dma)), "New version from this one"
    )
    page = client_for("manager_a").get(template_url("template-detail", dma))
    assertNotContains(page, "New version from this one")
    assertNotContains(page, "Retire")
    assertNotContains(
        client_for("manager_a").get(reverse("diagnostics:template-list")), "New questionnaire"
    )


def test_a_missing_questionnaire_is_not_found(client_for: Any, cast: Any) -> None:
    missing = reverse("diagnostics:template-detail", args=[uuid.uuid4()])
    assert client_for("admin").get(missing).status_code == 404


# --- versions ------------------------------------------------------------------------------------


def test_an_admin_creates_a_new_version_as_a_draft_copy(
    client_for: Any, dma: QuestionnaireTemplate
) -> None:
    response = client_for("admin").post(template_url("template-new-version", dma), follow=True)
    draft = QuestionnaireTemplate.objects.get(key="dma", version=2)
    assert response.redirect_chain[-1][0] == template_url("template-detail", draft)
    assertContains(response, "Version 2 created as a draft copy of version 1")
    assertContains(response, "Add a dimension")
    assertContains(response, "Publish")
    again = client_for("admin").post(template_url("template-new-version", dma), follow=True)
    assertContains(again, "already a draft")


@pytest.mark.parametrize(
    ("role", "status"), [("manager_a", 403), ("expert", 403), ("analyst", 404)]
)
def test_other_roles_may_not_manage_versions(
    client_for: Any,
    role: str,
    status: int,
    dma: QuestionnaireTemplate,
    draft: QuestionnaireTemplate,
) -> None:
    client = client_for(role)
    assert client.post(template_url("template-new-version", dma)).status_code == status
    assert (
        client.post(
            template_url("template-publish", draft), {"revision": draft.revision}
        ).status_code
        == status
    )
    assert (
        client.post(template_url("template-retire", dma), {"revision": dma.revision}).status_code
        == status
    )
    assert (
        client.post(
            template_url("template-delete", draft), {"revision": draft.revision}
        ).status_code
        == status
    )
    assert client.get(template_url("template-edit", draft)).status_code == status
    assert client.get(template_url("dimension-create", draft)).status_code == status
    dimension = draft.dimensions.first()
    assert client.get(template_url("dimension-edit", dimension)).status_code == status
    assert client.get(template_url("question-create", dimension)).status_code == status
    question = Question.objects.filter(dimension=dimension).first()
    assert client.get(template_url("question-edit", question)).status_code == status
    assert (
        client.post(template_url("question-delete", question), {"version": 1}).status_code == status
    )
    create = client.get(reverse("diagnostics:template-create"))
    assert create.status_code == 403
    draft.refresh_from_db()
    assert draft.status == TemplateStatus.DRAFT


def test_an_admin_edits_a_draft_and_publishes_it(
    client_for: Any, dma: QuestionnaireTemplate, draft: QuestionnaireTemplate
) -> None:
    client = client_for("admin")
    response = client.post(
        template_url("template-edit", draft),
        {
            "revision": draft.revision,
            "name": "EU digital maturity assessment (DMA) 2026",
            "description": "Revised.",
            "bands": "Basic | 25\nAverage | 50\nModerately advanced | 70\nAdvanced | 100",
        },
    )
    assertRedirects(response, template_url("template-detail", draft))
    response = client.post(
        template_url("dimension-create", draft),
        {
            "key": "cybersecurity",
            "name": "Cybersecurity",
            "weight": "1",
            "threshold": "50",
            "need_theme": "digitalisation",
            "need_category": "Cybersecurity",
            "need_text": "Train staff",
        },
    )
    assertRedirects(response, template_url("template-detail", draft))
    dimension = draft.dimensions.get(key="cybersecurity")
    response = client.post(
        template_url("question-create", dimension),
        {
            "text": "Are staff trained against phishing?",
            "help_text": "",
            "weight": "1",
            **options_data(("No", "0"), ("Some staff", "1"), ("Everyone, yearly", "2"), ("", "")),
        },
    )
    assertRedirects(response, template_url("template-detail", draft))
    question = dimension.questions.get()
    assert list(question.options.values_list("label", flat=True)) == [
        "No",
        "Some staff",
        "Everyone, yearly",
    ]

    draft.refresh_from_db()
    response = client.post(
        template_url("template-publish", draft), {"revision": draft.revision}, follow=True
    )
    assertContains(response, "Version 2 is published")
    draft.refresh_from_db()
    dma.refresh_from_db()
    assert (draft.status, dma.status) == (TemplateStatus.PUBLISHED, TemplateStatus.RETIRED)
    assert draft.name == "EU digital maturity assessment (DMA) 2026"
    start = client.get(reverse("diagnostics:start"))
    assert list(start.context["form"].fields["template"].queryset.filter(key="dma")) == [draft]


def test_a_published_version_is_refused_any_edit_with_the_reason(
    client_for: Any, dma: QuestionnaireTemplate
) -> None:
    client = client_for("admin")
    dimension = dma.dimensions.first()
    question = dimension.questions.first()
    before = (dimension.name, question.text, question.options.count())
    for page in (
        client.get(template_url("template-edit", dma), follow=True),
        client.post(template_url("dimension-create", dma), {"key": "x", "name": "X"}, follow=True),
        client.post(
            template_url("dimension-edit", dimension), {"key": "x", "name": "X"}, follow=True
        ),
        client.post(
            template_url("dimension-delete", dimension), {"version": dimension.version}, follow=True
        ),
        client.post(template_url("question-edit", question), {"text": "X"}, follow=True),
        client.post(
            template_url("question-delete", question), {"version": question.version}, follow=True
        ),
    ):
        assertContains(page, "is published: it cannot be edited")
        assert page.redirect_chain[-1][0] == template_url("template-detail", dma)
    dimension.refresh_from_db()
    question.refresh_from_db()
    assert (dimension.name, question.text, question.options.count()) == before


def test_bad_questions_re_render_with_the_error_and_save_nothing(
    client_for: Any, draft: QuestionnaireTemplate
) -> None:
    dimension = draft.dimensions.first()
    before = dimension.questions.count()
    response = client_for("admin").post(
        template_url("question-create", dimension),
        {"text": "Only one answer?", "weight": "1", **options_data(("Yes", "1"))},
    )
    assert response.status_code == 422
    assertContains(response, "Give at least two answers", status_code=422)
    response = client_for("admin").post(
        template_url("question-create", dimension),
        {"text": "", "weight": "-1", **options_data(("Yes", ""), ("", "2"))},
    )
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert {"text", "weight"} <= set(errors)
    assertContains(response, "Give this answer a score.", status_code=422)
    assertContains(response, "Write the answer.", status_code=422)
    assert dimension.questions.count() == before


@pytest.mark.parametrize(
    ("bands", "message"),
    [
        ("Basic 25", "write “label | up to %”"),
        ("Low | 40\nHigh | 90", "The last band must go up to 100"),
    ],
)
def test_bad_bands_name_the_field(
    client_for: Any, draft: QuestionnaireTemplate, bands: str, message: str
) -> None:
    response = client_for("admin").post(
        template_url("template-edit", draft),
        {"revision": draft.revision, "name": draft.name, "bands": bands},
    )
    assert response.status_code == 422
    assert message in " ".join(response.context["form"].errors["bands"])


def test_a_stale_edit_of_a_draft_is_refused(client_for: Any, draft: QuestionnaireTemplate) -> None:
    response = client_for("admin").post(
        template_url("template-edit", draft), {"revision": 99, "name": "Late", "bands": ""}
    )
    assert response.status_code == 422
    assertContains(response, "Someone else changed this record", status_code=422)


def test_a_draft_with_gaps_cannot_be_published(
    client_for: Any, draft: QuestionnaireTemplate
) -> None:
    services.dimension_create(actor=None, template=draft, data={"key": "empty", "name": "Empty"})
    draft.refresh_from_db()
    page = client_for("admin").get(template_url("template-detail", draft))
    assertContains(page, "Dimension “Empty” has no question.")
    response = client_for("admin").post(
        template_url("template-publish", draft), {"revision": draft.revision}, follow=True
    )
    assertContains(response, "Dimension “Empty” has no question.")
    draft.refresh_from_db()
    assert draft.status == TemplateStatus.DRAFT


def test_an_admin_deletes_a_dimension_and_a_question_of_a_draft(
    client_for: Any, draft: QuestionnaireTemplate
) -> None:
    client = client_for("admin")
    dimension = draft.dimensions.last()
    question = draft.dimensions.first().questions.first()
    client.post(template_url("question-delete", question), {"version": question.version})
    client.post(template_url("dimension-delete", dimension), {"version": dimension.version})
    assert not Question.objects.filter(pk=question.pk).exists()
    assert not Dimension.objects.filter(pk=dimension.pk).exists()


def test_an_admin_retires_a_version_and_discards_a_draft(
    client_for: Any, dma: QuestionnaireTemplate, draft: QuestionnaireTemplate
) -> None:
    client = client_for("admin")
    client.post(template_url("template-delete", draft), {"revision": draft.revision})
    assert not QuestionnaireTemplate.objects.filter(pk=draft.pk).exists()
    client.post(template_url("template-retire", dma), {"revision": dma.revision})
    dma.refresh_from_db()
    assert dma.status == TemplateStatus.RETIRED
    start = client.get(reverse("diagnostics:start"))
    assert not start.context["form"].fields["template"].queryset.filter(key="dma").exists()


def test_an_admin_creates_a_questionnaire(client_for: Any, cast: Any) -> None:
    response = client_for("admin").post(
        reverse("diagnostics:template-create"),
        {"key": "fit4ai", "name": "Fit 4 AI", "description": "", "bands": "Low | 50\nHigh | 100"},
    )
    template = QuestionnaireTemplate.objects.get(key="fit4ai")
    assertRedirects(response, template_url("template-detail", template))
    duplicate = client_for("admin").post(
        reverse("diagnostics:template-create"), {"key": "dma", "name": "Again", "bands": ""}
    )
    assert duplicate.status_code == 422
    assert "key" in duplicate.context["form"].errors
