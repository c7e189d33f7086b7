from django.urls import path

from clusterdesk.core.exports import export_view
from clusterdesk.diagnostics.views import diagnoses, questionnaires, self_assessment

app_name = "diagnostics"

urlpatterns = [
    # Diagnoses
    path("diagnoses/", diagnoses.diagnosis_list, name="list"),
    path("diagnoses/new/", diagnoses.diagnosis_start, name="start"),
    path("diagnoses/export.<str:fmt>", export_view, {"name": "diagnoses"}, name="export"),
    path("diagnoses/<uuid:uuid>/", diagnoses.diagnosis_detail, name="detail"),
    path("diagnoses/<uuid:uuid>/fill/", diagnoses.diagnosis_fill, name="fill"),
    path("diagnoses/<uuid:uuid>/fill/<int:step>/", diagnoses.diagnosis_fill, name="fill-step"),
    path("diagnoses/<uuid:uuid>/answers/", diagnoses.diagnosis_answer, name="answer"),
    path("diagnoses/<uuid:uuid>/complete/", diagnoses.diagnosis_complete, name="complete"),
    path("diagnoses/<uuid:uuid>/send/", diagnoses.diagnosis_send, name="send"),
    path("diagnoses/<uuid:uuid>/withdraw/", diagnoses.diagnosis_withdraw_link, name="withdraw"),
    path("diagnoses/<uuid:uuid>/delete/", diagnoses.diagnosis_delete, name="delete"),
    # The company contact's page (no sign-in: the signed link is the credential)
    path(
        "self-assessment/<str:token>/",
        self_assessment.self_assessment,
        name="self-assessment",
    ),
    # Questionnaire templates
    path("questionnaires/", questionnaires.questionnaire_list, name="template-list"),
    path("questionnaires/new/", questionnaires.questionnaire_create, name="template-create"),
    path(
        "questionnaires/<uuid:uuid>/",
        questionnaires.questionnaire_detail,
        name="template-detail",
    ),
    path(
        "questionnaires/<uuid:uuid>/edit/", questionnaires.questionnaire_edit, name="template-edit"
    ),
    path(
        "questionnaires/<uuid:uuid>/new-version/",
        questionnaires.questionnaire_new_version,
        name="template-new-version",
    ),
    path(
        "questionnaires/<uuid:uuid>/publish/",
        questionnaires.questionnaire_publish,
        name="template-publish",
    ),
    path(
        "questionnaires/<uuid:uuid>/retire/",
        questionnaires.questionnaire_retire,
        name="template-retire",
    ),
    path(
        "questionnaires/<uuid:uuid>/delete/",
        questionnaires.questionnaire_delete,
        name="template-delete",
    ),
    path(
        "questionnaires/<uuid:uuid>/dimensions/new/",
        questionnaires.dimension_create,
        name="dimension-create",
    ),
    path(
        "questionnaires/dimensions/<uuid:uuid>/edit/",
        questionnaires.dimension_edit,
        name="dimension-edit",
    ),
    path(
        "questionnaires/dimensions/<uuid:uuid>/delete/",
        questionnaires.dimension_delete,
        name="dimension-delete",
    ),
    path(
        "questionnaires/dimensions/<uuid:uuid>/questions/new/",
        questionnaires.question_create,
        name="question-create",
    ),
    path(
        "questionnaires/questions/<uuid:uuid>/edit/",
        questionnaires.question_edit,
        name="question-edit",
    ),
    path(
        "questionnaires/questions/<uuid:uuid>/delete/",
        questionnaires.question_delete,
        name="question-delete",
    ),
]
