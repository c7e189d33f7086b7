"""Forms: validate input and keep it on error; writes happen in `services`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from clusterdesk.diagnostics import selectors
from clusterdesk.diagnostics.models import (
    AnswerOption,
    DiagnosisStatus,
    Dimension,
    Question,
    QuestionnaireTemplate,
    Stage,
)
from clusterdesk.diagnostics.selectors import DIAGNOSIS_SORTS, DiagnosisFilters
from clusterdesk.organisations.forms import OrganisationChoiceField, OrganisationSelect
from clusterdesk.organisations.models import Cluster, Contact


def version_field() -> forms.IntegerField:
    return forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


# --- the diagnosis list ------------------------------------------------------------------------


class DiagnosisFilterForm(forms.Form):
    q = forms.CharField(label=_("Organisation"), required=False, max_length=100)
    template = forms.ChoiceField(label=_("Questionnaire"), required=False)
    cluster = forms.ChoiceField(label=_("Cluster"), required=False)
    stage = forms.ChoiceField(
        label=_("Stage"), required=False, choices=[("", _("Any stage")), *Stage.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *DiagnosisStatus.choices]
    )
    band = forms.ChoiceField(label=_("Band"), required=False)
    mine = forms.BooleanField(label=_("Performed by me"), required=False)
    organisation = forms.UUIDField(required=False, widget=forms.HiddenInput)
    sort = forms.ChoiceField(
        label=_("Sort"), required=False, choices=[(key, key) for key in DIAGNOSIS_SORTS]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        keys = selectors.template_keys()
        self._field("template").choices = [("", _("Any questionnaire")), *keys]
        self._field("cluster").choices = [
            ("", _("Any cluster")),
            *Cluster.objects.order_by("name").values_list("slug", "name"),
        ]
        bands: dict[str, str] = {}
        chosen = self.data.get("template") if self.is_bound else ""
        for key, _name in keys:
            if not chosen or key == chosen:
                bands.update(selectors.bands_of(key))
        self._field("band").choices = [("", _("Any band")), *bands.items()]

    def _field(self, name: str) -> forms.ChoiceField:
        return cast(forms.ChoiceField, self.fields[name])

    def filters(self) -> DiagnosisFilters:
        """The valid filters; an invalid value is ignored rather than failing the page."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        organisation = data.get("organisation")
        return DiagnosisFilters(
            q=data.get("q") or "",
            organisation=str(organisation) if organisation else "",
            cluster=data.get("cluster") or "",
            template=data.get("template") or "",
            stage=data.get("stage") or "",
            status=data.get("status") or "",
            band=data.get("band") or "",
            mine=bool(data.get("mine")),
            sort=data.get("sort") or "-updated",
        )


# --- starting and sending a diagnosis ------------------------------------------------------------


class DiagnosisStartForm(forms.Form):
    FILL, SEND = "fill", "send"

    organisation = OrganisationChoiceField(label=_("Organisation"), widget=OrganisationSelect)
    template = forms.ModelChoiceField(
        label=_("Questionnaire"),
        queryset=QuestionnaireTemplate.objects.none(),
        to_field_name="uuid",
        empty_label=None,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    cluster = forms.ModelChoiceField(
        label=_("Cluster"),
        queryset=Cluster.objects.none(),
        empty_label=None,
        help_text=_("The cluster whose managers follow this diagnosis."),
    )
    stage = forms.ChoiceField(
        label=_("Stage"),
        required=False,
        choices=[("", _("Automatic: T0 for the first one, then T1, T2")), *Stage.choices],
    )
    mode = forms.ChoiceField(
        label=_("Who answers?"),
        choices=[
            (FILL, _("I fill it in (with the company, e.g. in a meeting)")),
            (SEND, _("The company: send a self-assessment link to a contact")),
        ],
        initial=FILL,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args: Any, clusters: QuerySet[Cluster], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["template"]
        ).queryset = selectors.published_templates()
        cast(forms.ModelChoiceField, self.fields["cluster"]).queryset = clusters


class ContactChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Contact) -> str:
        return f"{obj} <{obj.email}>" if obj.email else str(obj)


class DiagnosisSendForm(forms.Form):
    version = version_field()
    respondent = ContactChoiceField(
        label=_("Contact"),
        queryset=Contact.objects.none(),
        to_field_name="uuid",
        empty_label=None,
        help_text=_("The link is sent to this person's email address."),
    )
    message = forms.CharField(
        label=_("Personal message (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Added to the email above the link."),
    )

    def __init__(self, *args: Any, contacts: QuerySet[Contact], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["respondent"]).queryset = contacts


class VersionForm(forms.Form):
    """A POST that only carries the version the page was opened with."""

    version = version_field()


# --- answers -------------------------------------------------------------------------------


def answer_field_name(question: Question) -> str:
    return f"q-{question.uuid}"


class AnswersForm(forms.Form):
    """One radio choice per question; only the questions present in the data are saved
    (so one dimension's page does not clear the others). With `require_all`, every
    question must be answered (a self-assessment)."""

    version = version_field()

    def __init__(
        self,
        *args: Any,
        questions: Sequence[Question],
        require_all: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        self.require_all = require_all
        for question in self.questions:
            self.fields[answer_field_name(question)] = forms.ChoiceField(
                label=question.text,
                help_text=question.help_text,
                required=require_all,
                choices=[(str(option.uuid), option.label) for option in question.options.all()],
                widget=forms.RadioSelect,
                error_messages={"required": _("Please choose an answer.")},
            )

    def answers(self) -> dict[Question, AnswerOption | None]:
        """Question → option chosen, for the questions the data answers."""
        chosen: dict[Question, AnswerOption | None] = {}
        for question in self.questions:
            value = self.cleaned_data.get(answer_field_name(question))
            if value:
                options = {str(option.uuid): option for option in question.options.all()}
                chosen[question] = options[value]
        return chosen

    def unanswered(self) -> list[Question]:
        return [q for q in self.questions if answer_field_name(q) in self.errors]


# --- questionnaire templates ---------------------------------------------------------------


class BandsField(forms.CharField):
    """Bands as lines of `label | up to %`, e.g. `Basic | 25`."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return "\n".join(f"{band['label']} | {band['up_to']:g}" for band in value)
        return value

    def clean(self, value: Any) -> list[dict[str, Any]]:
        text = super().clean(value) or ""
        bands = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            label, separator, up_to = line.rpartition("|")
            try:
                score = Decimal(up_to.strip())
            except ArithmeticError:
                score = None
            if not separator or not label.strip() or score is None:
                raise forms.ValidationError(
                    _("Line %(number)s: write “label | up to %%”, e.g. “Basic | 25”."),
                    params={"number": number},
                )
            bands.append({"label": label.strip(), "up_to": float(score)})
        return bands


class TemplateForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    key = forms.SlugField(
        label=_("Key"), max_length=40, help_text=_("Short identifier, e.g. dma. Cannot change.")
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    bands = BandsField(
        label=_("Maturity bands"),
        required=False,
        help_text=_("One per line, ascending: “label | up to %”. The last goes up to 100."),
    )

    def __init__(self, *args: Any, template: QuestionnaireTemplate | None = None, **kw: Any):
        super().__init__(*args, **kw)
        if template is not None:
            self.fields["key"].disabled = True  # a disabled field keeps its initial value
            self.initial["key"] = template.key
            if not self.is_bound:
                self.initial.update(
                    name=template.name,
                    description=template.description,
                    bands=template.bands,
                    revision=template.revision,
                )


class DimensionForm(forms.ModelForm):
    version = version_field()

    class Meta:
        model = Dimension
        fields = [
            "key",
            "name",
            "description",
            "weight",
            "order",
            "need_theme",
            "need_category",
            "need_text",
            "threshold",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version
        self.fields["order"].required = False

    def validate_unique(self) -> None:
        """Uniqueness is the service's job."""

    def service_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}


class QuestionForm(forms.ModelForm):
    version = version_field()

    class Meta:
        model = Question
        fields = ["text", "help_text", "weight", "order"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "help_text": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version
        self.fields["order"].required = False

    def service_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}


class OptionForm(forms.Form):
    label = forms.CharField(label=_("Answer"), max_length=300, required=False)
    score = forms.DecimalField(
        label=_("Score"), min_value=Decimal(0), max_digits=6, decimal_places=2, required=False
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("label") and cleaned.get("score") is None:
            self.add_error("score", _("Give this answer a score."))
        if cleaned.get("score") is not None and not cleaned.get("label"):
            self.add_error("label", _("Write the answer."))
        return cleaned


OptionFormSet = forms.formset_factory(OptionForm, extra=2, can_delete=True, max_num=12)


def option_initial(options: Iterable[AnswerOption]) -> list[dict[str, Any]]:
    return [{"label": option.label, "score": option.score} for option in options]


def option_data(formset: Any) -> list[dict[str, Any]]:
    """The options the formset holds, in order, without blank or deleted rows."""
    return [
        {"label": form.cleaned_data["label"], "score": form.cleaned_data["score"], "order": index}
        for index, form in enumerate(formset.forms, start=1)
        if form.cleaned_data.get("label") and not form.cleaned_data.get("DELETE")
    ]
