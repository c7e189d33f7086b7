"""Agency teams and the support catalogue."""
