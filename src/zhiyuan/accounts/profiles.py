"""The security policy profile in force (passwords, lockout, sessions)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True, slots=True)
class Profile:
    """One profile of ``security_profiles.yaml``."""

    name: str
    min_length: int
    max_length: int
    min_classes: int
    max_age_days: int | None
    breached_check: bool
    lockout_threshold: int
    lockout_minutes: int
    idle_minutes: int
    absolute_hours: int


@cache
def profiles() -> dict[str, Profile]:
    """All profiles shipped with the code."""
    text = (resources.files("zhiyuan.accounts") / "security_profiles.yaml").read_text(encoding="utf-8")
    return {name: Profile(name=name, **values) for name, values in yaml.safe_load(text).items()}


def current() -> Profile:
    """The profile named by ``settings.ZHIYUAN_SECURITY_PROFILE``."""
    name = settings.ZHIYUAN_SECURITY_PROFILE
    try:
        return profiles()[name]
    except KeyError:
        raise ImproperlyConfigured(
            f"ZHIYUAN_SECURITY_PROFILE must be one of {', '.join(profiles())}, not {name!r}"
        ) from None
