"""Who may see and change diagnoses and questionnaires (registered with the one policy).

Diagnoses are records of the support journey:
- agency admins: everything;
- cluster managers: read every diagnosis; start diagnoses in the clusters they manage;
  change (answer, send, complete, delete) those of their clusters or that they performed;
- agency experts: read diagnoses, change nothing;
- ministry analysts: no diagnosis (404 on a diagnosis, 403 on the list and the start form).

Questionnaire templates: admins, managers and experts read them (analysts: 403 on the list,
404 on a template); only admins create versions, edit drafts, publish and retire.
"""

from __future__ import annotations

from typing import Any

from clusterdesk.core import permissions
from clusterdesk.core.permissions import Action


def can_list_diagnoses(user: Any) -> bool:
    return permissions.reads_directory(user)


def can_view_diagnosis(user: Any, diagnosis: Any) -> bool:
    return permissions.reads_directory(user)


def can_start_diagnosis(user: Any) -> bool:
    """Admins, and managers of at least one cluster (a diagnosis belongs to one of theirs)."""
    return permissions.is_admin(user) or bool(permissions.managed_cluster_ids(user))


def can_change_diagnosis(user: Any, diagnosis: Any) -> bool:
    if permissions.is_admin(user):
        return True
    if not permissions.is_manager(user):
        return False
    if diagnosis.performed_by_id is not None and diagnosis.performed_by_id == user.pk:
        return True
    return diagnosis.cluster_id in permissions.managed_cluster_ids(user)


def can_delete_diagnosis(user: Any, diagnosis: Any) -> bool:
    """A completed diagnosis is evidence of the journey: only admins delete it."""
    if permissions.is_admin(user):
        return True
    return can_change_diagnosis(user, diagnosis) and not diagnosis.is_completed


def can_view_templates(user: Any) -> bool:
    return permissions.reads_directory(user)


def can_view_template(user: Any, template: Any) -> bool:
    return permissions.reads_directory(user)


def can_manage_templates(user: Any) -> bool:
    return permissions.is_admin(user)


def _template_rule(user: Any, obj: Any) -> bool:
    return can_manage_templates(user)


def _via_template(rule: Any, path: str) -> Any:
    """A rule of a template's part (dimension, question) is the rule of its template."""

    def check(user: Any, obj: Any) -> bool:
        template = obj
        for name in path.split("."):
            template = getattr(template, name)
        return bool(rule(user, template))

    return check


def register_rules() -> None:
    register = permissions.register
    register("diagnostics.Diagnosis", Action.VIEW, can_view_diagnosis)
    register("diagnostics.Diagnosis", Action.CHANGE, can_change_diagnosis)
    register("diagnostics.Diagnosis", Action.DELETE, can_delete_diagnosis)
    for label, path in (
        ("diagnostics.QuestionnaireTemplate", ""),
        ("diagnostics.Dimension", "template"),
        ("diagnostics.Question", "dimension.template"),
    ):
        view = _via_template(can_view_template, path) if path else can_view_template
        change = _via_template(_template_rule, path) if path else _template_rule
        register(label, Action.VIEW, view)
        register(label, Action.CHANGE, change)
        register(label, Action.DELETE, change)
