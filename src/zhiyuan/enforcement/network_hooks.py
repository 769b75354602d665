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


def order_applied(order: Any) -> None:
    """Call every hook for ``order`` (from the receipt's transaction)."""
    for hook in list(ORDER_APPLIED):
        hook(order)
