"""What the transfer carries and how its items rank: the citations of 《最高人民法院关于刑事裁判涉财产部分
执行的若干规定》 (法释〔2014〕13号, in force 2014-11-06) and the map from an item's kind to the kind
``law.criminal_priority`` ranks (Art 13)."""

from __future__ import annotations

from typing import Any

from zhiyuan.law.citations import Citation

INSTRUMENT = "《最高人民法院关于刑事裁判涉财产部分执行的若干规定》"
#: the case types whose judgment may carry property parts to transfer (an effective criminal judgment)
CRIMINAL_TITLES = frozenset({"刑初", "刑终"})
ART_1 = Citation(
    INSTRUMENT, "第一条", note="罚金、没收财产；责令退赔；处置随案移送的赃款赃物；没收供犯罪所用本人财物"
)
ART_2 = Citation(INSTRUMENT, "第二条", note="刑事裁判涉财产部分，由第一审人民法院执行")
ART_5 = Citation(
    INSTRUMENT,
    "第五条",
    note="对侦查机关已经采取的查封、扣押、冻结，人民法院应当在期限届满前及时续行；续行的顺位与侦查机关的顺位相同",
)
ART_6 = Citation(
    INSTRUMENT,
    "第六条",
    note="裁判内容应当明确、具体；没收部分财产、追缴、责令退赔应当明确金额或财物的名称、数量",
)
ART_7 = Citation(
    INSTRUMENT,
    "第七条",
    note="刑事审判部门移送立案部门审查立案，提交生效裁判文书及其附件并填写《移送执行表》，载明被执行人、被害人的"
    "基本信息，已查明的财产状况或者财产线索，随案移送的财产和已经处置财产的情况，查封、扣押、冻结财产的情况，"
    "移送执行的时间，其他需要说明的情况 (items (一)–(六) as recalled from the 2014 text; the reprints at hand "
    "are cut off after the opening sentence)",
    verified=False,
)
ART_8 = Citation(
    INSTRUMENT,
    "第八条",
    note="立案部门经审查，属于移送范围且材料齐全的，应当在七日内立案，并移送执行机构 (UNVERIFIED: not confirmed "
    "against a full text)",
    verified=False,
)

#: an item's kind → the kind ``law.criminal_priority`` ranks (recovery goes to a victim when one is named)
PRIORITY_KIND = {
    "fine": "fine",
    "confiscation": "confiscation",
    "restitution": "victim_loss",
    "medical": "medical",
    "civil": "civil",
}
#: kinds owed to a victim (a victim must be named), and kinds paid to the treasury (none may be named)
TO_VICTIM = frozenset({"restitution", "medical", "civil"})
TO_TREASURY = frozenset({"fine", "confiscation"})


def priority_kind(kind: str, has_victim: bool) -> str:
    """The Art 13 kind of an item: 追缴 returned to a victim ranks as the victim's loss, else with
    confiscation (paid to the treasury)."""
    if kind == "recovery":
        return "victim_loss" if has_victim else "confiscation"
    return PRIORITY_KIND[kind]


def citations(*items: Citation) -> list[dict[str, Any]]:
    """The citations as the records keep them."""
    return [c.as_dict() for c in items]
