"""Writes to organisations, contacts, clusters and memberships.

Every function is keyword-only, runs in one transaction, validates the record, refuses
stale versions and writes the audit record. Views, the API, the admin, imports, merges,
the demo loader and tests all write through here: `from clusterdesk.organisations import
services` then `services.organisation_create(actor=…, data=…)`.

- `organisations`: organisations, their duplicates and their status;
- `memberships`: an organisation in a cluster;
- `contacts`: contacts and their affiliations;
- `clusters`: clusters and their managers;
- `bulk`: many records at once, for imports and the seed.
"""

from clusterdesk.organisations.services.bulk import (
    ORGANISATION_RULE_FIELDS,
    contact_bulk_create,
    contact_check,
    contact_prepare,
    external_reference_bulk_create,
    membership_bulk_create,
    organisation_bulk_create,
    organisation_check,
    organisation_prepare,
)
from clusterdesk.organisations.services.clusters import (
    cluster_create,
    cluster_delete,
    cluster_update,
)
from clusterdesk.organisations.services.common import (
    CLUSTER_AUDIT_FIELDS,
    CLUSTER_FIELDS,
    CONTACT_FIELDS,
    MEMBERSHIP_FIELDS,
    ORGANISATION_AUDIT_FIELDS,
    ORGANISATION_FIELDS,
)
from clusterdesk.organisations.services.contacts import (
    affiliation_create,
    affiliation_delete,
    contact_create,
    contact_delete,
    contact_update,
)
from clusterdesk.organisations.services.memberships import (
    membership_create,
    membership_delete,
    membership_update,
)
from clusterdesk.organisations.services.organisations import (
    DuplicateOrganisationError,
    organisation_create,
    organisation_delete,
    organisation_find_duplicates,
    organisation_update,
    sync_status_with_memberships,
)

__all__ = [
    "CLUSTER_AUDIT_FIELDS",
    "CLUSTER_FIELDS",
    "CONTACT_FIELDS",
    "MEMBERSHIP_FIELDS",
    "ORGANISATION_AUDIT_FIELDS",
    "ORGANISATION_FIELDS",
    "ORGANISATION_RULE_FIELDS",
    "DuplicateOrganisationError",
    "affiliation_create",
    "affiliation_delete",
    "cluster_create",
    "cluster_delete",
    "cluster_update",
    "contact_bulk_create",
    "contact_check",
    "contact_create",
    "contact_delete",
    "contact_prepare",
    "contact_update",
    "external_reference_bulk_create",
    "membership_bulk_create",
    "membership_create",
    "membership_delete",
    "membership_update",
    "organisation_bulk_create",
    "organisation_check",
    "organisation_create",
    "organisation_delete",
    "organisation_find_duplicates",
    "organisation_prepare",
    "organisation_update",
    "sync_status_with_memberships",
]
