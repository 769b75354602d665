"""The bulk intake reads a CSV in GB18030/GBK as it reads UTF-8 (with or without BOM) and says which;
a file in neither is refused with ``encoding_invalid`` in both languages."""

from __future__ import annotations

import codecs
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from zhiyuan.mediation.models import Mediation

from .conftest import APPLICANT, DESCRIPTION, RESPONDENT
from .test_pages_and_intake import CSV_HEAD

pytestmark = pytest.mark.django_db


def _post(c: Client, data: bytes) -> Any:
    upload = SimpleUploadedFile("disputes.csv", data, content_type="text/csv")
    return c.post("/api/mediation/intake/bulk?court=黔0102&on=2025-09-01", {"file": upload})


@pytest.mark.parametrize(
    ("encode", "name", "encoding"),
    [
        (lambda t: t.encode("utf-8"), "张三𠀀", "utf-8"),
        (lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), "张三𠀀", "utf-8-sig"),
        (lambda t: t.encode("gb18030"), "张三𠀀", "gb18030"),
        (lambda t: t.encode("gbk"), "张三", "gb18030"),  # as Excel on a Chinese Windows saves it
    ],
    ids=["utf-8", "utf-8-bom", "gb18030", "gbk"],
)
def test_bulk_intake_in_every_encoding(
    staff: dict[str, Any], orgs: dict[str, Any], encode, name: str, encoding: str
) -> None:  # type: ignore[no-untyped-def]
    c = Client()
    c.force_login(staff["clerk"])
    line = (
        f'"{name} {APPLICANT[1]}","{RESPONDENT[0]} {RESPONDENT[1]}",{DESCRIPTION},'
        "private_lending,TJ-0102-A,批量,30000\n"
    )
    r = _post(c, encode(CSV_HEAD + line))
    assert r.status_code == 200, r.content[:500]
    assert r.json()["delegated"] == 1, r.json()
    assert r.json()["encoding"] == encoding
    assert name in [p.party.name for p in Mediation.objects.get().case.parties.all()]


def test_bulk_intake_refuses_a_file_in_neither_encoding(staff: dict[str, Any], orgs: dict[str, Any]) -> None:
    c = Client()
    c.force_login(staff["clerk"])
    r = _post(c, codecs.BOM_UTF16_LE + CSV_HEAD.encode("utf-16-le"))
    assert r.status_code == 422, r.content[:300]
    body = r.json()
    assert body["code"] == "encoding_invalid"
    assert "UTF-16" in body["message_en"]
    assert body["message_zh"]
    assert not Mediation.objects.exists()
