"""The permission matrix, loaded once from ``roles.yaml``; pure lookups over it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

ADMINISTRATOR = "administrator"


@dataclass(frozen=True, slots=True)
class Role:
    """A role: its names, kind, permissions and constraints."""

    code: str
    zh: str
    en: str
    kind: str
    permissions: frozenset[str]
    exclusive: bool
    second_factor: bool


@dataclass(frozen=True)
class Matrix:
    """Roles, the permission catalogue and the incompatible pairs."""

    roles: dict[str, Role]
    permissions: dict[str, dict[str, str]]
    incompatible: tuple[frozenset[str], ...]

    def permissions_of(self, roles: Iterable[str]) -> frozenset[str]:
        """Union of the permissions of ``roles`` (unknown codes grant nothing)."""
        out: set[str] = set()
        for code in roles:
            role = self.roles.get(code)
            if role is not None:
                out |= role.permissions
        return frozenset(out)

    def conflicts(self, roles: Iterable[str]) -> list[str]:
        """Reasons why one account may not hold ``roles`` together (empty when it may)."""
        held = set(roles)
        reasons = [f"unknown role {c}" for c in sorted(held) if c not in self.roles]
        exclusive = sorted(c for c in held if c in self.roles and self.roles[c].exclusive)
        if exclusive and len(held) > 1:
            reasons.append(f"{', '.join(exclusive)} cannot be combined with another role (三员分立)")
        kinds = sorted({self.roles[c].kind for c in held if c in self.roles})
        if len(kinds) > 1:
            reasons.append(f"roles of different kinds ({', '.join(kinds)}) cannot be combined")
        reasons += [f"{' + '.join(sorted(p))} are incompatible" for p in self.incompatible if p <= held]
        return reasons


@cache
def matrix() -> Matrix:
    """The matrix shipped with the code."""
    data = yaml.safe_load((resources.files("zhiyuan.accounts") / "roles.yaml").read_text(encoding="utf-8"))
    catalogue: dict[str, dict[str, str]] = data["permissions"]
    roles = {}
    for code, r in data["roles"].items():
        unknown = set(r["permissions"]) - set(catalogue)
        if unknown:
            raise ValueError(f"role {code} names unknown permissions {sorted(unknown)}")
        roles[code] = Role(
            code,
            r["zh"],
            r["en"],
            r["kind"],
            frozenset(r["permissions"]),
            bool(r.get("exclusive")),
            bool(r.get("second_factor")),
        )
    pairs = tuple(frozenset(p) for p in data["incompatible"])
    return Matrix(roles, catalogue, pairs)
