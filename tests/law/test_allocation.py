"""Properties of sharing money in cents (``law.allocation``) and of the rules built on it: every cent
accounted for, nobody above their amount, the order of steps respected, largest remainders exact."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from zhiyuan.law.allocation import pro_rata, waterfall
from zhiyuan.law.rules import RULES
from zhiyuan.rulebook.bundled import reference

REF = reference()
CENTS = st.integers(0, 10**12)
SMALL_CENTS = st.integers(0, 10**6)


def _cents(text: str) -> int:
    return int(Decimal(text) * 100)


def _yuan(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


@given(SMALL_CENTS, st.lists(SMALL_CENTS, max_size=8))
@settings(max_examples=300)
def test_pro_rata_is_the_largest_remainder_method(pool: int, amounts: list[int]) -> None:
    shares = pro_rata(pool, amounts)
    total = sum(amounts)
    if pool >= total:
        assert shares == amounts
        return
    assert sum(shares) == pool
    exact = [Fraction(pool * a, total) for a in amounts]
    for share, ideal, amount in zip(shares, exact, amounts, strict=True):
        assert share <= amount
        assert ideal - 1 < share < ideal + 1  # floor, or floor plus the one cent
    # a claim that got the extra cent has a fractional part at least that of any claim that did not
    # (and strictly larger than any earlier claim left out)
    bumped = [i for i, (s, e) in enumerate(zip(shares, exact, strict=True)) if s > e]
    left_out = [i for i, (s, e) in enumerate(zip(shares, exact, strict=True)) if s < e]
    for i in bumped:
        for j in left_out:
            fi, fj = exact[i] - int(exact[i]), exact[j] - int(exact[j])
            assert fi > fj or (fi == fj and i < j)


@given(CENTS, st.lists(st.tuples(CENTS, st.integers(0, 3)), max_size=8))
@settings(max_examples=300)
def test_waterfall_serves_each_step_before_the_next(pool: int, claims: list[tuple[int, int]]) -> None:
    amounts = [a for a, _ in claims]
    steps = [s for _, s in claims]
    shares, remainder = waterfall(pool, amounts, steps)
    assert sum(shares) + remainder == pool
    assert remainder >= 0
    assert all(0 <= s <= a for s, a in zip(shares, amounts, strict=True))
    if remainder > 0:
        assert shares == amounts
    for i, (a_i, s_i) in enumerate(claims):
        for j, (_, s_j) in enumerate(claims):
            if s_i < s_j and shares[j] > 0:  # a later step is paid only after an earlier one in full
                assert shares[i] == a_i, (i, j)


CREDITOR = st.fixed_dictionaries(
    {
        "amount": st.integers(0, 10**9).map(_yuan),
        "priority_rank": st.one_of(st.none(), st.integers(0, 3)),
        "seal_order": st.one_of(st.none(), st.integers(0, 5)),
    }
)


@given(
    st.integers(0, 10**10).map(_yuan),
    st.integers(0, 10**9).map(_yuan),
    st.sampled_from(["person", "enterprise", "other_organization"]),
    st.lists(CREDITOR, max_size=8),
)
@settings(max_examples=300)
def test_distribution_accounts_for_every_cent(
    proceeds: str, costs: str, kind: str, creditors: list[dict[str, object]]
) -> None:
    facts = {
        "proceeds": proceeds,
        "costs": costs,
        "debtor_kind": kind,
        "creditors": [{"id": f"c{i}", **c} for i, c in enumerate(creditors)],
    }
    out = RULES["distribution"].run(facts, REF)
    paid = [_cents(a["amount"]) for a in out["allocations"]]
    assert [a["id"] for a in out["allocations"]] == [f"c{i}" for i in range(len(creditors))]
    assert sum(paid) + _cents(out["costs_paid"]) + _cents(out["remainder"]) == _cents(proceeds)
    assert _cents(out["costs_paid"]) == min(_cents(costs), _cents(proceeds))
    amounts = [_cents(str(c["amount"])) for c in creditors]
    assert all(p <= a for p, a in zip(paid, amounts, strict=True))
    if _cents(out["remainder"]) > 0:
        assert paid == amounts
    # priority before ordinary, lower rank before higher, and (enterprise) lower seal before higher
    for i, ci in enumerate(creditors):
        for j, cj in enumerate(creditors):
            if paid[j] == 0 or paid[i] == amounts[i]:
                continue
            ri, rj = ci["priority_rank"], cj["priority_rank"]
            assert not (ri is not None and rj is None), "an ordinary creditor paid before a priority one"
            assert not (ri is not None and rj is not None and ri < rj)
            if kind == "enterprise" and ri is None and rj is None:
                si, sj = ci["seal_order"], cj["seal_order"]
                assert not (si is not None and (sj is None or si < sj)), "a later seal paid first"
                assert not (si is None and sj is None and i < j), "unsealed creditors in input order"


CLAIM = st.fixed_dictionaries(
    {
        "kind": st.sampled_from(["medical", "victim_loss", "civil", "fine", "confiscation"]),
        "amount": st.integers(0, 10**9).map(_yuan),
        "secured": st.booleans(),
    }
)
STEP = {"medical": 0, "victim_loss": 2, "civil": 3, "fine": 4, "confiscation": 5}


@given(st.integers(0, 10**10).map(_yuan), st.lists(CLAIM, max_size=8))
@settings(max_examples=300)
def test_criminal_priority_follows_article_13(available: str, claims: list[dict[str, object]]) -> None:
    facts = {"available": available, "claims": [{"id": i, **c} for i, c in enumerate(claims)]}
    out = RULES["criminal-priority"].run(facts, REF)
    paid = [_cents(a["amount"]) for a in out["allocations"]]
    amounts = [_cents(str(c["amount"])) for c in claims]
    assert [a["id"] for a in out["allocations"]] == list(range(len(claims)))
    assert sum(paid) + _cents(out["remainder"]) == _cents(available)
    assert all(p <= a for p, a in zip(paid, amounts, strict=True))
    steps = [1 if c["secured"] and c["kind"] != "medical" else STEP[str(c["kind"])] for c in claims]
    for i in range(len(claims)):
        for j in range(len(claims)):
            if steps[i] < steps[j] and paid[j] > 0:
                assert paid[i] == amounts[i], "a later step paid before an earlier one in full"


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
FIELDS = {
    "distribution": ["proceeds", "costs", "debtor_kind", "creditors", "on", "id", "amount", "priority_rank"],
    "criminal-priority": ["available", "claims", "id", "kind", "amount", "secured"],
    "bankruptcy-transfer": ["debtor_kind", "written_consent", "domicile_court", "unable_to_pay_due_debts"],
    "tcp-check": ["filed_on", "on", "notice_served", "disposable_property_found"],
}


@given(st.sampled_from(sorted(FIELDS)), st.data())
@settings(max_examples=150, deadline=None)
def test_any_json_gets_a_result_or_a_coded_error(rule: str, data: st.DataObject) -> None:
    """Malformed facts give a LawError with a code (exit 2), never another exception (a traceback)."""
    from zhiyuan.law.errors import LawError

    keys = st.sampled_from(FIELDS[rule]) | st.text(max_size=4)
    item = st.dictionaries(keys, JSON, max_size=6)
    facts = data.draw(
        st.one_of(JSON, st.dictionaries(keys, JSON | st.lists(item, max_size=3), max_size=8)), label="facts"
    )
    error: LawError | None = None
    try:
        RULES[rule].run(facts, REF)
    except LawError as err:
        error = err
    if error is not None:
        assert error.code
        assert error.message_zh
        assert error.message_en
