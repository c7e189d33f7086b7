"""Merging two records of one kind: every related row moves to the survivor, nothing is lost.

`relations_of(model)` walks the model's relations (`_meta.get_fields(include_hidden=True)`,
so a foreign key declared with `related_name="+"` is not missed):

- a foreign key of another model whose column is in no unique constraint cannot clash:
  its rows are re-pointed with one UPDATE;
- a many-to-many link with an auto-created table (tags, NACE codes, or a later
  `Event.organisations`) is a union: links the survivor already has are dropped, the others
  re-pointed;
- a relation whose unique constraints can clash (two open memberships of one cluster, one
  contact affiliated to both organisations) needs a handler, registered with
  `register_handler("app.Model.field")`; the handler decides what to keep;
- anything else (a one-to-one or unique foreign key, a constraint on an expression, a link
  between records of the same kind, a generic relation) refuses the merge with
  `MergeRefused` naming the relation: no merge is better than lost data.

A later app that points a clashing relation at organisations or contacts registers its
handler in a module imported by its `AppConfig.ready()`; the test
`test_every_relation_of_organisations_and_contacts_can_be_merged` fails until it does.

The audit log links each event to the timelines it belongs on (`AuditEventLink`, not a
foreign key); `link_timeline` puts the loser's history on the survivor's timeline.
`record_merged` keeps the loser's public id in `MergedRecord`, and
`MergedRecordRedirectMiddleware` sends a GET for the loser's old page or API URL to the
survivor's (301).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from clusterdesk.core import permissions
from clusterdesk.core.models import AuditEventLink, MergedRecord


class MergeRefused(ValidationError):
    """The records cannot be merged without losing data; nothing was changed."""


@dataclass(frozen=True)
class Relation:
    """Rows of `model` that point at the merged record through the column `field_name`.

    For a many-to-many link, `model` is the link table and `other_field` its column
    pointing at the other side (the union is computed on it).
    """

    key: str  # "organisations.Membership.organisation": what handlers are registered under
    name: str  # "memberships": the audit log's name for it
    label: Any  # "memberships", translated: what the merge page shows
    model: type[models.Model]
    field_name: str
    other_field: str | None = None
    unsafe_reason: str = ""

    @property
    def is_link(self) -> bool:
        return self.other_field is not None


@dataclass
class Moved:
    """What a merge did with one relation: rows re-pointed, and duplicates combined."""

    moved: int = 0
    combined: int = 0


@dataclass
class MergeContext:
    actor: Any
    survivor: Any  # records of the model being merged
    loser: Any


@dataclass
class MergeReport:
    moved: dict[str, Moved] = field(default_factory=dict)
    timeline_events: int = 0


Handler = Callable[[MergeContext, Relation], Moved]
HANDLERS: dict[str, Handler] = {}


def register_handler(key: str) -> Callable[[Handler], Handler]:
    """Decorator: `handler(context, relation) -> Moved` moves the rows of `key`
    ("app_label.Model.field") itself, settling the clashes its constraints allow."""

    def decorate(handler: Handler) -> Handler:
        HANDLERS[key] = handler
        return handler

    return decorate


# --- finding the relations -----------------------------------------------------------------


def relations_of(model: type[models.Model]) -> list[Relation]:
    """Every relation that holds rows pointing at a record of `model`."""
    relations = []
    for model_field in model._meta.get_fields(include_hidden=True):
        relation: Relation | None = None
        if model_field.many_to_many:
            relation = _link_relation(model, model_field)
        elif model_field.auto_created and not model_field.concrete:
            relation = _reverse_relation(model, model_field)
        elif model_field.one_to_many:  # a GenericRelation declared on the model
            relation = Relation(
                key=f"{model._meta.label}.{model_field.name}",
                name=model_field.name,
                label=model_field.name,
                model=model_field.related_model,  # type: ignore[arg-type]
                field_name=model_field.name,
                unsafe_reason="a generic relation",
            )
        if relation is not None:
            relations.append(relation)
    return relations


def _reverse_relation(model: type[models.Model], rel: Any) -> Relation | None:
    """A foreign key or one-to-one field of another model pointing at `model`."""
    related = rel.related_model
    if related._meta.auto_created:
        return None  # the table of a many-to-many field, handled with that field
    foreign_key = rel.field
    hidden = rel.hidden
    return Relation(
        key=f"{related._meta.label}.{foreign_key.name}",
        name=f"{related._meta.model_name}_{foreign_key.name}" if hidden else rel.name,
        label=related._meta.verbose_name_plural,
        model=related,
        field_name=foreign_key.name,
        unsafe_reason=_clash_reason(model, related, foreign_key),
    )


def _link_relation(model: type[models.Model], model_field: Any) -> Relation | None:
    """A many-to-many field on either side; those with their own through model are moved
    through that model's foreign keys instead."""
    declared = model_field.field if model_field.auto_created else model_field
    through = declared.remote_field.through
    if not through._meta.auto_created:
        return None
    forward = not model_field.auto_created
    own, other = (
        (declared.m2m_field_name(), declared.m2m_reverse_field_name())
        if forward
        else (declared.m2m_reverse_field_name(), declared.m2m_field_name())
    )
    same_kind = declared.model is declared.related_model
    if same_kind and not forward:
        return None  # the reverse side of a link between records of the same kind
    return Relation(
        key=f"{declared.model._meta.label}.{declared.name}",
        name=declared.name if forward else model_field.name,
        label=declared.verbose_name if forward else declared.model._meta.verbose_name_plural,
        model=through,
        field_name=own,
        other_field=other,
        unsafe_reason="a link between records of the same kind" if same_kind else "",
    )


def _clash_reason(model: type[models.Model], related: type[models.Model], foreign_key: Any) -> str:
    """Why re-pointing this foreign key could break a unique rule, or "" when it cannot."""
    if related is model:
        return "a link between records of the same kind"
    if foreign_key.one_to_one or foreign_key.unique:
        return "a one-to-one or unique link"
    for constraint in related._meta.constraints:
        if not isinstance(constraint, models.UniqueConstraint):
            continue
        if constraint.expressions:
            return f"the unique constraint {constraint.name} on an expression"
        if foreign_key.name in constraint.fields or foreign_key.attname in constraint.fields:
            return f"the unique constraint {constraint.name}"
    for together in related._meta.unique_together:
        if foreign_key.name in together:
            return f"unique_together {together}"
    return ""


def can_move(relation: Relation) -> bool:
    return not relation.unsafe_reason or relation.key in HANDLERS


def check_mergeable(model: type[models.Model]) -> list[Relation]:
    """The relations to move; `MergeRefused` names any that no handler makes safe."""
    relations = relations_of(model)
    refused = [r for r in relations if not can_move(r)]
    if refused:
        details = "; ".join(f"{r.key} ({r.unsafe_reason})" for r in refused)
        raise MergeRefused(
            format_lazy(
                "{}: {}",
                _(
                    "These records cannot be merged yet: some linked records could clash "
                    "and clusterdesk does not know which to keep"
                ),
                details,
            ),
            code="unhandled_relation",
        )
    return relations


# --- moving the rows -------------------------------------------------------------------------


def count_related(relations: Iterable[Relation], instance: models.Model) -> dict[str, int]:
    """How many rows of each relation point at `instance` (one query per relation)."""
    return {
        relation.key: relation.model._base_manager.filter(
            **{relation.field_name: instance.pk}
        ).count()
        for relation in relations
    }


def move_related(context: MergeContext) -> MergeReport:
    """Move every related row from the loser to the survivor, then check none is left."""
    relations = check_mergeable(type(context.survivor))
    report = MergeReport()
    for relation in relations:
        handler = HANDLERS.get(relation.key)
        if handler is not None:
            report.moved[relation.name] = handler(context, relation)
        elif relation.is_link:
            report.moved[relation.name] = _move_links(context, relation)
        else:
            report.moved[relation.name] = _move_foreign_keys(context, relation)
    left = {key: n for key, n in count_related(relations, context.loser).items() if n}
    if left:
        raise MergeRefused(
            format_lazy("{}: {}", _("Some linked records could not be moved"), left),
            code="rows_left",
        )
    return report


def _move_foreign_keys(context: MergeContext, relation: Relation) -> Moved:
    rows = relation.model._base_manager.filter(**{relation.field_name: context.loser.pk})
    return Moved(moved=rows.update(**{relation.field_name: context.survivor.pk}))


def _move_links(context: MergeContext, relation: Relation) -> Moved:
    """Union of two many-to-many link sets: shared links are dropped, the rest re-pointed."""
    assert relation.other_field is not None
    links = relation.model._base_manager
    own, other = relation.field_name, relation.other_field
    survivor_has = links.filter(**{own: context.survivor.pk}).values(other)
    loser_links = links.filter(**{own: context.loser.pk})
    combined, _by_model = loser_links.filter(**{f"{other}__in": survivor_has}).delete()
    moved = loser_links.update(**{own: context.survivor.pk})
    return Moved(moved=moved, combined=combined)


def link_timeline(survivor: models.Model, loser: models.Model) -> int:
    """Put every event of the loser's timeline on the survivor's too (the log is
    append-only: links are added, none is changed)."""
    subject_type = ContentType.objects.get_for_model(type(loser))
    already = AuditEventLink.objects.filter(subject_type=subject_type, subject_id=survivor.pk)
    copied = ("event_id", "created_at", "object_type_id", "confidential_cluster_id")
    events = (
        AuditEventLink.objects.filter(subject_type=subject_type, subject_id=loser.pk)
        .exclude(event_id__in=already.values("event_id"))
        .values_list(*copied)
    )
    links = [
        AuditEventLink(
            subject_type=subject_type, subject_id=survivor.pk, **dict(zip(copied, row, strict=True))
        )
        for row in events.iterator(chunk_size=2000)
    ]
    AuditEventLink.objects.bulk_create(links, batch_size=500)
    return len(links)


def timeline_size(instance: models.Model) -> int:
    subject_type = ContentType.objects.get_for_model(type(instance))
    return AuditEventLink.objects.filter(subject_type=subject_type, subject_id=instance.pk).count()


# --- the loser's old public id ---------------------------------------------------------------


def record_merged(*, actor: Any, survivor: models.Model, loser: models.Model) -> None:
    """Remember that the loser's public id now means the survivor; ids merged into the loser
    earlier are re-pointed too, so every old id resolves in one step."""
    kind = loser._meta.label
    old, new = loser.uuid, survivor.uuid  # type: ignore[attr-defined]
    MergedRecord.objects.filter(kind=kind, new_uuid=old).update(new_uuid=new)
    MergedRecord.objects.create(
        kind=kind,
        old_uuid=old,
        new_uuid=new,
        merged_by=actor if getattr(actor, "pk", None) else None,
    )


def merged_into(model: type[models.Model], uuid: Any) -> models.Model | None:
    """The record that `uuid`, a merged record's old public id, now stands for."""
    target = (
        MergedRecord.objects.filter(kind=model._meta.label, old_uuid=uuid)
        .values_list("new_uuid", flat=True)
        .first()
    )
    if target is None:
        return None
    return model._default_manager.filter(uuid=target).first()


_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


class MergedRecordRedirectMiddleware:
    """A GET that found nothing (404) at a merged record's old id is sent on, with a 301,
    to the same page or API URL of the record it was merged into, when the user may see
    that record. Other methods keep their 404: a change meant for the old record is not
    applied to another without the user seeing it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in {"GET", "HEAD"}:
            return response
        return _redirect_to_survivor(request) or response


def _redirect_to_survivor(request: HttpRequest) -> HttpResponse | None:
    path = request.get_full_path()
    for old in dict.fromkeys(_UUID.findall(request.path)):
        record = MergedRecord.objects.filter(old_uuid=old).first()
        if record is None:
            continue
        try:
            model = apps.get_model(record.kind)
        except (LookupError, ValueError):
            return None
        survivor = model._default_manager.filter(uuid=record.new_uuid).first()
        if survivor is None or not _may_view(request, survivor):
            return None
        target = path.replace(old, str(record.new_uuid), 1)
        if request.path.startswith("/api/"):
            body = {"detail": "Merged into another record.", "id": str(record.new_uuid)}
            return HttpResponsePermanentRedirect(
                target, content=json.dumps(body), content_type="application/json"
            )
        return HttpResponsePermanentRedirect(target)
    return None


def _may_view(request: HttpRequest, record: models.Model) -> bool:
    """Signed in with a session, or by the API's token (which sets `request.auth`)."""
    for user in (getattr(request, "user", None), getattr(request, "auth", None)):
        if getattr(user, "is_authenticated", False):
            try:
                return permissions.can(user, permissions.Action.VIEW, record)
            except LookupError:
                return False
    return False
