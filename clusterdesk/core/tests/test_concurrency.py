"""Optimistic concurrency under real concurrent transactions."""

from __future__ import annotations

import threading

import pytest
from django.db import close_old_connections, connection

from clusterdesk.core.concurrency import StaleVersionError
from clusterdesk.organisations import services
from clusterdesk.organisations.models import Organisation
from clusterdesk.organisations.tests.factories import OrganisationFactory


@pytest.mark.django_db(transaction=True)
def test_two_people_saving_the_same_version_at_once_one_wins_and_one_is_told():
    organisation = OrganisationFactory(legal_name="Syrdall Solar S.A.")
    opened_version = organisation.version
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def save(author: str) -> None:
        try:
            barrier.wait(timeout=10)
            services.organisation_update(
                actor=None,
                organisation=organisation,
                data={"description": f"written by {author}"},
                expected_version=opened_version,
            )
            outcomes[author] = "saved"
        except StaleVersionError:
            outcomes[author] = "refused"
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=save, args=(name,)) for name in ("anne", "luc")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes.values()) == ["refused", "saved"]
    winner = next(name for name, outcome in outcomes.items() if outcome == "saved")
    stored = Organisation.objects.get(pk=organisation.pk)
    assert stored.description == f"written by {winner}"
    assert stored.version == opened_version + 1


@pytest.mark.django_db(transaction=True)
def test_a_version_check_outside_a_transaction_is_a_programming_error():
    from clusterdesk.core.concurrency import claim_version

    organisation = OrganisationFactory()
    with pytest.raises(RuntimeError, match="transaction"):
        claim_version(organisation, organisation.version)
