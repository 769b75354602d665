"""How the hearings' log nodes read on a case's timeline: the payload fields through ``cases.node_text``
(the node names are the ``cases.workflows`` entry registered in the app's ``ready``)."""

from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from zhiyuan.cases import node_text
from zhiyuan.enforcement.hearings import selectors
from zhiyuan.enforcement.models import HearingOutcome

YES_NO = {"True": _("是"), "False": _("否")}


def _matter(code: str) -> str:
    zh, en = selectors.matter_names().get(code, (code, code))
    return en if (get_language() or "").startswith("en") else zh


def declare() -> None:
    """Declare how the hearing payload fields read."""
    node_text.declare("matter", _("听证事项"), node_text.CHOICE, _matter)
    node_text.declare("outcome", _("听证结论"), node_text.CHOICE, dict(HearingOutcome.choices))
    node_text.declare("participant", _("参加人"))
    node_text.declare("in_time", _("及时送达"), node_text.CHOICE, YES_NO)
    node_text.declare("must_hear", _("应当听证"), node_text.CHOICE, YES_NO)
    node_text.declare("ruled", _("已作出裁定"), node_text.CHOICE, YES_NO)
