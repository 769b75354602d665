"""The Merkle frontier lets a verifier resume where it stopped: pushing leaves one by one, from any saved
point, gives the RFC 6962 root of every prefix (checked against the reference vectors and ``root``)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhiyuan.audit.merkle import EMPTY_ROOT, frontier_push, frontier_root, leaf_hash, root

CONSTANTS = json.loads(
    (Path(__file__).resolve().parent / "data" / "rfc6962" / "constants.json").read_text(encoding="utf-8")
)
REF_LEAVES = [bytes.fromhex(h) for h in CONSTANTS["node_hashes_by_level_hex"][0]]
REF_ROOTS = [bytes.fromhex(h) for h in CONSTANTS["root_hashes_by_tree_size_hex"]]


def test_every_prefix_of_the_reference_tree() -> None:
    frontier: list[bytes] = []
    assert frontier_root(frontier) == EMPTY_ROOT == REF_ROOTS[0]
    for size, leaf in enumerate(REF_LEAVES):
        frontier_push(frontier, size, leaf)
        assert frontier_root(frontier) == REF_ROOTS[size + 1]
        assert len(frontier) == bin(size + 1).count("1")


@settings(deadline=None)
@given(st.integers(min_value=0, max_value=300), st.data())
def test_resuming_from_a_saved_frontier_matches_the_whole_tree(n: int, data: st.DataObject) -> None:
    leaves = [leaf_hash(hashlib.sha256(str(i).encode()).digest()) for i in range(n)]
    stop = data.draw(st.integers(min_value=0, max_value=n))
    frontier: list[bytes] = []
    for size, leaf in enumerate(leaves[:stop]):
        frontier_push(frontier, size, leaf)
    saved = [h.hex() for h in frontier]  # what the verified head stores
    resumed = [bytes.fromhex(h) for h in saved]
    for size, leaf in enumerate(leaves[stop:], start=stop):
        frontier_push(resumed, size, leaf)
    assert frontier_root(resumed) == root(leaves)


def test_a_frontier_that_does_not_fit_its_size_is_refused() -> None:
    leaf = leaf_hash(b"x")
    with pytest.raises(ValueError, match="does not fit"):
        frontier_push([], 1, leaf)
    with pytest.raises(ValueError, match="does not fit"):
        frontier_push([leaf, leaf], 2, leaf)
    with pytest.raises(ValueError, match="32-byte"):
        frontier_push([], 0, b"short")
