"""Agreements kept each party's identity number in clear in ``parties`` (copied from the case's party
records when the draft was saved). From now on a stored party refers to its party record (``party_id``),
which holds the number encrypted under the privacy field with its blind index; the number leaves the JSON.

Each stored number goes to the parties table: it stays with the referenced record when that record holds
the same number (the usual case: the agreement copied it from there); otherwise the record holding the
number is found by its blind index, or created (a credit code makes a legal person, any other number a
natural person; frozen here, not imported from the code of the day). Numbers are compared by their blind
index under the field's own AAD, so the migration never decrypts more than the rows it touches.

Reversing writes the numbers back from the party records, as the earlier code expects them."""

from django.db import migrations

from zhiyuan.privacy.fields import blind_index

CHUNK = 500


def _number(entry: dict) -> str:
    return "".join(str(entry.get("id_number") or "").split()).replace("-", "").upper()


def to_references(apps, schema_editor):
    Agreement = apps.get_model("mediation", "Agreement")
    Party = apps.get_model("parties", "Party")
    aad = Party._meta.get_field("id_number").aad  # "parties.party.id_number", as the field binds it

    def holder(number: str, entry: dict) -> int:
        digest = blind_index(number, aad)
        found = Party.objects.filter(id_number_hash=digest).values_list("pk", flat=True).first()
        if found is not None:
            return found
        id_type = str(entry.get("id_type") or "")
        return Party.objects.create(
            kind="legal_person" if id_type == "uscc" else "natural_person",
            name=str(entry.get("name") or "")[:200],
            id_type=id_type,
            id_number=number,
        ).pk

    batch = []
    for agreement in Agreement.objects.only("pk", "parties").order_by("pk").iterator(CHUNK):
        if not isinstance(agreement.parties, list):
            continue
        changed = False
        parties = []
        for stored in agreement.parties:
            if not isinstance(stored, dict) or "id_number" not in stored:
                parties.append(stored)
                continue
            entry = dict(stored)
            number = _number(entry)
            del entry["id_number"]
            changed = True
            if number:
                pid = entry.get("party_id")
                same = (
                    pid is not None
                    and Party.objects.filter(pk=pid, id_number_hash=blind_index(number, aad)).exists()
                )
                if not same:
                    entry["party_id"] = holder(number, entry)
            parties.append(entry)
        if changed:
            agreement.parties = parties
            batch.append(agreement)
        if len(batch) >= CHUNK:
            Agreement.objects.bulk_update(batch, ["parties"])
            batch = []
    if batch:
        Agreement.objects.bulk_update(batch, ["parties"])


def to_numbers(apps, schema_editor):
    Agreement = apps.get_model("mediation", "Agreement")
    Party = apps.get_model("parties", "Party")
    for agreement in Agreement.objects.only("pk", "parties").order_by("pk").iterator(CHUNK):
        if not isinstance(agreement.parties, list):
            continue
        ids = [e["party_id"] for e in agreement.parties if isinstance(e, dict) and e.get("party_id")]
        records = Party.objects.in_bulk(ids)
        agreement.parties = [
            {**e, "id_number": getattr(records.get(e.get("party_id")), "id_number", "") or ""}
            if isinstance(e, dict)
            else e
            for e in agreement.parties
        ]
        agreement.save(update_fields=["parties"])


class Migration(migrations.Migration):
    dependencies = [
        ("mediation", "0002_workflow"),
        ("parties", "0002_party_id_type"),
    ]

    operations = [
        migrations.RunPython(to_references, to_numbers),
    ]
