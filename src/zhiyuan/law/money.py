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


def parse_number_amount(value: object, field: str, *, allow_zero: bool = True) -> Decimal:
    """Like :func:`parse_amount`, but a JSON number is accepted as well as a decimal string.

    JSON parsers (orjson in the CLI, the API's) hand a number with a fraction over as a ``float``. Its
    shortest ``repr`` (Python's round-trip form) is the decimal text the client wrote whenever that text
    has at most 15 significant digits, which covers every amount the platform accepts with its cents
    (``10000.01`` → ``"10000.01"``, never ``10000.0100000000002``); the amount is read from that text, so
    no binary error enters. A number with more digits than a double keeps (e.g. ``100.0000000000000001``)
    is already rounded by the JSON parser and cannot be told apart: send such amounts as strings. A
    boolean is not an amount.
    """
    if isinstance(value, bool):
        raise LawError(
            "amount_invalid",
            f"金额“{field}”不是数字：{value!r}。",
            f"Amount '{field}' is not a number: {value!r}.",
            field=field,
        )
    if isinstance(value, float):
        value = repr(value)  # 'inf' and 'nan' are refused below as not finite
    return parse_amount(value, field, allow_zero=allow_zero)


def to_yuan(amount: Decimal) -> str:
    """Round half up to the cent and format with exactly two places."""
    return str(amount.quantize(CENT, rounding=ROUND_HALF_UP))
