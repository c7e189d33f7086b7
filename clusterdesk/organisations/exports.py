"""What the organisation, contact and cluster member lists export (see `core.exports`).

Each export reads the list's own selector (same filters, same permission scope, same sort)
and drops its prefetching: for a file of 100,000 rows, the clusters, NACE codes, tags and
organisations of each chunk of rows come from a few `values_list` queries instead, which
is about five times faster than building the related objects.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from operator import attrgetter
from typing import Any

from django.db import models
from django.http import HttpRequest, HttpResponseBase, StreamingHttpResponse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from clusterdesk.core import exports
from clusterdesk.core.exports import Column, ExportDefinition
from clusterdesk.organisations import selectors, vcard
from clusterdesk.organisations.forms import ContactFilterForm, OrganisationFilterForm
from clusterdesk.organisations.models import Affiliation, Contact, Membership, Organisation

VCARD_TYPE = "text/vcard; charset=utf-8"


def field_column(
    model: type[models.Model], name: str, value: Any = None, width: int = 18
) -> Column:
    """A column headed by the field's own (translated) label."""
    label = capfirst(model._meta.get_field(name).verbose_name)  # type: ignore[union-attr]
    return Column(label, value or attrgetter(name), width)


def _joined(values: Iterable[Any]) -> str:
    return "; ".join(str(value) for value in values)


def _grouped(rows: Iterable[tuple[Any, ...]]) -> dict[Any, list[Any]]:
    """`(key, value)` rows as `{key: [values in row order]}`."""
    grouped: dict[Any, list[Any]] = defaultdict(list)
    for key, *values in rows:
        grouped[key].append(values[0] if len(values) == 1 else tuple(values))
    return grouped


# --- organisations ---------------------------------------------------------------------------


def _organisation_rows(request: HttpRequest) -> Any:
    filters = OrganisationFilterForm(request.GET).filters()
    return selectors.organisation_list(user=request.user, filters=filters)


def _attach_organisation_lists(organisations: list[Any]) -> None:
    """`export_clusters` (current memberships, as the list shows them), `export_nace_codes`
    and `export_tags` of a chunk of organisations, in three queries."""
    ids = [organisation.pk for organisation in organisations]
    clusters = _grouped(
        Membership.objects.filter(selectors.current_membership_q(), organisation_id__in=ids)
        .order_by("cluster__name")
        .values_list("organisation_id", "cluster__name")
    )
    codes = _grouped(
        Organisation.nace_activities.through.objects.filter(organisation_id__in=ids)
        .order_by("naceactivity__code")
        .values_list("organisation_id", "naceactivity__code")
    )
    tags = _grouped(
        Organisation.tags.through.objects.filter(organisation_id__in=ids)
        .order_by("tag__name")
        .values_list("organisation_id", "tag__name")
    )
    for organisation in organisations:
        organisation.export_clusters = clusters.get(organisation.pk, [])
        organisation.export_nace_codes = codes.get(organisation.pk, [])
        organisation.export_tags = tags.get(organisation.pk, [])


def _organisation_columns() -> tuple[Column, ...]:
    org = Organisation

    def display(name: str) -> Any:
        return exports.ChoiceLabel(Organisation, name)

    return (
        field_column(org, "legal_name", width=36),
        field_column(org, "trade_name", width=24),
        field_column(org, "kind", display("kind"), 16),
        field_column(org, "status", display("status"), 16),
        Column(_("Clusters"), lambda o: _joined(o.export_clusters), 24),
        field_column(org, "register_number"),
        field_column(org, "vat_number", width=14),
        field_column(org, "size_class", display("size_class"), 12),
        field_column(org, "headcount", width=12),
        field_column(org, "turnover", width=16),
        field_column(org, "balance_sheet_total", width=16),
        field_column(org, "founding_year", width=12),
        field_column(org, "nace_activities", lambda o: _joined(o.export_nace_codes)),
        field_column(org, "street", width=28),
        field_column(org, "postcode", width=10),
        field_column(org, "commune"),
        field_column(org, "country", display("country"), 14),
        field_column(org, "website", width=28),
        field_column(org, "tags", lambda o: _joined(o.export_tags), 24),
        field_column(org, "owner", lambda o: str(o.owner) if o.owner else None),
        field_column(org, "description", width=40),
        field_column(org, "updated_at"),
        Column(_("Public id"), lambda o: str(o.uuid), 38),
    )


ORGANISATIONS = exports.register(
    ExportDefinition(
        name="organisations",
        rows=_organisation_rows,
        columns=_organisation_columns(),
        prepare=lambda queryset: queryset.prefetch_related(None).select_related("owner"),
        per_chunk=_attach_organisation_lists,
    )
)


# --- contacts --------------------------------------------------------------------------------


def _contact_rows(request: HttpRequest) -> Any:
    filters = ContactFilterForm(request.GET).filters()
    return selectors.contact_list(user=request.user, filters=filters)


def _attach_places(contacts: list[Any]) -> None:
    """`export_places`: each contact's organisations, the main one first, in one query."""
    places = _grouped(
        Affiliation.objects.filter(contact_id__in=[contact.pk for contact in contacts])
        .order_by("-is_primary", "organisation__legal_name")
        .values_list("contact_id", "organisation__legal_name", "role", "is_primary")
    )
    for contact in contacts:
        contact.export_places = [vcard.Place(*place) for place in places.get(contact.pk, [])]


def _main_role(contact: Any) -> str | None:
    main = next((place for place in contact.export_places if place.is_primary), None)
    return main.role if main else None


def vcard_response(
    definition: ExportDefinition, rows: Iterable[Any], filename: str
) -> HttpResponseBase:
    contacts = ((contact, contact.export_places) for contact in rows)
    cards = exports.in_language(vcard.contact_cards(contacts))
    return exports.attachment(StreamingHttpResponse(cards, content_type=VCARD_TYPE), filename)


CONTACTS = exports.register(
    ExportDefinition(
        name="contacts",
        rows=_contact_rows,
        columns=(
            field_column(Contact, "first_name"),
            field_column(Contact, "last_name"),
            field_column(Contact, "job_title", width=24),
            field_column(Contact, "email", width=30),
            field_column(Contact, "phone", width=18),
            field_column(
                Contact, "preferred_language", exports.ChoiceLabel(Contact, "preferred_language")
            ),
            Column(
                _("Organisations"),
                lambda c: _joined(place.organisation for place in c.export_places),
                36,
            ),
            Column(_("Role at the main organisation"), _main_role, 24),
            field_column(Contact, "updated_at"),
            Column(_("Public id"), lambda c: str(c.uuid), 38),
        ),
        prepare=lambda queryset: queryset.prefetch_related(None),
        per_chunk=_attach_places,
        writers={"vcf": vcard_response},
    )
)


# --- members of a cluster --------------------------------------------------------------------


def _member_rows(request: HttpRequest, slug: str) -> Any:
    cluster = selectors.cluster_get(user=request.user, slug=slug)
    return selectors.cluster_members(cluster)


def _of_organisation(name: str) -> Any:
    return lambda membership: getattr(membership.organisation, name)


CLUSTER_MEMBERS = exports.register(
    ExportDefinition(
        name="cluster-members",
        rows=_member_rows,
        columns=(
            field_column(Organisation, "legal_name", _of_organisation("legal_name"), 36),
            field_column(Organisation, "trade_name", _of_organisation("trade_name"), 24),
            field_column(Membership, "type", exports.ChoiceLabel(Membership, "type"), 18),
            field_column(Membership, "since", width=14),
            field_column(Membership, "until", width=14),
            field_column(
                Organisation,
                "size_class",
                exports.ChoiceLabel(Organisation, "size_class", of=attrgetter("organisation")),
            ),
            field_column(Organisation, "register_number", _of_organisation("register_number")),
            field_column(Organisation, "vat_number", _of_organisation("vat_number"), 14),
            field_column(Organisation, "commune", _of_organisation("commune")),
            Column(_("Public id"), lambda m: str(m.organisation.uuid), 38),
        ),
    )
)
