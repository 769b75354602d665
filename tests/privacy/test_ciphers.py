"""AEAD ciphers: layout nonce || ciphertext || tag, fresh nonces, authentication."""

from __future__ import annotations

import os

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from zhiyuan.privacy.ciphers import CIPHERS, DecryptionError

PLAINTEXT = "11010519491231002X 张三".encode()


def test_registry_holds_both_ciphers_with_their_key_sizes() -> None:
    assert {cid: c.key_size for cid, c in CIPHERS.items()} == {"aes-256-gcm": 32, "sm4-gcm": 16}
    assert all(c.id == cid for cid, c in CIPHERS.items())


@pytest.mark.parametrize("cipher_id", ["aes-256-gcm", "sm4-gcm"])
def test_round_trip_and_blob_layout(cipher_id: str) -> None:
    cipher = CIPHERS[cipher_id]
    key = os.urandom(cipher.key_size)
    blob = cipher.encrypt(key, PLAINTEXT, b"aad")
    assert len(blob) == 12 + len(PLAINTEXT) + 16
    assert cipher.decrypt(key, blob, b"aad") == PLAINTEXT


@pytest.mark.parametrize("cipher_id", ["aes-256-gcm", "sm4-gcm"])
def test_every_encryption_draws_a_new_nonce(cipher_id: str) -> None:
    cipher = CIPHERS[cipher_id]
    key = os.urandom(cipher.key_size)
    nonces = {cipher.encrypt(key, PLAINTEXT, b"")[:12] for _ in range(20)}
    assert len(nonces) == 20


def test_aes_blob_is_standard_aes_gcm() -> None:
    key = os.urandom(32)
    blob = CIPHERS["aes-256-gcm"].encrypt(key, PLAINTEXT, b"ctx")
    assert AESGCM(key).decrypt(blob[:12], blob[12:], b"ctx") == PLAINTEXT


def test_sm4_blob_is_standard_sm4_gcm() -> None:
    key = os.urandom(16)
    blob = CIPHERS["sm4-gcm"].encrypt(key, PLAINTEXT, b"ctx")
    decryptor = Cipher(algorithms.SM4(key), modes.GCM(blob[:12], blob[-16:])).decryptor()
    decryptor.authenticate_additional_data(b"ctx")
    assert decryptor.update(blob[12:-16]) + decryptor.finalize() == PLAINTEXT


@pytest.mark.parametrize("cipher_id", ["aes-256-gcm", "sm4-gcm"])
def test_wrong_key_aad_or_truncation_fail(cipher_id: str) -> None:
    cipher = CIPHERS[cipher_id]
    key = os.urandom(cipher.key_size)
    blob = cipher.encrypt(key, PLAINTEXT, b"aad")
    with pytest.raises(DecryptionError):
        cipher.decrypt(os.urandom(cipher.key_size), blob, b"aad")
    with pytest.raises(DecryptionError):
        cipher.decrypt(key, blob, b"other")
    with pytest.raises(DecryptionError):
        cipher.decrypt(key, blob[:27], b"aad")


@pytest.mark.parametrize(("cipher_id", "bad_size"), [("aes-256-gcm", 16), ("sm4-gcm", 32)])
def test_wrong_key_length_is_refused(cipher_id: str, bad_size: int) -> None:
    with pytest.raises(ValueError, match="key"):
        CIPHERS[cipher_id].encrypt(os.urandom(bad_size), PLAINTEXT, b"")
