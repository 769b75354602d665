"""The gateway client's errors: stable codes, bilingual messages (ARCHITECTURE.md §3.6)."""

from __future__ import annotations

from typing import Any

from zhiyuan.law.errors import LawError


class GatewayError(LawError):
    """The network refused, failed or could not be reached. ``retryable`` says whether a later call may
    succeed with the same idempotency key (a job re-runs it; the order is still applied at most once)."""

    retryable = False


class GatewayUnavailable(GatewayError):
    """Network errors or 5xx after every retry, or the circuit is open."""

    retryable = True


MESSAGES: dict[str, tuple[str, str]] = {
    "gateway_unavailable": (
        "查控网络暂时无法连接，已按规则重试，请稍后再试。",
        "The inquiry network could not be reached after retries; try again later.",
    ),
    "gateway_circuit_open": (
        "查控网络连续失败，已暂停发送请求，稍后自动恢复。",
        "The inquiry network failed repeatedly; requests are paused and will resume automatically.",
    ),
    "gateway_rate_limited": (
        "查控网络限流，重试后仍被拒绝，请稍后再试。",
        "The inquiry network kept refusing for rate limiting; try again later.",
    ),
    "gateway_in_progress": (
        "同一请求仍在查控网络处理中，请稍后再查看结果。",
        "The same request is still being processed by the network; check again later.",
    ),
    "gateway_idempotency_conflict": (
        "同一幂等键已用于内容不同的指令，本次指令未发送。",
        "This idempotency key was used for a different order; nothing was sent.",
    ),
    "gateway_rejected": (
        "查控网络拒绝了该请求。",
        "The inquiry network refused the request.",
    ),
    "gateway_not_found": (
        "查控网络中不存在该查询、指令或财产。",
        "The network has no such inquiry, order or asset.",
    ),
    "gateway_bad_response": (
        "查控网络返回了无法识别的应答。",
        "The inquiry network answered with something that could not be read.",
    ),
    "gateway_timeout": (
        "等待查控结果超时，部分财产类别尚未反馈。",
        "Timed out waiting for inquiry results; some asset classes have not answered.",
    ),
}


def gateway_error(code: str, **details: Any) -> GatewayError:
    """The error of ``code`` with its messages (unavailable ones are :class:`GatewayUnavailable`)."""
    zh, en = MESSAGES[code]
    retryable = code in {"gateway_unavailable", "gateway_circuit_open", "gateway_rate_limited"}
    cls = GatewayUnavailable if retryable else GatewayError
    if code in {"gateway_in_progress", "gateway_timeout"}:
        err = GatewayError(code, zh, en, **details)
        err.retryable = True
        return err
    return cls(code, zh, en, **details)
