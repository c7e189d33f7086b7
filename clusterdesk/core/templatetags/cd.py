"""Template helpers of the clusterdesk layout."""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from clusterdesk.core.audit import ChangeLine, describe
from clusterdesk.core.models import AuditEvent

register = template.Library()

_CHECK_WIDGETS = (forms.CheckboxInput,)
_SELECT_WIDGETS = (forms.Select, forms.SelectMultiple)


@register.filter
def bs_widget(field: forms.BoundField) -> SafeString:
    """Render a form field's widget with Bootstrap classes and its error state."""
    widget = field.field.widget
    if isinstance(widget, _CHECK_WIDGETS):
        css = "form-check-input"
    elif isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
        css = ""
    elif isinstance(widget, _SELECT_WIDGETS) and not isinstance(widget, forms.SelectMultiple):
        css = "form-select"
    else:
        css = "form-control"
    if field.errors:
        css += " is-invalid"
    attrs: dict[str, Any] = {"class": css.strip()} if css.strip() else {}
    if field.errors:
        attrs["aria-invalid"] = "true"
        attrs["aria-describedby"] = f"{field.auto_id}_errors"
    elif field.help_text:
        attrs["aria-describedby"] = f"{field.auto_id}_help"
    return field.as_widget(attrs=attrs)


@register.filter
def is_checkbox(field: forms.BoundField) -> bool:
    return isinstance(field.field.widget, _CHECK_WIDGETS)


@register.filter
def change_lines(event: AuditEvent) -> list[ChangeLine]:
    return describe(event)


@register.filter
def audit_icon(action: str) -> str:
    return {
        "create": "bi-plus-circle text-success",
        "update": "bi-pencil text-primary",
        "delete": "bi-trash text-danger",
        "merge": "bi-union text-warning",
    }.get(action, "bi-dot")


@register.filter
def object_kind(event: AuditEvent) -> str:
    """The translated name of the kind of record an audit event is about."""
    model = event.object_type.model_class()
    return str(model._meta.verbose_name) if model else event.object_type.model


AUDIT_SENTENCES = {
    "create": _("%(who)s created %(kind)s %(name)s"),
    "update": _("%(who)s changed %(kind)s %(name)s"),
    "delete": _("%(who)s deleted %(kind)s %(name)s"),
    "merge": _("%(who)s merged %(kind)s %(name)s"),
}


@register.simple_tag
def audit_sentence(event: AuditEvent) -> SafeString:
    """ "Marie created organisation Nordstad Timber S.A.", one translatable sentence per action,
    with the record's name linked to its page when `event.target_url` is known."""
    who = format_html("<strong>{}</strong>", event.actor_name or _("system"))
    kind = format_html('<span class="text-body-secondary">{}</span>', object_kind(event))
    url = getattr(event, "target_url", "")
    name = (
        format_html('<a href="{}">{}</a>', url, event.object_repr)
        if url
        else escape(event.object_repr)
    )
    sentence = escape(str(AUDIT_SENTENCES.get(event.action, AUDIT_SENTENCES["update"])))
    return mark_safe(sentence % {"who": who, "kind": kind, "name": name})
