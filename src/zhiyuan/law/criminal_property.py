"""Property parts of criminal judgments: the order of payment (``zhiyuan law criminal-priority``).

《最高人民法院关于刑事裁判涉财产部分执行的若干规定》 (2014, in force 2014-11-06) Art 13: when the debtor's
property does not cover both criminal and civil liabilities, they are paid in the order (一) medical
expenses of personal-injury compensation, (二) victims' losses (退赔被害人的损失), (三) other civil debts,
(四) fines, (五) confiscation; a creditor with a right to be paid first from the property (优先受偿权) who
claims it is paid right after the medical expenses (para 2). So the steps are: ``medical``; then every
``secured`` claim whatever its kind; then ``victim_loss``, ``civil``, ``fine``, ``confiscation``. A secured
medical claim stays in the first step.

Within a step the claims share pro rata by amount, in cents by the largest-remainder method
(:mod:`zhiyuan.law.allocation`; Art 13 orders the steps and is silent within one); nobody gets more than the amount; what is left is ``remainder``.
``allocations`` has one entry per claim in input order; ``secured`` absent or null counts as false.
"""

from __future__ import annotations

from typing import Any

from zhiyuan.law.allocation import entries, entry_amounts, entry_ids, from_cents, to_cents, waterfall
from zhiyuan.law.citations import Citation, cite
from zhiyuan.law.facts import parse_choice, parse_flag, require_fields
from zhiyuan.law.money import parse_number_amount, to_yuan

KINDS = ("medical", "victim_loss", "civil", "fine", "confiscation")
#: step of each kind; secured claims (other than medical) take step 1
_STEP = {"medical": 0, "victim_loss": 2, "civil": 3, "fine": 4, "confiscation": 5}
_SECURED = 1

_INSTRUMENT = "《最高人民法院关于刑事裁判涉财产部分执行的若干规定》"
ART_13 = Citation(
    _INSTRUMENT,
    "第十三条第一款",
    note="人身损害赔偿中的医疗费用; 退赔被害人的损失; 其他民事债务; 罚金; 没收财产 (2014, in force 2014-11-06; "
    "reprints kuaihz.com/tid7/tid309_1981876.html, viennacitytours.com/a/315.html)",
)
ART_13_SECURED = Citation(
    _INSTRUMENT,
    "第十三条第二款",
    note="债权人对执行标的依法享有优先受偿权，其主张优先受偿的，在医疗费用受偿后予以支持",
)


def allocate(facts: object) -> dict[str, Any]:
    """``zhiyuan law criminal-priority``: available money and claims → allocations in Art 13 order."""
    data = require_fields(facts, "available", "claims")
    available = to_cents(parse_number_amount(data["available"], "available"))
    claims = entries(data["claims"], "claims")
    ids = entry_ids(claims, "claims")
    amounts = entry_amounts(claims, "claims")
    steps = []
    for i, claim in enumerate(claims):
        kind = parse_choice(claim.get("kind"), "kind", KINDS, field=f"claims[{i}].kind")
        secured = claim.get("secured") is not None and parse_flag(claim["secured"], f"claims[{i}].secured")
        steps.append(_SECURED if secured and kind != "medical" else _STEP[kind])
    shares, remainder = waterfall(available, amounts, steps)
    citations = [ART_13]
    if _SECURED in steps:
        citations.append(ART_13_SECURED)
    return {
        "allocations": [
            {"id": ident, "amount": to_yuan(from_cents(share))}
            for ident, share in zip(ids, shares, strict=True)
        ],
        "remainder": to_yuan(from_cents(remainder)),
        **cite(citations),
    }
