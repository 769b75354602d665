"""Money: ``Decimal`` yuan, two places, ROUND_HALF_UP at the last step."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from zhiyuan.law.errors import LawError

CENT = Decimal("0.01")
#: The largest amount the platform accepts anywhere (form, API, import, agreement, the law core's rules):
#: 9,999,999,999,999.99 yuan, just under ten trillion (十万亿) — more than any single claim, and the
#: largest amount with cents that both databases store exactly. The amount columns are DECIMAL(16, 2)
#: (up to 99,999,999,999,999.99), but SQLite keeps 15 significant digits, so a 16-digit amount comes back
#: altered there, or not at all (the row then breaks every list that shows it).
MAX_AMOUNT = Decimal("9999999999999.99")


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
            f"金额“{field}”过大：最多 {MAX_AMOUNT:,} 元。",
            f"Amount '{field}' is too large: at most {MAX_AMOUNT:,} yuan.",
            field=field,
            maximum=str(MAX_AMOUNT),
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
