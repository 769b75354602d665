"""The gateway protocol's vocabulary (docs/gateway.md): asset classes, order kinds and the typed answers.

Pure data: no I/O, no clock. Money travels as decimal strings in yuan with two places.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

#: the protocol's version, the first segment of every path
VERSION = "v1"
#: header carrying the client's idempotency key on every POST
IDEMPOTENCY_HEADER = "Idempotency-Key"
#: header the gateway sets on a replayed first answer
REPLAYED_HEADER = "Idempotent-Replayed"
PROBLEM_TYPE = "application/problem+json"


class AssetClass(StrEnum):
    """What the national network (总对总) can be asked about; docs/gateway.md cites each."""

    DEPOSIT = "deposit"  # 银行存款
    WEALTH_PRODUCT = "wealth_product"  # 金融理财产品
    SECURITIES = "securities"  # 证券（股票、债券、基金份额）
    FUTURES = "futures"  # 期货保证金
    REAL_ESTATE = "real_estate"  # 不动产
    VEHICLE = "vehicle"  # 机动车
    VESSEL = "vessel"  # 船舶
    FISHING_VESSEL = "fishing_vessel"  # 渔船
    COMPANY_SHARE = "company_share"  # 股权（市场主体登记）
    HOUSING_FUND = "housing_fund"  # 住房公积金
    SOCIAL_INSURANCE = "social_insurance"  # 养老金等社会保险
    ONLINE_PAYMENT = "online_payment"  # 网络资金（第三方支付账户）
    INSURANCE = "insurance"  # 商业保险
    TAX = "tax"  # 纳税信息
    HOUSEHOLD = "household"  # 户籍
    ENTRY_EXIT = "entry_exit"  # 出入境证件
    MARRIAGE = "marriage"  # 婚姻登记


#: classes a freeze/deduct order may name (money held by an institution that can block it)
FREEZABLE = frozenset(
    {
        AssetClass.DEPOSIT,
        AssetClass.WEALTH_PRODUCT,
        AssetClass.SECURITIES,
        AssetClass.FUTURES,
        AssetClass.ONLINE_PAYMENT,
        AssetClass.HOUSING_FUND,
        AssetClass.INSURANCE,
    }
)

#: classes that answer with records about the debtor (tax, household, travel documents, marriage), not
#: property: a hit is 有记录 (a lead), never 有财产
RECORDS = frozenset({AssetClass.TAX, AssetClass.HOUSEHOLD, AssetClass.ENTRY_EXIT, AssetClass.MARRIAGE})

LABELS: dict[AssetClass, tuple[str, str]] = {
    AssetClass.DEPOSIT: ("银行存款", "bank deposits"),
    AssetClass.WEALTH_PRODUCT: ("金融理财产品", "wealth-management products"),
    AssetClass.SECURITIES: ("证券", "securities"),
    AssetClass.FUTURES: ("期货保证金", "futures margin"),
    AssetClass.REAL_ESTATE: ("不动产", "real estate"),
    AssetClass.VEHICLE: ("车辆", "motor vehicles"),
    AssetClass.VESSEL: ("船舶", "vessels"),
    AssetClass.FISHING_VESSEL: ("渔船", "fishing vessels"),
    AssetClass.COMPANY_SHARE: ("股权", "company shares"),
    AssetClass.HOUSING_FUND: ("住房公积金", "housing provident fund"),
    AssetClass.SOCIAL_INSURANCE: ("社会保险（养老金）", "social insurance (pensions)"),
    AssetClass.ONLINE_PAYMENT: ("网络资金", "online payment accounts"),
    AssetClass.INSURANCE: ("保险", "insurance policies"),
    AssetClass.TAX: ("纳税信息", "tax records"),
    AssetClass.HOUSEHOLD: ("户籍", "household registration"),
    AssetClass.ENTRY_EXIT: ("出入境证件", "travel documents"),
    AssetClass.MARRIAGE: ("婚姻登记", "marriage registration"),
}


class IdType(StrEnum):
    """The debtor's identity document."""

    RESIDENT_ID = "resident_id"  # 居民身份证
    USCC = "uscc"  # 统一社会信用代码
    PASSPORT = "passport"
    OTHER = "other"


class OrderKind(StrEnum):
    """What an order asks an institution to do with one asset."""

    FREEZE = "freeze"  # 冻结
    UNFREEZE = "unfreeze"  # 解除冻结
    DEDUCT = "deduct"  # 扣划


class ResultStatus(StrEnum):
    """One class's answer: assets found, nothing found, or the institution could not answer."""

    FOUND = "found"
    NONE = "none"
    FAILED = "failed"


def canonical(body: Any) -> bytes:
    """The bytes an idempotency key is bound to: sorted keys, no spaces, UTF-8."""
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def fingerprint(body: Any) -> str:
    """SHA-256 of :func:`canonical` — same key with another fingerprint is a 422."""
    return hashlib.sha256(canonical(body)).hexdigest()


def money(value: Decimal | str | int) -> str:
    """A yuan amount as the protocol writes it (two places)."""
    return str(Decimal(value).quantize(Decimal("0.01")))


@dataclass(frozen=True)
class Debtor:
    """Who is searched."""

    name: str
    id_type: IdType
    id_number: str

    def as_json(self) -> dict[str, str]:
        """The request's ``debtor`` object."""
        return {"name": self.name, "id_type": self.id_type.value, "id_number": self.id_number}


@dataclass(frozen=True)
class InquiryRequest:
    """A search of ``classes`` for ``debtor`` on behalf of a court's case."""

    court: str
    case_number: str
    debtor: Debtor
    classes: tuple[AssetClass, ...]
    callback_url: str = ""

    def as_json(self) -> dict[str, Any]:
        """The body of ``POST /v1/inquiries``."""
        body: dict[str, Any] = {
            "court": self.court,
            "case_number": self.case_number,
            "debtor": self.debtor.as_json(),
            "classes": [c.value for c in self.classes],
        }
        if self.callback_url:
            body["callback_url"] = self.callback_url
        return body


@dataclass(frozen=True)
class Asset:
    """One asset an institution reported."""

    asset_id: str
    asset_class: AssetClass
    institution: str
    description: str
    balance: Decimal | None  # money held, where the class is money; None for things

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Asset:
        """Parse one ``assets[]`` item."""
        balance = data.get("balance")
        return cls(
            asset_id=str(data["asset_id"]),
            asset_class=AssetClass(data["asset_class"]),
            institution=str(data["institution"]),
            description=str(data.get("description", "")),
            balance=None if balance is None else Decimal(str(balance)),
        )


@dataclass(frozen=True)
class ClassResult:
    """The answer for one asset class of one inquiry (``result_id`` is unique; deliveries may repeat)."""

    result_id: str
    inquiry_id: str
    asset_class: AssetClass
    status: ResultStatus
    assets: tuple[Asset, ...]
    answered_at: str
    reason: str = ""

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ClassResult:
        """Parse one result object."""
        return cls(
            result_id=str(data["result_id"]),
            inquiry_id=str(data["inquiry_id"]),
            asset_class=AssetClass(data["asset_class"]),
            status=ResultStatus(data["status"]),
            assets=tuple(Asset.from_json(a) for a in data.get("assets", [])),
            answered_at=str(data["answered_at"]),
            reason=str(data.get("reason", "")),
        )


@dataclass(frozen=True)
class Inquiry:
    """An inquiry as the gateway holds it: the results so far and the classes still pending."""

    inquiry_id: str
    status: str  # pending | partial | complete
    results: tuple[ClassResult, ...]
    pending: tuple[AssetClass, ...]
    replayed: bool = False

    @property
    def complete(self) -> bool:
        """Every class has answered (found, none or failed)."""
        return not self.pending

    @classmethod
    def from_json(cls, data: dict[str, Any], *, replayed: bool = False) -> Inquiry:
        """Parse an inquiry object."""
        return cls(
            inquiry_id=str(data["inquiry_id"]),
            status=str(data["status"]),
            results=tuple(ClassResult.from_json(r) for r in data.get("results", [])),
            pending=tuple(AssetClass(c) for c in data.get("pending", [])),
            replayed=replayed,
        )


@dataclass(frozen=True)
class ResultPage:
    """A page of the results feed: results after ``cursor`` in delivery order, and the next cursor."""

    results: tuple[ClassResult, ...]
    next_cursor: int

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ResultPage:
        """Parse ``GET /v1/results``."""
        return cls(
            results=tuple(ClassResult.from_json(r) for r in data.get("results", [])),
            next_cursor=int(data["next_cursor"]),
        )


@dataclass(frozen=True)
class OrderRequest:
    """A freeze, unfreeze or deduction of one asset, under a court's ruling (裁定书) number."""

    kind: OrderKind
    asset_id: str
    amount: Decimal
    court: str
    case_number: str
    document_number: str

    def as_json(self) -> dict[str, Any]:
        """The body of ``POST /v1/orders``."""
        return {
            "kind": self.kind.value,
            "asset_id": self.asset_id,
            "amount": money(self.amount),
            "court": self.court,
            "case_number": self.case_number,
            "document_number": self.document_number,
        }


@dataclass(frozen=True)
class Receipt:
    """The institution's receipt (回执) for an order: what it applied, possibly less than asked."""

    order_id: str
    receipt_number: str
    kind: OrderKind
    asset_id: str
    requested: Decimal
    applied: Decimal
    status: str  # applied | partial | rejected
    applied_at: str
    reason: str = ""
    replayed: bool = False

    @classmethod
    def from_json(cls, data: dict[str, Any], *, replayed: bool = False) -> Receipt:
        """Parse an order's receipt."""
        return cls(
            order_id=str(data["order_id"]),
            receipt_number=str(data["receipt_number"]),
            kind=OrderKind(data["kind"]),
            asset_id=str(data["asset_id"]),
            requested=Decimal(str(data["requested"])),
            applied=Decimal(str(data["applied"])),
            status=str(data["status"]),
            applied_at=str(data["applied_at"]),
            reason=str(data.get("reason", "")),
            replayed=replayed,
        )
