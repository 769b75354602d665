"""What other code does when a network order's receipt is stored.

``ORDER_APPLIED`` holds callables ``hook(order)`` — ``order`` is the :class:`~zhiyuan.enforcement.models.
NetworkOrder` with its receipt fields set (``state`` applied / partial / rejected, ``applied`` the amount the
institution applied, ``receipt_number``, ``order_id``, ``applied_at``). They are called once per order, inside
the transaction that stores the receipt (so a hook's rows commit with it or not at all), in order of
registration, never for a replayed receipt already stored. A hook must not call the network; an exception
rolls the receipt back and the order is re-sent later under the same key (the network answers its first
receipt). Register from ``AppConfig.ready``: ``network_hooks.ORDER_APPLIED.append(record_network_order)``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

ORDER_APPLIED: list[Callable[..., None]] = []
#: ``hook(inquiries, found)`` — inquiries just answered in full (``Inquiry`` rows with ``pk``, ``case_id``,
#: ``debtor_id``, ``origin``) and, per inquiry id, how many assets they found; called inside the
#: transaction that stores the last answer, once per inquiry (it completes once). The 终本 workflow
#: registers one: a re-query that finds property on a terminated case calls for resumption.
INQUIRY_ANSWERED: list[Callable[..., None]] = []


def order_applied(order: Any) -> None:
    """Call every hook for ``order`` (from the receipt's transaction)."""
    for hook in list(ORDER_APPLIED):
        hook(order)


def inquiries_answered(inquiries: Any, found: dict[int, int]) -> None:
    """Call every hook for inquiries just answered in full (from the transaction storing the answers)."""
    for hook in list(INQUIRY_ANSWERED):
        hook(inquiries, found)
