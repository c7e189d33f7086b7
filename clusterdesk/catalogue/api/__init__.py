"""The catalogue part of the JSON API (added in clusterdesk/api.py): agency teams (read
only), support instruments, training programmes, calls for projects and service provider
profiles (CRUD).

The operations use the same selectors, services and permission policy as the pages, so
the API can do nothing the pages would refuse. The API is for the staff: the public reads
the catalogue on its pages.
"""

from ninja import Router

from clusterdesk.catalogue.api import offers, providers, teams

router = Router()
router.add_router("", teams.router)
router.add_router("", offers.router)
router.add_router("", providers.router)
