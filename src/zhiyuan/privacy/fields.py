"""Field-level encryption at rest and keyed hashes (blind indexes) to find encrypted rows.

Tokens read ``enc1:<cipher id>:<key id>:<base64url blob>``. The header is authenticated together
with the caller's AAD, so neither the header nor the column a token belongs to can be swapped.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from typing import Any

from django.core import checks
from django.core.exceptions import FieldError
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.lookups import Exact, IsNull, Lookup

from zhiyuan.privacy import keys
from zhiyuan.privacy.ciphers import CIPHERS, DecryptionError
from zhiyuan.privacy.numbers import normalize

__all__ = [
    "DecryptionError",
    "EncryptedTextField",
    "blind_index",
    "decrypt_value",
    "encrypt_value",
    "lookup_hash",
    "normalize",
]

TOKEN_VERSION = "enc1"
HASH_LENGTH = 64


def _header_aad(cipher_id: str, key_id: str, aad: str) -> bytes:
    return "\x00".join((TOKEN_VERSION, cipher_id, key_id, aad)).encode()


def encrypt_value(plaintext: str, aad: str) -> str:
    """Encrypt under the current key; ``aad`` binds the token to its context (e.g. the column)."""
    if not isinstance(plaintext, str):
        raise TypeError(f"plaintext must be str, not {type(plaintext).__name__}")
    ring = keys.keyring()
    cipher = ring.cipher
    blob = cipher.encrypt(
        ring.current_key, plaintext.encode(), _header_aad(cipher.id, ring.current_key_id, aad)
    )
    encoded = base64.urlsafe_b64encode(blob).rstrip(b"=").decode("ascii")
    return f"{TOKEN_VERSION}:{cipher.id}:{ring.current_key_id}:{encoded}"


def _malformed(why: str) -> DecryptionError:
    return DecryptionError("malformed_token", f"密文格式错误（{why}）。", f"malformed token ({why})")


def decrypt_value(token: str, aad: str) -> str:
    """The plaintext of an :func:`encrypt_value` token; :class:`DecryptionError` on any problem."""
    parts = token.split(":", 3) if isinstance(token, str) else []
    if len(parts) != 4 or parts[0] != TOKEN_VERSION:
        raise _malformed(f"not an {TOKEN_VERSION} token")
    _, cipher_id, key_id, encoded = parts
    cipher = CIPHERS.get(cipher_id)
    if cipher is None:
        raise _malformed(f"unknown cipher {cipher_id!r}")
    key = keys.keyring().field_keys.get(key_id)
    if key is None:
        raise DecryptionError(
            "unknown_key",
            f"密钥 {key_id} 未配置（ZHIYUAN_FIELD_KEYS 中须保留旧密钥）。",
            f"key {key_id} is not configured (keep retired keys listed in ZHIYUAN_FIELD_KEYS)",
        )
    if len(key) != cipher.key_size:
        raise DecryptionError(
            "key_cipher_mismatch",
            f"密钥 {key_id} 的长度与算法 {cipher_id} 不符。",
            f"key {key_id} does not fit cipher {cipher_id}",
        )
    try:
        blob = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
    except (binascii.Error, ValueError):
        raise _malformed("bad base64") from None
    if base64.urlsafe_b64encode(blob).rstrip(b"=").decode("ascii") != encoded:
        raise _malformed("non-canonical base64")  # a changed padding bit must not go unnoticed
    plaintext = cipher.decrypt(key, blob, _header_aad(cipher_id, key_id, aad))
    try:
        return plaintext.decode()
    except UnicodeDecodeError:
        raise _malformed("plaintext is not UTF-8") from None


def blind_index(value: str, purpose: str) -> str:
    """HMAC-SHA256 (hex) of ``purpose + "\\x00" + normalize(value)`` under the blind-index key."""
    if "\x00" in purpose:
        raise ValueError("purpose must not contain NUL")
    message = f"{purpose}\x00{normalize(value)}".encode()
    return hmac.new(keys.keyring().blind_index_key, message, hashlib.sha256).hexdigest()


class _EmptyOnlyExact(Exact):  # type: ignore[type-arg]
    """``field=None`` / ``field=""`` work; any other value could never match a randomized ciphertext."""

    def get_prep_lookup(self) -> Any:
        if self.rhs not in (None, ""):
            raise _no_lookup(self.lhs.output_field, "exact")
        return super().get_prep_lookup()


def _no_lookup(field: Any, name: str) -> FieldError:
    hint = f"filter on {field.hash_field} with lookup_hash()" if getattr(field, "hash_field", None) else ""
    return FieldError(
        f"{field.name}__{name}: encrypted fields cannot be searched (加密字段不能按内容查询)"
        + (f"; {hint}" if hint else "")
    )


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    """Text encrypted in the database; AAD ``<app_label>.<model_name>.<field_name>``.

    ``hash_field`` names a later-declared sibling ``CharField(max_length=64)`` that ``pre_save``
    fills with :func:`blind_index` (purpose = the AAD). ``QuerySet.update()`` / ``bulk_update()``
    and ``save(update_fields=...)`` without the hash field do not refresh it. Renaming the model or
    field changes the AAD: re-encrypt the column in the same migration.
    """

    description = "Encrypted text"

    def __init__(self, *args: Any, hash_field: str | None = None, **kwargs: Any) -> None:
        self.hash_field = hash_field
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        """Migrations keep ``hash_field``."""
        name, path, args, kwargs = super().deconstruct()
        if self.hash_field is not None:
            kwargs["hash_field"] = self.hash_field
        return name, path, args, kwargs

    @property
    def aad(self) -> str:
        """``<app_label>.<model_name>.<field_name>``: a token copied to another column fails."""
        return f"{self.model._meta.app_label}.{self.model._meta.model_name}.{self.name}"

    def get_prep_value(self, value: Any) -> Any:
        """Ciphertext for the database; ``None`` and ``""`` stay as they are."""
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt_value(value, self.aad)

    def from_db_value(
        self, value: str | None, expression: Any, connection: BaseDatabaseWrapper
    ) -> str | None:
        """Plaintext for Python."""
        if value is None or value == "":
            return value
        return decrypt_value(value, self.aad)

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        """Fill the blind-index sibling before the row is written."""
        value = super().pre_save(model_instance, add)
        if self.hash_field is not None:
            sibling = model_instance._meta.get_field(self.hash_field)
            assert isinstance(sibling, models.Field), "checked by zhiyuan_privacy.E002"
            text = self.to_python(value)
            if text:
                digest: str | None = blind_index(text, self.aad)
            else:
                digest = None if text is None and sibling.null else ""
            setattr(model_instance, sibling.attname, digest)
        return value

    def get_lookup(self, lookup_name: str) -> type[Lookup[Any]] | None:
        """Only ``isnull`` and empty ``exact``; content lookups on ciphertext are refused."""
        if lookup_name == "isnull":
            return IsNull
        if lookup_name == "exact":
            return _EmptyOnlyExact
        raise _no_lookup(self, lookup_name)

    def check(self, **kwargs: Any) -> list[checks.CheckMessage]:
        """Also: the hash field exists, fits 64 hex characters and is declared after this field."""
        return [*super().check(**kwargs), *self._check_encrypted()]

    def _check_encrypted(self) -> list[checks.CheckMessage]:
        errors: list[checks.CheckMessage] = []
        if self.unique:
            errors.append(
                checks.Error(
                    "An encrypted field cannot be unique (ciphertexts are randomized).",
                    hint="Put the unique constraint on the hash field.",
                    obj=self,
                    id="zhiyuan_privacy.E001",
                )
            )
        if self.hash_field is None:
            return errors
        fields = list(self.model._meta.concrete_fields)
        sibling = next((f for f in fields if f.name == self.hash_field), None)
        if not isinstance(sibling, models.CharField) or (sibling.max_length or 0) < HASH_LENGTH:
            errors.append(
                checks.Error(
                    f"hash_field {self.hash_field!r} must name a CharField(max_length={HASH_LENGTH}).",
                    obj=self,
                    id="zhiyuan_privacy.E002",
                )
            )
        elif fields.index(sibling) < fields.index(self):
            errors.append(
                checks.Error(
                    f"hash_field {self.hash_field!r} must be declared after {self.name!r}.",
                    hint="Django saves fields in declaration order; an earlier hash field is written stale.",
                    obj=self,
                    id="zhiyuan_privacy.E003",
                )
            )
        return errors


def lookup_hash(model: type[models.Model], field_name: str, value: str) -> str:
    """The blind index to filter ``model``'s hash field with (``""`` for an empty value)."""
    field = model._meta.get_field(field_name)
    if not isinstance(field, EncryptedTextField):
        raise TypeError(f"{model.__name__}.{field_name} is not an EncryptedTextField")
    return blind_index(value, field.aad) if value else ""
