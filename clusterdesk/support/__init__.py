"""Support journeys."""
