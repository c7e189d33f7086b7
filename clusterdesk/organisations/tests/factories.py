"""Factories that write through the services, so test data has audit records and versions
like real data."""

from __future__ import annotations

from typing import Any

import factory

from clusterdesk.organisations import services
from clusterdesk.organisations.models import Cluster, Contact, Membership, Organisation


class ClusterFactory(factory.django.DjangoModelFactory[Cluster]):
    class Meta:
        model = Cluster

    name = factory.Sequence(lambda n: f"Cluster {n}")
    slug = factory.Sequence(lambda n: f"cluster-{n}")
    colour = "blue"

    @classmethod
    def _create(cls, model_class: type, *args: Any, **kwargs: Any) -> Cluster:
        return services.cluster_create(actor=None, data=kwargs)


class OrganisationFactory(factory.django.DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    legal_name = factory.Sequence(lambda n: f"Organisation {n} S.A.")
    commune = "Luxembourg"
    postcode = "L-1234"
    country = "LU"
    headcount = 25

    @classmethod
    def _create(cls, model_class: type, *args: Any, **kwargs: Any) -> Organisation:
        return services.organisation_create(actor=None, data=kwargs)


class MembershipFactory(factory.django.DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    cluster = factory.SubFactory(ClusterFactory)

    @classmethod
    def _create(cls, model_class: type, *args: Any, **kwargs: Any) -> Membership:
        organisation = kwargs.pop("organisation")
        return services.membership_create(actor=None, organisation=organisation, data=kwargs)


class ContactFactory(factory.django.DjangoModelFactory[Contact]):
    class Meta:
        model = Contact

    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda c: f"{c.first_name}.{c.last_name}@example.lu".lower())

    @classmethod
    def _create(cls, model_class: type, *args: Any, **kwargs: Any) -> Contact:
        organisation = kwargs.pop("organisation", None)
        role = kwargs.pop("role", "")
        return services.contact_create(
            actor=None, data=kwargs, organisation=organisation, role=role
        )
