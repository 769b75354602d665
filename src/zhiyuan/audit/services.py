"""Writing to the audit log. ``record`` runs inside the caller's transaction: the entry commits or rolls
back with the change it describes. Writers serialise on the chain head row."""

from __future__ import annotations

import getpass
import json
import os
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.forms.models import model_to_dict
from django.http import HttpRequest
from django.utils import timezone

from zhiyuan.audit import verification
from zhiyuan.audit.chain import GENESIS, entry_leaf, next_chain
from zhiyuan.audit.models import AuditEntry, AuditHead, Outcome
from zhiyuan.privacy.masking import mask_bank_account, mask_identity, mask_text

#: values under these keys are never recorded; identity and bank numbers anywhere are masked by mask_text
REDACTED_KEYS = ("password", "secret", "token", "key")
#: values under these keys are identity or bank numbers whatever their shape (a passport or permit number
#: looks like any other text to mask_text): masked as such
IDENTITY_KEYS = ("id_number",)
BANK_KEYS = ("bank_account", "account_number", "card_number")


@dataclass(frozen=True, slots=True)
class Actor:
    """Who acted, kept as id and name (not a foreign key: the log outlives accounts); ``token`` names the
    API token the person acted through (its prefix and name), recorded beside the roles."""

    id: int | None
    name: str
    roles: str = ""
    court_code: str = ""
    ip: str = ""
    token: str = ""

    @property
    def capacity(self) -> str:
        """The roles, and the API token when one was used (``partner_user token:zy_AbC1234… name``)."""
        return f"{self.roles} token:{self.token}".strip() if self.token else self.roles

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
    lowered = key.lower()
    numbered = any(s in lowered for s in IDENTITY_KEYS + BANK_KEYS)
    if value is None or isinstance(value, bool) or (isinstance(value, int) and not numbered):
        return value
    text = str(value)
    if any(s in lowered for s in REDACTED_KEYS):
        return "[redacted]"
    if any(s in lowered for s in IDENTITY_KEYS):
        return mask_identity(text)
    if any(s in lowered for s in BANK_KEYS):
        return mask_bank_account(text)
    return mask_text(text)


def entry_fields(
    actor: Actor,
    action: str,
    *,
    obj: object | None = None,
    object_type: str = "",
    object_id: str = "",
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    outcome: str = Outcome.SUCCESS,
) -> dict[str, Any]:
    """An entry as :func:`record` stores it, but for its time and its place in the chain: who, what, and
    before/after cleaned and masked — most of an entry's cost, so a bulk writer builds its entries before it
    takes any lock and appends them with :func:`record_all`."""
    if obj is not None:
        meta = getattr(obj, "_meta", None)
        object_type = object_type or (meta.label_lower if meta else type(obj).__name__)
        object_id = object_id or str(getattr(obj, "pk", ""))
    return {
        "actor_id": actor.id,
        "actor_name": actor.name[:150],
        "actor_roles": actor.capacity[:200],
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


#: actions that record an access rather than a change of data: signing in and out, refusals, reading,
#: verifying and exporting the log, and any export or download (suffixes below)
ACCESS_ACTIONS = frozenset({"audit.read", "audit.export", "audit.verify", "audit.checkpoint"})
ACCESS_PREFIXES = ("auth.",)
ACCESS_SUFFIXES = (".export", ".download")


def is_access(action: str) -> bool:
    """Does ``action`` record an access (which leaves the data as it was) rather than a change? An action
    not known as an access counts as a change: an unlisted one makes dependants refresh, never miss one."""
    return action in ACCESS_ACTIONS or action.startswith(ACCESS_PREFIXES) or action.endswith(ACCESS_SUFFIXES)


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
    fields = {"at": timezone.now()} | entry_fields(
        actor,
        action,
        obj=obj,
        object_type=object_type,
        object_id=object_id,
        before=before,
        after=after,
        outcome=outcome,
    )
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1, defaults={"chain_hash": GENESIS})
        fields["seq"] = head.size + 1
        leaf = entry_leaf(fields)
        chain = next_chain(head.chain_hash, leaf)
        entry = AuditEntry.objects.create(leaf_hash=leaf, chain_hash=chain, **fields)
        head.size = fields["seq"]
        head.chain_hash = chain
        head.writes += 0 if is_access(action) else 1
        head.save(update_fields=["size", "chain_hash", "writes"])
    return entry


def record_all(entries: Sequence[Mapping[str, Any]]) -> int:
    """Append entries built by :func:`entry_fields`, in order, as :func:`record` would one by one (same
    time for all, consecutive places in the chain), with one lock on the chain head and one bulk insert;
    call it inside the transaction of the change they describe. Returns how many were appended."""
    if not entries:
        return 0
    at = timezone.now()
    meta = AuditEntry._meta
    columns = [f for f in meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    # one prepared statement: bulk_create compiles one per few dozen rows on SQLite, most of a long run
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1, defaults={"chain_hash": GENESIS})
        seq, chain = head.size, head.chain_hash
        rows = []
        writes = 0
        for fields in entries:
            seq += 1
            writes += 0 if is_access(str(fields["action"])) else 1
            full = {"at": at, **fields, "seq": seq}
            leaf = entry_leaf(full)
            chain = next_chain(chain, leaf)
            full |= {"leaf_hash": leaf, "chain_hash": chain}
            rows.append([f.get_db_prep_save(full[f.attname], connection) for f in columns])
        with connection.cursor() as cur:
            cur.executemany(sql, rows)
        head.size = seq
        head.chain_hash = chain
        head.writes += writes
        head.save(update_fields=["size", "chain_hash", "writes"])
    return len(rows)


def record_read(
    actor: Actor,
    view: str,
    *,
    via: str,
    filters: Mapping[str, Any],
    rows: int,
    matched: int | None = None,
    object_type: str = "audit.auditentry",
    object_id: str = "",
    action: str = "audit.read",
) -> AuditEntry:
    """Reading the audit log is itself audited: who read (``actor``), through what (``via`` api/admin,
    ``view`` list/detail/export), with which filter, and how many rows they were shown (``rows``; of
    ``matched`` where a page shows part of the result). An export is recorded as ``audit.export``."""
    after: dict[str, Any] = {"via": via, "view": view, "filter": dict(filters), "rows": rows}
    if matched is not None:
        after["matched"] = matched
    return record(actor, action, object_type=object_type, object_id=object_id, after=after)


def operator() -> str:
    """The operating-system account running this process: who ran a command, where no user signed in."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return ""


def record_export(
    actor: Actor,
    action: str,
    *,
    scope: str,
    fmt: str,
    target: str,
    rows: int,
    failed: bool = False,
) -> AuditEntry:
    """An export of personal data is itself audited: who (``actor``; a command acting as the system also
    records the operating-system account, :func:`operator`), which data (``scope``), the format and where
    it went, and how many rows (of a failed export: those written before it failed)."""
    after: dict[str, Any] = {"scope": scope, "format": fmt, "target": target, "rows": rows}
    if actor.id is None:
        after["os_user"] = operator()
    outcome = Outcome.FAILURE if failed else Outcome.SUCCESS
    return record(actor, action, object_type=action, object_id=scope[:80], after=after, outcome=outcome)


def _file(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all (a temporary file renamed into place)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".checkpoint-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_checkpoint(actor: Actor, out: Path | None = None) -> tuple[dict[str, Any], list[Path]]:
    """Verify the whole chain, sign and store a checkpoint, audit it, and file a copy in
    ``ZHIYUAN_AUDIT_CHECKPOINT_DIR`` (when set) and ``out`` (when given). One transaction: a copy that
    cannot be written undoes the checkpoint, and the failure is audited. Returns the checkpoint (what
    the files hold) and the files written."""
    try:
        with transaction.atomic():
            cp = verification.checkpoint()
            record(
                actor,
                "audit.checkpoint",
                object_type="audit.checkpoint",
                object_id=str(cp["size"]),
                after={"size": cp["size"], "root": cp["root"], "signer": cp["key_id"]},
            )
            text = json.dumps(cp, ensure_ascii=False) + "\n"
            directory = getattr(settings, "ZHIYUAN_AUDIT_CHECKPOINT_DIR", "")
            stamp = cp["at"].replace("-", "").replace(":", "")
            targets = [Path(directory) / f"audit-checkpoint-{stamp}-{cp['size']}.json"] if directory else []
            targets += [out] if out is not None else []
            for path in targets:
                _file(path, text)
    except (verification.ChainBroken, OSError) as exc:
        broken = exc.report.first_broken if isinstance(exc, verification.ChainBroken) else None
        record(
            actor,
            "audit.checkpoint",
            object_type="audit.checkpoint",
            outcome=Outcome.FAILURE,
            after={"first_broken": broken, "error": "" if broken else f"{type(exc).__name__}: {exc}"},
        )
        raise
    return cp, targets


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
