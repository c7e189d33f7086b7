"""The contact pages and a contact's links to organisations, as each role uses them.

A contact is writable by whoever may change one of their organisations; experts read;
analysts see no personal data at all (every contact page is a 404, the list a 403).
"""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import quote

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from clusterdesk.core.models import AuditAction, AuditEvent
from clusterdesk.organisations import services
from clusterdesk.organisations.models import Affiliation, Contact, Organisation
from clusterdesk.organisations.tests.factories import (
    ContactFactory,
    MembershipFactory,
    OrganisationFactory,
)

UNKNOWN_UUID = "5f0c2b9e-0000-4000-8000-000000000000"

# The contact list runs this many queries at most, whatever the number of rows it shows.
LIST_QUERY_BOUND = 8


def login_url(next_url: str) -> str:
    return f"{reverse('accounts:login')}?next={quote(next_url)}"


def form_values(response: Any) -> dict[str, str]:
    """What the browser sends back when the user submits the form as the page shows it."""
    form = response.context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        data[name] = "" if value is None else str(value)
    return data


def new_contact_data(organisation: Any, /, **overrides: str) -> dict[str, str]:
    data = {
        "first_name": "Claire",
        "last_name": "Hoffmann",
        "job_title": "Head of R&D",
        "email": "Claire.Hoffmann@Example.lu",
        "phone": "+352 621 123 456",
        "preferred_language": "fr",
        "organisation": str(organisation.uuid),
        "role": "R&D lead",
    }
    data.update(overrides)
    return data


def names(response: Any) -> list[str]:
    return [str(contact) for contact in response.context["page"]]


# --- the list -------------------------------------------------------------------------------


@pytest.fixture
def people(contact_a: Any, contact_b: Any, organisation_a: Any) -> dict[str, Any]:
    """Anne Schmit (CEO, Moselle Brake, AutoMobility), Luc Weber (CTO, Alzette
    Diagnostics, HealthTech), and Marie Klein, German-speaking, linked to no organisation."""
    services.contact_update(
        actor=None, contact=contact_b, data={"preferred_language": "de"}, expected_version=None
    )
    services.contact_update(
        actor=None,
        contact=contact_a,
        data={"job_title": "Chief Executive Officer"},
        expected_version=None,
    )
    return {
        "a": contact_a,
        "b": contact_b,
        "loner": ContactFactory(first_name="Marie", last_name="Klein", preferred_language="de"),
    }


def test_manager_sees_every_contact_of_the_directory(client_for: Any, people: Any) -> None:
    response = client_for("manager_b").get(reverse("organisations:contact-list"))

    assert names(response) == ["Marie Klein", "Anne Schmit", "Luc Weber"]
    assertContains(response, "Schmit, Anne")
    assertContains(response, "anne.schmit@example.lu")
    assertContains(response, "Moselle Brake Technologies S.A.")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "schmit"}, ["Anne Schmit"]),
        ({"q": "luc weber"}, ["Luc Weber"]),
        ({"q": "chief executive"}, ["Anne Schmit"]),
        ({"q": "anne.schmit@"}, ["Anne Schmit"]),
        ({"language": "de"}, ["Marie Klein", "Luc Weber"]),
        ({"cluster": "automobility"}, ["Anne Schmit"]),
        ({"cluster": "healthtech"}, ["Luc Weber"]),
        ({"cluster": "healthtech", "language": "en"}, []),
        ({"sort": "-name"}, ["Luc Weber", "Anne Schmit", "Marie Klein"]),
        ({"organisation": "not-a-uuid"}, ["Marie Klein", "Anne Schmit", "Luc Weber"]),
    ],
)
def test_contact_list_filters_by_url_parameters(
    client_for: Any, people: Any, query: dict[str, str], expected: list[str]
) -> None:
    response = client_for("expert").get(reverse("organisations:contact-list"), query)

    assert response.status_code == 200
    assert names(response) == expected


def test_contact_list_filters_by_organisation(
    client_for: Any, people: Any, organisation_b: Any
) -> None:
    response = client_for("expert").get(
        reverse("organisations:contact-list"), {"organisation": str(organisation_b.uuid)}
    )

    assert names(response) == ["Luc Weber"]
    assertContains(response, f'name="organisation" value="{organisation_b.uuid}"')


def test_htmx_request_targeting_the_results_gets_only_the_contact_table(
    client_for: Any, people: Any
) -> None:
    response = client_for("manager_a").get(
        reverse("organisations:contact-list"),
        {"q": "weber"},
        headers={"HX-Request": "true", "HX-Target": "results"},
    )

    assertContains(response, "Weber, Luc")
    assertNotContains(response, "Schmit")
    assertNotContains(response, "<html")


def test_contact_list_is_paginated(client_for: Any, admin: Any, settings: Any) -> None:
    settings.CLUSTERDESK_PAGE_SIZE = 2
    for last_name in ["Arend", "Becker", "Conter"]:
        ContactFactory(first_name="Jo", last_name=last_name)

    response = client_for("admin").get(reverse("organisations:contact-list"), {"page": 2})

    assert names(response) == ["Jo Conter"]
    assertContains(response, "Page 2 of 2")


def _add_listed_contacts(count: int, organisations: list[Any]) -> None:
    for _number in range(count):
        contact = ContactFactory(organisation=organisations[0], role="Engineer")
        for organisation in organisations[1:]:
            services.affiliation_create(actor=None, contact=contact, organisation=organisation)


def test_contact_list_runs_a_fixed_number_of_queries_whatever_its_size(
    client_for: Any,
    organisation_a: Any,
    organisation_b: Any,
    settings: Any,
    django_assert_max_num_queries: Any,
) -> None:
    settings.CLUSTERDESK_PAGE_SIZE = 100
    client = client_for("manager_a")

    _add_listed_contacts(10, [organisation_a])
    with django_assert_max_num_queries(LIST_QUERY_BOUND):
        small = client.get(reverse("organisations:contact-list"))
    _add_listed_contacts(30, [organisation_b, organisation_a])
    with django_assert_max_num_queries(LIST_QUERY_BOUND):
        large = client.get(reverse("organisations:contact-list"))

    assert len(names(small)) == 10
    assert len(names(large)) == 40
    assertContains(large, ">Alzette Diagnostics S.à r.l.</a>", count=30)


def test_analyst_may_not_open_the_contact_list(client_for: Any, people: Any) -> None:
    response = client_for("analyst").get(reverse("organisations:contact-list"))

    assert response.status_code == 403
    assertNotContains(response, "Schmit", status_code=403)


def test_anonymous_visitor_of_the_contact_list_is_sent_to_sign_in(client_for: Any) -> None:
    url = reverse("organisations:contact-list")

    response = client_for(None).get(url)

    assertRedirects(response, login_url(url))


def test_new_contact_button_shows_only_to_roles_that_may_create(
    client_for: Any, people: Any
) -> None:
    create_url = reverse("organisations:contact-create")

    assertContains(client_for("manager_b").get(reverse("organisations:contact-list")), create_url)
    assertNotContains(client_for("expert").get(reverse("organisations:contact-list")), create_url)


# --- the detail page ----------------------------------------------------------------------


def test_contact_page_shows_details_and_organisations(client_for: Any, contact_a: Any) -> None:
    response = client_for("expert").get(
        reverse("organisations:contact-detail", args=[contact_a.uuid])
    )

    assertContains(response, '<h1 class="h3 mb-1">Anne Schmit</h1>')
    assertContains(response, 'href="mailto:anne.schmit@example.lu"')
    organisation = contact_a.affiliations.get().organisation
    assertContains(response, reverse("organisations:detail", args=[organisation.uuid]))
    assertContains(response, "CEO")
    assertContains(response, '<span class="badge text-bg-warning">main</span>')


def test_manager_of_the_contacts_organisation_gets_edit_controls(
    client_for: Any, contact_a: Any
) -> None:
    response = client_for("manager_a").get(
        reverse("organisations:contact-detail", args=[contact_a.uuid])
    )

    assertContains(response, reverse("organisations:contact-edit", args=[contact_a.uuid]))
    assertContains(response, reverse("organisations:contact-delete", args=[contact_a.uuid]))
    assertContains(response, reverse("organisations:affiliation-create", args=[contact_a.uuid]))


@pytest.mark.parametrize("role", ["expert", "manager_b"])
def test_a_role_that_may_not_change_the_contact_gets_no_edit_controls(
    client_for: Any, contact_a: Any, role: str
) -> None:
    response = client_for(role).get(reverse("organisations:contact-detail", args=[contact_a.uuid]))

    assert response.status_code == 200
    assertNotContains(response, reverse("organisations:contact-edit", args=[contact_a.uuid]))
    assertNotContains(response, reverse("organisations:affiliation-create", args=[contact_a.uuid]))


def test_contact_timeline_shows_an_edit(client_for: Any, contact_a: Any) -> None:
    client = client_for("manager_a")
    url = reverse("organisations:contact-edit", args=[contact_a.uuid])
    data = form_values(client.get(url))
    data["job_title"] = "Chairwoman"
    client.post(url, data)

    response = client.get(reverse("organisations:contact-detail", args=[contact_a.uuid]))

    assertContains(response, "<dt>job title</dt>")
    assertContains(response, '<span class="cd-new">Chairwoman</span>')


# --- who may open what ----------------------------------------------------------------------


def _urls(contact: Any) -> dict[str, str]:
    affiliation = contact.affiliations.get()
    return {
        "contact-detail": reverse("organisations:contact-detail", args=[contact.uuid]),
        "contact-edit": reverse("organisations:contact-edit", args=[contact.uuid]),
        "contact-delete": reverse("organisations:contact-delete", args=[contact.uuid]),
        "affiliation-create": reverse("organisations:affiliation-create", args=[contact.uuid]),
        "affiliation-delete": reverse(
            "organisations:affiliation-delete", args=[contact.uuid, affiliation.pk]
        ),
    }


PAGES = [
    ("contact-detail", "get"),
    ("contact-edit", "get"),
    ("contact-edit", "post"),
    ("contact-delete", "get"),
    ("contact-delete", "post"),
    ("affiliation-create", "post"),
    ("affiliation-delete", "post"),
]


def _request(client: Any, method: str, url: str, contact: Any, organisation: Any) -> Any:
    if method == "get":
        return client.get(url)
    return client.post(
        url,
        {
            "first_name": "Hijacked",
            "last_name": "Name",
            "preferred_language": "en",
            "version": str(contact.version),
            "organisation": str(organisation.uuid),
        },
    )


def _unchanged(contact: Any) -> bool:
    current = Contact.objects.filter(pk=contact.pk).first()
    return (
        current is not None
        and current.first_name == contact.first_name
        and current.version == contact.version
        and Affiliation.objects.filter(contact=contact).count() == 1
    )


@pytest.mark.parametrize(("page", "method"), PAGES)
def test_a_random_uuid_is_not_found_on_every_contact_page(
    client_for: Any, contact_a: Any, organisation_b: Any, page: str, method: str
) -> None:
    args: list[Any] = [uuid.uuid4()]
    if page == "affiliation-delete":
        args.append(contact_a.affiliations.get().pk)

    response = _request(
        client_for("admin"),
        method,
        reverse(f"organisations:{page}", args=args),
        contact_a,
        organisation_b,
    )

    assert response.status_code == 404
    assert _unchanged(contact_a)


def test_an_affiliation_of_another_contact_is_not_found(
    client_for: Any, contact_a: Any, contact_b: Any
) -> None:
    other = contact_b.affiliations.get()

    response = client_for("admin").post(
        reverse("organisations:affiliation-delete", args=[contact_a.uuid, other.pk])
    )

    assert response.status_code == 404
    assert Affiliation.objects.filter(pk=other.pk).exists()


@pytest.mark.parametrize(("page", "method"), PAGES)
def test_analyst_gets_not_found_on_every_contact_page(
    client_for: Any, contact_a: Any, organisation_b: Any, page: str, method: str
) -> None:
    response = _request(
        client_for("analyst"), method, _urls(contact_a)[page], contact_a, organisation_b
    )

    assert response.status_code == 404
    assertNotContains(response, "Schmit", status_code=404)
    assert _unchanged(contact_a)


@pytest.mark.parametrize("role", ["expert", "manager_b"])
@pytest.mark.parametrize(("page", "method"), PAGES[1:])
def test_a_role_that_sees_the_contact_but_may_not_change_it_is_forbidden(
    client_for: Any, contact_a: Any, organisation_b: Any, role: str, page: str, method: str
) -> None:
    response = _request(client_for(role), method, _urls(contact_a)[page], contact_a, organisation_b)

    assert response.status_code == 403
    assert _unchanged(contact_a)


@pytest.mark.parametrize(("page", "method"), PAGES)
def test_anonymous_visitor_of_a_contact_page_is_sent_to_sign_in(
    client_for: Any, contact_a: Any, organisation_b: Any, page: str, method: str
) -> None:
    url = _urls(contact_a)[page]

    response = _request(client_for(None), method, url, contact_a, organisation_b)

    assertRedirects(response, login_url(url), fetch_redirect_response=False)
    assert _unchanged(contact_a)


def test_any_manager_may_edit_a_contact_linked_to_no_organisation(client_for: Any) -> None:
    loner = ContactFactory(first_name="Marie", last_name="Klein")
    client = client_for("manager_b")
    url = reverse("organisations:contact-edit", args=[loner.uuid])
    data = form_values(client.get(url))
    data["phone"] = "+352 26 00 00"

    response = client.post(url, data)

    assert response.status_code == 302
    assert Contact.objects.get(pk=loner.pk).phone == "+352 26 00 00"


def test_manager_may_edit_a_contact_once_they_manage_one_of_their_organisations(
    client_for: Any, contact_a: Any, cluster_b: Any, organisation_a: Any
) -> None:
    url = reverse("organisations:contact-edit", args=[contact_a.uuid])
    assert client_for("manager_b").get(url).status_code == 403

    MembershipFactory(organisation=organisation_a, cluster=cluster_b)

    assert client_for("manager_b").get(url).status_code == 200


# --- create -------------------------------------------------------------------------------


def test_manager_creates_a_contact_at_an_organisation_chosen_by_uuid(
    client_for: Any, organisation_a: Any, manager_a: Any
) -> None:
    client = client_for("manager_a")

    response = client.post(
        reverse("organisations:contact-create"), new_contact_data(organisation_a)
    )

    contact = Contact.objects.get(last_name="Hoffmann")
    assertRedirects(response, reverse("organisations:contact-detail", args=[contact.uuid]))
    assert contact.email == "claire.hoffmann@example.lu"
    affiliation = contact.affiliations.get()
    assert (affiliation.organisation, affiliation.role, affiliation.is_primary) == (
        organisation_a,
        "R&D lead",
        True,
    )
    assert AuditEvent.objects.filter(
        object_id=contact.pk, action=AuditAction.CREATE, actor=manager_a
    ).exists()


def test_new_contact_form_opened_from_an_organisation_preselects_it(
    client_for: Any, organisation_a: Any
) -> None:
    response = client_for("manager_a").get(
        reverse("organisations:contact-create"), {"organisation": str(organisation_a.uuid)}
    )

    assertContains(
        response, f'<option value="{organisation_a.uuid}" selected>Moselle Brake Technologies'
    )


def test_new_contact_form_survives_a_garbled_organisation_parameter(
    client_for: Any, organisation_a: Any
) -> None:
    response = client_for("manager_a").get(
        reverse("organisations:contact-create"), {"organisation": "not-a-uuid"}
    )

    assert response.status_code == 200


@pytest.mark.parametrize(
    ("organisation", "message"),
    [
        (UNKNOWN_UUID, "Select a valid choice. That choice is not one of the available"),
        ("not-a-uuid", "is not a valid UUID."),
        ("", "This field is required."),
    ],
)
def test_a_contact_needs_an_existing_organisation(
    client_for: Any, organisation_a: Any, organisation: str, message: str
) -> None:
    response = client_for("manager_a").post(
        reverse("organisations:contact-create"),
        new_contact_data(organisation_a, organisation=organisation),
    )

    assert response.status_code in {200, 422}
    assert "organisation" in response.context["form"].errors
    assertContains(response, "id_organisation_errors", status_code=response.status_code)
    assertContains(response, message, status_code=response.status_code)
    assertContains(response, 'value="Hoffmann"', status_code=response.status_code)
    assert not Contact.objects.filter(last_name="Hoffmann").exists()


def test_an_invalid_email_is_refused_and_the_chosen_organisation_is_kept(
    client_for: Any, organisation_a: Any
) -> None:
    response = client_for("manager_a").post(
        reverse("organisations:contact-create"),
        new_contact_data(organisation_a, email="claire.at.example"),
    )

    assert response.status_code in {200, 422}
    assert response.context["form"].errors["email"] == ["Enter a valid email address."]
    assertContains(response, 'value="claire.at.example"', status_code=response.status_code)
    assertContains(
        response,
        f'<option value="{organisation_a.uuid}" selected>',
        status_code=response.status_code,
    )
    assert not Contact.objects.filter(last_name="Hoffmann").exists()


@pytest.mark.parametrize("role", ["expert", "analyst"])
def test_a_role_that_may_not_create_contacts_is_forbidden_the_form(
    client_for: Any, organisation_a: Any, role: str
) -> None:
    client = client_for(role)

    assert client.get(reverse("organisations:contact-create")).status_code == 403
    response = client.post(
        reverse("organisations:contact-create"), new_contact_data(organisation_a)
    )
    assert response.status_code == 403
    assert not Contact.objects.exists()


def test_anonymous_visitor_of_the_new_contact_form_is_sent_to_sign_in(
    client_for: Any, organisation_a: Any
) -> None:
    url = reverse("organisations:contact-create")

    response = client_for(None).post(url, new_contact_data(organisation_a))

    assertRedirects(response, login_url(url), fetch_redirect_response=False)
    assert not Contact.objects.exists()


# --- edit ---------------------------------------------------------------------------------


def test_manager_edits_a_contact_of_their_cluster(
    client_for: Any, contact_a: Any, manager_a: Any
) -> None:
    client = client_for("manager_a")
    url = reverse("organisations:contact-edit", args=[contact_a.uuid])
    data = form_values(client.get(url))
    data.update(phone="+352 691 000 111", preferred_language="lb")

    response = client.post(url, data)

    assertRedirects(response, reverse("organisations:contact-detail", args=[contact_a.uuid]))
    contact = Contact.objects.get(pk=contact_a.pk)
    assert (contact.phone, contact.preferred_language) == ("+352 691 000 111", "lb")
    assert contact.version == contact_a.version + 1
    assert AuditEvent.objects.filter(
        object_id=contact.pk, action=AuditAction.UPDATE, actor=manager_a
    ).exists()


def test_a_stale_contact_edit_is_refused_and_keeps_the_other_persons_change(
    client_for: Any, contact_a: Any, admin: Any
) -> None:
    client = client_for("manager_a")
    url = reverse("organisations:contact-edit", args=[contact_a.uuid])
    data = form_values(client.get(url))
    services.contact_update(
        actor=admin,
        contact=contact_a,
        data={"job_title": "Managing director"},
        expected_version=int(data["version"]),
    )
    data["job_title"] = "Founder"

    response = client.post(url, data)

    assertContains(response, "Someone else changed this record", status_code=response.status_code)
    assertContains(response, 'value="Founder"', status_code=response.status_code)
    assert Contact.objects.get(pk=contact_a.pk).job_title == "Managing director"


def test_a_contact_edit_with_a_blank_last_name_is_refused(client_for: Any, contact_a: Any) -> None:
    client = client_for("manager_a")
    url = reverse("organisations:contact-edit", args=[contact_a.uuid])
    data = form_values(client.get(url))
    data.update(last_name="", job_title="Founder")

    response = client.post(url, data)

    assert response.status_code in {200, 422}
    assert response.context["form"].errors["last_name"] == ["This field is required."]
    assertContains(response, 'value="Founder"', status_code=response.status_code)
    unchanged = Contact.objects.get(pk=contact_a.pk)
    assert (unchanged.last_name, unchanged.job_title) == ("Schmit", "")


# --- delete -------------------------------------------------------------------------------


def test_contact_delete_page_asks_for_confirmation(client_for: Any, contact_a: Any) -> None:
    response = client_for("manager_a").get(
        reverse("organisations:contact-delete", args=[contact_a.uuid])
    )

    assertContains(response, "Delete Anne Schmit?")
    assertContains(response, f'name="version" value="{contact_a.version}"')
    assert Contact.objects.filter(pk=contact_a.pk).exists()


def test_manager_deletes_a_contact_and_the_organisation_stays(
    client_for: Any, contact_a: Any, organisation_a: Any, manager_a: Any
) -> None:
    response = client_for("manager_a").post(
        reverse("organisations:contact-delete", args=[contact_a.uuid]),
        {"version": contact_a.version},
        follow=True,
    )

    assertRedirects(response, reverse("organisations:contact-list"))
    assertContains(response, "Anne Schmit was deleted.")
    assert not Contact.objects.filter(pk=contact_a.pk).exists()
    assert Organisation.objects.filter(pk=organisation_a.pk).exists()
    assert AuditEvent.objects.filter(
        object_id=contact_a.pk, action=AuditAction.DELETE, actor=manager_a
    ).exists()


def test_a_stale_contact_delete_is_refused(client_for: Any, contact_a: Any) -> None:
    stale = contact_a.version
    services.contact_update(
        actor=None, contact=contact_a, data={"phone": "+352 1"}, expected_version=stale
    )

    response = client_for("manager_a").post(
        reverse("organisations:contact-delete", args=[contact_a.uuid]), {"version": stale}
    )

    assertContains(response, "Someone else changed this record")
    assert Contact.objects.filter(pk=contact_a.pk).exists()


# --- affiliations ---------------------------------------------------------------------------


def test_manager_links_a_contact_to_another_organisation(
    client_for: Any, contact_a: Any, organisation_b: Any
) -> None:
    response = client_for("manager_a").post(
        reverse("organisations:affiliation-create", args=[contact_a.uuid]),
        {"organisation": str(organisation_b.uuid), "role": "Board member"},
    )

    assertRedirects(response, reverse("organisations:contact-detail", args=[contact_a.uuid]))
    link = Affiliation.objects.get(contact=contact_a, organisation=organisation_b)
    assert (link.role, link.is_primary) == ("Board member", False)


def test_linking_as_main_organisation_moves_the_main_flag(
    client_for: Any, contact_a: Any, organisation_a: Any, organisation_b: Any
) -> None:
    client_for("manager_a").post(
        reverse("organisations:affiliation-create", args=[contact_a.uuid]),
        {"organisation": str(organisation_b.uuid), "is_primary": "on"},
    )

    main = Affiliation.objects.filter(contact=contact_a, is_primary=True)
    assert [link.organisation for link in main] == [organisation_b]


def test_a_duplicate_link_is_refused_with_a_message(
    client_for: Any, contact_a: Any, organisation_a: Any
) -> None:
    response = client_for("manager_a").post(
        reverse("organisations:affiliation-create", args=[contact_a.uuid]),
        {"organisation": str(organisation_a.uuid), "role": "Chair"},
    )

    assert response.status_code == 422
    assertContains(response, "Anne Schmit is already linked to this organisation.", status_code=422)
    assertContains(response, 'value="Chair"', status_code=422)
    assert Affiliation.objects.filter(contact=contact_a).count() == 1
    assert Affiliation.objects.get(contact=contact_a).role == "CEO"


def test_a_link_to_a_missing_organisation_is_refused(client_for: Any, contact_a: Any) -> None:
    response = client_for("manager_a").post(
        reverse("organisations:affiliation-create", args=[contact_a.uuid]),
        {"organisation": str(uuid.uuid4()), "role": "Chair"},
    )

    assert response.status_code == 422
    assertContains(response, "id_organisation_errors", status_code=422)
    assert Affiliation.objects.filter(contact=contact_a).count() == 1


def test_manager_removes_a_link_and_the_remaining_one_becomes_main(
    client_for: Any, contact_a: Any, organisation_a: Any, organisation_b: Any
) -> None:
    services.affiliation_create(actor=None, contact=contact_a, organisation=organisation_b)
    main = Affiliation.objects.get(contact=contact_a, organisation=organisation_a)

    response = client_for("manager_a").post(
        reverse("organisations:affiliation-delete", args=[contact_a.uuid, main.pk]), follow=True
    )

    assertRedirects(response, reverse("organisations:contact-detail", args=[contact_a.uuid]))
    assertContains(response, "Link with Moselle Brake Technologies S.A. removed.")
    remaining = Affiliation.objects.get(contact=contact_a)
    assert (remaining.organisation, remaining.is_primary) == (organisation_b, True)


def test_removing_a_link_is_post_only(client_for: Any, contact_a: Any) -> None:
    link = contact_a.affiliations.get()

    response = client_for("manager_a").get(
        reverse("organisations:affiliation-delete", args=[contact_a.uuid, link.pk])
    )

    assert response.status_code == 405
    assert Affiliation.objects.filter(pk=link.pk).exists()


# --- the permission matrix of the contact pages ---------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("admin", 200),
        ("manager_a", 200),
        ("manager_b", 403),
        ("expert", 403),
        ("analyst", 404),
    ],
)
def test_contact_edit_page_answers_each_role(
    client_for: Any, contact_a: Any, role: str, status: int
) -> None:
    response = client_for(role).get(reverse("organisations:contact-edit", args=[contact_a.uuid]))

    assert response.status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [("admin", 200), ("manager_a", 200), ("manager_b", 200), ("expert", 200), ("analyst", 404)],
)
def test_contact_page_answers_each_role(
    client_for: Any, contact_a: Any, role: str, status: int
) -> None:
    response = client_for(role).get(reverse("organisations:contact-detail", args=[contact_a.uuid]))

    assert response.status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [("admin", 200), ("manager_a", 200), ("manager_b", 200), ("expert", 200), ("analyst", 403)],
)
def test_contact_list_answers_each_role(
    client_for: Any, contact_a: Any, role: str, status: int
) -> None:
    response = client_for(role).get(reverse("organisations:contact-list"))

    assert response.status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [("admin", 200), ("manager_a", 200), ("manager_b", 200), ("expert", 403), ("analyst", 403)],
)
def test_new_contact_form_answers_each_role(client_for: Any, role: str, status: int) -> None:
    response = client_for(role).get(reverse("organisations:contact-create"))

    assert response.status_code == status


def test_a_manager_may_link_a_new_contact_to_another_clusters_organisation(
    client_for: Any, organisation_b: Any
) -> None:
    response = client_for("manager_a").post(
        reverse("organisations:contact-create"), new_contact_data(organisation_b)
    )

    assert response.status_code == 302
    assert Contact.objects.get(last_name="Hoffmann").affiliations.get().organisation == (
        organisation_b
    )


def test_organisation_without_contacts_shows_an_empty_list(client_for: Any) -> None:
    organisation = OrganisationFactory(legal_name="Empty S.A.")

    response = client_for("expert").get(reverse("organisations:detail", args=[organisation.uuid]))

    assertContains(response, "No contacts yet.")
