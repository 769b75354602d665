"""Writing to the audit log. ``record`` runs inside the caller's transaction: the entry commits or rolls
back with the change it describes. Writers serialise on the chain head row."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.forms.models import model_to_dict
from django.http import HttpRequest
from django.utils import timezone

from zhiyuan.audit.chain import GENESIS, entry_leaf, next_chain
from zhiyuan.audit.models import AuditEntry, AuditHead, Outcome
from zhiyuan.privacy.masking import mask_text

#: values under these keys are never recorded; identity and bank numbers anywhere are masked by mask_text
REDACTED_KEYS = ("password", "secret", "token", "key")


@dataclass(frozen=True, slots=True)
class Actor:
    """Who acted, kept as id and name (not a foreign key: the log outlives accounts)."""

    id: int | None
    name: str
    roles: str = ""
    court_code: str = ""
    ip: str = ""

    @classmethod
    def system(cls, name: str = "system") -> Actor:
        """A command or job acting on its own account."""
        return cls(None, name)


def _clean(value: Any, key: str = "") -> Any:
    """JSON-safe, masked copy: sensitive keys redacted, identity and bank numbers in text masked."""
    if isinstance(value, Mapping):
        return {str(k): _clean(v, str(k)) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v, key) for v in value]
    if value is None or isinstance(value, bool | int):
        return value
    text = str(value)
    lowered = key.lower()
    if any(s in lowered for s in REDACTED_KEYS):
        return "[redacted]"
    return mask_text(text)


def record(
    actor: Actor,
    action: str,
    *,
    obj: object | None = None,
    object_type: str = "",
    object_id: str = "",
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    outcome: str = Outcome.SUCCESS,
) -> AuditEntry:
    """Append one entry; call it inside the transaction of the change it describes."""
    if obj is not None:
        meta = getattr(obj, "_meta", None)
        object_type = object_type or (meta.label_lower if meta else type(obj).__name__)
        object_id = object_id or str(getattr(obj, "pk", ""))
    fields: dict[str, Any] = {
        "at": timezone.now(),
        "actor_id": actor.id,
        "actor_name": actor.name[:150],
        "actor_roles": actor.roles[:200],
        "court_code": actor.court_code,
        "action": action,
        "outcome": str(outcome),
        "object_type": object_type,
        "object_id": object_id[:80],
        # round-trip through JSON so what is stored is exactly what was hashed
        "before": json.loads(json.dumps(_clean(before))) if before is not None else None,
        "after": json.loads(json.dumps(_clean(after))) if after is not None else None,
        "ip": actor.ip,
    }
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1, defaults={"chain_hash": GENESIS})
        fields["seq"] = head.size + 1
        leaf = entry_leaf(fields)
        chain = next_chain(head.chain_hash, leaf)
        entry = AuditEntry.objects.create(leaf_hash=leaf, chain_hash=chain, **fields)
        head.size = fields["seq"]
        head.chain_hash = chain
        head.save(update_fields=["size", "chain_hash"])
    return entry


def _model_snapshot(obj: Any) -> dict[str, Any]:
    return {k: v for k, v in model_to_dict(obj).items() if k not in {"password"}}


class AuditedAdminMixin:
    """Records create/change/delete of any admin-managed row in the same transaction."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        before = _model_snapshot(type(obj).objects.get(pk=obj.pk)) if change and obj.pk else None
        super().save_model(request, obj, form, change)  # type: ignore[misc]
        actor = getattr(request, "actor", None) or Actor(None, "admin")
        record(
            actor,
            f"{obj._meta.label_lower}.{'change' if change else 'create'}",
            obj=obj,
            before=before,
            after=_model_snapshot(obj),
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        before = _model_snapshot(obj)
        actor = getattr(request, "actor", None) or Actor(None, "admin")
        record(actor, f"{obj._meta.label_lower}.delete", obj=obj, before=before)
        super().delete_model(request, obj)  # type: ignore[misc]

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            self.delete_model(request, obj)
