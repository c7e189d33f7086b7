"""Pages of the service provider directory (staff who read the directory): the list, a
provider's profile with its accreditations and the outcomes of the referrals sent to it,
and the forms of admins and agency experts."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from clusterdesk.catalogue import permissions as catalogue_permissions
from clusterdesk.catalogue import selectors, services
from clusterdesk.catalogue.forms import (
    ProviderFilterForm,
    ProviderProfileForm,
    accreditation_formset,
    accreditations_of,
)
from clusterdesk.catalogue.views.common import deleted, form_page, history_of, list_page, saved
from clusterdesk.core import permissions
from clusterdesk.core.permissions import Action
from clusterdesk.core.web import HtmxHttpRequest, expected_version, wants_timeline_partial


@require_GET
def provider_list(request: HtmxHttpRequest) -> HttpResponse:
    filter_form = ProviderFilterForm(request.GET)
    filters = filter_form.filters()
    queryset = selectors.provider_list(user=request.user, filters=filters)
    return list_page(
        request,
        "catalogue/provider_list.html",
        filter_form=filter_form,
        filters=filters,
        queryset=queryset,
    )


@require_GET
def provider_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    profile = selectors.provider_get(user=request.user, uuid=uuid)
    history = history_of(request, profile)
    if wants_timeline_partial(request):
        return render(request, "core/timeline.html", {"timeline": history})
    context = {
        "profile": profile,
        "outcomes": selectors.provider_referral_outcomes(profile),
        "can_edit": catalogue_permissions.edits_catalogue(request.user),
        "timeline": history,
    }
    return render(request, "catalogue/provider_detail.html", context)


@require_http_methods(["GET", "POST"])
def provider_create(request: HttpRequest) -> HttpResponse:
    permissions.ensure_allowed(catalogue_permissions.edits_catalogue(request.user))
    # `?organisation=<id>`: the company file's button.
    organisation = request.GET.get("organisation", "")
    initial = {"organisation": organisation} if organisation else {}
    form = ProviderProfileForm(request.POST or None, initial=initial)
    formset = accreditation_formset(request.POST or None)

    def save() -> object:
        data = {**form.service_data(), "accreditations": accreditations_of(formset)}
        organisation = data.pop("organisation")
        return services.provider_profile_create(
            actor=request.user, organisation=organisation, data=data
        )

    profile = saved(request, form, save, _("Provider profile created."), formset)
    if profile is not None:
        return redirect(profile)
    return form_page(request, "catalogue/provider_form.html", form, formset=formset)


@require_http_methods(["GET", "POST"])
def provider_edit(request: HttpRequest, uuid: str) -> HttpResponse:
    profile = selectors.provider_get(user=request.user, uuid=uuid)
    permissions.ensure(request.user, Action.CHANGE, profile)
    form = ProviderProfileForm(request.POST or None, instance=profile)
    formset = accreditation_formset(request.POST or None, profile)

    def save() -> object:
        data = {**form.service_data(), "accreditations": accreditations_of(formset)}
        return services.provider_profile_update(
            actor=request.user,
            profile=profile,
            data=data,
            expected_version=expected_version(form),
        )

    changed = saved(request, form, save, _("Changes saved."), formset)
    if changed is not None:
        return redirect(changed)
    return form_page(request, "catalogue/provider_form.html", form, formset=formset, record=profile)


@require_http_methods(["GET", "POST"])
def provider_delete(request: HttpRequest, uuid: str) -> HttpResponse:
    profile = selectors.provider_get(user=request.user, uuid=uuid)
    permissions.ensure(request.user, Action.DELETE, profile)
    result = deleted(
        request,
        lambda version: services.provider_profile_delete(
            actor=request.user, profile=profile, expected_version=version
        ),
        _("The provider profile of %(name)s was deleted.") % {"name": profile.organisation},
    )
    if result is True:
        return redirect("catalogue:provider-list")
    context = {"record": profile, "error": result, "cancel": profile.get_absolute_url()}
    return render(request, "catalogue/confirm_delete.html", context)
