"""EncryptedTextField through the Field API, on throwaway unmanaged models (no database)."""

from __future__ import annotations

import hashlib
import hmac

import pytest
from django.apps.registry import Apps
from django.core.exceptions import FieldError
from django.db import connection, models
from pytest_django import Settings

from tests.privacy.conftest import INDEX_KEY
from zhiyuan.privacy.fields import DecryptionError, EncryptedTextField, decrypt_value, lookup_hash

test_apps = Apps()  # keeps the throwaway models out of the project's registry


class Person(models.Model):
    """A party with an encrypted, searchable identity number and an encrypted bank account."""

    id_number = EncryptedTextField(null=True, blank=True, hash_field="id_number_hash")
    id_number_hash = models.CharField(max_length=64, null=True, blank=True, db_index=True)  # noqa: DJ001
    bank_account = EncryptedTextField(blank=True, default="")
    note = models.TextField(blank=True, default="")

    class Meta:
        app_label = "privacy_tests"
        managed = False
        apps = test_apps

    def __str__(self) -> str:
        return f"Person {self.pk}"


ID = "11010519491231002X"
ID_AAD = "privacy_tests.person.id_number"


def _field(name: str) -> EncryptedTextField:
    field = Person._meta.get_field(name)
    assert isinstance(field, EncryptedTextField)
    return field


def test_aad_names_app_model_and_field() -> None:
    assert _field("id_number").aad == ID_AAD
    assert _field("bank_account").aad == "privacy_tests.person.bank_account"


def test_values_reach_the_database_encrypted_and_come_back(configured: Settings) -> None:
    field = _field("id_number")
    stored = field.get_db_prep_save(ID, connection)
    assert isinstance(stored, str)
    assert stored.startswith("enc1:aes-256-gcm:a:")
    assert ID not in stored
    assert decrypt_value(stored, ID_AAD) == ID
    assert field.from_db_value(stored, None, connection) == ID


@pytest.mark.parametrize("empty", [None, ""])
def test_empty_values_stay_as_they_are(empty: str | None) -> None:
    field = _field("id_number")
    assert field.get_prep_value(empty) == empty
    assert field.from_db_value(empty, None, connection) == empty


def test_a_token_copied_to_another_column_fails() -> None:
    stored = _field("id_number").get_prep_value(ID)
    with pytest.raises(DecryptionError):
        _field("bank_account").from_db_value(stored, None, connection)


def test_plaintext_in_the_column_is_not_passed_through() -> None:
    with pytest.raises(DecryptionError):
        _field("id_number").from_db_value(ID, None, connection)


def _expected_hash(value: str) -> str:
    return hmac.new(INDEX_KEY, f"{ID_AAD}\x00{value}".encode(), hashlib.sha256).hexdigest()


def test_pre_save_fills_the_hash_field_with_the_blind_index(configured: Settings) -> None:
    person = Person(id_number="110105 19491231 002x")
    value = _field("id_number").pre_save(person, add=True)
    assert value == "110105 19491231 002x"  # the instance keeps what the caller wrote
    assert person.id_number_hash == _expected_hash(ID)
    assert lookup_hash(Person, "id_number", ID) == _expected_hash(ID)
    assert lookup_hash(Person, "id_number", "") == ""


@pytest.mark.parametrize(("value", "expected"), [(None, None), ("", "")])
def test_pre_save_empties_the_hash_field(value: str | None, expected: str | None) -> None:
    person = Person(id_number=value, id_number_hash="stale")
    _field("id_number").pre_save(person, add=False)
    assert person.id_number_hash == expected


def test_lookup_hash_wants_an_encrypted_field() -> None:
    with pytest.raises(TypeError):
        lookup_hash(Person, "note", ID)


def test_deconstruct_keeps_hash_field() -> None:
    name, path, args, kwargs = _field("id_number").deconstruct()
    assert (name, path) == ("id_number", "zhiyuan.privacy.fields.EncryptedTextField")
    assert kwargs["hash_field"] == "id_number_hash"
    rebuilt = EncryptedTextField(*args, **kwargs)
    assert (rebuilt.hash_field, rebuilt.null) == ("id_number_hash", True)
    assert "hash_field" not in _field("bank_account").deconstruct()[3]


def test_content_lookups_are_refused() -> None:
    with pytest.raises(FieldError, match="id_number_hash"):
        Person.objects.filter(id_number__icontains="1101")
    with pytest.raises(FieldError):
        Person.objects.filter(id_number=ID)
    with pytest.raises(FieldError):
        Person.objects.filter(bank_account__startswith="6222")


def test_hash_and_null_lookups_are_allowed() -> None:
    Person.objects.filter(id_number_hash=lookup_hash(Person, "id_number", ID))
    Person.objects.filter(id_number__isnull=True)
    Person.objects.filter(id_number=None)
    Person.objects.filter(bank_account="")


def test_system_checks_pass_for_a_correct_model() -> None:
    assert _field("id_number").check() == []
    assert _field("bank_account").check() == []


def test_system_checks_catch_misdeclared_hash_fields() -> None:
    isolated = Apps()

    class Broken(models.Model):
        early_hash = models.CharField(max_length=64, blank=True)
        early = EncryptedTextField(hash_field="early_hash")
        missing = EncryptedTextField(hash_field="nowhere")
        short = EncryptedTextField(hash_field="short_hash")
        short_hash = models.CharField(max_length=32)
        unique = EncryptedTextField(unique=True)

        class Meta:
            app_label = "privacy_tests"
            managed = False
            apps = isolated

        def __str__(self) -> str:
            return "broken"

    def ids(name: str) -> list[str]:
        return [m.id for m in Broken._meta.get_field(name).check() if m.id]

    assert ids("early") == ["zhiyuan_privacy.E003"]
    assert ids("missing") == ["zhiyuan_privacy.E002"]
    assert ids("short") == ["zhiyuan_privacy.E002"]
    assert ids("unique") == ["zhiyuan_privacy.E001"]
