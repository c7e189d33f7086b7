"""Pages of the support journey: cases, needs, referrals, roadmaps and actions."""
