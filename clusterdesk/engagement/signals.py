"""Interactions deleted with their organisation (a cascade, not the services) leave the
search index too."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete

from clusterdesk.core import search
from clusterdesk.engagement.models import Interaction


def _forget(sender: Any, instance: Interaction, **kwargs: Any) -> None:
    search.remove(instance)


def connect_signals() -> None:
    post_delete.connect(_forget, sender=Interaction, dispatch_uid="engagement.forget")
