"""The search form of the results page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from clusterdesk.core.search.registry import Provider


class SearchForm(forms.Form):
    """`q` takes any text (it is never refused, only cut to a few words); `kind` one of the
    kinds the user may search."""

    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(label=_("Kind of record"), required=False)

    def __init__(self, *args: Any, providers: Sequence[Provider], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("All"))] + [(p.kind, p.label) for p in providers]
        self.fields["kind"].choices = choices  # type: ignore[attr-defined]

    def value(self, name: str) -> str:
        """The cleaned value, or "" when it was refused (the error is shown)."""
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        return str(self.cleaned_data.get(name) or "")
