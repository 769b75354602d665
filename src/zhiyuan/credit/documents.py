"""The decision to list a dishonest debtor (纳入失信被执行人名单决定书, Art 5) and the consumption restriction
order (限制消费令) as DOCX, built with python-docx: A4, the court and the title in 宋体, the text in 仿宋 三号,
the signing date in Chinese numerals. (A court's own template can replace them later, as the three-notice
chain's can.)"""

from __future__ import annotations

import datetime as dt

from zhiyuan.credit.models import Capacity, Listing, Restriction
from zhiyuan.credit.restrictions import INSTRUMENT, RESTRICTED_CONSUMPTION
from zhiyuan.documents import docx
from zhiyuan.law.dishonesty import ART_1
from zhiyuan.law.document_style import UNITS, signing_date, text_date
from zhiyuan.parties.models import PartyKind

TITLE = "决定书"
#: Art 1 items, as the decision quotes them
GROUND_TEXT = {
    1: "有履行能力而拒不履行生效法律文书确定义务",
    2: "以伪造证据、暴力、威胁等方法妨碍、抗拒执行",
    3: "以虚假诉讼、虚假仲裁或者以隐匿、转移财产等方法规避执行",
    4: "违反财产报告制度",
    5: "违反限制消费令",
    6: "无正当理由拒不履行执行和解协议",
}


def body(listing: Listing) -> list[str]:
    """The decision's paragraphs (what the document says, also for tests)."""
    grounds = "；".join(f"{GROUND_TEXT[g]}（第一条第{UNITS[g - 1]}项）" for g in listing.grounds_applied)
    period = (
        f"纳入失信被执行人名单的期限为{listing.period_years}年，自本决定作出之日起至{text_date(listing.until)}止。"
        if listing.period_years and listing.until
        else "被执行人履行生效法律文书确定的义务或者具有法定删除情形的，本院将在三个工作日内删除失信信息。"
    )
    grace = (
        f"本院给予{listing.grace_months}个月宽限期，宽限期届满（{text_date(listing.publish_on)}）仍未履行的，予以公布。"
        if listing.grace_months and listing.publish_on
        else ""
    )
    return [
        f"被执行人：{listing.name}{('，证件号码' + listing.id_masked) if listing.id_masked else ''}。",
        f"本院在执行{listing.case_number}案件中，被执行人负有{listing.obligation or '生效法律文书确定的义务'}，"
        f"至今未履行。经查，被执行人{grounds}。",
        f"依照{ART_1.instrument}第一条、第二条、第五条之规定，决定如下：",
        f"将{listing.name}纳入失信被执行人名单。{period}{grace}",
        "被执行人认为将其纳入失信被执行人名单错误的，可以向本院申请纠正；对本院的纠正决定不服的，"
        "可以自收到决定之日起十日内向上一级人民法院申请复议。复议期间，不停止原决定的执行。",
        "本决定一经作出即生效。",
    ]


def decision_docx(listing: Listing) -> bytes:
    """The decision document of an approved listing."""
    on = listing.decided_on
    return _signed(TITLE, body(listing), listing.case_number, listing.court_name, listing.decided_by_name, on)


def _signed(
    title: str, paragraphs: list[str], case_number: str, court: str, president: str, on: dt.date | None
) -> bytes:
    """A document the president signs: the courts' plain document layout
    (``zhiyuan.documents.docx.court_document``), the case number (already bracketed: （2026）黔0102执8号) as
    its number, the president signing above the court and the date (``on``; blank when there is none)."""
    template = docx.court_document(
        title, paragraphs, number_field="{case_number}", foot="院长　{president}\n{court_name}\n{issued_on}"
    )
    fields = {
        "court_name": court,
        "case_number": case_number,
        "president": president,
        "issued_on": signing_date(on) if on else "",
    }
    return docx.render(template, fields)


ORDER_TITLE = "限制消费令"


def order_body(r: Restriction) -> list[str]:
    """The order's paragraphs (2015 provisions: Art 1 and Art 3, the items; the period, the items and the
    consequences of breaking it stated, as the order must)."""
    masked = f"，证件号码{r.person_id_masked}" if r.person_id_masked else ""
    if r.capacity != Capacity.DEBTOR:  # one of a unit debtor's people
        address = [
            f"被执行人：{r.party.name}。",
            f"被限制人：{r.person_name}（{r.get_capacity_display()}）{masked}。",
        ]
        target = f"你单位{r.get_capacity_display()}{r.person_name}"
    else:
        address = [f"被执行人：{r.person_name}{masked}。"]
        target = "你" if r.party.kind == PartyKind.NATURAL_PERSON else "你单位"
    items = [f"（{UNITS[i]}）{text}；" for i, text in enumerate(RESTRICTED_CONSUMPTION)]
    items[-1] = items[-1].rstrip("；") + "。"
    return [
        *address,
        f"本院在执行{r.case.case_number}案件中，被执行人未按执行通知书指定的期间履行生效法律文书确定的给付义务。"
        f"依照{INSTRUMENT}第一条、第三条的规定，对{target}采取限制消费措施。{target}不得实施以下高消费及"
        "非生活和工作必需的消费行为：",
        *items,
        "因私消费以个人财产实施前述行为的，可以向本院提出申请，经审查属实的，本院予以准许。",
        "本令自签发之日起生效，至本院解除限制消费措施之日止。被执行人提供确实有效的担保或者经申请执行人同意的，"
        "本院可以解除限制消费令；被执行人履行完毕生效法律文书确定的义务的，本院将及时解除。",
        "违反本令进行消费的，经查证属实，本院将依法予以罚款、拘留；情节严重，构成犯罪的，依法追究刑事责任。",
    ]


def order_docx(r: Restriction) -> bytes:
    """The signed order (the president's name above the court and the signing date)."""
    if r.issued_on is None:
        raise ValueError("an order not signed has no document")
    return _signed(
        ORDER_TITLE, order_body(r), r.case.case_number, r.case.court.name, r.issued_by_name, r.issued_on
    )


text_of = docx.text_of
