"""RFC 6962 / RFC 9162 Merkle tree hashing for the append-only audit log.

Pure functions over SHA-256 (no Django, no I/O, no clock). Entries are leaf-hashed
with :func:`leaf_hash`; every other function works on those 32-byte leaf hashes.

Builders (:func:`root`, :func:`inclusion_proof`, :func:`consistency_proof`) raise
``ValueError`` on bad arguments; verifiers (:func:`verify_inclusion`,
:func:`verify_consistency`) never raise and return ``False`` for any malformed input.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

__all__ = [
    "EMPTY_ROOT",
    "HASH_SIZE",
    "consistency_proof",
    "frontier_push",
    "frontier_root",
    "inclusion_proof",
    "leaf_hash",
    "node_hash",
    "root",
    "root_from_iter",
    "verify_consistency",
    "verify_inclusion",
]

HASH_SIZE = 32
"""Length in bytes of every leaf, node and root hash."""

EMPTY_ROOT: bytes = hashlib.sha256(b"").digest()
"""Merkle Tree Hash of the empty tree: SHA-256 of the empty string."""

_LEAF_PREFIX = b"\x00"
_NODE_PREFIX = b"\x01"


def leaf_hash(data: bytes) -> bytes:
    """Hash one log entry: SHA-256(0x00 || data)."""
    return hashlib.sha256(_LEAF_PREFIX + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """Hash two child hashes: SHA-256(0x01 || left || right)."""
    return hashlib.sha256(_NODE_PREFIX + left + right).digest()


def _split(n: int) -> int:
    """Largest power of two strictly smaller than ``n`` (requires ``n >= 2``)."""
    return 1 << ((n - 1).bit_length() - 1)


def _is_hash(value: object) -> bool:
    return isinstance(value, bytes | bytearray) and len(value) == HASH_SIZE


def _is_size(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _hash_list(proof: object) -> list[bytes] | None:
    """The proof as a list of hashes, or ``None`` if it is not a sequence of 32-byte hashes."""
    if not isinstance(proof, Sequence) or isinstance(proof, str | bytes | bytearray):
        return None
    items = list(proof)
    return items if all(_is_hash(h) for h in items) else None


def _check_leaves(leaf_hashes: Sequence[bytes]) -> None:
    for i, h in enumerate(leaf_hashes):
        if not _is_hash(h):
            raise ValueError(f"leaf_hashes[{i}] is not a {HASH_SIZE}-byte hash; did you forget leaf_hash()?")


def _mth(leaves: Sequence[bytes], lo: int, hi: int) -> bytes:
    """Merkle Tree Hash of ``leaves[lo:hi]`` (non-empty), without copying."""
    n = hi - lo
    if n == 1:
        return leaves[lo]
    k = _split(n)
    return node_hash(_mth(leaves, lo, lo + k), _mth(leaves, lo + k, hi))


def root(leaf_hashes: Sequence[bytes]) -> bytes:
    """Merkle Tree Hash of already leaf-hashed entries (RFC 9162 §2.1.1)."""
    _check_leaves(leaf_hashes)
    if not leaf_hashes:
        return EMPTY_ROOT
    return _mth(leaf_hashes, 0, len(leaf_hashes))


def root_from_iter(leaf_hashes: Iterable[bytes]) -> tuple[int, bytes]:
    """Stream leaf hashes in O(log n) memory; return ``(size, root)`` equal to :func:`root`.

    Keeps a stack of roots of perfect subtrees with strictly decreasing heights,
    merging equal heights as leaves arrive and right to left at the end.
    """
    stack: list[tuple[int, bytes]] = []  # (height, subtree root)
    size = 0
    for h in leaf_hashes:
        if not _is_hash(h):
            raise ValueError(f"leaf hash #{size} is not a {HASH_SIZE}-byte hash")
        height, node = 0, bytes(h)
        while stack and stack[-1][0] == height:
            node = node_hash(stack.pop()[1], node)
            height += 1
        stack.append((height, node))
        size += 1
    if not stack:
        return 0, EMPTY_ROOT
    node = stack[-1][1]
    for _, left in reversed(stack[:-1]):
        node = node_hash(left, node)
    return size, node


def frontier_push(frontier: list[bytes], size: int, leaf: bytes) -> None:
    """Append ``leaf`` to a tree of ``size`` leaves given by its *frontier*, in place.

    The frontier is the list of roots of the perfect subtrees the tree splits into, largest (leftmost)
    first: one per set bit of ``size``. It is all that is needed to go on growing the tree and to get its
    root (:func:`frontier_root`), so a verifier can resume where it stopped instead of re-reading every
    leaf. Adding a leaf merges as many subtrees as ``size`` has trailing one bits.
    """
    if not _is_hash(leaf):
        raise ValueError(f"leaf is not a {HASH_SIZE}-byte hash")
    if not _is_size(size) or len(frontier) != bin(size).count("1"):
        raise ValueError(f"a frontier of {len(frontier)} hashes does not fit a tree of size {size!r}")
    node, n = bytes(leaf), size
    while n & 1:
        node = node_hash(frontier.pop(), node)
        n >>= 1
    frontier.append(node)


def frontier_root(frontier: Sequence[bytes]) -> bytes:
    """Merkle Tree Hash of the tree whose frontier is ``frontier`` (see :func:`frontier_push`)."""
    if not frontier:
        return EMPTY_ROOT
    node = frontier[-1]
    for left in reversed(frontier[:-1]):
        node = node_hash(left, node)
    return node


def inclusion_proof(leaf_hashes: Sequence[bytes], index: int) -> list[bytes]:
    """Audit path for leaf ``index`` in the tree of ``leaf_hashes`` (RFC 9162 §2.1.3.1).

    Ordered from the leaf's sibling up to the child of the root.
    """
    _check_leaves(leaf_hashes)
    n = len(leaf_hashes)
    if not _is_size(index) or index >= n:
        raise ValueError(f"index {index!r} is outside a tree of size {n}")
    path: list[bytes] = []  # collected root-first, reversed at the end
    lo, hi, m = 0, n, index
    while hi - lo > 1:
        k = _split(hi - lo)
        if m < k:
            path.append(_mth(leaf_hashes, lo + k, hi))
            hi = lo + k
        else:
            path.append(_mth(leaf_hashes, lo, lo + k))
            lo, m = lo + k, m - k
    path.reverse()
    return path


def consistency_proof(leaf_hashes: Sequence[bytes], old_size: int) -> list[bytes]:
    """Proof that the tree of its first ``old_size`` leaves is a prefix of ``leaf_hashes``.

    RFC 9162 §2.1.4.1 for ``0 < old_size < n``; empty when ``old_size == n``.
    A proof from the empty tree is meaningless, so ``old_size == 0 < n`` is rejected.
    """
    _check_leaves(leaf_hashes)
    n = len(leaf_hashes)
    if not _is_size(old_size) or old_size > n:
        raise ValueError(f"old_size {old_size!r} is outside 0..{n}")
    if old_size == 0 and n > 0:
        raise ValueError("a consistency proof from the empty tree is meaningless")
    path: list[bytes] = []  # collected root-first, reversed at the end
    lo, hi, m, whole = 0, n, old_size, True
    while m != hi - lo:
        k = _split(hi - lo)
        if m <= k:
            path.append(_mth(leaf_hashes, lo + k, hi))
            hi = lo + k
        else:
            path.append(_mth(leaf_hashes, lo, lo + k))
            lo, m, whole = lo + k, m - k, False
    if not whole:
        path.append(_mth(leaf_hashes, lo, hi))
    path.reverse()
    return path


def verify_inclusion(index: int, size: int, leaf: bytes, proof: Sequence[bytes], root: bytes) -> bool:
    """Check that ``leaf`` sits at ``index`` in the tree of ``size`` and ``root`` (RFC 9162 §2.1.3.2)."""
    path = _hash_list(proof)
    if (
        path is None
        or not (_is_size(index) and _is_size(size) and index < size)
        or not (_is_hash(leaf) and _is_hash(root))
    ):
        return False
    fn, sn, r = index, size - 1, bytes(leaf)
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == root


def verify_consistency(size1: int, size2: int, root1: bytes, root2: bytes, proof: Sequence[bytes]) -> bool:
    """Check that the tree (``size2``, ``root2``) extends (``size1``, ``root1``) (RFC 9162 §2.1.4.2).

    Equal sizes need an empty proof and equal roots (the empty tree's root for size 0).
    Consistency from size 0 to a larger tree proves nothing and is rejected.
    """
    path = _hash_list(proof)
    if path is None or not (_is_size(size1) and _is_size(size2)) or size1 > size2:
        return False
    if size1 == size2:
        if path or not isinstance(root1, bytes | bytearray) or root1 != root2:
            return False
        return size1 > 0 or root1 == EMPTY_ROOT
    if size1 == 0 or not path or not (_is_hash(root1) and _is_hash(root2)):
        return False
    if size1 & (size1 - 1) == 0:  # exact power of two: the old root is the seed
        path.insert(0, bytes(root1))
    fn, sn = size1 - 1, size2 - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and fr == root1 and sr == root2
