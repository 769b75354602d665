"""Each test starts from a clean key configuration: nothing in the environment, ENV=test."""

from __future__ import annotations

import base64
from collections.abc import Iterator

import pytest
from pytest_django import Settings

from zhiyuan.privacy import keys

KEY_A = bytes(range(32))
KEY_B = bytes(range(100, 132))
INDEX_KEY = b"blind-index-key-for-tests-0123456789"


def b64(raw: bytes) -> str:
    """Standard base64 text of ``raw``."""
    return base64.b64encode(raw).decode()


@pytest.fixture(autouse=True)
def clean_keys(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    """No key variables in the environment or settings; ENV is ``test``."""
    for name in (keys.FIELD_KEYS, keys.FIELD_CIPHER, keys.BLIND_INDEX_KEY):
        monkeypatch.delenv(name, raising=False)
        setattr(settings, name, None)
    settings.ENV = "test"
    keys.reset()
    yield settings
    keys.reset()


@pytest.fixture
def configured(settings: Settings) -> Settings:
    """Explicit keys: current key ``a`` (AES-256-GCM) and a known blind-index key."""
    settings.ZHIYUAN_FIELD_KEYS = f"a:{b64(KEY_A)}"
    settings.ZHIYUAN_BLIND_INDEX_KEY = b64(INDEX_KEY)
    keys.reset()
    return settings
