"""The global search: normalisation, query parsing, snippets, the registry and its
permission scopes, (re)indexing, the header box, the results page and the API.

What finds organisations and contacts, and how the services keep them current, is in
`organisations/tests/test_search.py`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from clusterdesk.core import permissions, search
from clusterdesk.core.search import query
from clusterdesk.core.search.backends.postgresql import tsquery_expression
from clusterdesk.core.search.backends.sqlite import match_expression
from clusterdesk.core.search.models import SearchDocument
from clusterdesk.core.search.parsing import MAX_TERMS, index_text, normalise, parse_query
from clusterdesk.core.search.snippets import highlight, snippet
from clusterdesk.organisations.models import Cluster, Organisation
from clusterdesk.organisations.tests.factories import OrganisationFactory

NASTY_INPUTS = [
    "",
    " ",
    '"',
    '""',
    "'",
    "*",
    "**",
    "-",
    "- moselle",
    "moselle -brake",
    "^moselle",
    "NEAR",
    "NEAR(moselle brake)",
    "moselle NEAR/2 brake",
    "AND",
    "OR",
    "NOT",
    "moselle AND OR NOT brake",
    "(",
    ")",
    "((moselle)",
    "{title_normalised}: moselle",
    "title_normalised:moselle",
    "body_normalised : x",
    "moselle:*",
    "!moselle & | <->",
    "a <-> b",
    "'moselle' & ! 'brake'",
    "%",
    "_",
    "100%",
    "\\",
    "\x00",
    "moselle\x00brake",
    "\u200b",
    "e\u0301",
    "Ǆ ǅ ǆ",
    "😀",
    "moselle 😀 brake",
    "🇱🇺",
    "東京",
    "مرحبا",
    "ـ",
    "ꙮ",
    "\U0001d510\U0001d52c\U0001d530\U0001d522",  # mathematical Fraktur letters
    "ﬁ ﬂ",
    "½",
    "x²",
    "<script>alert(1)</script>",
    "'; DROP TABLE search_searchdocument; --",
    "a" * 2000,
    "moselle " * 300,
    " ".join(f"w{n}" for n in range(500)),
    "é" * 2000,
    "a-" * 1000,
]


@pytest.fixture
def indexed(contact_a: Any, contact_b: Any) -> None:
    """Two organisations in two clusters, with a contact each, all indexed by the services."""


# --- normalisation and parsing (no database) ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "normalised"),
    [
        ("Esch-sur-Alzette", "esch sur alzette"),
        ("ESCH SUR ALZETTE", "esch sur alzette"),
        ("Société Générale", "societe generale"),
        ("Socie\u0301te\u0301", "societe"),  # decomposed accents
        ("Straße", "strasse"),
        ("Ærø Œuvre Łódź", "aero oeuvre lodz"),
        ("  A.B.C.  S.à r.l. ", "a b c s a r l"),
        ("anne.schmit@example.lu", "anne schmit example lu"),
        ("L-4001", "l 4001"),
        ("snake_case", "snake case"),
        ("ﬁne", "fine"),
        ("", ""),
    ],
)
def test_text_is_normalised_the_same_way_for_indexing_and_searching(
    text: str, normalised: str
) -> None:
    assert normalise(text) == normalised


def test_a_word_with_an_umlaut_is_also_indexed_in_its_two_letter_spelling() -> None:
    assert index_text("Jean Müller-Schütz") == "jean muller mueller schutz schuetz"
    assert index_text("Muller") == "muller"


def test_a_query_is_parsed_into_words_whose_parts_follow_each_other() -> None:
    parsed = parse_query('  Esch-sur-Alz  "Société" * NEAR ')

    assert parsed.groups == (("esch", "sur", "alz"), ("societe",), ("near",))
    assert parsed.text == "esch sur alz societe near"


def test_a_long_query_is_cut_to_a_few_short_terms() -> None:
    parsed = parse_query(" ".join(["word"] * 100) + " " + "x" * 500)

    assert len(parsed.terms) == MAX_TERMS
    assert parse_query("y" * 500).terms == ("y" * 40,)


def test_punctuation_alone_is_no_query() -> None:
    assert not parse_query('" * - ( ) : ^ 😀 \x00')


def test_the_database_queries_hold_only_quoted_prefix_terms() -> None:
    parsed = parse_query('Esch-sur-Alz AND "soc" NEAR(')

    assert match_expression(parsed) == (
        '"esch"* + "sur"* + "alz"* AND "and"* AND "soc"* AND "near"*'
    )
    assert tsquery_expression(parsed) == (
        "(esch:* <-> sur:* <-> alz:*) & (and:*) & (soc:*) & (near:*)"
    )


# --- snippets (no database) -----------------------------------------------------------------------


def test_a_snippet_escapes_the_record_s_text_and_marks_only_matches() -> None:
    text = "<b>Société</b> & <script>alert('x')</script> sociétaire"

    marked = snippet(text, ["soc"])

    assert marked == (
        "&lt;b&gt;<mark>Société</mark>&lt;/b&gt; &amp; &lt;script&gt;alert(&#x27;x&#x27;)"
        "&lt;/script&gt; <mark>sociétaire</mark>"
    )


def test_a_snippet_is_cut_around_the_match_between_words() -> None:
    text = " ".join(f"filler{n}" for n in range(60)) + " Wormeldange " + "tail " * 60

    marked = snippet(text, ["wormel"])

    assert marked.startswith("… filler")
    assert "<mark>Wormeldange</mark>" in marked
    assert marked.endswith(" …")
    assert len(marked) < 260


def test_a_snippet_shows_distant_matches_in_separate_passages() -> None:
    text = "Esch-sur-Alzette · " + "filler " * 80 + "Zubehör für Automobile"

    marked = snippet(text, ["esch", "zubehor"])

    assert marked.startswith("<mark>Esch</mark>-sur-Alzette")
    assert " … " in marked
    assert "<mark>Zubehör</mark>" in marked


def test_a_snippet_without_a_match_is_the_beginning_of_the_text() -> None:
    assert snippet("Chief Executive Officer", ["anne"]) == "Chief Executive Officer"
    assert snippet("", ["anne"]) == ""


def test_highlighting_follows_normalisation() -> None:
    assert highlight("Hans MÜLLER", ["mueller"]) == "Hans <mark>MÜLLER</mark>"
    assert highlight("Esch-sur-Alzette", ["sur"]) == "Esch-<mark>sur</mark>-Alzette"
    assert highlight("x < y", []) == "x &lt; y"


# --- the registry and permission scopes -----------------------------------------------------------


@pytest.fixture
def cluster_provider() -> Iterator[search.Provider]:
    """A provider whose records are visible per user (a cluster manager sees only their own
    clusters): the case of confidential records in later issues."""

    def visible(user: Any, queryset: Any) -> Any:
        if permissions.is_admin(user):
            return queryset
        if permissions.is_manager(user):
            return queryset.filter(pk__in=permissions.managed_cluster_ids(user))
        return queryset.none()

    provider = search.register(
        search.Provider(
            kind="test-clusters",
            label="Clusters",
            model=Cluster,
            document=lambda cluster: search.Document(cluster.name, cluster.description),
            url=lambda public_id: f"/clusters/{public_id}/",
            visible=visible,
        )
    )
    yield provider
    from clusterdesk.core.search import registry

    registry._PROVIDERS.pop(provider.kind)


@pytest.mark.django_db
def test_results_a_user_may_not_see_are_neither_counted_nor_shown(
    cluster_provider: search.Provider, cast: dict, cluster_a: Cluster, cluster_b: Cluster
) -> None:
    for cluster, text in ((cluster_a, "Cars and mobility"), (cluster_b, "Health and mobility")):
        cluster.description = text
        cluster.save()
    search.index_many(Cluster.objects.all())

    def found(role: str) -> tuple[dict[str, int], list[str]]:
        result = search.Search(user=cast[role], query="mobility", kinds=["test-clusters"])
        return result.counts, [hit.title for hit in result.hits()]

    assert found("admin") == ({"test-clusters": 2}, ["AutoMobility", "HealthTech"])
    assert found("manager_a") == ({"test-clusters": 1}, ["AutoMobility"])
    assert found("manager_b") == ({"test-clusters": 1}, ["HealthTech"])
    assert found("expert") == ({}, [])
    assert search.can_search(cast["expert"])  # organisations and contacts remain


def test_a_model_is_searchable_under_one_kind_only() -> None:
    organisations = search.provider_for_kind("organisations")

    with pytest.raises(ValueError, match="already searchable"):
        search.register(
            search.Provider(
                kind="companies",
                label="Companies",
                model=Organisation,
                document=organisations.document,
                url=organisations.url,
                visible=organisations.visible,
            )
        )


@pytest.mark.django_db
def test_indexing_a_model_without_a_provider_is_refused(cluster_a: Cluster) -> None:
    with pytest.raises(LookupError, match="not searchable"):
        search.index(cluster_a)


# --- nasty input ----------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("query", NASTY_INPUTS)
def test_any_input_searches_without_error(expert: Any, indexed: None, query: str) -> None:
    found = search.Search(user=expert, query=query)

    assert isinstance(found.counts, dict)
    assert isinstance(found.hits(), list)
    assert isinstance(found.groups(), list)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("moselle -brake", ["Moselle Brake Technologies S.A."]),  # "-" is not "NOT"
        ("NEAR(moselle brake)", []),  # "near" is a word, and none has it
        ("moselle AND brake", []),  # "and" is a word too
        ("(moselle)", ["Moselle Brake Technologies S.A."]),
        ('"moselle brake"', ["Moselle Brake Technologies S.A."]),
        ("moselle 😀", ["Moselle Brake Technologies S.A."]),
        ("<b>moselle</b>", []),  # "b" is a word: nothing has both
    ],
)
def test_operators_typed_by_the_user_are_plain_words(
    expert: Any, indexed: None, query: str, expected: list[str]
) -> None:
    found = search.Search(user=expert, query=query, kinds=["organisations"])

    assert [hit.title for hit in found.hits()] == expected


# --- bounded work on broad queries -------------------------------------------------------------


@pytest.mark.django_db
def test_a_broad_query_ranks_a_sample_of_its_matches_and_always_the_exact_title(
    expert: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(query, "RANK_LIMIT", 3)
    OrganisationFactory(legal_name="Solar")  # the oldest match
    for number in range(5):
        OrganisationFactory(legal_name=f"Solar Parks {number} S.A.")

    found = search.Search(user=expert, query="solar")
    titles = [hit.title for hit in found.hits(kinds=["organisations"], limit=10)]

    assert found.counts == {"organisations": 6}
    assert titles[0] == "Solar"
    assert 3 <= len(titles) <= 3 + 1  # the sample, and the exact title if not in it
    assert all(title.startswith("Solar Parks ") for title in titles[1:])


def test_the_page_of_a_broad_query_lists_the_ranked_matches_and_says_why(
    client_for: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(query, "RANK_LIMIT", 3)
    for number in range(5):
        OrganisationFactory(legal_name=f"Solar Parks {number} S.A.")

    response = client_for("expert").get(
        reverse("search:results"), {"q": "solar", "kind": "organisations"}
    )

    assert response.context["page"].paginator.count == 3
    assert response.context["search"].counts == {"organisations": 5}
    assertContains(response, "3 of them are ranked and listed")


def test_counts_stop_at_the_limit_and_say_so(
    client_for: Any, monkeypatch: Any, indexed: None
) -> None:
    monkeypatch.setattr(query, "COUNT_LIMIT", 1)
    for number in range(3):
        OrganisationFactory(legal_name=f"Moselle Logistics {number} S.A.")

    response = client_for("expert").get(reverse("search:results"), {"q": "moselle"})

    found = response.context["search"]
    assert found.counts == {"organisations": 1, "contacts": 1}
    assert found.more_than_counted("organisations")
    assert not found.more_than_counted("contacts")
    assertContains(response, "See all 1+")


# --- indexing many records and rebuilding ---------------------------------------------------------


@pytest.mark.django_db
def test_index_many_runs_a_few_queries_per_batch_whatever_the_number_of_records(
    django_assert_max_num_queries: Any, expert: Any
) -> None:
    organisations = [OrganisationFactory(tags=["robotics"]) for _ in range(10)]
    SearchDocument.objects.all().delete()

    # Per batch: the records, their NACE codes, their tags, one upsert; then the empty batch.
    with django_assert_max_num_queries(2 * 4 + 1):
        assert search.index_many(Organisation.objects.all(), batch_size=5) == 10
    assert search.index_many(organisations[:3], batch_size=2) == 3
    assert search.Search(user=expert, query="robotics").counts == {"organisations": 10}


@pytest.mark.django_db
def test_rebuild_recreates_the_index_from_the_records(expert: Any, indexed: None) -> None:
    SearchDocument.objects.all().delete()
    SearchDocument.objects.create(kind="organisations", object_id=999_999, title="Ghost S.A.")
    assert search.Search(user=expert, query="moselle").counts == {}

    counts = search.rebuild()

    # The directory's kinds (other apps' kinds have no records here).
    assert {kind: counts[kind] for kind in ("organisations", "contacts")} == {
        "organisations": 2,
        "contacts": 2,
    }
    assert not any(counts[kind] for kind in counts if kind not in {"organisations", "contacts"})
    assert search.Search(user=expert, query="moselle").counts == {
        "organisations": 1,
        "contacts": 1,
    }
    assert search.Search(user=expert, query="ghost").counts == {}


@pytest.mark.django_db
def test_the_reindex_command_rebuilds_the_kinds_asked_for(expert: Any, indexed: None) -> None:
    SearchDocument.objects.all().delete()

    call_command("reindex", "--kind", "contacts")

    assert search.Search(user=expert, query="schmit").counts == {"contacts": 1}
    assert search.Search(user=expert, query="moselle").counts == {"contacts": 1}
    with pytest.raises(CommandError, match="Unknown kind 'people'"):
        call_command("reindex", "--kind", "people")


# --- the header box and its suggestions -----------------------------------------------------------


@pytest.mark.parametrize("role", ["admin", "manager_a", "expert"])
def test_the_search_box_is_in_the_header_of_directory_readers(client_for: Any, role: str) -> None:
    response = client_for(role).get(reverse("core:home"))

    assertContains(response, "data-search-box")
    assertContains(response, reverse("search:suggestions"))


def test_an_analyst_has_no_search_box(client_for: Any) -> None:
    response = client_for("analyst").get(reverse("core:home"))

    assertNotContains(response, "data-search-box")


def test_suggestions_are_grouped_by_kind_with_highlighted_links(
    client_for: Any, indexed: None, organisation_a: Organisation, contact_a: Any
) -> None:
    response = client_for("expert").get(reverse("search:suggestions"), {"q": "mosel"})

    body = response.content.decode()
    assert response.status_code == 200
    assert body.index("Organisations") < body.index("Contacts")
    assertContains(response, f'href="{organisation_a.get_absolute_url()}"')
    assertContains(response, f'href="{contact_a.get_absolute_url()}"')
    assertContains(response, "<mark>Moselle</mark> Brake Technologies S.A.")
    assertContains(response, f'href="{reverse("search:results")}?q=mosel"')
    assertNotContains(response, "Alzette")


def test_suggestions_for_nothing_are_empty(client_for: Any, indexed: None) -> None:
    response = client_for("expert").get(reverse("search:suggestions"), {"q": " * "})

    assert response.status_code == 200
    assert response.content.decode().strip() == ""


def test_suggestions_say_when_nothing_matches(client_for: Any, indexed: None) -> None:
    response = client_for("expert").get(reverse("search:suggestions"), {"q": "zzz"})

    assertContains(response, "Nothing found.")


def test_an_analyst_gets_no_suggestions(client_for: Any, indexed: None) -> None:
    response = client_for("analyst").get(reverse("search:suggestions"), {"q": "moselle"})

    assert response.status_code == 403


# --- the results page -----------------------------------------------------------------------------


def test_the_results_page_groups_every_kind(client_for: Any, indexed: None) -> None:
    response = client_for("manager_b").get(reverse("search:results"), {"q": "moselle"})

    assert [(group.provider.kind, group.count) for group in response.context["groups"]] == [
        ("organisations", 1),
        ("contacts", 1),
    ]
    assertContains(response, "<mark>Moselle</mark> Brake Technologies S.A.")
    assertContains(response, "Anne Schmit")
    assertContains(response, 'aria-current="page">All')


def test_the_results_page_pages_through_one_kind(
    client_for: Any, settings: Any, django_assert_max_num_queries: Any
) -> None:
    settings.CLUSTERDESK_PAGE_SIZE = 3
    for number in range(7):
        OrganisationFactory(legal_name=f"Differdange Steel {number} S.A.")
    client = client_for("expert")
    url = reverse("search:results")

    # Session, user, one count per kind the user may search, the page of hits.
    with django_assert_max_num_queries(4 + len(search.kinds())):
        first = client.get(url, {"q": "differdange", "kind": "organisations"})
    last = client.get(url, {"q": "differdange", "kind": "organisations", "page": 3})

    assert len(first.context["page"].object_list) == 3
    assert first.context["page"].paginator.count == 7
    assert [hit.title for hit in last.context["page"]] == ["Differdange Steel 6 S.A."]
    assertContains(first, "Page 1 of 3")


def test_an_unknown_kind_is_named_and_every_kind_is_shown(client_for: Any, indexed: None) -> None:
    response = client_for("expert").get(
        reverse("search:results"), {"q": "moselle", "kind": "meetings"}
    )

    assert response.status_code == 200
    assertContains(response, "Kind of record: Select a valid choice.")
    assert len(response.context["groups"]) == 2


@pytest.mark.parametrize("query", ["", "'); --", "a" * 2000, "NEAR(", "😀"])
def test_the_results_page_accepts_any_input(client_for: Any, indexed: None, query: str) -> None:
    response = client_for("expert").get(reverse("search:results"), {"q": query})

    assert response.status_code == 200


def test_an_analyst_may_not_open_the_results_page(client_for: Any) -> None:
    response = client_for("analyst").get(reverse("search:results"), {"q": "moselle"})

    assert response.status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client_for: Any) -> None:
    url = reverse("search:results")

    response = client_for(None).get(url)

    assertRedirects(response, f"{reverse('accounts:login')}?next={url}")


# --- the API --------------------------------------------------------------------------------------


def api_search(client: Any, **params: Any) -> Any:
    return client.get("/api/v1/search", params)


def test_the_api_returns_ranked_results_and_counts(
    client_for: Any, indexed: None, organisation_a: Organisation, contact_a: Any
) -> None:
    response = api_search(client_for("expert"), q="moselle brake")

    assert response.status_code == 200
    data = response.json()
    assert data["query"] == "moselle brake"
    assert data["counts"] == {"organisations": 1, "contacts": 1}
    first, second = data["results"]
    assert first["kind"] == "organisations"
    assert first["id"] == str(organisation_a.uuid)
    assert first["title"] == "Moselle Brake Technologies S.A."
    assert first["url"] == f"http://testserver{organisation_a.get_absolute_url()}"
    assert "<mark>Moselle</mark>" in second["snippet"]
    assert second["id"] == str(contact_a.uuid)
    assert first["score"] > second["score"]


def test_the_api_narrows_to_kinds_and_limits(client_for: Any, indexed: None) -> None:
    data = api_search(client_for("admin"), q="s", kinds="contacts", limit=1).json()

    assert data["counts"] == {"contacts": 2}
    assert [result["kind"] for result in data["results"]] == ["contacts"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"q": "x", "kinds": "contacts,meetings"}, "kinds"),
        ({"q": "x", "limit": 0}, "limit"),
        ({"q": "x", "limit": 101}, "limit"),
        ({"q": "x", "limit": "many"}, "limit"),
    ],
)
def test_the_api_names_the_parameter_it_refuses(client_for: Any, params: dict, field: str) -> None:
    response = api_search(client_for("expert"), **params)

    assert response.status_code == 422
    assert [error["loc"] for error in response.json()["detail"]] == [["query", field]]


@pytest.mark.parametrize("query", NASTY_INPUTS[::4])
def test_the_api_accepts_any_query(client_for: Any, indexed: None, query: str) -> None:
    response = api_search(client_for("expert"), q=query)

    assert response.status_code == 200


def test_the_api_refuses_anonymous_callers(client_for: Any, indexed: None) -> None:
    response = api_search(client_for(None), q="moselle")

    assert response.status_code == 401
    assert "moselle" not in response.content.decode().lower()


def test_the_api_refuses_analysts(client_for: Any, indexed: None) -> None:
    response = api_search(client_for("analyst"), q="moselle")

    assert response.status_code == 403
