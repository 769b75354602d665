"""Key material: settings before environment, development fallbacks, production refusals."""

from __future__ import annotations

import base64
import re

import pytest
from django.core.exceptions import ImproperlyConfigured
from pytest_django import Settings

from tests.privacy.conftest import INDEX_KEY, KEY_A, KEY_B, b64
from zhiyuan.privacy import keys
from zhiyuan.privacy.ciphers import CIPHERS

HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("env", ["development", "test"])
def test_development_and_test_derive_fixed_keys(settings: Settings, env: str) -> None:
    settings.ENV = env
    keys.reset()
    ring = keys.keyring()
    assert ring.development
    assert ring.cipher.id == "aes-256-gcm"
    assert "dev" in ring.current_key_id
    assert len(ring.current_key) == 32
    assert len(ring.blind_index_key) >= 16
    keys.reset()
    assert keys.keyring().field_keys == ring.field_keys  # fixed, not random
    assert keys.keyring().blind_index_key == ring.blind_index_key


def test_development_key_fits_sm4(settings: Settings) -> None:
    settings.ZHIYUAN_FIELD_CIPHER = "sm4-gcm"
    keys.reset()
    assert len(keys.keyring().current_key) == 16


def test_production_without_field_keys_is_refused(settings: Settings) -> None:
    settings.ENV = "production"
    settings.ZHIYUAN_BLIND_INDEX_KEY = b64(INDEX_KEY)
    keys.reset()
    with pytest.raises(ImproperlyConfigured, match="ZHIYUAN_FIELD_KEYS") as raised:
        keys.keyring()
    assert HAN.search(str(raised.value)), "the message is bilingual"
    assert "production" in str(raised.value)


def test_production_without_blind_index_key_is_refused(settings: Settings) -> None:
    settings.ENV = "production"
    settings.ZHIYUAN_FIELD_KEYS = f"a:{b64(KEY_A)}"
    keys.reset()
    with pytest.raises(ImproperlyConfigured, match="ZHIYUAN_BLIND_INDEX_KEY"):
        keys.keyring()


def test_production_with_keys_uses_them(settings: Settings) -> None:
    settings.ENV = "production"
    settings.ZHIYUAN_FIELD_KEYS = f"b:{b64(KEY_B)}, a:{b64(KEY_A)}"
    settings.ZHIYUAN_BLIND_INDEX_KEY = b64(INDEX_KEY)
    keys.reset()
    ring = keys.keyring()
    assert not ring.development
    assert ring.current_key_id == "b"
    assert ring.current_key == KEY_B
    assert ring.field_keys == {"b": KEY_B, "a": KEY_A}
    assert ring.blind_index_key == INDEX_KEY


def test_environment_is_the_fallback_and_settings_win(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.ENV = "production"
    monkeypatch.setenv("ZHIYUAN_FIELD_KEYS", f"env:{b64(KEY_A)}")
    monkeypatch.setenv("ZHIYUAN_BLIND_INDEX_KEY", b64(INDEX_KEY))
    monkeypatch.setenv("ZHIYUAN_FIELD_CIPHER", "aes-256-gcm")
    keys.reset()
    assert keys.keyring().current_key_id == "env"
    settings.ZHIYUAN_FIELD_KEYS = f"set:{b64(KEY_B)}"
    keys.reset()
    assert keys.keyring().current_key_id == "set"


@pytest.mark.parametrize(
    ("cipher_id", "value"),
    [
        ("aes-256-gcm", f"a:{b64(bytes(16))}"),  # AES-256 needs 32 bytes
        ("sm4-gcm", f"a:{b64(KEY_A)}"),  # SM4 needs 16 bytes
        ("aes-256-gcm", f"a:{b64(KEY_A)},old:{b64(bytes(20))}"),  # fits no cipher
        ("aes-256-gcm", "a:not base64!"),
        ("aes-256-gcm", b64(KEY_A)),  # no key id
        ("aes-256-gcm", f"a:b:{b64(KEY_A)}"),  # ':' cannot be part of an id or key
        ("aes-256-gcm", f"a:{b64(KEY_A)},a:{b64(KEY_B)}"),  # duplicate id
        ("aes-256-gcm", " , "),
        ("des", f"a:{b64(KEY_A)}"),
    ],
)
def test_bad_field_key_configuration(settings: Settings, cipher_id: str, value: str) -> None:
    settings.ZHIYUAN_FIELD_CIPHER = cipher_id
    settings.ZHIYUAN_FIELD_KEYS = value
    keys.reset()
    with pytest.raises(ImproperlyConfigured, match=r"ZHIYUAN_FIELD_(KEYS|CIPHER)"):
        keys.keyring()


def test_short_blind_index_key_is_refused(settings: Settings) -> None:
    settings.ZHIYUAN_BLIND_INDEX_KEY = b64(b"short")
    keys.reset()
    with pytest.raises(ImproperlyConfigured, match="ZHIYUAN_BLIND_INDEX_KEY"):
        keys.keyring()


def test_keys_are_cached_until_reset_or_a_setting_change(settings: Settings) -> None:
    ring = keys.keyring()
    assert keys.keyring() is ring
    keys.reset()
    assert keys.keyring() is not ring
    ring = keys.keyring()
    settings.ZHIYUAN_FIELD_KEYS = f"a:{b64(KEY_A)}"  # override_settings announces the change
    assert keys.keyring() is not ring
    assert keys.keyring().current_key_id == "a"


@pytest.mark.parametrize("cipher_id", ["aes-256-gcm", "sm4-gcm"])
def test_generated_keys_configure_production(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, cipher_id: str
) -> None:
    generated = keys.generate_keys(cipher_id)
    assert set(generated) == {"ZHIYUAN_FIELD_KEYS", "ZHIYUAN_FIELD_CIPHER", "ZHIYUAN_BLIND_INDEX_KEY"}
    assert generated["ZHIYUAN_FIELD_CIPHER"] == cipher_id
    key_id, _, key = generated["ZHIYUAN_FIELD_KEYS"].partition(":")
    assert len(base64.b64decode(key)) == CIPHERS[cipher_id].key_size
    assert len(base64.b64decode(generated["ZHIYUAN_BLIND_INDEX_KEY"])) == 32
    for name, value in generated.items():
        monkeypatch.setenv(name, value)
    settings.ENV = "production"
    keys.reset()
    ring = keys.keyring()
    assert (ring.cipher.id, ring.current_key_id, ring.development) == (cipher_id, key_id, False)
    assert keys.generate_keys(cipher_id) != generated


def test_generate_keys_rejects_unknown_cipher() -> None:
    with pytest.raises(ValueError, match="unknown cipher"):
        keys.generate_keys("rot13")
