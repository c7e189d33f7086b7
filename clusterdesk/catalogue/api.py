"""The catalogue part of the JSON API (added in clusterdesk/api.py)."""

from ninja import Router

router = Router(tags=["catalogue"])
