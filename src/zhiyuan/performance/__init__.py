"""Voluntary performance: effective titles, the three-notice chain, pre-enforcement urging, the good-faith list."""
