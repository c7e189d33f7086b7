"""`{% load markdown %}` then `{{ note.summary|markdown }}`: Markdown as sanitised HTML."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from clusterdesk.core.markdown import render

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str | None) -> SafeString:
    return render(text)
