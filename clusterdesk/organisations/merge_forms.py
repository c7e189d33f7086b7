"""The merge page's form: which record is merged in, both versions, and for each field whose
value the survivor keeps."""

from __future__ import annotations

import decimal
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from clusterdesk.core.concurrency import StaleVersionError
from clusterdesk.organisations.merge import Side

CHOICE_PREFIX = "choose_"


class MergeForm(forms.Form):
    loser = forms.UUIDField(widget=forms.HiddenInput)
    survivor_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    loser_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, field_names: Sequence[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in field_names:
            self.fields[CHOICE_PREFIX + name] = forms.ChoiceField(
                choices=[(Side.SURVIVOR, _("Keep")), (Side.LOSER, _("Take"))],
                required=False,
                widget=forms.RadioSelect,
            )

    def choices(self) -> dict[str, str]:
        """`{field: "survivor" | "loser"}` as the services take it."""
        return {
            name.removeprefix(CHOICE_PREFIX): value
            for name, value in self.cleaned_data.items()
            if name.startswith(CHOICE_PREFIX) and value
        }

    def add_service_error(self, error: Exception, model: type[models.Model]) -> None:
        """A refusal of the merge service, on the row of the field it names."""
        if isinstance(error, StaleVersionError):
            self.add_error(None, str(error.message))
            return
        if not isinstance(error, ValidationError):
            raise error
        if not hasattr(error, "error_dict"):
            for message in error.messages:
                self.add_error(None, message)
            return
        for field, messages in error.message_dict.items():
            target = CHOICE_PREFIX + field
            for message in messages:
                if target in self.fields:
                    self.add_error(target, message)
                else:
                    self.add_error(None, f"{_field_label(model, field)}: {message}")


def _field_label(model: type[models.Model], name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)  # type: ignore[union-attr]
    except Exception:
        return name


@dataclass(frozen=True)
class ComparisonRow:
    """One line of the side-by-side table."""

    label: str
    survivor: str
    loser: str
    choice: forms.BoundField

    @property
    def differs(self) -> bool:
        return self.survivor != self.loser

    @property
    def chosen(self) -> str:
        value = self.choice.value()
        return str(value) if value else Side.SURVIVOR


def display_value(record: models.Model, name: str) -> str:
    """What the record's page would show for the field ("—" when empty)."""
    field = record._meta.get_field(name)
    value = getattr(record, name)
    if value is None or value == "":
        return "—"
    if getattr(field, "choices", None):
        return str(getattr(record, f"get_{name}_display")())
    if isinstance(value, decimal.Decimal):  # amounts in euros
        return str(intcomma(value))
    return str(value)


def comparison_rows(
    form: MergeForm, survivor: models.Model, loser: models.Model, field_names: Sequence[str]
) -> list[ComparisonRow]:
    rows = []
    for name in field_names:
        field = survivor._meta.get_field(name)
        rows.append(
            ComparisonRow(
                label=capfirst(str(field.verbose_name)),  # type: ignore[union-attr]
                survivor=display_value(survivor, name),
                loser=display_value(loser, name),
                choice=form[CHOICE_PREFIX + name],
            )
        )
    return rows


def default_choices(
    survivor: models.Model, loser: models.Model, field_names: Sequence[str]
) -> dict[str, str]:
    """The survivor's values, except where it has none and the loser has one."""
    initial: dict[str, str] = {}
    for name in field_names:
        empty = display_value(survivor, name) == "—" and display_value(loser, name) != "—"
        initial[CHOICE_PREFIX + name] = Side.LOSER if empty else Side.SURVIVOR
    return initial
