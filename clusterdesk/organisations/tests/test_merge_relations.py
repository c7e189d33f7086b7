"""How a merge finds the relations to move and which ones it refuses to move blindly.

The relations are read from the models' metadata, so models built here in an isolated app
registry (no table, no migration) show every case a later issue could add.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import models
from django.test.utils import isolate_apps

from clusterdesk.core import merging
from clusterdesk.organisations.models import Contact, Organisation


def test_every_relation_of_organisations_and_contacts_can_be_merged():
    """Fails when a later model points a relation that could clash at organisations or
    contacts without registering a merge handler for it."""
    for model in (Organisation, Contact):
        relations = merging.check_mergeable(model)
        assert relations


@isolate_apps("clusterdesk.organisations")
def test_relations_that_could_clash_are_found_and_refused_until_a_handler_is_registered(
    monkeypatch,
):
    class Company(models.Model):  # noqa: DJ008
        class Meta:
            app_label = "organisations"

    # a plain foreign key: cannot clash
    class Note(models.Model):  # noqa: DJ008
        company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")

        class Meta:
            app_label = "organisations"

    # one badge per company and code: can clash
    class Badge(models.Model):  # noqa: DJ008
        company = models.ForeignKey(Company, on_delete=models.CASCADE)
        code = models.CharField(max_length=10)

        class Meta:
            app_label = "organisations"
            unique_together = [("company", "code")]

    # one-to-one: always clashes
    class Profile(models.Model):  # noqa: DJ008
        company = models.OneToOneField(Company, on_delete=models.CASCADE)

        class Meta:
            app_label = "organisations"

    # a many-to-many link: a union, cannot clash
    class Event(models.Model):  # noqa: DJ008
        companies = models.ManyToManyField(Company)

        class Meta:
            app_label = "organisations"

    relations = {r.key: r for r in merging.relations_of(Company)}

    assert set(relations) == {
        "organisations.Note.company",
        "organisations.Badge.company",
        "organisations.Profile.company",
        "organisations.Event.companies",
    }
    assert relations["organisations.Note.company"].unsafe_reason == ""
    assert relations["organisations.Event.companies"].is_link
    with pytest.raises(merging.MergeRefused) as refused:
        merging.check_mergeable(Company)
    assert "organisations.Badge.company" in str(refused.value)
    assert "organisations.Profile.company" in str(refused.value)
    assert "organisations.Note.company" not in str(refused.value)

    def keep_one(context: Any, relation: Any) -> merging.Moved:
        return merging.Moved()

    monkeypatch.setitem(merging.HANDLERS, "organisations.Badge.company", keep_one)
    monkeypatch.setitem(merging.HANDLERS, "organisations.Profile.company", keep_one)
    assert len(merging.check_mergeable(Company)) == 4


@isolate_apps("clusterdesk.organisations")
def test_a_link_between_records_of_the_same_kind_needs_a_handler():
    class Company(models.Model):  # noqa: DJ008
        partners = models.ManyToManyField("self")
        parent = models.ForeignKey("self", null=True, on_delete=models.SET_NULL)

        class Meta:
            app_label = "organisations"

    with pytest.raises(merging.MergeRefused) as refused:
        merging.check_mergeable(Company)

    assert "organisations.Company.partners" in str(refused.value)
    assert "organisations.Company.parent" in str(refused.value)
