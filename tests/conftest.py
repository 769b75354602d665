"""Shared fixtures."""

from __future__ import annotations

import pytest

from zhiyuan.law.reference import Reference
from zhiyuan.rulebook.bundled import reference


@pytest.fixture(scope="session")
def ref() -> Reference:
    """The law core's reference built from the shipped files."""
    return reference()
