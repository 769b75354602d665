"""Requests for the gateway tests (the ``simulator`` fixture is the root conftest's)."""

from __future__ import annotations

from zhiyuan.gateway.protocol import AssetClass, Debtor, IdType, InquiryRequest


def inquiry(
    id_number: str = "520102199001011234", *classes: AssetClass, callback_url: str = ""
) -> InquiryRequest:
    """An inquiry of ``classes`` (all by default) for one debtor of 黔0102."""
    return InquiryRequest(
        court="黔0102",
        case_number="(2026)黔0102执100号",
        debtor=Debtor("张三", IdType.RESIDENT_ID, id_number),
        classes=classes or tuple(AssetClass),
        callback_url=callback_url,
    )
