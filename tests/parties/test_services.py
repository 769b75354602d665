"""Parties by any identity document: the one definition of validity (law.identity), the document type
beside the number, and the migration that gives stored parties their type."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.utils import timezone
from stdnum.cn import ric

from zhiyuan.law.errors import LawError
from zhiyuan.parties import services
from zhiyuan.parties.models import Party, PartyKind

pytestmark = pytest.mark.django_db

# 红花岗区 (520302) was created in 1997; this holder was born in 1980 (check digit 6 by GB 11643)
LATER_REGION = "520302198001011236"
RESIDENT = "520102199003070014"
CREDIT_CODE = "91110000600037341L"
FUTURE = dt.date(2025, 6, 30)  # the day before the birth date in 52010220250701001X


def test_a_region_code_younger_than_its_holder_is_valid() -> None:
    party = services.resolve("王五", LATER_REGION)
    assert (party.id_type, party.kind) == ("resident_id", PartyKind.NATURAL_PERSON)
    assert services.resolve("王五", LATER_REGION).pk == party.pk  # one record per identity


def test_a_birth_date_after_the_day_of_the_check_is_refused() -> None:
    with pytest.raises(LawError) as err:
        services.identify("52010220250701001X", on=FUTURE)
    assert err.value.code == "id_number_invalid"
    assert err.value.details["reason"] == "birth_date_future"
    assert services.identify("52010220250701001X", on=FUTURE + dt.timedelta(days=1)) == (
        "52010220250701001X",
        "resident_id",
    )


def test_by_default_the_check_is_made_today() -> None:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    body = f"520102{tomorrow:%Y%m%d}001"
    number = body + ric.calc_check_digit(body + "0")  # stdnum's check digit, independent of law.identity
    with pytest.raises(LawError) as err:
        services.resolve("新生", number)
    assert err.value.details["reason"] == "birth_date_future"
    assert not Party.objects.exists()


def test_other_documents_are_identified_with_their_type() -> None:
    passport = services.resolve("John Smith", "123456789", "passport")
    assert (passport.id_type, passport.kind, passport.id_number) == (
        "passport",
        "natural_person",
        "123456789",
    )
    again = services.resolve("John Smith", "123456789", "护照")  # the Chinese name of the type works too
    assert again.pk == passport.pk
    assert services.resolve("陈大文", "H12345678").id_type == "hk_macao_permit"  # the shape says it
    assert services.resolve("林美", "12345678", "taiwan_permit").id_type == "taiwan_permit"
    assert services.resolve("某公司", CREDIT_CODE).kind == PartyKind.LEGAL_PERSON
    with pytest.raises(LawError) as err:
        services.resolve("林美", "12345678")  # an 8-digit number alone names no document
    assert err.value.code == "id_number_invalid"
    with pytest.raises(LawError) as err:
        services.resolve("某人", "E12345678", "驾驶证")
    assert err.value.code == "id_type_unknown"
    with pytest.raises(LawError) as err:
        services.resolve("某人", "H1234567", "hk_macao_permit")
    assert (err.value.code, err.value.details["reason"]) == ("id_number_invalid", "format")


def test_a_seventeen_digit_number_with_a_letter_is_a_format_error() -> None:
    with pytest.raises(LawError) as err:
        services.identify("11010519491231002A")
    assert err.value.details["reason"] == "format"


def test_a_party_stored_without_its_type_gets_it() -> None:
    old = Party.objects.create(kind="natural_person", name="张三", id_number=RESIDENT)
    assert old.id_type == ""
    assert services.resolve("张三", RESIDENT).pk == old.pk
    old.refresh_from_db()
    assert old.id_type == "resident_id"


def test_the_migration_gives_stored_parties_their_type_by_shape() -> None:
    migration = importlib.import_module("zhiyuan.parties.migrations.0002_party_id_type")
    rows = {
        "resident": Party.objects.create(kind="natural_person", name="甲", id_number=RESIDENT),
        "legacy": Party.objects.create(kind="natural_person", name="乙", id_number="110105491231002"),
        "permit": Party.objects.create(kind="natural_person", name="丙", id_number="810000199001010027"),
        "credit": Party.objects.create(kind="legal_person", name="某公司", id_number=CREDIT_CODE),
        "none": Party.objects.create(kind="natural_person", name="丁"),
    }
    migration.classify(apps, None)
    types = {key: Party.objects.get(pk=p.pk).id_type for key, p in rows.items()}
    assert types == {
        "resident": "resident_id",
        "legacy": "resident_id",
        "permit": "residence_permit",
        "credit": "uscc",
        "none": "",
    }


def test_a_number_recorded_under_another_name_is_never_renamed_silently() -> None:
    recorded = services.resolve("张三", RESIDENT)
    with pytest.raises(LawError) as err:
        services.resolve("张三丰", RESIDENT)
    assert err.value.code == "identity_other_name"
    assert err.value.details["recorded_name"] == "张三"
    assert "“张三”" in err.value.message_zh
    # a partner is not told the recorded name
    with pytest.raises(LawError) as hidden:
        services.resolve_named("张三丰", RESIDENT, disclose=False)
    assert "recorded_name" not in hidden.value.details
    assert "张三" not in hidden.value.message_zh.replace("张三丰", "")
    # the clerk's choices: the recorded name, or the typed name kept as another name of the same party
    used = services.resolve_named("张三丰", RESIDENT, name_choice=services.USE_RECORDED)
    assert (used.party.pk, used.name) == (recorded.pk, "张三")
    kept = services.resolve_named("张三丰", RESIDENT, name_choice=services.KEEP_TYPED)
    assert (kept.party.pk, kept.name) == (recorded.pk, "张三丰")
    recorded.refresh_from_db()
    assert recorded.name == "张三"  # the record keeps its name
    assert list(recorded.other_names.values_list("name", flat=True)) == ["张三丰"]
    # a known name needs no choice again; spaces and bracket widths do not make another name
    assert services.resolve_named("张三丰", RESIDENT).name == "张三丰"
    assert services.resolve_named("张 三", RESIDENT).party.pk == recorded.pk
    assert services.recorded_under_other_name("张三丰", RESIDENT) is None
    assert services.recorded_under_other_name("张四", RESIDENT) == "张三"
    assert services.recorded_under_other_name("张四", "") is None
    with pytest.raises(LawError) as bad:
        services.resolve_named("张四", RESIDENT, name_choice="rename")
    assert bad.value.code == "name_choice_invalid"
