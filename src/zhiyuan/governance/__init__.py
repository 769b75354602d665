"""Indicators (version 1) and source analysis, computed from case data."""
