"""The organisations app's part of the JSON API: one router with organisations, contacts,
clusters and memberships. They use the same selectors, services and permission policy as
the pages, so the API can do nothing the pages would refuse."""

from ninja import Router

from clusterdesk.organisations.api import clusters, contacts, memberships, organisations

router = Router()
router.add_router("", organisations.router)
router.add_router("", contacts.router)
router.add_router("", clusters.router)
router.add_router("", memberships.router)
