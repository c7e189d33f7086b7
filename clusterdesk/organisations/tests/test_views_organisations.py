"""The organisation and membership pages, as each member of the cast uses them.

Rules under test: a missing record, or one the role may not see, is a 404; a record the
role sees but may not change is a 403; a list or form the role may not open is a 403;
anonymous visitors are sent to the sign-in page. Refused input re-renders the form with
the error and the user's input, and saves nothing.
"""

from __future__ import annotations

import datetime
import re
import uuid
from typing import Any
from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from clusterdesk.core.models import AuditAction, AuditEvent
from clusterdesk.organisations import services
from clusterdesk.organisations.models import (
    Affiliation,
    Contact,
    Membership,
    NaceActivity,
    Organisation,
)
from clusterdesk.organisations.tests.factories import (
    ClusterFactory,
    MembershipFactory,
    OrganisationFactory,
)

# The list page runs this many queries at most, whatever the number of rows it shows.
LIST_QUERY_BOUND = 12


def login_url(next_url: str) -> str:
    return f"{reverse('accounts:login')}?next={quote(next_url)}"


def form_values(response: Any) -> dict[str, Any]:
    """What the browser sends back when the user submits the form as the page shows it."""
    form = response.context["form"]
    data: dict[str, Any] = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            continue
        data[name] = "" if value is None else str(value)
    return data


def new_organisation_data(**overrides: str) -> dict[str, str]:
    data = {
        "legal_name": "Kirchberg Robotics S.A.",
        "trade_name": "KiRo",
        "kind": "company",
        "status": "prospect",
        "owner": "",
        "register_number": "B300003",
        "vat_number": "LU30000300",
        "headcount": "12",
        "turnover": "1500000",
        "balance_sheet_total": "",
        "founding_year": "2015",
        "street": "12, rue Alphonse Weicker",
        "postcode": "L-2721",
        "commune": "Luxembourg",
        "country": "LU",
        "website": "https://kiro.example.lu",
        "description": "Industrial robot cells.",
        "nace_codes": "29.32, 62.01",
        "tag_names": "industry 4.0",
    }
    data.update(overrides)
    return data


def legal_names(response: Any) -> list[str]:
    return [organisation.legal_name for organisation in response.context["page"]]


def timeline_changes(response: Any) -> dict[str, tuple[str, str]]:
    """`{field label: (old, new)}` of the latest change shown on the page's timeline."""
    html = response.content.decode()
    latest = re.search(r'<dl class="cd-changes[^"]*">(.*?)</dl>', html, re.S)
    assert latest is not None, "no change listed on the timeline"
    changes = {}
    for label, value in re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", latest.group(1), re.S):
        old = re.search(r'class="cd-old">(.*?)</span>', value, re.S)
        new = re.search(r'class="cd-new">(.*?)</span>', value, re.S)
        changes[label.strip()] = (old.group(1) if old else "", new.group(1) if new else "")
    return changes


def nace(*codes: str) -> list[NaceActivity]:
    return list(NaceActivity.objects.filter(code__in=codes).order_by("code"))


# --- the list -------------------------------------------------------------------------------


@pytest.fixture
def directory(organisation_a: Any, organisation_b: Any, manager_a: Any) -> dict[str, Any]:
    """Organisations that differ by one filter each.

    - Moselle Brake Technologies: AutoMobility member, small (25 staff), NACE 29.32 (C);
    - Alzette Diagnostics: HealthTech member, small, NACE 62.01 (J), tagged "Key member";
    - Esch Microfab: micro (4 staff), prospect, owned by manager_a;
    - Nordstad Partners: size unknown, partner, based in Ettelbruck.
    """
    services.organisation_update(
        actor=None,
        organisation=organisation_a,
        data={"nace_activities": nace("29.32")},
        expected_version=None,
    )
    services.organisation_update(
        actor=None,
        organisation=organisation_b,
        data={"nace_activities": nace("62.01"), "tags": ["Key member"]},
        expected_version=None,
    )
    return {
        "a": organisation_a,
        "b": organisation_b,
        "micro": OrganisationFactory(
            legal_name="Esch Microfab S.à r.l.", headcount=4, owner=manager_a, commune="Esch"
        ),
        "unknown": OrganisationFactory(
            legal_name="Nordstad Partners", headcount=None, status="partner", commune="Ettelbruck"
        ),
    }


def test_manager_sees_every_organisation_of_the_directory(client_for: Any, directory: Any) -> None:
    response = client_for("manager_b").get(reverse("organisations:list"))

    assertContains(response, "Moselle Brake Technologies S.A.")
    assertContains(response, "Alzette Diagnostics S.à r.l.")
    assert legal_names(response) == [
        "Alzette Diagnostics S.à r.l.",
        "Esch Microfab S.à r.l.",
        "Moselle Brake Technologies S.A.",
        "Nordstad Partners",
    ]


def test_organisation_list_shows_the_clusters_of_each_organisation(
    client_for: Any, directory: Any
) -> None:
    response = client_for("expert").get(reverse("organisations:list"))

    assertContains(response, 'cd-colour-blue">AutoMobility</span>')
    assertContains(response, 'cd-colour-red">HealthTech</span>')


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"cluster": "automobility"}, ["Moselle Brake Technologies S.A."]),
        ({"cluster": "healthtech"}, ["Alzette Diagnostics S.à r.l."]),
        ({"size": "micro"}, ["Esch Microfab S.à r.l."]),
        ({"size": "small"}, ["Alzette Diagnostics S.à r.l.", "Moselle Brake Technologies S.A."]),
        ({"size": "unknown"}, ["Nordstad Partners"]),
        ({"section": "C"}, ["Moselle Brake Technologies S.A."]),
        ({"section": "J"}, ["Alzette Diagnostics S.à r.l."]),
        ({"status": "partner"}, ["Nordstad Partners"]),
        ({"status": "member"}, ["Alzette Diagnostics S.à r.l.", "Moselle Brake Technologies S.A."]),
        ({"tag": "key-member"}, ["Alzette Diagnostics S.à r.l."]),
        ({"owner": "me"}, ["Esch Microfab S.à r.l."]),
        ({"q": "alzette"}, ["Alzette Diagnostics S.à r.l."]),
        ({"q": "B100001"}, ["Moselle Brake Technologies S.A."]),
        ({"q": "ettelbruck"}, ["Nordstad Partners"]),
        ({"q": "moselle brake"}, ["Moselle Brake Technologies S.A."]),
        ({"q": "nothing-like-this"}, []),
        ({"cluster": "automobility", "size": "micro"}, []),
    ],
)
def test_organisation_list_filters_by_url_parameters(
    client_for: Any, directory: Any, query: dict[str, str], expected: list[str]
) -> None:
    response = client_for("manager_a").get(reverse("organisations:list"), query)

    assert response.status_code == 200
    assert legal_names(response) == expected


def test_cluster_filter_lists_current_members_only(
    client_for: Any, directory: Any, cluster_a: Any
) -> None:
    left = MembershipFactory(
        organisation=directory["unknown"],
        cluster=cluster_a,
        since=datetime.date(2019, 1, 1),
        until=datetime.date(2020, 12, 31),
    )

    response = client_for("manager_a").get(
        reverse("organisations:list"), {"cluster": "automobility"}
    )

    assert legal_names(response) == ["Moselle Brake Technologies S.A."]
    assert Membership.objects.filter(pk=left.pk).exists()


def test_filter_values_stay_selected_in_the_filter_form(client_for: Any, directory: Any) -> None:
    response = client_for("manager_a").get(
        reverse("organisations:list"), {"cluster": "automobility", "q": "moselle"}
    )

    assertContains(response, '<option value="automobility" selected>AutoMobility</option>')
    assertContains(response, 'name="q" id="id_q" value="moselle"')


def test_an_unknown_filter_value_is_ignored_not_an_error(client_for: Any, directory: Any) -> None:
    response = client_for("manager_a").get(
        reverse("organisations:list"), {"size": "gigantic", "sort": "nonsense"}
    )

    assert response.status_code == 200
    assert len(legal_names(response)) == 4


def test_owner_me_lists_nothing_for_a_user_who_owns_nothing(
    client_for: Any, directory: Any
) -> None:
    response = client_for("expert").get(reverse("organisations:list"), {"owner": "me"})

    assert legal_names(response) == []
    assertContains(response, "No organisation matches these filters.")


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        (
            "name",
            [
                "Alzette Diagnostics S.à r.l.",
                "Esch Microfab S.à r.l.",
                "Moselle Brake Technologies S.A.",
                "Nordstad Partners",
            ],
        ),
        (
            "-name",
            [
                "Nordstad Partners",
                "Moselle Brake Technologies S.A.",
                "Esch Microfab S.à r.l.",
                "Alzette Diagnostics S.à r.l.",
            ],
        ),
        (
            "size",
            [
                "Esch Microfab S.à r.l.",
                "Alzette Diagnostics S.à r.l.",
                "Moselle Brake Technologies S.A.",
                "Nordstad Partners",
            ],
        ),
        (
            "commune",
            [
                "Esch Microfab S.à r.l.",
                "Nordstad Partners",
                "Alzette Diagnostics S.à r.l.",
                "Moselle Brake Technologies S.A.",
            ],
        ),
    ],
)
def test_organisation_list_sorts_by_the_chosen_column(
    client_for: Any, directory: Any, sort: str, expected: list[str]
) -> None:
    response = client_for("manager_a").get(reverse("organisations:list"), {"sort": sort})

    assert legal_names(response) == expected


def test_sort_header_links_to_the_reverse_order_of_the_current_sort(
    client_for: Any, directory: Any
) -> None:
    response = client_for("manager_a").get(
        reverse("organisations:list"), {"sort": "name", "status": "member"}
    )

    assertContains(response, 'href="?sort=-name&amp;status=member"')


def test_organisation_list_is_paginated(client_for: Any, admin: Any, settings: Any) -> None:
    settings.CLUSTERDESK_PAGE_SIZE = 5
    for number in range(12):
        OrganisationFactory(legal_name=f"Paged {number:02d} S.A.")
    client = client_for("admin")

    first = client.get(reverse("organisations:list"))
    third = client.get(reverse("organisations:list"), {"page": 3})
    beyond = client.get(reverse("organisations:list"), {"page": 99})

    assert legal_names(first) == [f"Paged {number:02d} S.A." for number in range(5)]
    assertContains(first, "Page 1 of 3")
    assertContains(first, 'href="?page=2" rel="next"')
    assert legal_names(third) == ["Paged 10 S.A.", "Paged 11 S.A."]
    assertContains(third, "11\N{EN DASH}12 of 12")
    assert legal_names(beyond) == legal_names(third)


def test_pagination_links_keep_the_filters(client_for: Any, admin: Any, settings: Any) -> None:
    settings.CLUSTERDESK_PAGE_SIZE = 2
    for number in range(3):
        OrganisationFactory(legal_name=f"Filtered {number} S.A.", status="partner")
    OrganisationFactory(legal_name="Unrelated S.A.")

    response = client_for("admin").get(reverse("organisations:list"), {"status": "partner"})

    assertContains(response, 'href="?status=partner&amp;page=2" rel="next"')


def test_htmx_request_targeting_the_results_gets_only_the_results_table(
    client_for: Any, directory: Any
) -> None:
    response = client_for("manager_a").get(
        reverse("organisations:list"),
        {"cluster": "automobility"},
        headers={"HX-Request": "true", "HX-Target": "results"},
    )

    assertContains(response, "Moselle Brake Technologies S.A.")
    assertNotContains(response, "Alzette Diagnostics")
    assertContains(response, "<table")
    assertNotContains(response, "<html")
    assertNotContains(response, 'class="card card-body cd-filters')


def test_htmx_request_for_another_target_gets_the_whole_page(
    client_for: Any, directory: Any
) -> None:
    response = client_for("manager_a").get(
        reverse("organisations:list"), headers={"HX-Request": "true", "HX-Target": "main"}
    )

    assertContains(response, "<html")
    assertContains(response, "cd-filters")


def _add_listed_organisations(count: int, clusters: list[Any]) -> None:
    activities = nace("29.32", "62.01")
    for number in range(count):
        organisation = OrganisationFactory(
            nace_activities=activities, tags=["Key member", f"Tag {number}"]
        )
        for cluster in clusters:
            MembershipFactory(organisation=organisation, cluster=cluster)


def test_organisation_list_runs_a_fixed_number_of_queries_whatever_its_size(
    client_for: Any,
    cluster_a: Any,
    cluster_b: Any,
    settings: Any,
    django_assert_max_num_queries: Any,
) -> None:
    settings.CLUSTERDESK_PAGE_SIZE = 100
    client = client_for("manager_a")

    _add_listed_organisations(10, [cluster_a])
    with django_assert_max_num_queries(LIST_QUERY_BOUND):
        small = client.get(reverse("organisations:list"))
    _add_listed_organisations(30, [cluster_a, cluster_b])
    with django_assert_max_num_queries(LIST_QUERY_BOUND):
        large = client.get(reverse("organisations:list"))

    assert len(legal_names(small)) == 10
    assert len(legal_names(large)) == 40
    assertContains(large, 'cd-colour-red">HealthTech</span>', count=30)


def test_analyst_may_not_open_the_organisation_list(client_for: Any, directory: Any) -> None:
    response = client_for("analyst").get(reverse("organisations:list"))

    assert response.status_code == 403
    assertNotContains(response, "Moselle", status_code=403)


def test_anonymous_visitor_of_the_organisation_list_is_sent_to_sign_in(client_for: Any) -> None:
    url = reverse("organisations:list") + "?cluster=automobility"

    response = client_for(None).get(url)

    assertRedirects(response, login_url(url))


def test_create_button_shows_only_to_roles_that_may_create(client_for: Any, directory: Any) -> None:
    create_url = reverse("organisations:create")

    assertContains(client_for("manager_a").get(reverse("organisations:list")), create_url)
    assertNotContains(client_for("expert").get(reverse("organisations:list")), create_url)


# --- the detail page ----------------------------------------------------------------------


def test_organisation_page_shows_its_contacts_and_memberships(
    client_for: Any, organisation_a: Any, contact_a: Any
) -> None:
    response = client_for("expert").get(reverse("organisations:detail", args=[organisation_a.uuid]))

    assertContains(response, '<h1 class="h3 mb-1">Moselle Brake Technologies S.A.</h1>')
    assertContains(response, reverse("organisations:contact-detail", args=[contact_a.uuid]))
    assertContains(response, "Anne Schmit")
    assertContains(response, "CEO")
    assertContains(response, 'cd-colour-blue">AutoMobility</span>')
    assertContains(response, "B100001")


def test_manager_of_the_cluster_gets_edit_delete_and_membership_controls(
    client_for: Any, organisation_a: Any
) -> None:
    membership = organisation_a.memberships.get()

    response = client_for("manager_a").get(
        reverse("organisations:detail", args=[organisation_a.uuid])
    )

    assertContains(response, reverse("organisations:edit", args=[organisation_a.uuid]))
    assertContains(response, reverse("organisations:delete", args=[organisation_a.uuid]))
    assertContains(response, reverse("organisations:membership-edit", args=[membership.uuid]))
    assertContains(response, reverse("organisations:membership-create", args=[organisation_a.uuid]))


def test_expert_gets_no_edit_controls_on_an_organisation_page(
    client_for: Any, organisation_a: Any
) -> None:
    membership = organisation_a.memberships.get()

    response = client_for("expert").get(reverse("organisations:detail", args=[organisation_a.uuid]))

    assertNotContains(response, reverse("organisations:edit", args=[organisation_a.uuid]))
    assertNotContains(response, reverse("organisations:delete", args=[organisation_a.uuid]))
    assertNotContains(response, reverse("organisations:membership-edit", args=[membership.uuid]))
    assertNotContains(
        response, reverse("organisations:membership-create", args=[organisation_a.uuid])
    )


def test_manager_of_another_cluster_may_only_add_a_membership_of_their_own_cluster(
    client_for: Any, organisation_a: Any, cluster_b: Any
) -> None:
    membership = organisation_a.memberships.get()

    response = client_for("manager_b").get(
        reverse("organisations:detail", args=[organisation_a.uuid])
    )

    assertNotContains(response, reverse("organisations:edit", args=[organisation_a.uuid]))
    assertNotContains(response, reverse("organisations:membership-edit", args=[membership.uuid]))
    cluster_field = response.context["membership_form"].fields["cluster"]
    assert list(cluster_field.queryset) == [cluster_b]


def test_timeline_shows_old_and_new_values_after_an_edit(
    client_for: Any, organisation_a: Any
) -> None:
    client = client_for("manager_a")
    edit_url = reverse("organisations:edit", args=[organisation_a.uuid])
    data = form_values(client.get(edit_url))
    data.update(commune="Esch-sur-Alzette", headcount="60")
    client.post(edit_url, data)

    response = client.get(reverse("organisations:detail", args=[organisation_a.uuid]))

    assertContains(response, "<strong>manager_a</strong>")
    changes = timeline_changes(response)
    assert changes["commune"] == ("Luxembourg", "Esch-sur-Alzette")
    assert changes["headcount"] == ("25", "60")
    assert changes["size class"] == ("Small", "Medium")


def test_htmx_asking_for_older_timeline_entries_gets_only_the_timeline(
    client_for: Any, organisation_a: Any
) -> None:
    response = client_for("expert").get(
        reverse("organisations:detail", args=[organisation_a.uuid]),
        {"timeline_page": 1},
        headers={"HX-Request": "true"},
    )

    assertContains(response, "cd-timeline-item")
    assertNotContains(response, "<html")
    assertNotContains(response, "Cluster memberships")


def test_missing_organisation_is_not_found(client_for: Any, organisation_a: Any) -> None:
    response = client_for("admin").get(reverse("organisations:detail", args=[uuid.uuid4()]))

    assert response.status_code == 404
    assertContains(response, "Page not found", status_code=404)


def test_analyst_may_not_see_an_organisation(client_for: Any, organisation_a: Any) -> None:
    response = client_for("analyst").get(
        reverse("organisations:detail", args=[organisation_a.uuid])
    )

    assert response.status_code == 404
    assertNotContains(response, "Moselle", status_code=404)


# --- who may open what: 404, 403, redirect to sign-in ----------------------------------------


def _urls(organisation: Any) -> dict[str, str]:
    membership = organisation.memberships.get()
    return {
        "detail": reverse("organisations:detail", args=[organisation.uuid]),
        "edit": reverse("organisations:edit", args=[organisation.uuid]),
        "delete": reverse("organisations:delete", args=[organisation.uuid]),
        "membership-create": reverse("organisations:membership-create", args=[organisation.uuid]),
        "membership-edit": reverse("organisations:membership-edit", args=[membership.uuid]),
        "membership-delete": reverse("organisations:membership-delete", args=[membership.uuid]),
    }


PAGES = [
    ("detail", "get"),
    ("edit", "get"),
    ("edit", "post"),
    ("delete", "get"),
    ("delete", "post"),
    ("membership-create", "post"),
    ("membership-edit", "get"),
    ("membership-edit", "post"),
    ("membership-delete", "post"),
]


@pytest.mark.parametrize(("page", "method"), PAGES)
def test_a_random_uuid_is_not_found_on_every_organisation_page(
    client_for: Any, organisation_a: Any, page: str, method: str
) -> None:
    url = reverse(f"organisations:{page}", args=[uuid.uuid4()])

    response = getattr(client_for("admin"), method)(url)

    assert response.status_code == 404


@pytest.mark.parametrize(("page", "method"), PAGES)
def test_analyst_gets_not_found_on_every_organisation_page(
    client_for: Any, organisation_a: Any, page: str, method: str
) -> None:
    url = _urls(organisation_a)[page]

    response = getattr(client_for("analyst"), method)(url, {"version": "99"})

    assert response.status_code == 404
    assert Organisation.objects.filter(pk=organisation_a.pk).exists()
    assert Membership.objects.filter(organisation=organisation_a).count() == 1


@pytest.mark.parametrize(
    ("role", "page", "method"),
    [
        ("expert", "edit", "get"),
        ("expert", "edit", "post"),
        ("expert", "delete", "get"),
        ("expert", "delete", "post"),
        ("expert", "membership-create", "post"),
        ("expert", "membership-edit", "get"),
        ("expert", "membership-edit", "post"),
        ("expert", "membership-delete", "post"),
        ("manager_b", "edit", "get"),
        ("manager_b", "edit", "post"),
        ("manager_b", "delete", "get"),
        ("manager_b", "delete", "post"),
        ("manager_b", "membership-edit", "get"),
        ("manager_b", "membership-edit", "post"),
        ("manager_b", "membership-delete", "post"),
    ],
)
def test_a_role_that_sees_the_organisation_but_may_not_change_it_is_forbidden(
    client_for: Any, organisation_a: Any, role: str, page: str, method: str
) -> None:
    before = Organisation.objects.get(pk=organisation_a.pk)
    membership = organisation_a.memberships.get()

    response = getattr(client_for(role), method)(
        _urls(organisation_a)[page],
        {"legal_name": "Hijacked", "version": str(before.version), "until": "2030-01-01"},
    )

    assert response.status_code == 403
    assertContains(response, "You may not do this", status_code=403)
    after = Organisation.objects.get(pk=organisation_a.pk)
    assert (after.legal_name, after.version) == (before.legal_name, before.version)
    assert Membership.objects.get(pk=membership.pk).until is None


@pytest.mark.parametrize(("page", "method"), PAGES)
def test_anonymous_visitor_of_an_organisation_page_is_sent_to_sign_in(
    client_for: Any, organisation_a: Any, page: str, method: str
) -> None:
    url = _urls(organisation_a)[page]
    client = client_for(None)

    response = client.get(url) if method == "get" else client.post(url, {"version": "2"})

    assertRedirects(response, login_url(url), fetch_redirect_response=False)
    assert Organisation.objects.filter(pk=organisation_a.pk).exists()


@pytest.mark.parametrize("page", ["create", "pick", "nace-lookup"])
def test_anonymous_visitor_of_the_organisation_tools_is_sent_to_sign_in(
    client_for: Any, page: str
) -> None:
    url = reverse(f"organisations:{page}")

    response = client_for(None).get(url)

    assertRedirects(response, login_url(url), fetch_redirect_response=False)


# --- create -------------------------------------------------------------------------------


def test_manager_creates_an_organisation(client_for: Any, manager_a: Any) -> None:
    client = client_for("manager_a")
    assert client.get(reverse("organisations:create")).status_code == 200

    response = client.post(reverse("organisations:create"), new_organisation_data())

    organisation = Organisation.objects.get(legal_name="Kirchberg Robotics S.A.")
    assertRedirects(response, reverse("organisations:detail", args=[organisation.uuid]))
    assert organisation.register_number == "B300003"
    assert organisation.size_class == "small"
    assert [a.code for a in organisation.nace_activities.order_by("code")] == ["29.32", "62.01"]
    assert [tag.name for tag in organisation.tags.all()] == ["industry 4.0"]
    event = AuditEvent.objects.get(object_id=organisation.pk, action=AuditAction.CREATE)
    assert event.actor == manager_a
    assert event.changes["legal_name"] == [None, "Kirchberg Robotics S.A."]


def test_the_new_organisation_form_proposes_the_creator_as_owner(
    client_for: Any, manager_a: Any
) -> None:
    response = client_for("manager_a").get(reverse("organisations:create"))

    assert response.context["form"]["owner"].value() == manager_a.pk


def test_creation_success_message_shows_on_the_new_organisation_page(client_for: Any) -> None:
    response = client_for("admin").post(
        reverse("organisations:create"), new_organisation_data(), follow=True
    )

    assertContains(response, "Organisation created.")


@pytest.mark.parametrize("role", ["expert", "analyst"])
def test_a_role_that_may_not_create_organisations_is_forbidden_the_form(
    client_for: Any, role: str
) -> None:
    client = client_for(role)

    assert client.get(reverse("organisations:create")).status_code == 403
    assert client.post(reverse("organisations:create"), new_organisation_data()).status_code == 403
    assert not Organisation.objects.exists()


def test_a_negative_headcount_is_refused_on_the_headcount_field(client_for: Any) -> None:
    response = client_for("manager_a").post(
        reverse("organisations:create"), new_organisation_data(headcount="-3")
    )

    assert response.status_code in {200, 422}
    assert "headcount" in response.context["form"].errors
    assertContains(
        response,
        '<div class="invalid-feedback d-block" id="id_headcount_errors">'
        "Ensure this value is greater than or equal to 0.</div>",
        status_code=response.status_code,
    )
    assertContains(response, 'value="-3"', status_code=response.status_code)
    assertContains(response, 'value="Kirchberg Robotics S.A."', status_code=response.status_code)
    assert not Organisation.objects.exists()


def test_an_unknown_nace_code_is_refused_naming_the_code(client_for: Any) -> None:
    response = client_for("manager_a").post(
        reverse("organisations:create"), new_organisation_data(nace_codes="29.32, 99.99")
    )

    assert response.status_code in {200, 422}
    assert response.context["form"].errors["nace_codes"] == [
        "Unknown NACE Rev. 2 code: 99.99. Use division, group or class codes."
    ]
    assertContains(response, "id_nace_codes_errors", status_code=response.status_code)
    assertContains(response, 'value="29.32, 99.99"', status_code=response.status_code)
    assert not Organisation.objects.exists()


def test_a_founding_year_in_the_future_is_refused(client_for: Any) -> None:
    next_year = str(timezone.localdate().year + 1)

    response = client_for("manager_a").post(
        reverse("organisations:create"), new_organisation_data(founding_year=next_year)
    )

    assertContains(response, "The founding year cannot be in the future.")
    assert not Organisation.objects.exists()


def test_a_register_number_already_used_warns_of_a_duplicate_and_saves_nothing(
    client_for: Any, organisation_a: Any
) -> None:
    response = client_for("manager_a").post(
        reverse("organisations:create"), new_organisation_data(register_number="b 100 001")
    )

    assert response.status_code in {200, 422}
    assertContains(
        response,
        "This looks like an organisation we already have",
        status_code=response.status_code,
    )
    assertContains(
        response,
        f'href="{reverse("organisations:detail", args=[organisation_a.uuid])}"',
        status_code=response.status_code,
    )
    assertContains(
        response,
        "Already used by Moselle Brake Technologies S.A.: likely the same organisation.",
        status_code=response.status_code,
    )
    assertContains(response, 'name="confirm_distinct"', status_code=response.status_code)
    assertContains(response, 'value="b 100 001"', status_code=response.status_code)
    assert list(Organisation.objects.values_list("legal_name", flat=True)) == [
        "Moselle Brake Technologies S.A."
    ]


def test_a_duplicate_register_number_saves_when_confirmed_distinct(
    client_for: Any, organisation_a: Any
) -> None:
    data = new_organisation_data(register_number="B100001", confirm_distinct="on")

    response = client_for("manager_a").post(reverse("organisations:create"), data)

    created = Organisation.objects.get(legal_name="Kirchberg Robotics S.A.")
    assertRedirects(response, reverse("organisations:detail", args=[created.uuid]))
    assert Organisation.objects.filter(register_number="B100001").count() == 2


def test_a_vat_number_already_used_warns_of_a_duplicate(
    client_for: Any, organisation_a: Any
) -> None:
    services.organisation_update(
        actor=None,
        organisation=organisation_a,
        data={"vat_number": "LU11112222"},
        expected_version=None,
    )

    response = client_for("admin").post(
        reverse("organisations:create"),
        new_organisation_data(register_number="", vat_number="lu 1111 2222"),
    )

    assertContains(
        response,
        "Already used by Moselle Brake Technologies S.A.",
        status_code=response.status_code,
    )
    assert Organisation.objects.count() == 1


# --- edit ---------------------------------------------------------------------------------


def test_manager_of_the_cluster_edits_the_organisation(
    client_for: Any, organisation_a: Any, manager_a: Any
) -> None:
    client = client_for("manager_a")
    url = reverse("organisations:edit", args=[organisation_a.uuid])
    data = form_values(client.get(url))
    data.update(trade_name="MoBraTec", nace_codes="29.32", tag_names="brakes, key member")

    response = client.post(url, data)

    assertRedirects(response, reverse("organisations:detail", args=[organisation_a.uuid]))
    organisation = Organisation.objects.get(pk=organisation_a.pk)
    assert organisation.trade_name == "MoBraTec"
    assert organisation.version == organisation_a.version + 1
    assert sorted(tag.name for tag in organisation.tags.all()) == ["brakes", "key member"]
    event = AuditEvent.objects.filter(object_id=organisation.pk, action=AuditAction.UPDATE).latest(
        "id"
    )
    assert event.actor == manager_a
    assert event.changes["trade_name"] == ["", "MoBraTec"]


def test_edit_form_opens_with_the_current_values(client_for: Any, organisation_a: Any) -> None:
    services.organisation_update(
        actor=None,
        organisation=organisation_a,
        data={"nace_activities": nace("29.32", "25.62"), "tags": ["Key member"]},
        expected_version=None,
    )
    current = Organisation.objects.get(pk=organisation_a.pk)

    response = client_for("manager_a").get(
        reverse("organisations:edit", args=[organisation_a.uuid])
    )

    assertContains(response, 'value="Moselle Brake Technologies S.A."')
    assertContains(response, 'value="25.62, 29.32"')
    assertContains(response, 'value="Key member"')
    assertContains(response, f'name="version" value="{current.version}"')


def test_manager_may_edit_an_organisation_they_own_outside_their_clusters(
    client_for: Any, organisation_a: Any, manager_b: Any
) -> None:
    services.organisation_update(
        actor=None, organisation=organisation_a, data={"owner": manager_b}, expected_version=None
    )
    client = client_for("manager_b")
    url = reverse("organisations:edit", args=[organisation_a.uuid])
    data = form_values(client.get(url))
    data["description"] = "Owned by manager B."

    response = client.post(url, data)

    assert response.status_code == 302
    assert Organisation.objects.get(pk=organisation_a.pk).description == "Owned by manager B."


def test_a_stale_version_is_refused_and_keeps_the_other_persons_change(
    client_for: Any, organisation_a: Any, admin: Any
) -> None:
    client = client_for("manager_a")
    url = reverse("organisations:edit", args=[organisation_a.uuid])
    data = form_values(client.get(url))
    # Meanwhile, the admin saves a change of their own.
    services.organisation_update(
        actor=admin,
        organisation=organisation_a,
        data={"commune": "Differdange"},
        expected_version=int(data["version"]),
    )
    data["commune"] = "Bettembourg"

    response = client.post(url, data)

    assert response.status_code in {200, 409, 422}
    assertContains(response, "Someone else changed this record", status_code=response.status_code)
    assertContains(response, 'value="Bettembourg"', status_code=response.status_code)
    assert Organisation.objects.get(pk=organisation_a.pk).commune == "Differdange"


def test_an_edit_without_a_version_cannot_overwrite(client_for: Any, organisation_a: Any) -> None:
    client = client_for("manager_a")
    url = reverse("organisations:edit", args=[organisation_a.uuid])
    data = form_values(client.get(url))
    data.update(version="", commune="Bettembourg")

    response = client.post(url, data)

    assertContains(response, "Someone else changed this record", status_code=response.status_code)
    assert Organisation.objects.get(pk=organisation_a.pk).commune == "Luxembourg"


def test_an_edit_with_a_blank_legal_name_is_refused_and_saves_nothing(
    client_for: Any, organisation_a: Any
) -> None:
    client = client_for("manager_a")
    url = reverse("organisations:edit", args=[organisation_a.uuid])
    data = form_values(client.get(url))
    data.update(legal_name="", commune="Bettembourg")

    response = client.post(url, data)

    assert response.status_code in {200, 422}
    assert response.context["form"].errors["legal_name"] == ["This field is required."]
    assertContains(response, "id_legal_name_errors", status_code=response.status_code)
    assertContains(response, 'value="Bettembourg"', status_code=response.status_code)
    unchanged = Organisation.objects.get(pk=organisation_a.pk)
    assert (unchanged.legal_name, unchanged.commune, unchanged.version) == (
        "Moselle Brake Technologies S.A.",
        "Luxembourg",
        organisation_a.version,
    )


def test_an_edit_taking_another_organisations_register_number_is_refused(
    client_for: Any, organisation_a: Any, organisation_b: Any
) -> None:
    client = client_for("manager_a")
    url = reverse("organisations:edit", args=[organisation_a.uuid])
    data = form_values(client.get(url))
    data["register_number"] = "B200002"

    response = client.post(url, data)

    assertContains(
        response, "Already used by Alzette Diagnostics S.à r.l.", status_code=response.status_code
    )
    assertContains(
        response,
        reverse("organisations:detail", args=[organisation_b.uuid]),
        status_code=response.status_code,
    )
    assert Organisation.objects.get(pk=organisation_a.pk).register_number == "B100001"


# --- delete -------------------------------------------------------------------------------


def test_delete_page_asks_for_confirmation_and_deletes_nothing(
    client_for: Any, organisation_a: Any, contact_a: Any
) -> None:
    response = client_for("manager_a").get(
        reverse("organisations:delete", args=[organisation_a.uuid])
    )

    assertContains(response, "Delete Moselle Brake Technologies S.A.?")
    assertContains(response, "1 membership")
    assertContains(response, "1 linked contact")
    assertContains(response, f'name="version" value="{organisation_a.version}"')
    assert Organisation.objects.filter(pk=organisation_a.pk).exists()


def test_manager_deletes_an_organisation_of_their_cluster_and_its_contacts_stay(
    client_for: Any, organisation_a: Any, contact_a: Any, manager_a: Any
) -> None:
    response = client_for("manager_a").post(
        reverse("organisations:delete", args=[organisation_a.uuid]),
        {"version": organisation_a.version},
    )

    assertRedirects(response, reverse("organisations:list"))
    assert not Organisation.objects.filter(pk=organisation_a.pk).exists()
    assert not Membership.objects.exists()
    assert not Affiliation.objects.exists()
    assert Contact.objects.filter(pk=contact_a.pk).exists()
    assert AuditEvent.objects.filter(
        object_id=organisation_a.pk, action=AuditAction.DELETE, actor=manager_a
    ).exists()


def test_delete_with_a_stale_version_is_refused(client_for: Any, organisation_a: Any) -> None:
    stale = organisation_a.version
    services.organisation_update(
        actor=None,
        organisation=organisation_a,
        data={"commune": "Differdange"},
        expected_version=stale,
    )

    response = client_for("manager_a").post(
        reverse("organisations:delete", args=[organisation_a.uuid]), {"version": stale}
    )

    assertContains(response, "Someone else changed this record")
    assert Organisation.objects.filter(pk=organisation_a.pk).exists()


def test_delete_without_a_version_is_refused(client_for: Any, organisation_a: Any) -> None:
    response = client_for("admin").post(
        reverse("organisations:delete", args=[organisation_a.uuid]), {"version": "abc"}
    )

    assertContains(response, "Someone else changed this record")
    assert Organisation.objects.filter(pk=organisation_a.pk).exists()


def test_manager_may_edit_but_not_delete_an_organisation_shared_with_another_cluster(
    client_for: Any, organisation_a: Any, cluster_b: Any
) -> None:
    MembershipFactory(organisation=organisation_a, cluster=cluster_b)
    organisation = Organisation.objects.get(pk=organisation_a.pk)
    client = client_for("manager_a")

    detail = client.get(reverse("organisations:detail", args=[organisation.uuid]))
    edit = client.get(reverse("organisations:edit", args=[organisation.uuid]))
    delete = client.post(
        reverse("organisations:delete", args=[organisation.uuid]), {"version": organisation.version}
    )

    assertNotContains(detail, reverse("organisations:delete", args=[organisation.uuid]))
    assert edit.status_code == 200
    assert delete.status_code == 403
    assert Organisation.objects.filter(pk=organisation.pk).exists()


def test_admin_deletes_an_organisation_shared_by_two_clusters(
    client_for: Any, organisation_a: Any, cluster_b: Any
) -> None:
    MembershipFactory(organisation=organisation_a, cluster=cluster_b)
    version = Organisation.objects.get(pk=organisation_a.pk).version

    response = client_for("admin").post(
        reverse("organisations:delete", args=[organisation_a.uuid]), {"version": version}
    )

    assertRedirects(response, reverse("organisations:list"))
    assert not Organisation.objects.exists()


# --- memberships --------------------------------------------------------------------------


def test_manager_adds_an_organisation_to_their_own_cluster(
    client_for: Any, organisation_b: Any, cluster_a: Any, manager_a: Any
) -> None:
    response = client_for("manager_a").post(
        reverse("organisations:membership-create", args=[organisation_b.uuid]),
        {"cluster": cluster_a.pk, "type": "associate", "since": "2024-03-01"},
    )

    assertRedirects(response, reverse("organisations:detail", args=[organisation_b.uuid]))
    membership = Membership.objects.get(organisation=organisation_b, cluster=cluster_a)
    assert (membership.type, membership.since) == ("associate", datetime.date(2024, 3, 1))
    assert AuditEvent.objects.filter(
        object_id=membership.pk, action=AuditAction.CREATE, actor=manager_a
    ).exists()


def test_a_membership_of_another_managers_cluster_is_not_offered(
    client_for: Any, organisation_a: Any, cluster_b: Any
) -> None:
    response = client_for("manager_a").post(
        reverse("organisations:membership-create", args=[organisation_a.uuid]),
        {"cluster": cluster_b.pk, "type": "member", "since": "2024-03-01"},
    )

    assert response.status_code == 422
    assertContains(
        response,
        "Select a valid choice. That choice is not one of the available choices.",
        status_code=422,
    )
    assertContains(response, 'value="2024-03-01"', status_code=422)
    assert not Membership.objects.filter(cluster=cluster_b).exists()


def test_a_second_open_membership_of_the_same_cluster_is_refused(
    client_for: Any, organisation_a: Any, cluster_a: Any
) -> None:
    response = client_for("manager_a").post(
        reverse("organisations:membership-create", args=[organisation_a.uuid]),
        {"cluster": cluster_a.pk, "type": "board", "since": "2024-03-01"},
    )

    assert response.status_code == 422
    assertContains(response, "alert-danger", status_code=422)
    assert Membership.objects.filter(organisation=organisation_a).count() == 1


def test_a_second_open_membership_is_refused_in_plain_words_on_the_cluster_field(
    client_for: Any, organisation_a: Any, cluster_a: Any
) -> None:
    response = client_for("manager_a").post(
        reverse("organisations:membership-create", args=[organisation_a.uuid]),
        {"cluster": cluster_a.pk, "type": "board", "since": "2024-03-01"},
    )

    assert "cluster" in response.context["form"].errors
    assertContains(response, "is already a member of AutoMobility", status_code=422)
    assertNotContains(response, "membership_one_open_per_cluster", status_code=422)


def test_a_membership_needs_a_start_date(
    client_for: Any, organisation_b: Any, cluster_a: Any
) -> None:
    response = client_for("manager_a").post(
        reverse("organisations:membership-create", args=[organisation_b.uuid]),
        {"cluster": cluster_a.pk, "type": "member", "since": ""},
    )

    assert response.status_code == 422
    assertContains(response, "id_since_errors", status_code=422)
    assert not Membership.objects.filter(cluster=cluster_a, organisation=organisation_b).exists()


def test_expert_may_not_add_a_membership(
    client_for: Any, organisation_b: Any, cluster_a: Any
) -> None:
    response = client_for("expert").post(
        reverse("organisations:membership-create", args=[organisation_b.uuid]),
        {"cluster": cluster_a.pk, "type": "member", "since": "2024-03-01"},
    )

    assert response.status_code == 403
    assert organisation_b.memberships.count() == 1


def test_manager_ends_a_membership_with_an_end_date(client_for: Any, organisation_a: Any) -> None:
    membership = organisation_a.memberships.get()
    client = client_for("manager_a")
    url = reverse("organisations:membership-edit", args=[membership.uuid])
    data = form_values(client.get(url))
    until = membership.since + datetime.timedelta(days=365)
    data["until"] = until.isoformat()

    response = client.post(url, data)

    assertRedirects(response, reverse("organisations:detail", args=[organisation_a.uuid]))
    saved = Membership.objects.get(pk=membership.pk)
    assert saved.until == until
    assert saved.cluster_id == membership.cluster_id


def test_the_cluster_of_a_membership_cannot_be_changed(
    client_for: Any, organisation_a: Any, cluster_a: Any, cluster_b: Any
) -> None:
    membership = organisation_a.memberships.get()
    client = client_for("manager_a")
    url = reverse("organisations:membership-edit", args=[membership.uuid])
    data = form_values(client.get(url))
    data["cluster"] = str(cluster_b.pk)

    client.post(url, data)

    assert Membership.objects.get(pk=membership.pk).cluster == cluster_a


def test_an_end_date_before_the_start_date_is_refused(client_for: Any, organisation_a: Any) -> None:
    membership = organisation_a.memberships.get()
    client = client_for("manager_a")
    url = reverse("organisations:membership-edit", args=[membership.uuid])
    data = form_values(client.get(url))
    data["until"] = (membership.since - datetime.timedelta(days=1)).isoformat()

    response = client.post(url, data)

    assert response.status_code in {200, 422}
    assertContains(
        response, "The end date cannot be before the start date.", status_code=response.status_code
    )
    assertContains(response, f'value="{data["until"]}"', status_code=response.status_code)
    assert Membership.objects.get(pk=membership.pk).until is None


def test_a_stale_membership_edit_is_refused(client_for: Any, organisation_a: Any) -> None:
    membership = organisation_a.memberships.get()
    client = client_for("manager_a")
    url = reverse("organisations:membership-edit", args=[membership.uuid])
    data = form_values(client.get(url))
    services.membership_update(
        actor=None, membership=membership, data={"type": "board"}, expected_version=None
    )
    data["type"] = "associate"

    response = client.post(url, data)

    assertContains(response, "Someone else changed this record", status_code=response.status_code)
    assert Membership.objects.get(pk=membership.pk).type == "board"


def test_manager_deletes_a_membership_of_their_cluster(
    client_for: Any, organisation_a: Any
) -> None:
    membership = organisation_a.memberships.get()

    response = client_for("manager_a").post(
        reverse("organisations:membership-delete", args=[membership.uuid]),
        {"version": membership.version},
        follow=True,
    )

    assertRedirects(response, reverse("organisations:detail", args=[organisation_a.uuid]))
    assertContains(response, "Membership removed.")
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_manager_of_another_cluster_cannot_delete_the_membership(
    client_for: Any, organisation_a: Any
) -> None:
    membership = organisation_a.memberships.get()

    response = client_for("manager_b").post(
        reverse("organisations:membership-delete", args=[membership.uuid]),
        {"version": membership.version},
    )

    assert response.status_code == 403
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_a_stale_membership_delete_is_refused_with_a_message(
    client_for: Any, organisation_a: Any
) -> None:
    membership = organisation_a.memberships.get()
    stale = membership.version
    services.membership_update(
        actor=None, membership=membership, data={"type": "board"}, expected_version=None
    )

    response = client_for("manager_a").post(
        reverse("organisations:membership-delete", args=[membership.uuid]),
        {"version": stale},
        follow=True,
    )

    assertContains(response, "Someone else changed this record")
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_a_membership_page_of_a_cluster_nobody_manages_is_forbidden_to_managers(
    client_for: Any, organisation_a: Any
) -> None:
    orphan = ClusterFactory(name="SpaceTech", slug="spacetech")
    membership = MembershipFactory(organisation=organisation_a, cluster=orphan)

    response = client_for("manager_a").get(
        reverse("organisations:membership-edit", args=[membership.uuid])
    )

    assert response.status_code == 403


# --- form lookups (htmx) -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("term", "code"),
    [("29.32", "29.32"), ("machining", "25.62"), ("Mechanik", "25.62"), ("Usinage", "25.62")],
)
def test_nace_lookup_finds_codes_by_code_or_label_in_any_language(
    client_for: Any, term: str, code: str
) -> None:
    response = client_for("manager_a").get(
        reverse("organisations:nace-lookup"), {"nace_search": term}
    )

    assertContains(response, f'data-nace-code="{code}"')
    assertNotContains(response, "<html")


def test_nace_lookup_offers_no_sections(client_for: Any) -> None:
    response = client_for("expert").get(reverse("organisations:nace-lookup"), {"nace_search": "C"})

    assertNotContains(response, 'data-nace-code="C"')


def test_nace_lookup_says_when_nothing_matches(client_for: Any) -> None:
    response = client_for("expert").get(
        reverse("organisations:nace-lookup"), {"nace_search": "zzzzqqq"}
    )

    assertContains(response, "No NACE code matches.")


def test_analyst_may_not_use_the_nace_lookup(client_for: Any) -> None:
    response = client_for("analyst").get(
        reverse("organisations:nace-lookup"), {"nace_search": "29"}
    )

    assert response.status_code == 403


def test_organisation_picker_offers_matching_organisations_by_uuid(
    client_for: Any, organisation_a: Any, organisation_b: Any
) -> None:
    response = client_for("manager_a").get(
        reverse("organisations:pick"), {"organisation_search": "alzette"}
    )

    assertContains(response, f'<option value="{organisation_b.uuid}" selected>')
    assertNotContains(response, str(organisation_a.uuid))
    assertNotContains(response, "<html")


def test_organisation_picker_says_when_nothing_matches(
    client_for: Any, organisation_a: Any
) -> None:
    response = client_for("expert").get(
        reverse("organisations:pick"), {"organisation_search": "nothing like it"}
    )

    assertContains(response, "No organisation matches")


def test_analyst_may_not_use_the_organisation_picker(client_for: Any, organisation_a: Any) -> None:
    response = client_for("analyst").get(
        reverse("organisations:pick"), {"organisation_search": "moselle"}
    )

    assert response.status_code == 403
    assertNotContains(response, str(organisation_a.uuid), status_code=403)


def test_organisation_pages_answer_to_get_and_post_only(
    client_for: Any, organisation_a: Any
) -> None:
    response = client_for("admin").delete(reverse("organisations:edit", args=[organisation_a.uuid]))

    assert response.status_code == 405
