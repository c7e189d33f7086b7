from __future__ import annotations

import factory

from clusterdesk.accounts.models import Role, User


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda user: f"{user.username}@agency.example.lu")
    role = Role.MANAGER
    password = factory.django.Password("correct horse battery staple")
