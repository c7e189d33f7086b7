"""The `clusterdesk` console script: Django's management commands under our name.

`clusterdesk migrate`, `clusterdesk demo`, `clusterdesk createsuperuser`, `clusterdesk serve`…
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clusterdesk.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["clusterdesk", *(argv if argv is not None else sys.argv[1:])])


if __name__ == "__main__":
    main()
