"""The attention list (organisations not contacted for too long, by cadence rule) and the
admins' pages for the rules."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from clusterdesk.core import permissions
from clusterdesk.core.concurrency import StaleVersionError
from clusterdesk.core.permissions import Action
from clusterdesk.core.web import add_service_error, expected_version, paginate
from clusterdesk.engagement import permissions as rules
from clusterdesk.engagement import selectors, services
from clusterdesk.engagement.forms import CadenceRuleForm
from clusterdesk.engagement.models import CadenceRule

SECTION_SIZE = 20


@require_GET
def attention_list(request: HttpRequest) -> HttpResponse:
    """Every active rule with its first organisations; `?rule=<id>`: one rule, paginated."""
    user = request.user
    permissions.ensure_allowed(rules.can_see_attention(user))
    today = timezone.localdate()
    context: dict[str, object] = {
        "can_manage": rules.can_manage_cadence_rules(user),
        "is_admin": permissions.is_admin(user),
        "section_size": SECTION_SIZE,
    }
    rule_id = request.GET.get("rule", "")
    rule = None
    if rule_id:
        try:
            rule = CadenceRule.objects.select_related("tag").filter(uuid=rule_id).first()
        except ValidationError:
            rule = None
    if rule is not None:
        page = paginate(request, selectors.attention_for_rule(user=user, rule=rule, today=today))
        context.update(rule=rule, page=page, rows=selectors.attention_rows(page, today))
    else:
        context["sections"] = selectors.attention_sections(
            user=user, limit=SECTION_SIZE, today=today
        )
    return render(request, "engagement/attention.html", context)


@require_GET
def cadence_rule_list(request: HttpRequest) -> HttpResponse:
    permissions.ensure_allowed(rules.can_manage_cadence_rules(request.user))
    context = {"rules": selectors.cadence_rule_list(user=request.user)}
    return render(request, "engagement/cadence_rule_list.html", context)


@require_http_methods(["GET", "POST"])
def cadence_rule_create(request: HttpRequest) -> HttpResponse:
    permissions.ensure_allowed(rules.can_manage_cadence_rules(request.user))
    form = CadenceRuleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cadence_rule_create(actor=request.user, data=form.service_data())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Cadence rule created."))
            return redirect("engagement:cadence-rule-list")
    status = 422 if request.method == "POST" else 200
    return render(request, "engagement/cadence_rule_form.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def cadence_rule_edit(request: HttpRequest, uuid: str) -> HttpResponse:
    rule = selectors.cadence_rule_get(user=request.user, uuid=uuid)
    permissions.ensure(request.user, Action.CHANGE, rule)
    form = CadenceRuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        try:
            services.cadence_rule_update(
                actor=request.user,
                rule=rule,
                data=form.service_data(),
                expected_version=expected_version(form),
            )
        except (ValidationError, StaleVersionError) as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("engagement:cadence-rule-list")
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "rule": rule}
    return render(request, "engagement/cadence_rule_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def cadence_rule_delete(request: HttpRequest, uuid: str) -> HttpResponse:
    rule = selectors.cadence_rule_get(user=request.user, uuid=uuid)
    permissions.ensure(request.user, Action.DELETE, rule)
    error = ""
    if request.method == "POST":
        try:
            version = int(request.POST.get("version") or 0)
            services.cadence_rule_delete(actor=request.user, rule=rule, expected_version=version)
        except (StaleVersionError, ValueError):
            error = str(StaleVersionError.message)
        else:
            messages.success(request, _("Cadence rule deleted."))
            return redirect("engagement:cadence-rule-list")
    context = {"rule": rule, "error": error}
    return render(
        request,
        "engagement/cadence_rule_confirm_delete.html",
        context,
        status=409 if error else 200,
    )
