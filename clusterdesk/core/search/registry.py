"""The registry of searchable kinds of records.

An app makes its records searchable by registering one `Provider` per model, from its
`AppConfig.ready()`:

    search.register(
        search.Provider(
            kind="organisations",
            label=gettext_lazy("Organisations"),
            model=Organisation,
            document=organisation_document,          # record → Document(title, body)
            url=lambda uuid: reverse("organisations:detail", args=[uuid]),
            visible=permissions.visible_organisations,  # (user, queryset) → queryset
            prepare=lambda queryset: queryset.prefetch_related("tags"),
        )
    )

and its services call `search.index(record)` / `search.remove(record)` in the transaction
that changes it. `joined`, `excerpt` and `in_every_language` help build documents.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Model, QuerySet
from django.utils import translation
from django.utils.functional import Promise


@dataclass(frozen=True)
class Document:
    """The searchable text of one record: a title (shown and weighted most) and a body."""

    title: str
    body: str = ""


SEPARATOR = " · "


def joined(parts: Iterable[str]) -> str:
    """The non-empty `parts` of a document, stripped, joined by " · "."""
    return SEPARATOR.join(part.strip() for part in parts if part and part.strip())


def excerpt(text: str, length: int = 160) -> str:
    """`text` on one line, cut to `length` characters (with "…") for a title."""
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def in_every_language(label: Callable[[], Any]) -> str:
    """A word of the interface (a status, a kind) in every language of the interface, each
    spelling once, so a search in any of them finds the record."""
    spellings: list[str] = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            text = str(label())
        if text and text not in spellings:
            spellings.append(text)
    return SEPARATOR.join(spellings)


def _unchanged(queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset


@dataclass(frozen=True)
class Provider:
    """How one kind of record is indexed, linked and scoped.

    - `kind`: a short stable name, used in URLs, the API and the index (e.g. "contacts");
    - `label`: its translated plural, shown as the heading of its results;
    - `document`: builds the `Document` of one record; it may read only what `prepare`
      loads, so indexing many records runs a fixed number of queries per batch;
    - `url`: the page of a record from its public uuid;
    - `visible`: restricts a queryset of the model to what a user may see, from
      `core/permissions.py`; results are filtered by it before they are counted or shown.
    """

    kind: str
    label: str | Promise
    model: type[Model]
    document: Callable[[Any], Document]
    url: Callable[[uuid.UUID], str]
    visible: Callable[[Any, QuerySet[Any]], QuerySet[Any]]
    prepare: Callable[[QuerySet[Any]], QuerySet[Any]] = field(default=_unchanged)
    icon: str = "search"  # a Bootstrap Icons name

    def records(self) -> QuerySet[Any]:
        """Every record of this kind, with what `document` reads."""
        return self.prepare(self.model._default_manager.all())

    def scope(self, user: Any) -> QuerySet[Any] | None:
        """The records `user` may see, or None when they may see none of them."""
        queryset = self.visible(user, self.model._default_manager.all())
        return None if queryset.query.is_empty() else queryset


_PROVIDERS: dict[str, Provider] = {}


_KIND = re.compile(r"^[a-z][a-z0-9-]{0,39}$")


def register(provider: Provider) -> Provider:
    """Add (or replace) the provider of `provider.kind`."""
    if not _KIND.match(provider.kind):
        raise ValueError(f"Search kind {provider.kind!r}: lower-case letters, digits and '-'")
    for kind, existing in list(_PROVIDERS.items()):
        if existing.model is provider.model and kind != provider.kind:
            raise ValueError(f"{provider.model._meta.label} is already searchable as {kind!r}")
    _PROVIDERS[provider.kind] = provider
    return provider


def providers() -> list[Provider]:
    """Every registered provider, in registration order."""
    return list(_PROVIDERS.values())


def kinds() -> list[str]:
    return list(_PROVIDERS)


def provider_for_kind(kind: str) -> Provider:
    try:
        return _PROVIDERS[kind]
    except KeyError:
        raise LookupError(f"No search provider for the kind {kind!r}") from None


def provider_for_model(model: type[Model]) -> Provider:
    for provider in _PROVIDERS.values():
        if provider.model is model or issubclass(model, provider.model):
            return provider
    raise LookupError(f"{model._meta.label} is not searchable: register a search provider")


def searchable_providers(user: Any) -> list[Provider]:
    """The providers of which `user` may see at least some records."""
    return [provider for provider in _PROVIDERS.values() if provider.scope(user) is not None]


def can_search(user: Any) -> bool:
    return bool(searchable_providers(user))
