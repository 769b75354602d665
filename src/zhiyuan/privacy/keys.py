"""Key material for field encryption and blind indexes, from Django settings or the environment.

* ``ZHIYUAN_FIELD_KEYS``: ``keyid:base64key,keyid:base64key,...``; the first key encrypts, all decrypt.
* ``ZHIYUAN_FIELD_CIPHER``: a :data:`~zhiyuan.privacy.ciphers.CIPHERS` id, default ``aes-256-gcm``.
* ``ZHIYUAN_BLIND_INDEX_KEY``: base64 HMAC key (at least 16 bytes).

A setting of that name wins over the environment variable. When a value is missing and
``settings.ENV`` is ``development`` or ``test``, a fixed, public development key is derived;
anywhere else (production) :class:`~django.core.exceptions.ImproperlyConfigured` is raised.

The current key must fit the chosen cipher; older keys need only fit *some* registered cipher, so
data encrypted before a switch from AES to SM4 stays readable while it is re-encrypted.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import os
import re
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed

from zhiyuan.privacy.ciphers import CIPHERS, Cipher

FIELD_KEYS = "ZHIYUAN_FIELD_KEYS"
FIELD_CIPHER = "ZHIYUAN_FIELD_CIPHER"
BLIND_INDEX_KEY = "ZHIYUAN_BLIND_INDEX_KEY"
DEFAULT_CIPHER = "aes-256-gcm"
DEV_KEY_ID = "dev-insecure"
DEV_ENVS = frozenset({"development", "test"})
MIN_BLIND_INDEX_KEY = 16
_KEY_ID = re.compile(r"[A-Za-z0-9_.-]{1,32}")


@dataclass(frozen=True)
class KeyRing:
    """Parsed key material; ``field_keys`` keeps the configured order (current key first)."""

    cipher: Cipher
    current_key_id: str
    field_keys: dict[str, bytes]
    blind_index_key: bytes
    development: bool

    @property
    def current_key(self) -> bytes:
        """The key new encryptions use."""
        return self.field_keys[self.current_key_id]


_ring: KeyRing | None = None


def keyring() -> KeyRing:
    """The parsed keys (cached until :func:`reset`)."""
    global _ring
    if _ring is None:
        _ring = _load()
    return _ring


def reset() -> None:
    """Forget the cached keys (tests, and after the configuration changed)."""
    global _ring
    _ring = None


def _on_setting_changed(*, setting: str, **_: Any) -> None:
    if setting in {FIELD_KEYS, FIELD_CIPHER, BLIND_INDEX_KEY, "ENV"}:
        reset()


setting_changed.connect(_on_setting_changed, dispatch_uid="zhiyuan.privacy.keys.reset")


def generate_keys(cipher_id: str = DEFAULT_CIPHER) -> dict[str, str]:
    """Fresh values for the three variables (a new key id per call, based on today's date)."""
    if cipher_id not in CIPHERS:
        raise ValueError(f"unknown cipher {cipher_id!r}; choose one of {sorted(CIPHERS)}")
    key_id = f"k{dt.date.today():%Y%m%d}{secrets.token_hex(2)}"
    field_key = base64.b64encode(secrets.token_bytes(CIPHERS[cipher_id].key_size)).decode()
    return {
        FIELD_CIPHER: cipher_id,
        FIELD_KEYS: f"{key_id}:{field_key}",
        BLIND_INDEX_KEY: base64.b64encode(secrets.token_bytes(32)).decode(),
    }


def _improper(name: str, zh: str, en: str) -> ImproperlyConfigured:
    return ImproperlyConfigured(f"{name}: {zh} / {en}")


def _raw(name: str) -> str | None:
    value = getattr(settings, name, None)
    if value is None or value == "":
        value = os.environ.get(name) or None
    if value is not None and not isinstance(value, str):
        raise _improper(name, "必须是字符串。", "must be a string.")
    return value.strip() if value else None


def _development() -> bool:
    return getattr(settings, "ENV", "production") in DEV_ENVS


def _missing(name: str, what_zh: str, what_en: str) -> ImproperlyConfigured:
    return _improper(
        name,
        f"生产环境必须设置{what_zh}（可用 generate_keys() 生成）。",
        f"{what_en} must be set in production (generate_keys() makes fresh values).",
    )


def _dev_key(label: str, size: int) -> bytes:
    return hashlib.sha256(
        f"zhiyuan INSECURE development {label} - never use in production".encode()
    ).digest()[:size]


def _b64(name: str, text: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise _improper(name, "密钥不是有效的 Base64。", "a key is not valid base64.") from None


def _field_keys(raw: str, cipher: Cipher) -> dict[str, bytes]:
    keys: dict[str, bytes] = {}
    sizes = {c.key_size for c in CIPHERS.values()}
    for entry in (e.strip() for e in raw.split(",")):
        if not entry:
            continue
        key_id, sep, encoded = entry.partition(":")
        if not sep or not _KEY_ID.fullmatch(key_id):
            raise _improper(
                FIELD_KEYS,
                "每项应为“密钥编号:Base64密钥”，编号仅含字母、数字、_.-（至多 32 个字符）。",
                "each entry must be keyid:base64key; ids use letters, digits and _.- (at most 32).",
            )
        if key_id in keys:
            raise _improper(FIELD_KEYS, f"密钥编号 {key_id} 重复。", f"key id {key_id} is listed twice.")
        key = _b64(FIELD_KEYS, encoded.strip())
        if not keys and len(key) != cipher.key_size:
            raise _improper(
                FIELD_KEYS,
                f"当前密钥 {key_id} 长度为 {len(key)} 字节，{cipher.id} 需要 {cipher.key_size} 字节。",
                f"the current key {key_id} has {len(key)} bytes; {cipher.id} needs {cipher.key_size}.",
            )
        if len(key) not in sizes:
            raise _improper(
                FIELD_KEYS,
                f"密钥 {key_id} 长度为 {len(key)} 字节，不适用于任何已注册的算法。",
                f"key {key_id} has {len(key)} bytes, which fits no registered cipher.",
            )
        keys[key_id] = key
    if not keys:
        raise _improper(FIELD_KEYS, "未列出任何密钥。", "no key is listed.")
    return keys


def _load() -> KeyRing:
    development = _development()
    cipher_id = _raw(FIELD_CIPHER) or DEFAULT_CIPHER
    cipher = CIPHERS.get(cipher_id)
    if cipher is None:
        raise _improper(
            FIELD_CIPHER,
            f"未知的加密算法 {cipher_id}，可选：{', '.join(sorted(CIPHERS))}。",
            f"unknown cipher {cipher_id}; choose one of {', '.join(sorted(CIPHERS))}.",
        )

    raw_keys = _raw(FIELD_KEYS)
    used_dev = False
    if raw_keys is not None:
        field_keys = _field_keys(raw_keys, cipher)
    elif development:
        field_keys, used_dev = {DEV_KEY_ID: _dev_key(f"field key ({cipher.id})", cipher.key_size)}, True
    else:
        raise _missing(FIELD_KEYS, "字段加密密钥 ZHIYUAN_FIELD_KEYS", "The field encryption keys")

    raw_index = _raw(BLIND_INDEX_KEY)
    if raw_index is not None:
        index_key = _b64(BLIND_INDEX_KEY, raw_index)
        if len(index_key) < MIN_BLIND_INDEX_KEY:
            raise _improper(
                BLIND_INDEX_KEY,
                f"盲索引密钥至少需要 {MIN_BLIND_INDEX_KEY} 字节。",
                f"the blind-index key needs at least {MIN_BLIND_INDEX_KEY} bytes.",
            )
    elif development:
        index_key, used_dev = _dev_key("blind-index key", 32), True
    else:
        raise _missing(BLIND_INDEX_KEY, "盲索引密钥 ZHIYUAN_BLIND_INDEX_KEY", "The blind-index key")

    return KeyRing(cipher, next(iter(field_keys)), field_keys, index_key, used_dev)
