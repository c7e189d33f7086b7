"""Demo data beyond the directory: each app that has some registers a loader from its
`AppConfig.ready()`, and `clusterdesk demo` runs them, in order, after it has created the
directory (users, clusters, organisations, contacts):

    demo.register("engagement", engagement_demo.load_demo, order=20)

A loader takes `organisations` (the demo organisations, a list), `users` (the demo users by
username) and `rng` (a seeded `random.Random`, so the data set is the same on every machine)
and returns how many records it created. Loaders write through their app's services.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

Loader = Callable[..., int]

_LOADERS: dict[str, tuple[int, Loader]] = {}


def register(name: str, loader: Loader, order: int = 50) -> None:
    _LOADERS[name] = (order, loader)


def run_loaders(*, organisations: list[Any], users: dict[str, Any], seed: int) -> dict[str, int]:
    """Run every registered loader; returns the records each created, by name."""
    created = {}
    for name, (_order, loader) in sorted(_LOADERS.items(), key=lambda item: item[1][0]):
        rng = random.Random(f"{seed}-{name}")
        created[name] = loader(organisations=organisations, users=users, rng=rng)
    return created
