"""Reports of the scoring app (registered in ScoringConfig.ready)."""
