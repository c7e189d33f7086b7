"""Explainable matching of needs to offers: eligibility rules and ranking, pure functions over
plain data (no database), benchmarked and evaluated alone. See docs/decisions."""
