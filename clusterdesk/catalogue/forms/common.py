"""Form parts the catalogue's forms share: the version, JSON edited as text, lists of
texts and of dates, and filters read from the URL."""

from __future__ import annotations

import datetime
import json
import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from clusterdesk.organisations.forms import OrganisationSelect

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_LIST_SEPARATORS = re.compile(r"[\n,;]+")
_DATE_SEPARATORS = re.compile(r"[\s,;]+")


def url_field(**kwargs: Any) -> forms.URLField:
    """A web address; typed without a scheme it is taken as https."""
    return forms.URLField(required=False, max_length=500, assume_scheme="https", **kwargs)


class VersionedForm(forms.ModelForm):
    """A model form that carries the version it was opened with; uniqueness and the rules
    across records are the services' job."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    def validate_unique(self) -> None:
        """Checked by the services, on the field it concerns."""

    def service_data(self) -> dict[str, Any]:
        """The cleaned values of the model's fields this form shows."""
        return {
            name: self.cleaned_data.get(name)
            for name in self.Meta.fields  # type: ignore[attr-defined]
            if name in self.fields and not self.fields[name].disabled
        }


class JSONTextField(forms.JSONField):
    """JSON edited in a textarea, shown indented; empty means `empty` (a list)."""

    def __init__(self, *, empty: Any = None, rows: int = 6, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": rows, "class": "font-monospace"}))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.empty = [] if empty is None else empty

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str) and not value.strip():
            return self.empty
        return super().to_python(value)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, forms.fields.InvalidJSONInput):
            return value
        if value in (None, [], {}):
            return ""
        return json.dumps(value, ensure_ascii=False, indent=2)


class TextListField(forms.CharField):
    """A list of short texts typed one per line or separated by commas."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 2}))
        kwargs.setdefault("help_text", _("Separate them with commas or new lines."))
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        return ", ".join(value) if isinstance(value, list) else value

    def clean(self, value: Any) -> list[str]:
        text = super().clean(value) or ""
        items = [item.strip() for item in _LIST_SEPARATORS.split(text)]
        return list(dict.fromkeys(item for item in items if item))


class DateListField(forms.CharField):
    """Dates (YYYY-MM-DD) separated by spaces or commas, as a sorted list of ISO texts."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("Dates as YYYY-MM-DD, separated by commas."))
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        return ", ".join(value) if isinstance(value, list) else value

    def clean(self, value: Any) -> list[str]:
        text = super().clean(value) or ""
        dates, wrong = set(), []
        for item in _DATE_SEPARATORS.split(text.strip()):
            if not item:
                continue
            try:
                dates.add(datetime.date.fromisoformat(item).isoformat())
            except ValueError:
                wrong.append(item)
        if wrong:
            raise forms.ValidationError(
                _("Not dates (YYYY-MM-DD): %(dates)s.") % {"dates": ", ".join(wrong)}
            )
        return sorted(dates)


class OptionalOrganisationSelect(OrganisationSelect):
    """The organisation picker's select, with an empty choice to leave it unset."""

    def optgroups(self, name: str, value: list[Any], attrs: Any = None) -> Any:
        super().optgroups(name, value, attrs)  # keeps only the chosen organisation
        self.choices = [("", "—"), *self.choices]
        return forms.Select.optgroups(self, name, value, attrs)


def valid_values(form: forms.Form) -> dict[str, Any]:
    """A filter form's values, invalid ones dropped (a shared URL never fails)."""
    form.is_valid()
    values = {
        name: form.cleaned_data.get(name) or "" for name in form.fields if name not in form.errors
    }
    for name in form.fields:
        values.setdefault(name, "")
    values["q"] = str(values.get("q", ""))[:200]
    return values
