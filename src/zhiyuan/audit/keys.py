"""The deployment's checkpoint keys (Ed25519): the current signing key and the retired public keys that
still vouch for older checkpoints. A checkpoint is this deployment's only if one of these keys verifies
its signature; the public key a checkpoint file carries is never trusted on its own word."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DEV_SEED_LABEL = b"zhiyuan development audit signing key - never use in production"


def key_id(public: bytes) -> str:
    """Short id of a public key: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(public).hexdigest()[:16]


def signing_key() -> tuple[Ed25519PrivateKey, str]:
    """The checkpoint signing key (``ZHIYUAN_AUDIT_SIGNING_KEY``: base64 of a 32-byte seed) and its id."""
    seed_b64 = getattr(settings, "ZHIYUAN_AUDIT_SIGNING_KEY", "")
    if seed_b64:
        try:
            seed = base64.b64decode(seed_b64, validate=True)
            key = Ed25519PrivateKey.from_private_bytes(seed)
        except (binascii.Error, ValueError):
            raise ImproperlyConfigured(
                "ZHIYUAN_AUDIT_SIGNING_KEY must be the base64 of a 32-byte seed; `zhiyuan keys` makes one "
                "(审计检查点签名密钥须为 32 字节种子的 base64 编码)."
            ) from None
    elif settings.ENV in {"development", "test"}:
        key = Ed25519PrivateKey.from_private_bytes(hashlib.sha256(DEV_SEED_LABEL).digest())
    else:
        raise ImproperlyConfigured(
            "ZHIYUAN_AUDIT_SIGNING_KEY must be set in production "
            "(生产环境必须设置审计检查点签名密钥 ZHIYUAN_AUDIT_SIGNING_KEY)."
        )
    return key, key_id(key.public_key().public_bytes_raw())


@dataclass(frozen=True, slots=True)
class DeploymentKey:
    """A public key this deployment signs (``current``) or signed (``retired``) checkpoints with."""

    key_id: str
    public_b64: str
    public: Ed25519PublicKey
    status: Literal["current", "retired"]


def _retired() -> list[DeploymentKey]:
    configured = getattr(settings, "ZHIYUAN_AUDIT_RETIRED_PUBLIC_KEYS", ())
    keys = []
    for n, text in enumerate(configured, start=1):
        try:
            raw = base64.b64decode(text, validate=True)
            public = Ed25519PublicKey.from_public_bytes(raw)
        except (binascii.Error, ValueError):
            raise ImproperlyConfigured(
                f"ZHIYUAN_AUDIT_RETIRED_PUBLIC_KEYS: entry {n} is not the base64 of a 32-byte Ed25519 "
                f"public key (第 {n} 项不是 Ed25519 公钥的 base64 编码)."
            ) from None
        keys.append(DeploymentKey(key_id(raw), base64.b64encode(raw).decode(), public, "retired"))
    return keys


def deployment_keys() -> list[DeploymentKey]:
    """The current key first, then the configured retired keys (``ZHIYUAN_AUDIT_RETIRED_PUBLIC_KEYS``)."""
    private, current_id = signing_key()
    raw = private.public_key().public_bytes_raw()
    keys = [DeploymentKey(current_id, base64.b64encode(raw).decode(), private.public_key(), "current")]
    seen = {current_id}
    for key in _retired():
        if key.key_id not in seen:
            seen.add(key.key_id)
            keys.append(key)
    return keys


def message(size: int, root: str, chain_hash: str, at: str) -> bytes:
    """The bytes a checkpoint's signature covers."""
    return json.dumps(
        {"size": size, "root": root, "chain_hash": chain_hash, "at": at},
        sort_keys=True,
        separators=(",", ":"),
    ).encode()


def sign(size: int, root: str, chain_hash: str, at: str) -> dict[str, str]:
    """Sign with the current key: ``signature``, ``key_id`` and ``public_key`` (all text)."""
    private, kid = signing_key()
    signature = private.sign(message(size, root, chain_hash, at))
    return {
        "signature": base64.b64encode(signature).decode(),
        "key_id": kid,
        "public_key": base64.b64encode(private.public_key().public_bytes_raw()).decode(),
    }


def _valid(public: Ed25519PublicKey, signature: bytes, data: bytes) -> bool:
    try:
        public.verify(signature, data)
    except InvalidSignature:
        return False
    return True


@dataclass(frozen=True, slots=True)
class SignatureCheck:
    """What a checkpoint's signature proves."""

    well_formed: bool
    #: valid under the key the checkpoint names (its own ``public_key``) or under a deployment key
    valid: bool
    #: the deployment key that verified it, if any
    key: DeploymentKey | None


def check(cp: Mapping[str, Any], keys: list[DeploymentKey] | None = None) -> SignatureCheck:
    """Check a checkpoint's signature against this deployment's keys (and, for the report only, against
    the public key it carries)."""
    try:
        data = message(int(cp["size"]), str(cp["root"]), str(cp["chain_hash"]), str(cp["at"]))
        signature = base64.b64decode(str(cp["signature"]), validate=True)
    except (KeyError, TypeError, ValueError, binascii.Error):
        return SignatureCheck(False, False, None)
    for key in deployment_keys() if keys is None else keys:
        if _valid(key.public, signature, data):
            return SignatureCheck(True, True, key)
    own = False
    if cp.get("public_key"):
        try:
            own = _valid(
                Ed25519PublicKey.from_public_bytes(base64.b64decode(str(cp["public_key"]), validate=True)),
                signature,
                data,
            )
        except (ValueError, binascii.Error):
            own = False
    return SignatureCheck(True, own, None)
