"""Verifying the chain — in full, or only the entries appended since the last verified head — and signed
checkpoints (Ed25519, keys in :mod:`zhiyuan.audit.keys`).

Every walk also checks the *anchors* it passes: each checkpoint stored in the database (signed by this
deployment's keys, so it cannot be forged without the signing key) and the last verified head. A chain
rewritten consistently from some entry on — every leaf and chain hash recomputed — passes the hash
checks; it fails at the first anchor after the rewrite. Someone who can also delete those anchors is
caught only by a checkpoint kept off the server (``zhiyuan audit verify --checkpoint FILE``), which is
why every report carries the ``no_external_checkpoint`` warning until one is compared."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhiyuan.audit import keys
from zhiyuan.audit.chain import GENESIS, HASHED_FIELDS, entry_leaf
from zhiyuan.audit.keys import signing_key
from zhiyuan.audit.merkle import HASH_SIZE, frontier_push, frontier_root, node_hash
from zhiyuan.audit.models import AuditCheckpoint, AuditEntry, AuditHead, AuditVerifiedHead

__all__ = [
    "FULL_VERIFY_INTERVAL",
    "ChainBroken",
    "Report",
    "checkpoint",
    "claim_full_run",
    "signing_key",
    "verify",
    "verify_checkpoint",
    "verify_recent",
]

#: a complete recomputation asked for over HTTP (``/api/audit/verify?full=1``) runs at most this often
FULL_VERIFY_INTERVAL = dt.timedelta(minutes=10)

NO_EXTERNAL_CHECKPOINT = {
    "code": "no_external_checkpoint",
    "message_zh": "本次校验只能发现链内的不一致：能改写数据库的人可以重算整条链并删除库内的检查点。"
    "只有与保存在服务器之外的签名检查点比对（zhiyuan audit verify --checkpoint 文件）才能发现整链被改写。",
    "message_en": "This check finds inconsistencies within the chain only: someone able to rewrite the "
    "database can recompute the whole chain and delete the checkpoints stored in it. Only a comparison "
    "with a signed checkpoint kept off the server (zhiyuan audit verify --checkpoint FILE) catches a "
    "rewritten chain.",
}
INCREMENTAL_ONLY = {
    "code": "incremental_only",
    "message_zh": "只校验了上次校验之后追加的条目；此前的条目以上次完整校验为准（见 last_full_verification）。",
    "message_en": "Only the entries appended since the last verification were checked; earlier entries "
    "stand on the last complete verification (see last_full_verification).",
}


#: what ``first_broken.problem`` means: code → (zh, en)
PROBLEMS = {
    "sequence_gap": ("序号不连续：有条目被删除。", "Sequence gap: an entry was removed."),
    "content_altered": (
        "条目内容与其叶哈希不符：内容被改动。",
        "The entry no longer matches its leaf hash: it was changed.",
    ),
    "chain_broken": (
        "链哈希不相接：条目被改动或替换后重算了叶哈希。",
        "The chain hash does not follow: the entry was changed or replaced and its leaf hash recomputed.",
    ),
    "truncated": (
        "日志比链头、已校验链头或检查点记录的短：末尾的条目被删除。",
        "The log is shorter than its head, its last verified head or a checkpoint says: entries at the end "
        "were removed.",
    ),
    "rewritten": (
        "此处的链与上次校验时不同：之前的条目被改动后整链重算。",
        "The chain here differs from the one verified earlier: entries before it were changed and the chain "
        "recomputed.",
    ),
    "checkpoint_mismatch": (
        "库内一份本部署签名的检查点与日志不符：此前的条目被改动后整链重算。",
        "A checkpoint stored in the database and signed by this deployment does not match the log: entries "
        "up to it were changed and the chain recomputed.",
    ),
    "checkpoint_unverifiable": (
        "库内有一份检查点不是由本部署的密钥签名的：被伪造，或更换签名密钥后未在 "
        "ZHIYUAN_AUDIT_RETIRED_PUBLIC_KEYS 中列出旧公钥。",
        "A checkpoint stored in the database is not signed by a key of this deployment: it was forged, or "
        "the signing key was replaced without listing the old public key in ZHIYUAN_AUDIT_RETIRED_PUBLIC_KEYS.",
    ),
}


class ChainBroken(ValueError):
    """No checkpoint is signed over a broken chain."""

    def __init__(self, report: Report) -> None:
        super().__init__(f"the audit chain is broken at {report.first_broken}; no checkpoint written")
        self.report = report


@dataclass
class Report:
    """Outcome of a verification run."""

    ok: bool = True
    size: int = 0
    chain_hash: str = GENESIS
    root: str = ""
    first_broken: dict[str, Any] | None = None
    checkpoint: dict[str, Any] | None = field(default=None)
    #: ``full`` (every entry recomputed) or ``incremental`` (entries after ``verified_from``)
    mode: str = "full"
    verified_from: int = 0
    last_full_verification: str | None = None
    #: anchors passed: checkpoints stored in the database and the last verified head
    anchors_checked: int = 0
    warnings: list[dict[str, str]] = field(default_factory=lambda: [dict(NO_EXTERNAL_CHECKPOINT)])

    def as_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "ok": self.ok,
            "size": self.size,
            "chain_hash": self.chain_hash,
            "root": self.root,
            "first_broken": self.first_broken,
            "checkpoint": self.checkpoint,
            "mode": self.mode,
            "verified_from": self.verified_from,
            "last_full_verification": self.last_full_verification,
            "anchors_checked": self.anchors_checked,
            "warnings": self.warnings,
        }

    def fail(self, seq: int, expected_seq: int, problem: str, action: str = "", at: object = "") -> None:
        """Record the first problem found."""
        self.ok = False
        zh, en = PROBLEMS[problem]
        self.first_broken = {
            "seq": seq,
            "expected_seq": expected_seq,
            "problem": problem,
            "action": action,
            "at": str(at or ""),
            "message_zh": zh,
            "message_en": en,
        }


@dataclass(frozen=True, slots=True)
class _Anchor:
    """A statement about the chain at ``size``: a stored checkpoint or the last verified head."""

    size: int
    chain_hash: str
    at: object
    checkpoint: Mapping[str, Any] | None = None  # the stored checkpoint's fields, signature included


def _anchors(after: int = 0, upto: int | None = None) -> dict[int, list[_Anchor]]:
    """Stored checkpoints and the verified head with ``after < size (<= upto)``, by size. Read *before* the
    chain head, so that every anchor describes a prefix of the chain read afterwards."""
    found: dict[int, list[_Anchor]] = {}
    rows = AuditCheckpoint.objects.filter(size__gt=after).values(
        "size", "root", "chain_hash", "at", "key_id", "signature"
    )
    if upto is not None:
        rows = rows.filter(size__lte=upto)
    for row in rows:
        cp = {**row, "at": row["at"].astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")}
        found.setdefault(row["size"], []).append(_Anchor(row["size"], row["chain_hash"], cp["at"], cp))
    head = AuditVerifiedHead.objects.filter(pk=1, size__gt=after).first()
    if head is not None and (upto is None or head.size <= upto):
        found.setdefault(head.size, []).append(_Anchor(head.size, head.chain_hash, head.verified_at))
    return found


def _anchor_problem(anchor: _Anchor, chain: str, root: str, deployment: list[keys.DeploymentKey]) -> str:
    if anchor.checkpoint is None:
        return "" if anchor.chain_hash == chain else "rewritten"
    if keys.check(anchor.checkpoint, deployment).key is None:
        return "checkpoint_unverifiable"
    if anchor.checkpoint["root"] != root or anchor.chain_hash != chain:
        return "checkpoint_mismatch"
    return ""


def _entries(after: int, upto: int) -> Iterator[dict[str, Any]]:
    qs = AuditEntry.objects.filter(seq__gt=after, seq__lte=upto).order_by("seq")
    yield from qs.values(*HASHED_FIELDS, "leaf_hash", "chain_hash").iterator(chunk_size=2000)


def _walk(
    report: Report,
    *,
    after: int,
    chain: str,
    frontier: list[bytes],
    upto: int,
    anchors: dict[int, list[_Anchor]],
) -> bool:
    """Recompute entries ``after+1 .. upto`` from the chain hash and Merkle frontier at ``after``; check the
    anchors on the way. False (with ``report.first_broken``) at the first problem."""
    deployment = keys.deployment_keys() if any(a.checkpoint for v in anchors.values() for a in v) else []
    report.size, report.chain_hash = after, chain
    for expected_seq, row in enumerate(_entries(after, upto), start=after + 1):
        leaf = entry_leaf(row)
        problem = ""
        if row["seq"] != expected_seq:
            problem = "sequence_gap"
        elif leaf != row["leaf_hash"]:
            problem = "content_altered"
        elif node_hash(bytes.fromhex(chain), bytes.fromhex(leaf)).hex() != row["chain_hash"]:
            problem = "chain_broken"
        if problem:
            report.fail(row["seq"], expected_seq, problem, row["action"], row["at"])
            return False
        chain = row["chain_hash"]
        frontier_push(frontier, expected_seq - 1, bytes.fromhex(leaf))
        report.size, report.chain_hash = expected_seq, chain
        for anchor in anchors.get(expected_seq, ()):
            report.anchors_checked += 1
            problem = _anchor_problem(anchor, chain, frontier_root(frontier).hex(), deployment)
            if problem:
                report.fail(expected_seq, expected_seq, problem, "", anchor.at)
                return False
    return True


def _beyond(report: Report, anchors: dict[int, list[_Anchor]], head: AuditHead | None) -> None:
    """After a walk to the head: the log must reach the head row and every anchor, or it was cut."""
    if head is not None and (head.size != report.size or head.chain_hash != report.chain_hash):
        report.fail(report.size + 1, head.size, "truncated")
        return
    for size in sorted(s for s in anchors if s > report.size):
        for anchor in anchors[size]:
            report.anchors_checked += 1
            if anchor.checkpoint is not None and keys.check(anchor.checkpoint).key is None:
                report.fail(size, size, "checkpoint_unverifiable", "", anchor.at)
            else:
                report.fail(report.size + 1, size, "truncated", "", anchor.at)
            return


def _remember(report: Report, frontier: list[bytes], *, full: bool) -> None:
    """Move the verified head forward (never back) to what ``report`` verified."""
    now = timezone.now()
    with transaction.atomic():
        row, _ = AuditVerifiedHead.objects.select_for_update().get_or_create(
            pk=1, defaults={"chain_hash": GENESIS}
        )
        if report.size >= row.size:
            row.size, row.chain_hash = report.size, report.chain_hash
            row.frontier = [h.hex() for h in frontier]
            row.verified_at = now
        if full:
            row.full_verified_at = now
        row.save()
    report.last_full_verification = row.full_verified_at.isoformat() if row.full_verified_at else None


def verify(limit: int | None = None) -> Report:
    """Recompute every leaf and chain hash in order (the first ``limit`` entries, or all); report the
    first entry that does not match, or the first anchor the chain no longer agrees with.

    One streaming pass: the Merkle root is folded as the leaves go by, so memory stays flat."""
    report = Report()
    anchors = _anchors(upto=limit)
    head = None
    if limit is None:
        head = AuditHead.objects.filter(pk=1).first()
    upto = limit if limit is not None else (head.size if head else 0)
    frontier: list[bytes] = []
    if not _walk(report, after=0, chain=GENESIS, frontier=frontier, upto=upto, anchors=anchors):
        return report
    report.root = frontier_root(frontier).hex()
    if limit is None:
        _beyond(report, anchors, head)
        if report.ok:
            _remember(report, frontier, full=True)
    return report


def _frontier(head: AuditVerifiedHead) -> list[bytes] | None:
    hashes = head.frontier
    if not isinstance(hashes, list) or len(hashes) != bin(head.size).count("1"):
        return None
    try:
        frontier = [bytes.fromhex(h) for h in hashes]
    except (TypeError, ValueError):
        return None
    return frontier if all(len(h) == HASH_SIZE for h in frontier) else None


def verify_recent() -> Report:
    """Verify only what was appended since the last verified head (a complete run the first time, or when
    the head no longer matches the chain, which then fails where it differs)."""
    with transaction.atomic():
        cached = AuditVerifiedHead.objects.select_for_update().filter(pk=1).first()
        frontier = _frontier(cached) if cached is not None and cached.size > 0 else None
        if cached is None or frontier is None:
            return verify()
        anchors = _anchors(after=cached.size)
        head = AuditHead.objects.filter(pk=1).first()
        report = Report(mode="incremental", verified_from=cached.size)
        report.warnings.append(dict(INCREMENTAL_ONLY))
        at_head = AuditEntry.objects.filter(seq=cached.size).values_list("chain_hash", flat=True).first()
        if at_head != cached.chain_hash:
            return verify()  # rewritten or cut below the verified head: the complete walk says where
        upto = head.size if head else 0
        if not _walk(
            report, after=cached.size, chain=cached.chain_hash, frontier=frontier, upto=upto, anchors=anchors
        ):
            return report
        report.root = frontier_root(frontier).hex()
        _beyond(report, anchors, head)
        if report.ok:
            _remember(report, frontier, full=False)
        else:
            report.last_full_verification = (
                cached.full_verified_at.isoformat() if cached.full_verified_at else None
            )
        return report


def claim_full_run(now: dt.datetime | None = None) -> int:
    """Claim the right to a complete recomputation over HTTP: 0 when claimed, else the seconds to wait."""
    now = now or timezone.now()
    row, _ = AuditVerifiedHead.objects.select_for_update().get_or_create(
        pk=1, defaults={"chain_hash": GENESIS}
    )
    if row.full_started_at is not None and now - row.full_started_at < FULL_VERIFY_INTERVAL:
        return max(1, int((row.full_started_at + FULL_VERIFY_INTERVAL - now).total_seconds()) + 1)
    row.full_started_at = now
    row.save(update_fields=["full_started_at"])
    return 0


def checkpoint() -> dict[str, Any]:
    """Verify the log in full, then sign and store (size, root, chain hash, time); returns the checkpoint."""
    report = verify()
    if not report.ok:
        raise ChainBroken(report)
    at = timezone.now().astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    signed = keys.sign(report.size, report.root, report.chain_hash, at)
    AuditCheckpoint.objects.create(
        size=report.size,
        root=report.root,
        chain_hash=report.chain_hash,
        at=dt.datetime.fromisoformat(at.replace("Z", "+00:00")),
        key_id=signed["key_id"],
        signature=signed["signature"],
    )
    return {
        "size": report.size,
        "root": report.root,
        "chain_hash": report.chain_hash,
        "at": at,
        "key_id": signed["key_id"],
        "public_key": signed["public_key"],
        "signature": signed["signature"],
    }


#: verdicts on a checkpoint file: code → (zh, en)
CHECKPOINT_VERDICTS = {
    "": (
        "检查点有效：由本部署的密钥签名，日志仍延续它。",
        "Valid: signed by this deployment, and the log still extends it.",
    ),
    "checkpoint_malformed": (
        "检查点文件格式不正确（缺少 size、root、chain_hash、at 或 signature）。",
        "The checkpoint is malformed (size, root, chain_hash, at or signature missing or invalid).",
    ),
    "checkpoint_bad_signature": (
        "检查点的签名无效：内容在签名后被改动过，或签名是伪造的。",
        "The checkpoint's signature is invalid: it was changed after signing, or forged.",
    ),
    "checkpoint_foreign_key": (
        "检查点不是由本部署的密钥签名的（当前密钥或 ZHIYUAN_AUDIT_RETIRED_PUBLIC_KEYS 中的已停用密钥），不能作为凭据。",
        "The checkpoint is not signed by a key of this deployment (the current key or a retired key "
        "listed in ZHIYUAN_AUDIT_RETIRED_PUBLIC_KEYS); it proves nothing here.",
    ),
    "checkpoint_log_mismatch": (
        "审计日志与检查点不符：检查点所涵盖的条目已被改动、删除或整链重算。",
        "The audit log does not match the checkpoint: entries it covers were changed, removed or the "
        "chain was recomputed.",
    ),
}


def verify_checkpoint(cp: Any) -> dict[str, Any]:
    """Is ``cp`` signed by one of this deployment's keys (current or retired), and do the log's first
    ``size`` entries still have its root and chain hash? ``code`` names what is wrong (empty when ok)."""
    result: dict[str, Any] = {
        "ok": False,
        "code": "checkpoint_malformed",
        "signature_ok": False,
        "signed_by_this_deployment": False,
        "key": None,
        "key_id": None,
        "log_matches": False,
    }
    size = cp.get("size") if isinstance(cp, Mapping) else None
    sig = keys.check(cp) if isinstance(cp, Mapping) else None
    if sig is None or not sig.well_formed or not isinstance(size, int) or isinstance(size, bool) or size < 0:
        return _verdict(result)
    result["signature_ok"] = sig.valid
    result["signed_by_this_deployment"] = sig.key is not None
    result["key"] = sig.key.status if sig.key else None
    result["key_id"] = sig.key.key_id if sig.key else cp.get("key_id")
    prefix = verify(limit=size)
    result["log_matches"] = (
        prefix.ok
        and prefix.size == size
        and prefix.root == cp["root"]
        and prefix.chain_hash == cp["chain_hash"]
    )
    if not sig.valid:
        result["code"] = "checkpoint_bad_signature"
    elif sig.key is None:
        result["code"] = "checkpoint_foreign_key"
    elif not result["log_matches"]:
        result["code"] = "checkpoint_log_mismatch"
    else:
        result["code"] = ""
        result["ok"] = True
    return _verdict(result)


def _verdict(result: dict[str, Any]) -> dict[str, Any]:
    zh, en = CHECKPOINT_VERDICTS[result["code"]]
    result["code"] = result["code"] or None
    result["message_zh"], result["message_en"] = zh, en
    return result
