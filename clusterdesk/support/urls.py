from django.urls import path

from clusterdesk.core.exports import export_view
from clusterdesk.support.views import cases, matches, needs, referrals, roadmaps

app_name = "support"

urlpatterns = [
    # Cases
    path("cases/", cases.case_list, name="case-list"),
    path("cases/new/", cases.case_create, name="case-create"),
    path("cases/export.<str:fmt>", export_view, {"name": "support-cases"}, name="case-export"),
    path("cases/<uuid:uuid>/", cases.case_detail, name="case-detail"),
    path("cases/<uuid:uuid>/edit/", cases.case_edit, name="case-edit"),
    path("cases/<uuid:uuid>/transition/", cases.case_transition, name="case-transition"),
    # Needs
    path("needs/", needs.need_list, name="need-list"),
    path("needs/export.<str:fmt>", export_view, {"name": "support-needs"}, name="need-export"),
    path("cases/<uuid:uuid>/needs/new/", needs.need_create, name="need-create"),
    path("needs/<uuid:uuid>/", matches.need_detail, name="need-detail"),
    path("needs/<uuid:uuid>/matches/", matches.need_matches, name="need-matches"),
    path("needs/<uuid:uuid>/matches/refer/", matches.need_refer_match, name="need-refer-match"),
    path("diagnoses/<uuid:uuid>/matches/", matches.diagnosis_matches, name="diagnosis-matches"),
    path("needs/<uuid:uuid>/edit/", needs.need_edit, name="need-edit"),
    path("needs/<uuid:uuid>/close/", needs.need_close, name="need-close"),
    # Referrals
    path("needs/<uuid:uuid>/refer/", referrals.referral_create, name="referral-create"),
    path("diagnoses/<uuid:uuid>/needs/", needs.needs_from_diagnosis, name="needs-from-diagnosis"),
    path("referrals/", referrals.referral_list, name="referral-list"),
    path("referrals/export.<str:fmt>", export_view, {"name": "referrals"}, name="referral-export"),
    path("referrals/my-team/", referrals.team_referral_list, name="team-referral-list"),
    path(
        "referrals/my-team/export.<str:fmt>",
        export_view,
        {"name": "team-referrals"},
        name="team-referral-export",
    ),
    path("referrals/<uuid:uuid>/", referrals.referral_detail, name="referral-detail"),
    path("referrals/<uuid:uuid>/edit/", referrals.referral_edit, name="referral-edit"),
    path("referrals/<uuid:uuid>/send/", referrals.referral_send, name="referral-send"),
    path("referrals/<uuid:uuid>/answer/", referrals.referral_answer, name="referral-answer"),
    # Roadmaps and actions
    path("roadmaps/<uuid:uuid>/", roadmaps.roadmap_detail, name="roadmap-detail"),
    path("cases/<uuid:uuid>/roadmap/", roadmaps.roadmap_edit, name="roadmap-edit"),
    path("cases/<uuid:uuid>/roadmap/print/", roadmaps.roadmap_print, name="roadmap-print"),
    path("cases/<uuid:uuid>/roadmap/actions/new/", roadmaps.action_create, name="action-create"),
    path("actions/<uuid:uuid>/", roadmaps.action_detail, name="action-detail"),
    path("actions/<uuid:uuid>/edit/", roadmaps.action_edit, name="action-edit"),
    path("actions/<uuid:uuid>/status/", roadmaps.action_status, name="action-status"),
]
