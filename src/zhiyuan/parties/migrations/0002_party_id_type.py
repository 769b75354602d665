"""The identity document type beside the number. Rows stored so far passed the old check (a resident
identity number, 15 or 18 digits, or a unified social credit code), so their type follows from the shape:
an 18-digit number with a correct GB 11643 check digit is a resident number (a 港澳台居民居住证 with
address code 810000/820000/830000), any other 18-character one a credit code. Rows without a number keep
an empty type. The classification is written out here, frozen, not imported from the code of the day."""

from django.db import migrations, models
from django.db.models import Q

CHUNK = 2000
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def _type_by_shape(number: str) -> str:
    n = number.replace(" ", "").replace("-", "").upper()
    if len(n) == 15 and n.isdigit():
        return "resident_id"
    if len(n) != 18:
        return ""
    if n[:17].isdigit() and n[17] in "0123456789X":
        check = "10X98765432"[sum(int(d) * w for d, w in zip(n[:17], _WEIGHTS, strict=True)) % 11]
        if check == n[17]:
            permit = n[:2] in ("81", "82", "83") and n[2:6] == "0000"
            return "residence_permit" if permit else "resident_id"
    return "uscc"


def classify(apps, schema_editor):
    Party = apps.get_model("parties", "Party")
    batch = []
    for party in Party.objects.filter(~Q(id_number_hash="")).only("pk", "id_number").iterator(CHUNK):
        party.id_type = _type_by_shape(party.id_number or "")
        if party.id_type:
            batch.append(party)
        if len(batch) >= CHUNK:
            Party.objects.bulk_update(batch, ["id_type"])
            batch = []
    if batch:
        Party.objects.bulk_update(batch, ["id_type"])


class Migration(migrations.Migration):
    dependencies = [("parties", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="party",
            name="id_type",
            field=models.CharField(
                blank=True,
                choices=[
                    ("resident_id", "居民身份证"),
                    ("residence_permit", "港澳台居民居住证"),
                    ("uscc", "统一社会信用代码"),
                    ("passport", "护照"),
                    ("hk_macao_permit", "港澳居民来往内地通行证"),
                    ("taiwan_permit", "台湾居民来往大陆通行证"),
                    ("foreign_permanent_resident_id", "外国人永久居留身份证"),
                ],
                default="",
                max_length=40,
                verbose_name="证件类型",
            ),
        ),
        migrations.RunPython(classify, migrations.RunPython.noop, elidable=True),
    ]
