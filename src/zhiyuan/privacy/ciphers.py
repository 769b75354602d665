"""Authenticated ciphers for field encryption: AES-256-GCM and SM4-GCM (GB/T 32907).

Every encryption draws a fresh random 12-byte nonce; the blob is ``nonce || ciphertext || tag``
(16-byte tag). A failed authentication (changed byte, wrong key, wrong AAD) raises
:class:`DecryptionError`, never returns garbage.
"""

from __future__ import annotations

import os
from typing import Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher as _Primitive
from cryptography.hazmat.primitives.ciphers import algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

NONCE_SIZE = 12
TAG_SIZE = 16


class DecryptionError(Exception):
    """A ciphertext that cannot be decrypted: malformed, tampered with, wrong AAD or key missing."""

    def __init__(self, code: str, message_zh: str, message_en: str) -> None:
        super().__init__(f"{code}: {message_en}（{message_zh}）")
        self.code = code
        self.message_zh = message_zh
        self.message_en = message_en


def _auth_failed() -> DecryptionError:
    return DecryptionError(
        "authentication_failed",
        "密文校验失败：数据被篡改、附加认证数据（AAD）不符或密钥错误。",
        "authentication failed: the data was altered, the AAD does not match or the key is wrong",
    )


class Cipher(Protocol):
    """An AEAD cipher as the field layer uses it."""

    id: str
    key_size: int

    def encrypt(self, key: bytes, plaintext: bytes, aad: bytes) -> bytes:
        """``nonce || ciphertext || tag`` under a fresh random nonce."""
        ...

    def decrypt(self, key: bytes, blob: bytes, aad: bytes) -> bytes:
        """The plaintext of a blob made by :meth:`encrypt`; :class:`DecryptionError` otherwise."""
        ...


def _check_key(cipher: Cipher, key: bytes) -> None:
    if len(key) != cipher.key_size:
        raise ValueError(f"{cipher.id} needs a {cipher.key_size}-byte key, got {len(key)} bytes")


def _split(blob: bytes) -> tuple[bytes, bytes, bytes]:
    if len(blob) < NONCE_SIZE + TAG_SIZE:
        raise DecryptionError("truncated", "密文长度不足。", "the ciphertext is too short")
    return blob[:NONCE_SIZE], blob[NONCE_SIZE:-TAG_SIZE], blob[-TAG_SIZE:]


class AesGcm:
    """AES-256 in Galois/Counter Mode."""

    id: str = "aes-256-gcm"
    key_size: int = 32

    def encrypt(self, key: bytes, plaintext: bytes, aad: bytes) -> bytes:
        """``nonce || ciphertext || tag``."""
        _check_key(self, key)
        nonce = os.urandom(NONCE_SIZE)
        return nonce + AESGCM(key).encrypt(nonce, plaintext, aad)

    def decrypt(self, key: bytes, blob: bytes, aad: bytes) -> bytes:
        """The plaintext, or :class:`DecryptionError`."""
        _check_key(self, key)
        nonce, ciphertext, tag = _split(blob)
        try:
            return AESGCM(key).decrypt(nonce, ciphertext + tag, aad)
        except InvalidTag:
            raise _auth_failed() from None


class Sm4Gcm:
    """SM4 (GB/T 32907-2016) in Galois/Counter Mode."""

    id: str = "sm4-gcm"
    key_size: int = 16

    def encrypt(self, key: bytes, plaintext: bytes, aad: bytes) -> bytes:
        """``nonce || ciphertext || tag``."""
        _check_key(self, key)
        nonce = os.urandom(NONCE_SIZE)
        encryptor = _Primitive(algorithms.SM4(key), modes.GCM(nonce)).encryptor()
        encryptor.authenticate_additional_data(aad)
        ciphertext = encryptor.update(plaintext) + encryptor.finalize()
        return nonce + ciphertext + encryptor.tag

    def decrypt(self, key: bytes, blob: bytes, aad: bytes) -> bytes:
        """The plaintext, or :class:`DecryptionError`."""
        _check_key(self, key)
        nonce, ciphertext, tag = _split(blob)
        decryptor = _Primitive(algorithms.SM4(key), modes.GCM(nonce, tag)).decryptor()
        decryptor.authenticate_additional_data(aad)
        try:
            return decryptor.update(ciphertext) + decryptor.finalize()
        except InvalidTag:
            raise _auth_failed() from None


CIPHERS: dict[str, Cipher] = {c.id: c for c in (AesGcm(), Sm4Gcm())}
