"""What other code does when money is deducted into an enforcement case (扣划: by the officer's hand or by a
network receipt).

``DEDUCTED`` holds callables ``hook(case, *, amount, on, source, what, who)``: ``case`` the enforcement
case, ``amount`` the ``Decimal`` deducted, ``on`` the day, ``source`` a stable key of the deduction
(``measure:<id>``), ``what`` a short description, ``who`` the audit actor. They are called once per
deduction, inside the transaction that records it (a hook's rows commit with it or not at all), in order of
registration. A hook must be idempotent on ``source``. Other apps register through
``enforcement.services.on_money_deducted`` from their ``AppConfig.ready`` (the funds ledger books the
money into the case's account); enforcement imports none of them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

DEDUCTED: list[Callable[..., None]] = []
#: the same signature, called when a sold asset's price reached the court (``source`` ``asset:<id>:proceeds``;
#: the funds ledger books it as auction proceeds, 拍卖（变卖）价款到账)
PROCEEDS_PAID: list[Callable[..., None]] = []


def deducted(case: Any, *, amount: Any, on: Any, source: str, what: str, who: Any) -> None:
    """Call every hook for a deduction (from the transaction that records it)."""
    for hook in list(DEDUCTED):
        hook(case, amount=amount, on=on, source=source, what=what, who=who)


def proceeds_paid(case: Any, *, amount: Any, on: Any, source: str, what: str, who: Any) -> None:
    """Call every hook for a sale's price paid in (from the transaction that records it)."""
    for hook in list(PROCEEDS_PAID):
        hook(case, amount=amount, on=on, source=source, what=what, who=who)
