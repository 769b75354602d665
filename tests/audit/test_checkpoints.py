"""Checkpoints count only when this deployment's keys signed them (the current key or a configured retired
one); stored checkpoints anchor every verification; plain ``verify`` says what it cannot catch."""

from __future__ import annotations

import base64
import io
import json
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import override_settings

from tests.audit.tampering import rewrite_chain_from, without_triggers
from zhiyuan.audit import keys, verification
from zhiyuan.audit.models import AuditCheckpoint, AuditEntry, AuditHead, AuditVerifiedHead
from zhiyuan.audit.services import Actor, record

pytestmark = pytest.mark.django_db
ALICE = Actor(7, "alice", "filing_clerk", "黔0102", "127.0.0.1")
SEED_A = base64.b64encode(bytes(range(32))).decode()
SEED_B = base64.b64encode(bytes(range(1, 33))).decode()


def public_of(seed_b64: str) -> str:
    key = Ed25519PrivateKey.from_private_bytes(base64.b64decode(seed_b64))
    return base64.b64encode(key.public_key().public_bytes_raw()).decode()


def write(n: int) -> None:
    for i in range(n):
        record(ALICE, "test.write", object_type="thing", object_id=str(i), after={"v": i})


def foreign_checkpoint(claim_our_key_id: bool = False) -> dict[str, Any]:
    """A checkpoint of the real log, correctly signed — by a key that is not this deployment's."""
    report = verification.verify()
    key = Ed25519PrivateKey.generate()
    at = "2026-05-01T00:00:00Z"
    signature = key.sign(keys.message(report.size, report.root, report.chain_hash, at))
    public = key.public_key().public_bytes_raw()
    return {
        "size": report.size,
        "root": report.root,
        "chain_hash": report.chain_hash,
        "at": at,
        "key_id": keys.signing_key()[1] if claim_our_key_id else keys.key_id(public),
        "public_key": base64.b64encode(public).decode(),
        "signature": base64.b64encode(signature).decode(),
    }


def verify_cli(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("audit", "verify", *args, stdout=out)
    except SystemExit as exited:
        return int(exited.code or 0), out.getvalue()
    return 0, out.getvalue()


@pytest.mark.parametrize("claim_our_key_id", [False, True])
def test_a_checkpoint_signed_by_another_key_is_not_valid(claim_our_key_id: bool, tmp_path: Path) -> None:
    write(4)
    cp = foreign_checkpoint(claim_our_key_id)
    result = verification.verify_checkpoint(cp)
    assert result["signature_ok"] is True  # genuinely signed by the key it carries
    assert result["log_matches"]  # and the log does extend it ...
    assert result["signed_by_this_deployment"] is False
    assert result["ok"] is False  # ... but it proves nothing here
    assert result["code"] == "checkpoint_foreign_key"
    assert result["message_zh"]
    assert result["message_en"]
    path = tmp_path / "cp.json"
    path.write_text(json.dumps(cp), encoding="utf-8")
    status, out = verify_cli("--json", "--checkpoint", str(path))
    assert status == 1
    body = json.loads(out)
    assert body["ok"] is False
    assert body["checkpoint"]["code"] == result["code"]
    status, out = verify_cli("--checkpoint", str(path))
    assert status == 1
    assert "checkpoint_foreign_key" in out
    assert "不是由本部署的密钥签名" in out
    assert "not signed by a key of this deployment" in out


def test_this_deployments_checkpoint_is_valid_and_drops_the_warning(tmp_path: Path) -> None:
    write(3)
    out = io.StringIO()
    call_command("audit", "checkpoint", "--out", str(tmp_path / "cp.json"), stdout=out)
    result = verification.verify_checkpoint(json.loads(out.getvalue()))
    assert result["ok"]
    assert result["key"] == "current"
    assert result["code"] is None
    status, text = verify_cli("--json", "--checkpoint", str(tmp_path / "cp.json"))
    assert status == 0
    body = json.loads(text)
    assert body["checkpoint"]["ok"]
    assert all(w["code"] != "no_external_checkpoint" for w in body["warnings"])


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (lambda cp: {**cp, "size": cp["size"] - 1}, "checkpoint_bad_signature"),
        (lambda cp: {**cp, "root": "0" * 64}, "checkpoint_bad_signature"),
        (lambda cp: {k: v for k, v in cp.items() if k != "signature"}, "checkpoint_malformed"),
        (lambda cp: {**cp, "size": "many"}, "checkpoint_malformed"),
        (lambda cp: {**cp, "signature": "not base64!"}, "checkpoint_malformed"),
        (lambda cp: [cp], "checkpoint_malformed"),
    ],
)
def test_altered_or_malformed_checkpoints_are_refused_with_their_code(change: Any, code: str) -> None:
    write(3)
    cp = verification.checkpoint()
    result = verification.verify_checkpoint(change(cp))
    assert result["ok"] is False
    assert result["code"] == code


def test_a_retired_key_counts_only_when_configured() -> None:
    with override_settings(ZHIYUAN_AUDIT_SIGNING_KEY=SEED_A):
        write(3)
        old = verification.checkpoint()
        assert old["public_key"] == public_of(SEED_A)
    write(2)
    with override_settings(ZHIYUAN_AUDIT_SIGNING_KEY=SEED_B):  # the key was replaced
        result = verification.verify_checkpoint(old)
        assert result["code"] == "checkpoint_foreign_key"
        # the stored checkpoint of the old key is no longer verifiable either: plain verify says so
        report = verification.verify()
        assert not report.ok
        assert report.first_broken["problem"] == "checkpoint_unverifiable"
        assert "ZHIYUAN_AUDIT_RETIRED_PUBLIC_KEYS" in report.first_broken["message_en"]
    with override_settings(
        ZHIYUAN_AUDIT_SIGNING_KEY=SEED_B, ZHIYUAN_AUDIT_RETIRED_PUBLIC_KEYS=(public_of(SEED_A),)
    ):
        result = verification.verify_checkpoint(old)
        assert result["ok"]
        assert result["key"] == "retired"
        assert verification.verify().ok
        out = io.StringIO()
        call_command("audit", "public-key", "--json", stdout=out)
        listed = json.loads(out.getvalue())
        assert [k["status"] for k in listed] == ["current", "retired"]
        assert listed[1]["public_key"] == public_of(SEED_A)


@pytest.mark.parametrize("bad", ["not-a-key", base64.b64encode(b"short").decode()])
def test_a_malformed_retired_key_is_a_configuration_error(bad: str) -> None:
    write(1)
    cp = verification.checkpoint()
    with (
        override_settings(ZHIYUAN_AUDIT_RETIRED_PUBLIC_KEYS=(public_of(SEED_A), bad)),
        pytest.raises(ImproperlyConfigured, match="entry 2"),
    ):
        verification.verify_checkpoint(cp)


def test_plain_verify_warns_that_only_an_external_checkpoint_catches_a_rewrite() -> None:
    write(2)
    status, text = verify_cli("--json")
    assert status == 0
    warning = next(w for w in json.loads(text)["warnings"] if w["code"] == "no_external_checkpoint")
    assert "--checkpoint" in warning["message_en"]
    assert "--checkpoint" in warning["message_zh"]
    status, text = verify_cli()
    assert status == 0
    assert "no_external_checkpoint" in text
    assert "审计链完整" in text


def test_a_consistently_rewritten_chain_fails_at_a_stored_checkpoint() -> None:
    write(6)
    verification.checkpoint()  # signed and stored at size 6
    write(3)
    AuditVerifiedHead.objects.all().delete()  # leave only the stored checkpoint as an anchor
    rewrite_chain_from(3, "mallory")
    report = verification.verify()
    assert not report.ok
    assert report.first_broken["problem"] == "checkpoint_mismatch"
    assert report.first_broken["seq"] == 6


def test_a_rewrite_that_also_removes_the_anchors_is_caught_only_by_the_file_kept_elsewhere(
    tmp_path: Path,
) -> None:
    write(5)
    out = io.StringIO()
    call_command("audit", "checkpoint", "--out", str(tmp_path / "cp.json"), stdout=out)
    write(2)
    rewrite_chain_from(2, "mallory")
    AuditCheckpoint.objects.all().delete()
    AuditVerifiedHead.objects.all().delete()
    assert verification.verify().ok  # nothing in the database can tell any more: hence the warning
    status, text = verify_cli("--json", "--checkpoint", str(tmp_path / "cp.json"))
    assert status == 1
    body = json.loads(text)
    assert body["checkpoint"]["code"] == "checkpoint_log_mismatch"
    assert body["checkpoint"]["signed_by_this_deployment"]


def test_cutting_the_end_and_rewinding_the_head_fails_at_a_stored_checkpoint() -> None:
    write(8)
    verification.checkpoint()
    without_triggers(("DELETE FROM audit_auditentry WHERE seq > 5", ()))
    last = AuditEntry.objects.get(seq=5).chain_hash
    AuditHead.objects.filter(pk=1).update(size=5, chain_hash=last)
    AuditVerifiedHead.objects.all().delete()
    report = verification.verify()
    assert not report.ok
    assert report.first_broken["problem"] == "truncated"
    assert report.first_broken["expected_seq"] == 8


def test_a_forged_checkpoint_row_fails_verification() -> None:
    write(4)
    cp = foreign_checkpoint()
    AuditCheckpoint.objects.create(
        size=cp["size"],
        root=cp["root"],
        chain_hash=cp["chain_hash"],
        at="2026-05-01T00:00:00Z",
        key_id=cp["key_id"],
        signature=cp["signature"],
    )
    report = verification.verify()
    assert not report.ok
    assert report.first_broken["problem"] == "checkpoint_unverifiable"
