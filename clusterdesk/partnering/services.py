"""Writes of partner listings: record, change, close, delete.

Every function is keyword-only, runs in one transaction, validates the listing, refuses
stale versions, writes the audit record (on the listing's timeline and its organisation's
company file) and keeps the search index current. Views, the API, the demo loader and
tests call them.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterdesk.catalogue.themes import Theme
from clusterdesk.core import search
from clusterdesk.core.audit import diff, record, snapshot
from clusterdesk.core.concurrency import claim_version
from clusterdesk.core.models import AuditAction
from clusterdesk.organisations.models import Affiliation, Organisation
from clusterdesk.partnering.models import ListingStatus, PartnerListing
from clusterdesk.partnering.permissions import can_use_cluster

# Fields set from `data`; the organisation is set on creation only.
LISTING_FIELDS = (
    "cluster",
    "direction",
    "category",
    "title",
    "description",
    "themes",
    "keywords",
    "contact",
    "status",
    "valid_until",
)
AUDIT_FIELDS = ("organisation", *LISTING_FIELDS)
MAX_DESCRIPTION = 10_000
MAX_KEYWORDS = 20
MAX_KEYWORD_LENGTH = 60
LATEST_YEARS_AHEAD = 10


def clean_themes(themes: Iterable[str] | None) -> list[str]:
    """The themes in their fixed order, without repeats; an error naming unknown ones."""
    given = [str(theme) for theme in (themes or [])]
    unknown = [theme for theme in given if theme not in Theme.values]
    if unknown:
        raise ValidationError(
            {"themes": [_("Unknown theme: %(themes)s.") % {"themes": ", ".join(unknown)}]}
        )
    return [theme for theme in Theme.values if theme in given]


def clean_keywords(keywords: Iterable[str] | str | None) -> list[str]:
    """Keywords stripped, without repeats (case ignored), in the order given; a text is
    split at commas and semicolons."""
    if isinstance(keywords, str):
        keywords = keywords.replace(";", ",").split(",")
    found: dict[str, str] = {}
    for keyword in keywords or []:
        text = " ".join(str(keyword).split())
        if text:
            found.setdefault(text.casefold(), text)
    cleaned = list(found.values())
    too_long = [word for word in cleaned if len(word) > MAX_KEYWORD_LENGTH]
    if too_long:
        raise ValidationError(
            {
                "keywords": [
                    _("Keep each keyword under %(count)s characters: %(words)s.")
                    % {"count": MAX_KEYWORD_LENGTH, "words": ", ".join(too_long)}
                ]
            }
        )
    if len(cleaned) > MAX_KEYWORDS:
        raise ValidationError(
            {"keywords": [_("At most %(count)s keywords.") % {"count": MAX_KEYWORDS}]}
        )
    return cleaned


def _apply(listing: PartnerListing, data: Mapping[str, Any]) -> None:
    for name in LISTING_FIELDS:
        if name not in data:
            continue
        value = data[name]
        if name in {"title", "description"}:
            value = "" if value is None else str(value).strip()
        elif name == "themes":
            value = clean_themes(value)
        elif name == "keywords":
            value = clean_keywords(value)
        setattr(listing, name, value)


def _check_cluster(actor: Any, listing: PartnerListing, current: int | None) -> None:
    """People record listings under the clusters they manage (system writes: any)."""
    if not getattr(actor, "pk", None) or listing.cluster_id is None:
        return
    if listing.cluster_id != current and not can_use_cluster(actor, listing.cluster_id):
        raise ValidationError({"cluster": [_("Choose a cluster you manage.")]})


def _check_contact(listing: PartnerListing) -> None:
    if listing.contact_id is None:
        return
    affiliated = Affiliation.objects.filter(
        organisation_id=listing.organisation_id, contact_id=listing.contact_id
    ).exists()
    if not affiliated:
        raise ValidationError(
            {
                "contact": [
                    _("Not a contact of %(organisation)s.")
                    % {"organisation": listing.organisation.legal_name}
                ]
            }
        )


def _check_valid_until(listing: PartnerListing, before: datetime.date | None) -> None:
    """A new or changed end date lies ahead (up to ten years): a listing valid only until
    yesterday would never be proposed."""
    value = listing.valid_until
    if value is None or value == before:
        return
    today = timezone.localdate()
    latest = today.replace(year=today.year + LATEST_YEARS_AHEAD)
    if value < today or value > latest:
        raise ValidationError(
            {
                "valid_until": [
                    _("Enter a date between %(first)s and %(last)s.")
                    % {"first": today.isoformat(), "last": latest.isoformat()}
                ]
            }
        )


def _validate(
    actor: Any,
    listing: PartnerListing,
    *,
    cluster: int | None = None,
    valid_until: datetime.date | None = None,
) -> None:
    if len(listing.description) > MAX_DESCRIPTION:
        raise ValidationError(
            {
                "description": [
                    _("Keep the description under %(count)s characters.")
                    % {"count": MAX_DESCRIPTION}
                ]
            }
        )
    listing.full_clean(exclude=["created_by"])
    _check_cluster(actor, listing, cluster)
    _check_contact(listing)
    _check_valid_until(listing, valid_until)


def audit_values(listing: PartnerListing) -> dict[str, Any]:
    """The audited values; themes by their labels, keywords as a list."""
    values = snapshot(
        listing, [name for name in AUDIT_FIELDS if name not in {"themes", "keywords"}]
    )
    values["themes"] = listing.theme_labels()
    values["keywords"] = list(listing.keywords or [])
    return values


def _audit(actor: Any, action: AuditAction, listing: PartnerListing, changes: dict) -> None:
    record(
        actor=actor,
        action=action,
        instance=listing,
        changes=changes,
        timelines=[listing.organisation],
    )


@transaction.atomic
def listing_create(*, actor: Any, data: Mapping[str, Any]) -> PartnerListing:
    """Record a listing; `data` holds the organisation, the cluster it is recorded under
    and the fields. It is open unless `status` says otherwise."""
    organisation = data.get("organisation")
    if not isinstance(organisation, Organisation):
        raise ValidationError({"organisation": [_("Choose an organisation.")]})
    listing = PartnerListing(
        organisation=organisation,
        created_by=actor if getattr(actor, "pk", None) else None,
        status=ListingStatus.OPEN,
    )
    _apply(listing, data)
    _validate(actor, listing)
    listing.save()
    _audit(actor, AuditAction.CREATE, listing, diff({}, audit_values(listing)))
    search.index(listing)
    return listing


@transaction.atomic
def listing_update(
    *,
    actor: Any,
    listing: PartnerListing,
    data: Mapping[str, Any],
    expected_version: int | None,
) -> PartnerListing:
    """Change the fields in `data` (the organisation stays); `StaleVersionError` when the
    listing moved on since `expected_version`."""
    current = PartnerListing.objects.select_related("organisation").get(pk=listing.pk)
    before = audit_values(current)
    cluster, valid_until = current.cluster_id, current.valid_until
    _apply(current, data)
    _validate(actor, current, cluster=cluster, valid_until=valid_until)
    claim_version(current, expected_version)
    current.save()
    changes = diff(before, audit_values(current))
    if changes:
        _audit(actor, AuditAction.UPDATE, current, changes)
        search.index(current)
    return current


def listing_close(
    *, actor: Any, listing: PartnerListing, expected_version: int | None
) -> PartnerListing:
    """Close the listing: it stays on record but is no longer proposed."""
    return listing_update(
        actor=actor,
        listing=listing,
        data={"status": ListingStatus.CLOSED},
        expected_version=expected_version,
    )


@transaction.atomic
def listing_delete(*, actor: Any, listing: PartnerListing, expected_version: int | None) -> None:
    """Delete a listing recorded by mistake (closing keeps it on record)."""
    claim_version(listing, expected_version)
    _audit(actor, AuditAction.DELETE, listing, diff(audit_values(listing), {}))
    search.remove(listing)
    listing.delete()
