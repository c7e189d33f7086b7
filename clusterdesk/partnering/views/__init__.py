"""Pages of partner matchmaking: listings and the proposed pairs."""
