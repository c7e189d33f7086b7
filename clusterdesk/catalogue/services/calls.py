"""Importing calls for projects from an EU Funding & Tenders export (SEDIA topics).

`calls_import` upserts by topic id in one transaction: a call whose values changed is
updated (version, audit event), one that did not is left alone, a new one is created. The
first topic that does not make a valid call stops the import with a ValidationError naming
the topic and the field; nothing is stored then.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from clusterdesk.catalogue.eu_calls import Topic
from clusterdesk.catalogue.models import Call, CallSource
from clusterdesk.catalogue.services.common import apply, plain
from clusterdesk.catalogue.services.offers import CALL_FIELDS
from clusterdesk.core import search
from clusterdesk.core.audit import diff, record
from clusterdesk.core.concurrency import claim_version
from clusterdesk.core.models import AuditAction


@dataclass
class ImportCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


def topic_data(topic: Topic) -> dict[str, Any]:
    """The values of a call from one exported topic."""
    return {
        "external_id": topic.topic_id,
        "source": CallSource.EU_SEDIA,
        "programme": topic.programme,
        "title": topic.title,
        "call_identifier": topic.call_identifier,
        "call_title": topic.call_title,
        "cluster": topic.cluster,
        "action_type": topic.action_type,
        "deadline": topic.deadline,
        "deadline_model": topic.deadline_model,
        "status": topic.status,
        "budget_min": topic.budget_min,
        "budget_max": topic.budget_max,
        "expected_grants": topic.expected_grants,
        "keywords": topic.keywords,
        "description": topic.description,
        "conditions": topic.conditions,
        "url": topic.url,
    }


def _checked(call: Call, topic_id: str) -> None:
    """Validated field by field (the topic id is unique by construction here)."""
    try:
        call.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        problems = [
            f"{field}: {message}"
            for field, messages in error.message_dict.items()
            for message in messages
        ]
        raise ValidationError(
            "Topic %(topic)s: %(problems)s",
            params={"topic": topic_id, "problems": "; ".join(problems)},
            code="invalid_topic",
        ) from error


@transaction.atomic
def calls_import(*, actor: Any, topics: Iterable[Topic]) -> ImportCounts:
    """Create or update one call per topic, by topic id; all or nothing."""
    topics = list(topics)
    wanted = {topic.topic_id for topic in topics}
    existing = {call.external_id: call for call in Call.objects.filter(external_id__in=wanted)}
    counts = ImportCounts()
    changed: list[Call] = []
    for topic in topics:
        call = existing.get(topic.topic_id)
        if call is None:
            call = Call()
            apply(call, topic_data(topic), CALL_FIELDS)
            _checked(call, topic.topic_id)
            call.save()
            changes = diff({}, plain(call, CALL_FIELDS))
            record(actor=actor, action=AuditAction.CREATE, instance=call, changes=changes)
            existing[topic.topic_id] = call
            counts.created += 1
        else:
            before = plain(call, CALL_FIELDS)
            apply(call, topic_data(topic), CALL_FIELDS)
            _checked(call, topic.topic_id)
            changes = diff(before, plain(call, CALL_FIELDS))
            if not changes:
                counts.unchanged += 1
                continue
            claim_version(call, None)
            call.save()
            record(actor=actor, action=AuditAction.UPDATE, instance=call, changes=changes)
            counts.updated += 1
        changed.append(call)
    search.index_many(changed)
    return counts
