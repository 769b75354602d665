"""How the measures' and property's log nodes and payload fields read on the case's timeline: the node
names through a ``cases.workflows`` entry that manages no case (it only names nodes), the payload fields
through ``cases.node_text``."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from zhiyuan.cases import node_text
from zhiyuan.cases.workflows import Workflow
from zhiyuan.enforcement.models import AuctionResult, MeasureKind, MeasureStatus, ValuationMethod

NODES = {
    "measure.take": "采取控制措施",
    "measure.renew": "续行控制措施",
    "measure.release": "解除控制措施",
    "measure.effect": "轮候措施生效",
    "measure.lapse": "控制措施到期失效",
    "measure.release_part": "部分解除冻结",
    "measure.network_unmatched": "网络解冻回执与本案措施不符",
    "asset.add": "登记财产",
    "asset.valuation": "确定财产处置参考价",
    "asset.auction": "发布网络司法拍卖公告",
    "asset.auction_result": "网络司法拍卖结果",
    "asset.sale": "变卖",
    "asset.acceptance": "以物抵债",
    "asset.proceeds_paid": "拍卖（变卖）价款到账",
}
#: the SPC's node-warning kinds (节点预警) a node may carry, named as the enforcement-control system's public
#: samples name them (../shared/reference/law.md §8.1: the SPC's list itself is UNVERIFIED)
WARNINGS = {
    "missing_information": _("必要信息缺失"),
    "missing_documents": _("必要文件缺失"),
    "abnormal_transition": _("节点流转异常"),
    "abnormal_result": _("办理结果异常"),
    "overdue": _("逾期"),
    # not one of the public samples: a re-query of a 终本 case found property (终本规定 Art 9)
    "property_found": _("终本后发现财产"),
}


def _never(case: Any) -> bool:
    return False


WORKFLOW = Workflow(
    name="enforcement.measures",
    zh="控制措施与财产处置",
    en="Measures and property",
    manages=_never,
    url=lambda case: "",
    nodes=NODES,
)


def declare() -> None:
    """Declare how the payload fields read."""
    node_text.declare("measure_kind", _("措施"), node_text.CHOICE, dict(MeasureKind.choices))
    node_text.declare("measure_status", _("状态"), node_text.CHOICE, dict(MeasureStatus.choices))
    node_text.declare("asset", _("财产"))
    node_text.declare("ends_on", _("届满日"), node_text.SHOWN)
    node_text.declare("released", _("解除金额"), node_text.SHOWN)
    node_text.declare("renewals", _("续行次数"), node_text.SHOWN)
    node_text.declare("warning", _("预警"), node_text.CHOICE, WARNINGS)
    node_text.declare("method", _("确定方式"), node_text.CHOICE, dict(ValuationMethod.choices))
    node_text.declare("price", _("价款"), node_text.SHOWN)
    node_text.declare("round", _("轮次"), node_text.SHOWN)
    node_text.declare("reserve", _("起拍价"), node_text.SHOWN)
    node_text.declare("result", _("结果"), node_text.CHOICE, dict(AuctionResult.choices))
