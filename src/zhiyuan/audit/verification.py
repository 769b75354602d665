"""Recomputing the chain and the Merkle root; signed checkpoints (Ed25519)."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from zhiyuan.audit.chain import GENESIS, HASHED_FIELDS, entry_leaf, next_chain
from zhiyuan.audit.merkle import root_from_iter
from zhiyuan.audit.models import AuditCheckpoint, AuditEntry, AuditHead

DEV_SEED_LABEL = b"zhiyuan development audit signing key - never use in production"


@dataclass
class Report:
    """Outcome of a verification run."""

    ok: bool = True
    size: int = 0
    chain_hash: str = GENESIS
    root: str = ""
    first_broken: dict[str, Any] | None = None
    checkpoint: dict[str, Any] | None = field(default=None)

    def as_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "ok": self.ok,
            "size": self.size,
            "chain_hash": self.chain_hash,
            "root": self.root,
            "first_broken": self.first_broken,
            "checkpoint": self.checkpoint,
        }


def _entries(limit: int | None = None) -> Iterator[dict[str, Any]]:
    qs = AuditEntry.objects.order_by("seq").values(*HASHED_FIELDS, "leaf_hash", "chain_hash")
    if limit is not None:
        qs = qs.filter(seq__lte=limit)
    yield from qs.iterator(chunk_size=2000)


def verify(limit: int | None = None) -> Report:
    """Recompute every leaf and chain hash in order; report the first entry that does not match.

    One streaming pass: the Merkle root is folded as the leaves go by, so memory stays flat."""
    report = Report()

    def leaves() -> Iterator[bytes]:
        chain = GENESIS
        for expected_seq, row in enumerate(_entries(limit), start=1):
            leaf = entry_leaf(row)
            problem = None
            if row["seq"] != expected_seq:
                problem = "sequence_gap"
            elif leaf != row["leaf_hash"]:
                problem = "content_altered"
            elif next_chain(chain, leaf) != row["chain_hash"]:
                problem = "chain_broken"
            if problem:
                report.ok = False
                report.first_broken = {
                    "seq": row["seq"],
                    "expected_seq": expected_seq,
                    "problem": problem,
                    "action": row["action"],
                    "at": str(row["at"]),
                }
                return
            chain = row["chain_hash"]
            report.size, report.chain_hash = expected_seq, chain
            yield bytes.fromhex(leaf)

    _, root = root_from_iter(leaves())
    if not report.ok:
        return report
    report.root = root.hex()
    if limit is None:
        head = AuditHead.objects.filter(pk=1).first()
        if head is not None and (head.size != report.size or head.chain_hash != report.chain_hash):
            report.ok = False
            report.first_broken = {
                "seq": report.size + 1,
                "expected_seq": head.size,
                "problem": "truncated",
                "action": "",
                "at": "",
            }
    return report


def signing_key() -> tuple[Ed25519PrivateKey, str]:
    """The checkpoint signing key (``ZHIYUAN_AUDIT_SIGNING_KEY``: base64 of a 32-byte seed) and its id."""
    seed_b64 = getattr(settings, "ZHIYUAN_AUDIT_SIGNING_KEY", "")
    if seed_b64:
        seed = base64.b64decode(seed_b64)
    elif settings.ENV in {"development", "test"}:
        seed = hashlib.sha256(DEV_SEED_LABEL).digest()
    else:
        raise ImproperlyConfigured(
            "ZHIYUAN_AUDIT_SIGNING_KEY must be set in production "
            "(生产环境必须设置审计检查点签名密钥 ZHIYUAN_AUDIT_SIGNING_KEY)."
        )
    key = Ed25519PrivateKey.from_private_bytes(seed)
    public = key.public_key().public_bytes_raw()
    return key, hashlib.sha256(public).hexdigest()[:16]


def _message(size: int, root: str, chain_hash: str, at: str) -> bytes:
    return json.dumps(
        {"size": size, "root": root, "chain_hash": chain_hash, "at": at},
        sort_keys=True,
        separators=(",", ":"),
    ).encode()


def checkpoint() -> dict[str, Any]:
    """Verify the log, then sign and store (size, root, chain hash, time); returns the checkpoint."""
    report = verify()
    if not report.ok:
        raise ValueError(f"the audit chain is broken at {report.first_broken}; no checkpoint written")
    key, key_id = signing_key()
    at = timezone.now().astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    signature = base64.b64encode(key.sign(_message(report.size, report.root, report.chain_hash, at))).decode()
    AuditCheckpoint.objects.create(
        size=report.size,
        root=report.root,
        chain_hash=report.chain_hash,
        at=dt.datetime.fromisoformat(at.replace("Z", "+00:00")),
        key_id=key_id,
        signature=signature,
    )
    public = base64.b64encode(key.public_key().public_bytes_raw()).decode()
    return {
        "size": report.size,
        "root": report.root,
        "chain_hash": report.chain_hash,
        "at": at,
        "key_id": key_id,
        "public_key": public,
        "signature": signature,
    }


def verify_checkpoint(cp: dict[str, Any]) -> dict[str, Any]:
    """Is ``cp`` genuinely signed, and does the log's first ``size`` entries still have its root?"""
    try:
        public = Ed25519PublicKey.from_public_bytes(base64.b64decode(cp["public_key"]))
        public.verify(
            base64.b64decode(cp["signature"]), _message(cp["size"], cp["root"], cp["chain_hash"], cp["at"])
        )
        signature_ok = True
    except (InvalidSignature, ValueError, KeyError):
        signature_ok = False
    _, our_key_id = signing_key()
    prefix = verify(limit=int(cp.get("size", 0)))
    matches = prefix.ok and prefix.size == cp.get("size") and prefix.root == cp.get("root")
    return {
        "signature_ok": signature_ok,
        "signed_by_this_deployment": cp.get("key_id") == our_key_id,
        "log_matches": matches,
        "ok": signature_ok and matches,
    }
