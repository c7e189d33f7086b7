"""Interactions, follow-ups and the agenda."""
