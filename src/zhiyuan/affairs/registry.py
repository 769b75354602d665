"""What the affairs center (执行事务中心, 集约) knows of the work the apps above it give it: task kinds, the
teams whose queues hold them, the service level of each kind, and the batch actions staff may run.

The center is generic (ARCHITECTURE.md §2): ``enforcement``, ``funds`` and ``credit`` declare their kinds
and batch actions at start-up (``AppConfig.ready``) through :mod:`zhiyuan.affairs.services`, which
re-exports this module's declarations; the center imports none of them. Registering a code again replaces
its declaration (a module imported twice)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils.translation import get_language

if TYPE_CHECKING:
    from zhiyuan.audit.services import Actor


def _in_language(zh: str, en: str) -> str:
    return en if (get_language() or "").startswith("en") else zh


@dataclass(frozen=True, slots=True)
class Team:
    """A team of the affairs center; every court has one queue per team."""

    code: str
    name_zh: str
    name_en: str

    @property
    def name(self) -> str:
        """The team's name in the current language."""
        return _in_language(self.name_zh, self.name_en)


#: the teams (queues) of every court's affairs center, in the order the queue page shows them
TEAMS: dict[str, Team] = {
    t.code: t
    for t in (
        Team("service", "送达组", "Service team"),
        Team("inquiry", "查控组", "Inquiry team"),
        Team("measures", "措施组", "Measures team"),
        Team("disposal", "评估拍卖组", "Valuation and auction team"),
        Team("funds", "款物组", "Funds team"),
        Team("documents", "文书组", "Documents team"),
    )
}


@dataclass(frozen=True, slots=True)
class Legal:
    """A service level that is a legal period: the deadline rule ``rule`` of ``zhiyuan law deadline``
    (``law/params/deadlines.yaml``), counted from the day the task is spawned."""

    rule: str


@dataclass(frozen=True, slots=True)
class ServiceLevel:
    """A service level the law does not fix: the dated parameter ``rule`` of
    ``affairs/service_levels.yaml`` (a court's practice, marked unverified where no source was
    confirmed), counted with the legal calendar from the day the task is spawned."""

    rule: str


SLA = Legal | ServiceLevel


@dataclass(frozen=True)
class TaskKind:
    """A kind of routine work: a stable ``code`` (``app.name``), its names, the team whose queue holds
    it, its service level (None: the spawner gives the due date, or there is none), and the permission a
    person needs to work on it besides being affairs staff or an officer (``""``: none)."""

    code: str
    name_zh: str
    name_en: str
    team: str
    sla: SLA | None = None
    permission: str = ""

    def __post_init__(self) -> None:
        if self.team not in TEAMS:
            raise ValueError(f"task kind {self.code!r}: unknown team {self.team!r} (one of {sorted(TEAMS)})")
        if len(self.code) > 48 or "." not in self.code:
            raise ValueError(f"task kind {self.code!r}: use app.name, at most 48 characters")

    @property
    def name(self) -> str:
        """The kind's name in the current language."""
        return _in_language(self.name_zh, self.name_en)


_KINDS: dict[str, TaskKind] = {}


def register_kind(kind: TaskKind) -> TaskKind:
    """Declare a task kind."""
    _KINDS[kind.code] = kind
    return kind


def kinds() -> list[TaskKind]:
    """Every declared kind, by team then code."""
    order = list(TEAMS)
    return sorted(_KINDS.values(), key=lambda k: (order.index(k.team), k.code))


def kind(code: str) -> TaskKind | None:
    """The kind declared under ``code``."""
    return _KINDS.get(code)


# ------------------------------------------------------------------------------------------- batches

#: what a batch item names: a task of the affairs center or a case
TASK, CASE = "task", "case"
#: the inputs the batch page offers an action: a task kind, a note, a number of days ahead
FIELDS = ("kind", "note", "days")


@dataclass(frozen=True)
class BatchAction:
    """An action staff run over many tasks or cases of their court at once.

    ``clean(params)`` checks what the staff member entered (raising a ``LawError`` in words) and returns
    the parameters the batch keeps; ``select(court_id, params)`` lists the ids of the tasks or cases
    (``target``) the action applies to now, in order; ``run_one(target_id, params, user, who)`` does the
    work for one of them inside its own transaction — it raises a ``LawError`` (or any error) to fail
    that item, which then leaves nothing behind — and returns a short note on what it did, in Chinese, a
    line break and English (``"已建立 2 项任务\n2 tasks created"``: the pages show the reader's language). ``run_one``
    must be idempotent: a batch interrupted and run again may offer it an item it finished. ``fields``
    names the inputs of the batch page the action reads (:data:`FIELDS`)."""

    code: str
    name_zh: str
    name_en: str
    target: str
    select: Callable[[int, Mapping[str, Any]], Sequence[int]]
    run_one: Callable[[int, Mapping[str, Any], Any, Actor], str]
    clean: Callable[[Mapping[str, Any]], dict[str, Any]] = field(default=lambda raw: {})
    permission: str = "affairs:batch"
    fields: tuple[str, ...] = ()
    description_zh: str = ""
    description_en: str = ""

    def __post_init__(self) -> None:
        if self.target not in (TASK, CASE):
            raise ValueError(f"batch action {self.code!r}: target is {TASK!r} or {CASE!r}")
        if set(self.fields) - set(FIELDS):
            raise ValueError(f"batch action {self.code!r}: fields are among {FIELDS}")

    @property
    def name(self) -> str:
        """The action's name in the current language."""
        return _in_language(self.name_zh, self.name_en)

    @property
    def description(self) -> str:
        """What the action does, in the current language."""
        return _in_language(self.description_zh, self.description_en)


_ACTIONS: dict[str, BatchAction] = {}


def register_batch_action(action: BatchAction) -> BatchAction:
    """Declare a batch action."""
    _ACTIONS[action.code] = action
    return action


def batch_actions() -> list[BatchAction]:
    """Every declared batch action, by code."""
    return [_ACTIONS[c] for c in sorted(_ACTIONS)]


def batch_action(code: str) -> BatchAction | None:
    """The batch action declared under ``code``."""
    return _ACTIONS.get(code)
