"""Pages of interactions, follow-ups, the attention list and the agenda."""
