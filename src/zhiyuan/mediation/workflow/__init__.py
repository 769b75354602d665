"""The mediation workflow's claim on its cases (see zhiyuan.cases.workflows): the 民诉前调 case of a
delegated mediation and the 诉前调确 / 诉前调书 case it leads to move only through this app's services."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zhiyuan.cases import node_text
from zhiyuan.cases.lifecycles import family_of
from zhiyuan.cases.models import Case
from zhiyuan.cases.workflows import Workflow

NAME = "mediation"
CONFIRMATION_FAMILY = "judicial_confirmation"


def _mediation_id(case: Case) -> int | None:
    from zhiyuan.mediation.models import Mediation

    if family_of(case.type_code).code == CONFIRMATION_FAMILY:
        return Mediation.objects.filter(follow_up=case).values_list("pk", flat=True).first()
    return Mediation.objects.filter(case=case).values_list("pk", flat=True).first()


def _url(case: Case) -> str:
    pk = _mediation_id(case)
    return reverse("mediation:detail", args=[pk]) if pk else ""


WORKFLOW = Workflow(
    name=NAME,
    zh="诉调对接",
    en="delegated mediation",
    manages=lambda case: _mediation_id(case) is not None,
    url=_url,
    nodes={"session": "调解", "facts_from_mediation": "调解不成转立案"},
)


def _mode_name(code: str) -> str:
    from zhiyuan.mediation.models import SessionMode

    return str(SessionMode(code).label) if code in SessionMode.values else code


#: the fields this app's nodes carry, as the case page's timeline reads them
node_text.declare("mode", _("调解方式"), node_text.CHOICE, _mode_name)
node_text.declare("place", _("地点"))
node_text.declare("mediation", _("调解案件"), node_text.SHOWN)
node_text.declare("facts", _("纠纷事实"))
