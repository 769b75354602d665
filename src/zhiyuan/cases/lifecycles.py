"""Case families as data: states, transitions (with the permission they need, their guards, the closing
methods they allow, the deadlines they start, meet or end, and whether a superior must approve them).
Pages, the API and the docs read these declarations; an invalid move is refused before anything is
written.

Who makes a move (``zhiyuan.cases.assignments``): the case's handler (承办人), holding the move's
permission; a move with an ``approval`` permission is never made directly — the handler asks, an approver
of the case's court grants, and the grant carries the move out (``zhiyuan.cases.duties``).

Deadlines: every deadline a family starts is met by some later move, or ended explicitly — by a move that
supersedes it (``ends``: an approved extension replaces the time limit) or, for whatever is still running,
by the move that closes the case. A closing move starts nothing: no node of a closed case could meet it.
``deadline_problems`` checks these declarations; a test runs it over every family."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

CLOSED = "closed"
#: the target of a move that leaves the state as it is (e.g. an approved extension)
STAY = "="


@dataclass(frozen=True)
class Transition:
    """One move of a lifecycle."""

    name: str
    zh: str
    sources: tuple[str, ...]
    target: str
    permission: str
    closing_methods: tuple[str, ...] = ()
    guards: tuple[str, ...] = ()
    starts: tuple[str, ...] = ()  # deadline rules started at this node
    meets: tuple[str, ...] = ()  # deadline rules this node satisfies
    ends: tuple[str, ...] = ()  # deadline rules this node ends without meeting them (superseded)
    #: the permission of whoever must approve this move ("" = none): the handler asks, the grant moves
    approval: str = ""

    def target_from(self, state: str) -> str:
        """The state after this move from ``state``."""
        return state if self.target == STAY else self.target


@dataclass(frozen=True)
class Family:
    """A case family: which type codes, the initial state and its transitions."""

    code: str
    zh: str
    type_codes: frozenset[str]
    states: dict[str, str]
    initial: str
    file_permission: str
    starts_on_filing: tuple[str, ...]
    transitions: dict[str, Transition] = field(default_factory=dict)
    #: type codes whose filing starts other deadlines than ``starts_on_filing`` (执复: reconsideration)
    starts_by_type: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: closing methods whose document is an enforceable title (执行依据; ``zhiyuan.law.performance``)
    title_outcomes: frozenset[str] = frozenset()

    def allowed(self, state: str) -> list[Transition]:
        """Transitions available from ``state``."""
        return [t for t in self.transitions.values() if state in t.sources]

    def filing_starts(self, type_code: str) -> tuple[str, ...]:
        """The deadlines the filing of a case of ``type_code`` starts."""
        return self.starts_by_type.get(type_code, self.starts_on_filing)


def _family(
    code: str,
    zh: str,
    types: set[str],
    states: dict[str, str],
    initial: str,
    file_permission: str,
    starts: tuple[str, ...],
    transitions: list[Transition],
    *,
    starts_by_type: Mapping[str, tuple[str, ...]] | None = None,
    title_outcomes: tuple[str, ...] = (),
) -> Family:
    states = {**states, CLOSED: "已结案"}
    return Family(
        code,
        zh,
        frozenset(types),
        states,
        initial,
        file_permission,
        starts,
        {t.name: t for t in transitions},
        dict(starts_by_type or {}),
        frozenset(title_outcomes),
    )


CLOSE_TRIAL = ("judgment", "mediation", "withdrawal", "dismissal", "transfer", "other")
#: a judgment or a mediation document (调解书) of a trial: an enforceable title (民事诉讼法 2023 Art 235, 247)
TRIAL_TITLES = ("judgment", "mediation")
#: per review type, the decision deadline its filing starts
REVIEW_DEADLINE = {
    "执异": "objection_decision",
    "执复": "reconsideration_decision",
    "执监": "objection_decision",
}
TRIAL_STATES = {"filed": "已立案", "hearing": "审理中"}
TRIAL_TRANSITIONS = [
    Transition("hear", "开庭审理", ("filed",), "hearing", "trial:adjudicate"),
    Transition("close", "结案", ("filed", "hearing"), CLOSED, "trial:adjudicate", CLOSE_TRIAL),
]
FAMILIES: dict[str, Family] = {
    f.code: f
    for f in [
        _family(
            "pre_litigation_mediation",
            "诉前调解",
            {"民诉前调", "诉前调"},
            {"mediating": "调解中"},
            "mediating",
            "mediation:delegate",
            ("pre_litigation_mediation",),
            [
                Transition(
                    "extend",
                    "经双方同意延长调解期限",
                    ("mediating",),
                    "mediating",
                    "mediation:conduct",
                    starts=("pre_litigation_mediation",),
                    meets=("pre_litigation_mediation",),
                ),
                Transition(
                    "succeed",
                    "调解成功",
                    ("mediating",),
                    CLOSED,
                    "mediation:conduct",
                    ("mediation",),
                    meets=("pre_litigation_mediation",),
                ),
                Transition(
                    "fail",
                    "调解不成，转立案",
                    ("mediating",),
                    CLOSED,
                    "mediation:conduct",
                    ("transfer",),
                    meets=("pre_litigation_mediation",),
                ),
                Transition(
                    "withdraw",
                    "撤回",
                    ("mediating",),
                    CLOSED,
                    "mediation:conduct",
                    ("withdrawal",),
                    meets=("pre_litigation_mediation",),
                ),
            ],
        ),
        _family(
            "civil_first_instance",
            "民事一审",
            {"民初"},
            TRIAL_STATES,
            "filed",
            "case:file",
            (),
            TRIAL_TRANSITIONS,
            title_outcomes=TRIAL_TITLES,
        ),
        _family(
            "appeal",
            "二审",
            {"民终", "行终", "刑终"},
            TRIAL_STATES,
            "filed",
            "case:file",
            (),
            TRIAL_TRANSITIONS,
            title_outcomes=TRIAL_TITLES,
        ),
        _family(
            "judicial_confirmation",
            "司法确认与调解书",
            {"诉前调确", "诉前调书", "民特"},
            {"filed": "已申请", "accepted": "已受理"},
            "filed",
            "case:file",
            ("judicial_confirmation_acceptance",),
            [
                Transition(
                    "accept",
                    "受理",
                    ("filed",),
                    "accepted",
                    "mediation:confirm",
                    starts=("judicial_confirmation_decision",),
                    meets=("judicial_confirmation_acceptance",),
                ),
                Transition(
                    "decide",
                    "裁定",
                    ("accepted",),
                    CLOSED,
                    "mediation:confirm",
                    ("confirmed", "rejected", "mediation"),
                    meets=("judicial_confirmation_decision",),
                ),
                Transition(
                    "refuse",
                    "不予受理",
                    ("filed",),
                    CLOSED,
                    "mediation:confirm",
                    ("rejected",),
                    meets=("judicial_confirmation_acceptance",),
                ),
                Transition(
                    "withdraw",
                    "撤回申请",
                    ("filed", "accepted"),
                    CLOSED,
                    "mediation:confirm",
                    ("withdrawal",),
                    meets=("judicial_confirmation_acceptance", "judicial_confirmation_decision"),
                ),
            ],
            # the ruling confirming the agreement, or the mediation document (民事诉讼法 2023 Art 206)
            title_outcomes=("confirmed", "mediation"),
        ),
        _family(
            "enforcement",
            "执行实施",
            {"执", "执恢", "执保"},
            {"filed": "已立案", "notified": "已发执行通知", "executing": "执行中", "suspended": "中止执行"},
            "filed",
            "case:file",
            ("enforcement_time_limit", "enforcement_notice"),
            [
                Transition(
                    "notify",
                    "发出执行通知书、报告财产令",
                    ("filed",),
                    "notified",
                    "enforcement:handle",
                    meets=("enforcement_notice",),
                ),
                Transition("execute", "开始查控处置", ("notified",), "executing", "enforcement:measure"),
                Transition(  # 审限规定 Art 5: 经本院院长批准，可以延长三个月
                    "extend",
                    "延长执行期限（院长批准）",
                    ("filed", "notified", "executing"),
                    STAY,
                    "enforcement:handle",
                    starts=("enforcement_extension",),
                    ends=("enforcement_time_limit", "enforcement_extension"),
                    approval="approval:grant",
                ),
                # 中止执行 (民事诉讼法 2023 Art 267; a transfer to bankruptcy, 执转破指导意见 item 8): the
                # enforcement stands still until the cause ends; it is resumed as an executing case
                Transition(
                    "suspend",
                    "中止执行",
                    ("filed", "notified", "executing"),
                    "suspended",
                    "enforcement:handle",
                ),
                Transition(
                    "unsuspend",
                    "恢复执行（中止的情形消失）",
                    ("suspended",),
                    "executing",
                    "enforcement:handle",
                ),
                Transition(
                    "close",
                    "执行完毕、和解履行完毕或终结",
                    ("filed", "notified", "executing", "suspended"),
                    CLOSED,
                    "enforcement:handle",
                    (
                        "fully_performed",
                        "settlement_performed",
                        "terminated",
                        "not_enforced",
                        "transfer",
                        "withdrawal",
                        "other",
                    ),
                    meets=("enforcement_time_limit", "enforcement_extension", "enforcement_notice"),
                ),
                Transition(
                    "terminate_current",
                    "终结本次执行程序",
                    ("notified", "executing"),
                    CLOSED,
                    "enforcement:terminate",
                    ("tcp",),
                    guards=("tcp_allowed",),
                    # the six-monthly re-query after 终本 (终本规定 Art 9) happens on a closed case: it is
                    # not a node of this lifecycle, so the closing move starts no deadline for it
                    meets=("enforcement_time_limit", "enforcement_extension"),
                ),
            ],
        ),
        _family(
            "enforcement_review",
            "执行审查",
            {"执异", "执复", "执监"},
            {"filed": "审查中"},
            "filed",
            "case:file",
            ("objection_decision",),
            [
                Transition(
                    "rule",
                    "作出裁定",
                    ("filed",),
                    CLOSED,
                    "enforcement:review",
                    ("rejected", "judgment", "withdrawal", "other"),
                    meets=("objection_decision", "reconsideration_decision"),
                ),
            ],
            starts_by_type={code: (rule,) for code, rule in REVIEW_DEADLINE.items()},
        ),
        _family(
            "bankruptcy_application",
            "破产申请审查",
            {"破申", "破"},
            {"filed": "审查中"},
            "filed",
            "case:file",
            (),
            [
                Transition(
                    "decide",
                    "裁定受理或不予受理",
                    ("filed",),
                    CLOSED,
                    "trial:adjudicate",
                    ("confirmed", "rejected", "withdrawal", "other"),
                ),
            ],
        ),
    ]
}
GENERIC = _family(
    "other",
    "其他案件",
    set(),
    {"filed": "已立案"},
    "filed",
    "case:file",
    (),
    [
        Transition(
            "close",
            "结案",
            ("filed",),
            CLOSED,
            "case:edit",
            tuple(
                sorted(
                    {
                        "judgment",
                        "mediation",
                        "withdrawal",
                        "dismissal",
                        "transfer",
                        "confirmed",
                        "rejected",
                        "fully_performed",
                        "settlement_performed",
                        "tcp",
                        "terminated",
                        "not_enforced",
                        "other",
                    }
                )
            ),
        ),
    ],
    title_outcomes=TRIAL_TITLES,
)


def family_of(type_code: str) -> Family:
    """The family a type code belongs to (the generic family otherwise)."""
    for family in FAMILIES.values():
        if type_code in family.type_codes:
            return family
    return GENERIC


def _reachable(family: Family, state: str) -> set[str]:
    """The states a case of ``family`` can reach from ``state`` (itself included)."""
    seen, frontier = {state}, [state]
    while frontier:
        current = frontier.pop()
        for t in family.allowed(current):
            after = t.target_from(current)
            if after not in seen:
                seen.add(after)
                frontier.append(after)
    return seen


def deadline_problems(family: Family) -> list[str]:
    """What is wrong with the family's deadline declarations (empty: nothing).

    Every deadline started — on filing (for every type) or by a move — must be met by some move that can
    still come after it (or be ended by one that supersedes it); a move that closes the case starts none;
    a rule a move meets or ends is one the family starts somewhere."""
    problems: list[str] = []
    started: dict[str, set[str]] = {}  # rule -> the states it can be started in
    for rules in [family.starts_on_filing, *family.starts_by_type.values()]:
        for rule in rules:
            started.setdefault(rule, set()).add(family.initial)
    for t in family.transitions.values():
        if t.target == CLOSED and t.starts:
            problems.append(f"{family.code}.{t.name} closes the case but starts {', '.join(t.starts)}")
        for source in t.sources:
            for rule in t.starts:
                started.setdefault(rule, set()).add(t.target_from(source))
    for rule, states in sorted(started.items()):
        for state in sorted(states):
            later = [
                t
                for s in _reachable(family, state)
                for t in family.allowed(s)
                if rule in t.meets or rule in t.ends
            ]
            if not any(rule in t.meets for t in later):
                problems.append(f"{family.code}: {rule} started in '{state}' is met by no later move")
    for t in family.transitions.values():
        for rule in (*t.meets, *t.ends):
            if rule not in started:
                problems.append(f"{family.code}.{t.name} meets or ends {rule}, which nothing starts")
        if t.target != STAY and t.target not in family.states:
            problems.append(f"{family.code}.{t.name} leads to an unknown state {t.target}")
    return problems
