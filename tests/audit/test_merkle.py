"""RFC 6962 / RFC 9162 Merkle hashing against the transparency-dev/merkle vectors, plus exhaustive and property checks."""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhiyuan.audit.merkle import (
    EMPTY_ROOT,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    node_hash,
    root,
    root_from_iter,
    verify_consistency,
    verify_inclusion,
)

DATA = Path(__file__).resolve().parent / "data" / "rfc6962"
TESTDATA = DATA / "testdata"
CONSTANTS: dict[str, Any] = json.loads((DATA / "constants.json").read_text(encoding="utf-8"))
INCLUSION_FILES = sorted((TESTDATA / "inclusion").rglob("*.json"))
CONSISTENCY_FILES = sorted((TESTDATA / "consistency").rglob("*.json"))

LEAF_INPUTS = [bytes.fromhex(h) for h in CONSTANTS["leaf_inputs_hex"]]
REF_ROOTS = [bytes.fromhex(h) for h in CONSTANTS["root_hashes_by_tree_size_hex"]]
REF_LEVELS = [[bytes.fromhex(h) for h in level] for level in CONSTANTS["node_hashes_by_level_hex"]]
REF_LEAVES = REF_LEVELS[0]  # level 0 of the reference tree holds the leaf hashes

# Vector files whose flag says "must verify"; every other file is a negative case.
POSITIVE_NAMES = {
    "happy-path.json",
    "matching-root-and-leaf.json",
    "sizes-are-equal-one-and-proof-is-empty.json",
}


def _case_id(path: Path) -> str:
    return str(path.relative_to(TESTDATA))


def _load(path: Path) -> dict[str, Any]:
    case: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return case


def _b64(value: str) -> bytes:
    return base64.b64decode(value, validate=True)


def _proof(case: dict[str, Any]) -> list[bytes]:
    return [_b64(p) for p in case["proof"] or []]  # JSON null encodes the empty proof


def _flips(value: bytes) -> Iterator[bytes]:
    """Every copy of ``value`` with exactly one bit flipped."""
    for i in range(len(value)):
        for bit in range(8):
            changed = bytearray(value)
            changed[i] ^= 1 << bit
            yield bytes(changed)


def _reference_mth(leaves: Sequence[bytes]) -> bytes:
    """RFC 9162 §2.1.1 transcribed literally, with list slicing: an independent oracle for root()."""
    n = len(leaves)
    if n == 0:
        return hashlib.sha256(b"").digest()
    if n == 1:
        return leaves[0]
    k = 1
    while k * 2 < n:
        k *= 2
    return hashlib.sha256(b"\x01" + _reference_mth(leaves[:k]) + _reference_mth(leaves[k:])).digest()


def _leaves(n: int) -> list[bytes]:
    return [leaf_hash(f"entry {i}".encode()) for i in range(n)]


# --- constants.json ------------------------------------------------------------------------------


def test_vector_files_are_all_present() -> None:
    assert len(INCLUSION_FILES) == 98
    assert len(CONSISTENCY_FILES) == 98
    assert len(LEAF_INPUTS) == 8
    assert len(REF_ROOTS) == 9


def test_primitives_match_the_rfc_definitions() -> None:
    assert EMPTY_ROOT == REF_ROOTS[0] == hashlib.sha256(b"").digest()
    assert leaf_hash(b"abc") == hashlib.sha256(b"\x00abc").digest()
    assert node_hash(b"L" * 32, b"R" * 32) == hashlib.sha256(b"\x01" + b"L" * 32 + b"R" * 32).digest()


def test_leaf_hashes_match_constants() -> None:
    assert [leaf_hash(d) for d in LEAF_INPUTS] == REF_LEAVES


@pytest.mark.parametrize("size", range(len(REF_ROOTS)))
def test_roots_match_constants(size: int) -> None:
    leaves = [leaf_hash(d) for d in LEAF_INPUTS[:size]]
    assert root(leaves) == REF_ROOTS[size]
    assert root_from_iter(iter(leaves)) == (size, REF_ROOTS[size])


@pytest.mark.parametrize("level", range(len(REF_LEVELS)))
def test_interior_nodes_match_constants(level: int) -> None:
    width = 1 << level
    for i, expected in enumerate(REF_LEVELS[level]):
        assert root(REF_LEAVES[i * width : (i + 1) * width]) == expected


# --- transparency-dev JSON vectors ----------------------------------------------------------------


@pytest.mark.parametrize("path", INCLUSION_FILES, ids=_case_id)
def test_inclusion_vector(path: Path) -> None:
    case = _load(path)
    assert case["wantErr"] is (path.name not in POSITIVE_NAMES), "vector flag disagrees with its name"
    ok = verify_inclusion(
        case["leafIdx"], case["treeSize"], _b64(case["leafHash"]), _proof(case), _b64(case["root"])
    )
    assert ok is not case["wantErr"], case["desc"]


@pytest.mark.parametrize("path", CONSISTENCY_FILES, ids=_case_id)
def test_consistency_vector(path: Path) -> None:
    case = _load(path)
    assert case["wantErr"] is (path.name not in POSITIVE_NAMES), "vector flag disagrees with its name"
    ok = verify_consistency(
        case["size1"], case["size2"], _b64(case["root1"]), _b64(case["root2"]), _proof(case)
    )
    assert ok is not case["wantErr"], case["desc"]


def _numbered_dirs(kind: str) -> list[Path]:
    return sorted(p for p in (TESTDATA / kind).iterdir() if p.name.isdigit())


@pytest.mark.parametrize("directory", _numbered_dirs("inclusion"), ids=lambda p: p.name)
def test_inclusion_happy_path_is_built_from_the_reference_tree(directory: Path) -> None:
    """The happy path uses the constants' tree, our builder reproduces its proof, and every sibling differs."""
    happy = _load(directory / "happy-path.json")
    size, index = happy["treeSize"], happy["leafIdx"]
    assert _b64(happy["root"]) == REF_ROOTS[size]
    assert _b64(happy["leafHash"]) == REF_LEAVES[index]
    assert inclusion_proof(REF_LEAVES[:size], index) == _proof(happy)
    for sibling in directory.glob("*.json"):
        if sibling.name != "happy-path.json":
            assert _load(sibling) != happy | {"desc": _load(sibling)["desc"], "wantErr": True}, sibling.name


@pytest.mark.parametrize("directory", _numbered_dirs("consistency"), ids=lambda p: p.name)
def test_consistency_happy_path_is_built_from_the_reference_tree(directory: Path) -> None:
    happy = _load(directory / "happy-path.json")
    size1, size2 = happy["size1"], happy["size2"]
    assert _b64(happy["root1"]) == REF_ROOTS[size1]
    assert _b64(happy["root2"]) == REF_ROOTS[size2]
    assert consistency_proof(REF_LEAVES[:size2], size1) == _proof(happy)
    for sibling in directory.glob("*.json"):
        if sibling.name != "happy-path.json":
            assert _load(sibling) != happy | {"desc": _load(sibling)["desc"], "wantErr": True}, sibling.name


# --- exhaustive small trees ---------------------------------------------------------------------

MAX_LEAVES = 40
ALL_LEAVES = _leaves(MAX_LEAVES)


@pytest.mark.parametrize("n", range(MAX_LEAVES + 1))
def test_root_matches_the_literal_rfc_definition(n: int) -> None:
    expected = _reference_mth(ALL_LEAVES[:n])
    assert root(ALL_LEAVES[:n]) == expected
    assert root_from_iter(x for x in ALL_LEAVES[:n]) == (n, expected)


@pytest.mark.parametrize("n", range(1, MAX_LEAVES + 1))
def test_every_inclusion_proof_verifies_and_every_bit_matters(n: int) -> None:
    leaves = ALL_LEAVES[:n]
    tree_root = root(leaves)
    for index in range(n):
        proof = inclusion_proof(leaves, index)
        leaf = leaves[index]
        assert verify_inclusion(index, n, leaf, proof, tree_root)
        assert not verify_inclusion(index, n, leaves[(index + 1) % n], proof, tree_root) or n == 1
        assert not any(verify_inclusion(index, n, leaf, proof, bad) for bad in _flips(tree_root))
        assert not any(verify_inclusion(index, n, bad, proof, tree_root) for bad in _flips(leaf))
        for i, element in enumerate(proof):
            for bad in _flips(element):
                assert not verify_inclusion(index, n, leaf, [*proof[:i], bad, *proof[i + 1 :]], tree_root)
        assert not verify_inclusion(index, n, leaf, [*proof, tree_root], tree_root)
        assert not verify_inclusion(index, n, leaf, [tree_root, *proof], tree_root)
        if proof:
            assert not verify_inclusion(index, n, leaf, proof[:-1], tree_root)
            assert not verify_inclusion(index, n, leaf, proof[1:], tree_root)


@pytest.mark.parametrize("n", range(1, MAX_LEAVES + 1))
def test_every_consistency_proof_verifies_and_every_bit_matters(n: int) -> None:
    leaves = ALL_LEAVES[:n]
    new_root = root(leaves)
    for m in range(1, n + 1):
        old_root = root(leaves[:m])
        proof = consistency_proof(leaves, m)
        assert (proof == []) is (m == n)
        assert verify_consistency(m, n, old_root, new_root, proof)
        assert not any(verify_consistency(m, n, bad, new_root, proof) for bad in _flips(old_root))
        assert not any(verify_consistency(m, n, old_root, bad, proof) for bad in _flips(new_root))
        for i, element in enumerate(proof):
            for bad in _flips(element):
                assert not verify_consistency(m, n, old_root, new_root, [*proof[:i], bad, *proof[i + 1 :]])
        assert not verify_consistency(m, n, old_root, new_root, [*proof, new_root])
        assert not verify_consistency(m, n, old_root, new_root, [old_root, *proof])
        if proof:
            assert not verify_consistency(m, n, old_root, new_root, proof[:-1])
            assert not verify_consistency(m, n, old_root, new_root, proof[1:])
        if m < n:
            assert not verify_consistency(m, n, new_root, old_root, proof)  # swapped roots
            assert not verify_consistency(n, m, old_root, new_root, proof)  # time travel


# --- hypothesis -----------------------------------------------------------------------------------


@settings(deadline=None)
@given(st.lists(st.binary(max_size=24), min_size=1, max_size=300), st.data())
def test_prefixes_are_consistent_and_streaming_matches(entries: list[bytes], data: st.DataObject) -> None:
    leaves = [leaf_hash(e) for e in entries]
    n = len(leaves)
    m = data.draw(st.integers(min_value=1, max_value=n), label="old size")
    index = data.draw(st.integers(min_value=0, max_value=n - 1), label="index")
    full_root = root(leaves)
    assert root_from_iter(iter(leaves)) == (n, full_root)
    assert verify_consistency(m, n, root(leaves[:m]), full_root, consistency_proof(leaves, m))
    assert verify_inclusion(index, n, leaves[index], inclusion_proof(leaves, index), full_root)


# --- edge cases and malformed input -------------------------------------------------------------


def test_empty_tree() -> None:
    assert root([]) == EMPTY_ROOT
    assert root_from_iter([]) == (0, EMPTY_ROOT)
    assert consistency_proof([], 0) == []
    assert verify_consistency(0, 0, EMPTY_ROOT, EMPTY_ROOT, [])
    assert not verify_consistency(0, 0, REF_ROOTS[1], REF_ROOTS[1], [])  # size 0 has exactly one root
    assert not verify_inclusion(0, 0, EMPTY_ROOT, [], EMPTY_ROOT)


def test_inclusion_path_cannot_run_past_the_root() -> None:
    """A path longer than the tree is tall must fail even if extra hashing lands on a real root."""
    # Leaf 1 claimed as the only leaf of a size-1 tree, "proved" against the root of the 2-leaf tree.
    assert not verify_inclusion(0, 1, REF_LEAVES[1], [REF_LEAVES[0]], REF_ROOTS[2])
    # Leaf 4 claimed as the last leaf of a size-5 tree, "proved" against the root of the 6-leaf tree.
    assert verify_inclusion(4, 5, REF_LEAVES[4], [root(REF_LEAVES[:4])], REF_ROOTS[5])
    assert not verify_inclusion(4, 5, REF_LEAVES[5], [REF_LEAVES[4], root(REF_LEAVES[:4])], REF_ROOTS[6])


def test_consistency_path_cannot_run_past_the_root() -> None:
    """Appending the left sibling of a right subtree's proof must not pass off trees of 7/8 as 3/4."""
    leaves = _leaves(8)
    sub_proof = consistency_proof(leaves[4:8], 3)
    assert verify_consistency(3, 4, root(leaves[4:7]), root(leaves[4:8]), sub_proof)
    forged = [*sub_proof, root(leaves[:4])]
    assert not verify_consistency(3, 4, root(leaves[:7]), root(leaves[:8]), forged)


def test_consistency_from_the_empty_tree_is_refused() -> None:
    with pytest.raises(ValueError, match="empty tree"):
        consistency_proof(REF_LEAVES, 0)
    assert not verify_consistency(0, 8, EMPTY_ROOT, REF_ROOTS[8], [])


@pytest.mark.parametrize("bad", [-1, 3, True])
def test_inclusion_proof_rejects_bad_index(bad: int) -> None:
    with pytest.raises(ValueError, match="outside"):
        inclusion_proof(REF_LEAVES[:3], bad)


@pytest.mark.parametrize("bad", [-1, 4])
def test_consistency_proof_rejects_bad_old_size(bad: int) -> None:
    with pytest.raises(ValueError, match="outside"):
        consistency_proof(REF_LEAVES[:3], bad)


def test_builders_refuse_unhashed_entries() -> None:
    for build in (root, lambda xs: root_from_iter(iter(xs)), lambda xs: inclusion_proof(xs, 0)):
        with pytest.raises(ValueError, match="32-byte"):
            build([b"raw entry, not a leaf hash"])


MALFORMED_INCLUSION: list[tuple[Any, ...]] = [
    (-1, 8),
    (8, 8),
    (0, -8),
    (0.0, 8),
    ("0", 8),
    (0, None),
]


@pytest.mark.parametrize(("index", "size"), MALFORMED_INCLUSION)
def test_verify_inclusion_never_raises_on_bad_numbers(index: Any, size: Any) -> None:
    assert verify_inclusion(index, size, REF_LEAVES[0], inclusion_proof(REF_LEAVES, 0), REF_ROOTS[8]) is False


@pytest.mark.parametrize(
    "proof",
    [None, 42, "abc", b"\x00" * 32, [None], [b"short"], [b"\x00" * 33], ["x" * 32], {b"\x00" * 32}],
    ids=repr,
)
def test_verifiers_never_raise_on_bad_proofs(proof: Any) -> None:
    assert verify_inclusion(0, 8, REF_LEAVES[0], proof, REF_ROOTS[8]) is False
    assert verify_consistency(3, 8, REF_ROOTS[3], REF_ROOTS[8], proof) is False


@pytest.mark.parametrize("bad", [None, b"", b"\x00" * 31, "x" * 32, 0])
def test_verifiers_never_raise_on_bad_hashes(bad: Any) -> None:
    incl = inclusion_proof(REF_LEAVES, 0)
    cons = consistency_proof(REF_LEAVES, 3)
    assert verify_inclusion(0, 8, bad, incl, REF_ROOTS[8]) is False
    assert verify_inclusion(0, 8, REF_LEAVES[0], incl, bad) is False
    assert verify_consistency(3, 8, bad, REF_ROOTS[8], cons) is False
    assert verify_consistency(3, 8, REF_ROOTS[3], bad, cons) is False
    assert verify_consistency(3, 3, bad, REF_ROOTS[3], []) is False
    assert verify_consistency(0, 0, bad, EMPTY_ROOT, []) is False


@pytest.mark.parametrize(("size1", "size2"), [(-1, 8), (3, -1), (9, 8), (3.0, 8), (None, 8), (3, "8")])
def test_verify_consistency_never_raises_on_bad_sizes(size1: Any, size2: Any) -> None:
    proof = consistency_proof(REF_LEAVES, 3)
    assert verify_consistency(size1, size2, REF_ROOTS[3], REF_ROOTS[8], proof) is False
