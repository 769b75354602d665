"""Case families as data: states, transitions (with the permission they need, their guards, the closing
methods they allow and the deadlines they start). Pages, the API and the docs read these declarations;
an invalid move is refused before anything is written."""

from __future__ import annotations

from dataclasses import dataclass, field

CLOSED = "closed"


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

    def allowed(self, state: str) -> list[Transition]:
        """Transitions available from ``state``."""
        return [t for t in self.transitions.values() if state in t.sources]


def _family(
    code: str,
    zh: str,
    types: set[str],
    states: dict[str, str],
    initial: str,
    file_permission: str,
    starts: tuple[str, ...],
    transitions: list[Transition],
) -> Family:
    states = {**states, CLOSED: "已结案"}
    return Family(
        code, zh, frozenset(types), states, initial, file_permission, starts, {t.name: t for t in transitions}
    )


CLOSE_TRIAL = ("judgment", "mediation", "withdrawal", "dismissal", "transfer", "other")
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
        ),
        _family(
            "enforcement",
            "执行实施",
            {"执", "执恢", "执保"},
            {"filed": "已立案", "notified": "已发执行通知", "executing": "执行中"},
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
                Transition(
                    "extend",
                    "延长执行期限（院长批准）",
                    ("filed", "notified", "executing"),
                    "executing",
                    "approval:grant",
                    starts=("enforcement_extension",),
                ),
                Transition(
                    "close",
                    "执行完毕、和解履行完毕或终结",
                    ("filed", "notified", "executing"),
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
                    meets=("enforcement_time_limit", "enforcement_notice"),
                ),
                Transition(
                    "terminate_current",
                    "终结本次执行程序",
                    ("notified", "executing"),
                    CLOSED,
                    "enforcement:terminate",
                    ("tcp",),
                    guards=("tcp_allowed",),
                    starts=("tcp_requery",),
                    meets=("enforcement_time_limit",),
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
                    meets=("objection_decision",),
                ),
            ],
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
)
#: per review type, the decision deadline its filing starts
REVIEW_DEADLINE = {
    "执异": "objection_decision",
    "执复": "reconsideration_decision",
    "执监": "objection_decision",
}


def family_of(type_code: str) -> Family:
    """The family a type code belongs to (the generic family otherwise)."""
    for family in FAMILIES.values():
        if type_code in family.type_codes:
            return family
    return GENERIC
