"""The double-entry core: accounts made on demand, the case account's row lock, balances derived from the
entries, and postings written once under an idempotency key.

Idempotency (one key per posting request): inside the posting's transaction the key is claimed first. On
PostgreSQL a transaction-scoped advisory lock on the key is tried without waiting: another transaction
holding it is a request in flight (``idempotency_in_flight``, 409). On SQLite every write transaction
takes the database's write lock at BEGIN (``transaction_mode IMMEDIATE``), so a duplicate waits for the
first to finish and then finds its posting. A key already used answers the posting it made when the
request hash matches (a replay), ``idempotency_key_reused`` (422) when it does not.

No balance goes negative under parallel requests: every posting that takes money out of a case account
reads the balance after locking the account's row (``select_for_update`` on PostgreSQL; SQLite's write
lock is already held)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Sum

from zhiyuan.cases.models import Case
from zhiyuan.funds.models import Account, AccountKind, Entry, Posting
from zhiyuan.inputs.text import check_text
from zhiyuan.law.errors import LawError

KEY_MAX = 100
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Booked:
    """A posting and whether it answered a replay of its request."""

    posting: Posting
    replayed: bool


def request_hash(body: Mapping[str, Any]) -> str:
    """The SHA-256 of the request's canonical JSON (sorted keys, no spaces, values as text)."""
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def clean_key(key: object) -> str:
    """An idempotency key: 1 to 100 printable characters (a UUID is the usual choice)."""
    text = check_text(str(key or ""), field="idempotency_key", max_length=KEY_MAX).strip()
    if not text:
        raise LawError(
            "idempotency_key_required",
            "记账请求须带幂等键（Idempotency-Key）。",
            "A posting request needs an idempotency key (Idempotency-Key).",
            field="idempotency_key",
        )
    return text


def in_flight() -> LawError:
    return LawError(
        "idempotency_in_flight",
        "使用同一幂等键的请求正在处理中，请稍后重试。",
        "A request with this idempotency key is still being processed; try again shortly.",
    )


def _lock_number(key: str) -> int:
    return int.from_bytes(hashlib.sha256(b"funds:" + key.encode()).digest()[:8], "big", signed=True)


def claim(key: str, digest: str) -> Posting | None:
    """Inside the posting's transaction: the posting already made under ``key`` (a replay of the same
    request), else None; ``idempotency_key_reused`` for another request, ``idempotency_in_flight`` while
    another transaction holds the key."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [_lock_number(key)])
            if not cursor.fetchone()[0]:
                raise in_flight()
    done: Posting | None = Posting.objects.filter(key=key).first()
    if done is None:
        return None
    if done.request_hash != digest:
        raise LawError(
            "idempotency_key_reused",
            "该幂等键已用于内容不同的记账请求，未执行任何操作。",
            "This idempotency key was used for a different request; nothing was done.",
            posting=done.pk,
        )
    return done


def _made(create: Any, find: Any) -> Account:
    try:
        with transaction.atomic():
            return create()  # type: ignore[no-any-return]
    except IntegrityError:  # made by a parallel request meanwhile
        return find()  # type: ignore[no-any-return]


def counter(court_id: int, kind: str) -> Account:
    """The court's counter account of ``kind`` (clearing, fee income), made on first use."""
    found = Account.objects.filter(court_id=court_id, kind=kind, case__isnull=True).first()
    if found is not None:
        return found
    return _made(
        lambda: Account.objects.create(court_id=court_id, kind=kind),
        lambda: Account.objects.get(court_id=court_id, kind=kind, case__isnull=True),
    )


def case_account(case: Case, *, lock: bool = False) -> Account:
    """The case's account (made on first use); ``lock``: its row locked until the transaction ends."""
    found = Account.objects.filter(case=case).first()
    if found is None:
        found = _made(
            lambda: Account.objects.create(court_id=case.court_id, kind=AccountKind.CASE, case=case),
            lambda: Account.objects.get(case=case),
        )
    if lock:
        return Account.objects.select_for_update().get(pk=found.pk)
    return found


def held(account: Account) -> Decimal:
    """Money held for the case: the account's credits less its debits."""
    total = Entry.objects.filter(account=account).aggregate(s=Sum("amount"))["s"]
    return (ZERO - Decimal(total or 0)).quantize(ZERO)


def insufficient(balance: Decimal, amount: Decimal) -> LawError:
    return LawError(
        "insufficient_funds",
        f"案款余额不足：账户余额 {balance:,.2f} 元，本次须 {amount:,.2f} 元。",
        f"Insufficient funds: the account holds {balance:,.2f} yuan; this needs {amount:,.2f} yuan.",
        balance=str(balance),
        amount=str(amount),
    )


def write(posting: Posting, lines: list[tuple[Account, Decimal]]) -> Posting:
    """Save ``posting`` and its entries (``lines`` of account and signed amount, summing to zero)."""
    if sum((a for _, a in lines), ZERO) != 0 or any(a == 0 for _, a in lines):
        raise ValueError("a posting's entries must be non-zero and balance")  # pragma: no cover
    try:
        with transaction.atomic():
            posting.save()
    except IntegrityError as err:  # the same key committed between the claim and the insert
        raise in_flight() from err
    Entry.objects.bulk_create([Entry(posting=posting, account=acc, amount=amt) for acc, amt in lines])
    return posting
