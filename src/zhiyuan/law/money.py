"""Money: ``Decimal`` yuan, two places, ROUND_HALF_UP at the last step."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from zhiyuan.law.errors import LawError

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("1e15")  # a trillion yuan and more is a typing error, not a claim


def parse_amount(value: object, field: str, *, allow_zero: bool = True) -> Decimal:
    """Parse a yuan amount given as a string (or integer); refuse floats, negatives and sub-cent digits."""
    if isinstance(value, (bool, float)):
        raise LawError(
            "amount_not_string",
            f'金额“{field}”须以字符串给出（如 "123.45"），以免浮点误差。',
            f"Amount '{field}' must be a string such as \"123.45\" (floats lose cents).",
            field=field,
        )
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        raise LawError(
            "amount_invalid",
            f"金额“{field}”不是数字：{value!r}。",
            f"Amount '{field}' is not a number: {value!r}.",
            field=field,
        ) from None
    if not amount.is_finite():
        raise LawError(
            "amount_invalid", f"金额“{field}”不是有限数。", f"Amount '{field}' is not finite.", field=field
        )
    if amount < 0 or (amount == 0 and not allow_zero):
        raise LawError(
            "amount_out_of_range",
            f"金额“{field}”必须为正数。",
            f"Amount '{field}' must be positive.",
            field=field,
        )
    if amount > MAX_AMOUNT:
        raise LawError(
            "amount_out_of_range",
            f"金额“{field}”过大。",
            f"Amount '{field}' is implausibly large.",
            field=field,
        )
    if amount != amount.quantize(CENT):
        raise LawError(
            "amount_precision",
            f"金额“{field}”最多保留两位小数（分）。",
            f"Amount '{field}' has more than two decimal places.",
            field=field,
        )
    return amount


def to_yuan(amount: Decimal) -> str:
    """Round half up to the cent and format with exactly two places."""
    return str(amount.quantize(CENT, rounding=ROUND_HALF_UP))
