"""Forms of the import pages: the upload, the column mapping, the choices on duplicates."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from clusterdesk.imports.models import ImportJob, ImportKind
from clusterdesk.imports.rows import column_label
from clusterdesk.imports.targets import targets_for


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What the file holds"), choices=ImportKind.choices, initial=ImportKind.ORGANISATIONS
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV (any separator, UTF-8 or Windows-1252), CSV compressed as .gz, or XLSX."),
    )


class MappingForm(forms.Form):
    """One choice per column of the file: the field it fills, or nothing."""

    external_source = forms.CharField(
        label=_("Source of the identifiers"),
        max_length=30,
        required=False,
        help_text=_("e.g. cordis: kept with each organisation to recognise it next time."),
    )

    def __init__(self, *args: Any, job: ImportJob, **kwargs: Any) -> None:
        kwargs["initial"] = {
            "external_source": job.external_source,
            **{f"column_{i}": target for i, target in enumerate(job.mapping)},
        }
        super().__init__(*args, **kwargs)
        self.labels = {target.name: target.label for target in targets_for(job.kind).values()}
        choices = [("", _("— not imported —")), *self.labels.items()]
        self.columns = []
        for index in range(len(job.header)):
            name = f"column_{index}"
            self.fields[name] = forms.ChoiceField(
                label=column_label(job.header, index), choices=choices, required=False
            )
            self.columns.append(self[name])

    def mapping(self) -> list[str]:
        targets = [self.cleaned_data[f"column_{i}"] for i in range(len(self.columns))]
        return [target if target not in targets[:i] else "" for i, target in enumerate(targets)]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        chosen = [cleaned.get(f"column_{i}") for i in range(len(self.columns))]
        repeated = {target for target in chosen if target and chosen.count(target) > 1}
        if repeated:
            labels = ", ".join(str(self.labels[target]) for target in sorted(repeated))
            raise forms.ValidationError(
                _("Each field can come from one column only: %(fields)s.") % {"fields": labels}
            )
        return cleaned


class UpdateOptionsForm(forms.Form):
    """Which fields an "update" decision writes, and whether it overwrites filled ones."""

    update_fields = forms.MultipleChoiceField(
        label=_("Fields an update writes"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    overwrite = forms.BooleanField(
        label=_("Overwrite values the record already has (otherwise only fill empty ones)"),
        required=False,
    )

    def __init__(self, *args: Any, fields: Sequence[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["update_fields"].choices = list(fields)  # type: ignore[attr-defined]


class CommitForm(forms.Form):
    skip_invalid = forms.BooleanField(
        label=_("Import the valid rows and skip the rows with errors"), required=False
    )
