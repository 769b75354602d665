"""Canonical encoding and hashing of audit entries (RFC 6962 leaf and node hashes)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from zhiyuan.audit.merkle import leaf_hash, node_hash

GENESIS = "0" * 64
#: the fields that are hashed, in order; changing any of them in the database breaks the chain
HASHED_FIELDS = (
    "seq",
    "at",
    "actor_id",
    "actor_name",
    "actor_roles",
    "court_code",
    "action",
    "outcome",
    "object_type",
    "object_id",
    "before",
    "after",
    "ip",
)


def canonical(entry: dict[str, Any]) -> bytes:
    """Deterministic JSON of the hashed fields (sorted keys, no spaces, UTF-8, UTC microseconds)."""
    data = {k: entry[k] for k in HASHED_FIELDS}
    at = data["at"]
    if isinstance(at, dt.datetime):
        data["at"] = at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def entry_leaf(entry: dict[str, Any]) -> str:
    """Hex leaf hash of an entry."""
    return leaf_hash(canonical(entry)).hex()


def next_chain(previous: str, leaf: str) -> str:
    """The chain hash after appending ``leaf``: node_hash(previous, leaf)."""
    return node_hash(bytes.fromhex(previous), bytes.fromhex(leaf)).hex()
