"""Canonical form of identity and bank numbers, shared by blind indexes and masking."""

from __future__ import annotations

import unicodedata


def normalize(value: str) -> str:
    """NFKC (full-width digits and letters fold), no whitespace or hyphens, upper case."""
    folded = unicodedata.normalize("NFKC", value)
    return "".join(c for c in folded if not c.isspace() and c != "-").upper()
