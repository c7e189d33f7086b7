"""What the services of organisations, contacts, clusters and memberships share: the fields
each one writes (and audits), and validation."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

ORGANISATION_FIELDS = (
    "legal_name",
    "trade_name",
    "kind",
    "register_number",
    "vat_number",
    "headcount",
    "turnover",
    "balance_sheet_total",
    "founding_year",
    "street",
    "postcode",
    "commune",
    "country",
    "website",
    "description",
    "status",
    "owner",
)
ORGANISATION_AUDIT_FIELDS = (*ORGANISATION_FIELDS, "size_class", "nace_activities", "tags")
CONTACT_FIELDS = ("first_name", "last_name", "job_title", "email", "phone", "preferred_language")
MEMBERSHIP_FIELDS = ("cluster", "type", "since", "until")
CLUSTER_FIELDS = ("name", "slug", "colour", "description")
CLUSTER_AUDIT_FIELDS = (*CLUSTER_FIELDS, "managers")
TEXT_FIELDS = {
    "trade_name",
    "register_number",
    "vat_number",
    "street",
    "postcode",
    "commune",
    "website",
    "description",
}


def validate(instance: Any, exclude: Iterable[str] = ()) -> None:
    instance.full_clean(exclude=list(exclude), validate_unique=True, validate_constraints=True)
