"""Value encryption tokens and blind indexes."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re

import pytest
from pytest_django import Settings

from tests.privacy.conftest import INDEX_KEY, KEY_A, KEY_B, b64
from zhiyuan.privacy import keys
from zhiyuan.privacy.fields import DecryptionError, blind_index, decrypt_value, encrypt_value

AAD = "parties.party.id_number"
SECRET = "11010519491231002X"
TOKEN = re.compile(r"enc1:(?P<cipher>[a-z0-9-]+):(?P<key>[A-Za-z0-9_.-]+):(?P<blob>[A-Za-z0-9_-]+)")


def _blob(token: str) -> bytes:
    encoded = token.rsplit(":", 1)[1]
    return base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))


def _with_blob(token: str, blob: bytes) -> str:
    head = token.rsplit(":", 1)[0]
    return f"{head}:{base64.urlsafe_b64encode(blob).rstrip(b'=').decode()}"


def test_token_format_and_round_trip(configured: Settings) -> None:
    token = encrypt_value(SECRET, AAD)
    match = TOKEN.fullmatch(token)
    assert match is not None, token
    assert (match["cipher"], match["key"]) == ("aes-256-gcm", "a")
    assert SECRET not in token
    assert len(_blob(token)) == 12 + len(SECRET) + 16
    assert decrypt_value(token, AAD) == SECRET


def test_sm4_tokens(settings: Settings) -> None:
    settings.ZHIYUAN_FIELD_CIPHER = "sm4-gcm"
    settings.ZHIYUAN_FIELD_KEYS = f"s1:{b64(bytes(range(16)))}"
    keys.reset()
    token = encrypt_value("张三丰 6222 0212", AAD)
    assert token.startswith("enc1:sm4-gcm:s1:")
    assert decrypt_value(token, AAD) == "张三丰 6222 0212"


def test_development_keys_work_without_configuration() -> None:
    assert decrypt_value(encrypt_value(SECRET, AAD), AAD) == SECRET


def test_same_plaintext_gives_different_tokens(configured: Settings) -> None:
    tokens = {encrypt_value(SECRET, AAD) for _ in range(10)}
    assert len(tokens) == 10
    assert all(decrypt_value(t, AAD) == SECRET for t in tokens)


def test_flipping_any_blob_byte_is_detected(configured: Settings) -> None:
    token = encrypt_value(SECRET, AAD)
    blob = _blob(token)
    for i in range(len(blob)):
        tampered = bytearray(blob)
        tampered[i] ^= 0x01
        with pytest.raises(DecryptionError):
            decrypt_value(_with_blob(token, bytes(tampered)), AAD)


def test_changing_any_character_of_the_token_is_detected(configured: Settings) -> None:
    token = encrypt_value(SECRET, AAD)
    for i, char in enumerate(token):
        replacement = "B" if char != "B" else "C"
        with pytest.raises(DecryptionError):
            decrypt_value(token[:i] + replacement + token[i + 1 :], AAD)


@pytest.mark.parametrize("cut", [1, 5, 20])
def test_truncated_tokens_fail(configured: Settings, cut: int) -> None:
    token = encrypt_value(SECRET, AAD)
    with pytest.raises(DecryptionError):
        decrypt_value(token[:-cut], AAD)


@pytest.mark.parametrize(
    "junk", ["", SECRET, "enc1:aes-256-gcm:a", "enc2:aes-256-gcm:a:AAAA", "enc1:x:a:AAAA"]
)
def test_non_tokens_fail(configured: Settings, junk: str) -> None:
    with pytest.raises(DecryptionError):
        decrypt_value(junk, AAD)


def test_wrong_aad_fails(configured: Settings) -> None:
    token = encrypt_value(SECRET, AAD)
    with pytest.raises(DecryptionError, match="AAD"):
        decrypt_value(token, "parties.party.bank_account")


def test_key_rotation(settings: Settings, configured: Settings) -> None:
    old = encrypt_value(SECRET, AAD)
    settings.ZHIYUAN_FIELD_KEYS = f"b:{b64(KEY_B)},a:{b64(KEY_A)}"
    keys.reset()
    assert decrypt_value(old, AAD) == SECRET
    new = encrypt_value(SECRET, AAD)
    assert new.split(":")[2] == "b"
    assert decrypt_value(new, AAD) == SECRET
    settings.ZHIYUAN_FIELD_KEYS = f"b:{b64(KEY_B)}"  # key a retired too early
    keys.reset()
    with pytest.raises(DecryptionError, match="key a"):
        decrypt_value(old, AAD)
    assert decrypt_value(new, AAD) == SECRET


def test_switching_from_aes_to_sm4_keeps_old_tokens_readable(
    settings: Settings, configured: Settings
) -> None:
    old = encrypt_value(SECRET, AAD)
    settings.ZHIYUAN_FIELD_CIPHER = "sm4-gcm"
    settings.ZHIYUAN_FIELD_KEYS = f"s:{b64(bytes(16))},a:{b64(KEY_A)}"
    keys.reset()
    assert decrypt_value(old, AAD) == SECRET
    assert encrypt_value(SECRET, AAD).startswith("enc1:sm4-gcm:s:")


def _expected_index(purpose: str, normalized: str, key: bytes = INDEX_KEY) -> str:
    return hmac.new(key, f"{purpose}\x00{normalized}".encode(), hashlib.sha256).hexdigest()


@pytest.mark.parametrize(
    "spelling",
    [SECRET, "11010519491231002x", "110105 19491231 002X", "110105-1949-1231-002x", " 11010519491231002X "],
)
def test_blind_index_normalises_identity_numbers(configured: Settings, spelling: str) -> None:
    assert blind_index(spelling, "identity") == _expected_index("identity", SECRET)


def test_blind_index_separates_purposes(configured: Settings) -> None:
    assert blind_index(SECRET, "parties.party.id_number") != blind_index(SECRET, "parties.party.guardian_id")
    assert blind_index("6222021234567890", "bank") == _expected_index("bank", "6222021234567890")


def test_blind_index_survives_field_key_rotation_but_not_index_key_change(
    settings: Settings, configured: Settings
) -> None:
    before = blind_index(SECRET, "identity")
    settings.ZHIYUAN_FIELD_KEYS = f"b:{b64(KEY_B)},a:{b64(KEY_A)}"
    keys.reset()
    assert blind_index(SECRET, "identity") == before
    settings.ZHIYUAN_BLIND_INDEX_KEY = b64(bytes(32))
    keys.reset()
    assert blind_index(SECRET, "identity") == _expected_index("identity", SECRET, bytes(32)) != before
