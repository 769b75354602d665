"""Everything the rules need besides the facts, handed in by the caller (never read from here)."""

from __future__ import annotations

from dataclasses import dataclass

from zhiyuan.law.calendar import LegalCalendar
from zhiyuan.law.case_numbers import CaseNumberRef
from zhiyuan.law.causes import CauseCatalog
from zhiyuan.law.courts import CourtTree
from zhiyuan.law.identity import RegionLookup
from zhiyuan.law.parameters import ParameterBook


@dataclass(frozen=True)
class Reference:
    """Parameters, the legal calendar and the reference tables a rule may consult (``courts``: the court
    tree, e.g. for the court that receives a transfer to bankruptcy)."""

    params: ParameterBook
    calendar: LegalCalendar
    case_numbers: CaseNumberRef
    causes: CauseCatalog
    regions: RegionLookup
    courts: CourtTree
