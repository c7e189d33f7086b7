"""The support part of the JSON API (added in clusterdesk/api.py): cases and their moves,
needs, referrals (with the answers of the target teams' members), roadmaps and actions.

The operations use the same selectors, services, workflows and permission policy as the
pages, so the API can do nothing the pages would refuse.
"""

from ninja import Router

from clusterdesk.support.api import cases, matching, needs, referrals, roadmaps

router = Router()
router.add_router("", cases.router)
router.add_router("", needs.router)
router.add_router("", referrals.router)
router.add_router("", roadmaps.router)
router.add_router("", matching.router)
