"""Case pages: search (HTMX, or a plain GET), detail with its timeline and lifecycle actions, the dispute
graph and a party's cases. Reads go through the scoped selectors, writes through ``services.transition``;
identity numbers are always masked, and a searched one never comes back in the page or its links."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from zhiyuan.accounts.policy import authorize
from zhiyuan.accounts.selectors import person_names
from zhiyuan.cases import (
    assignments,
    list_columns,
    node_text,
    page_links,
    page_sections,
    selectors,
    services,
    workflows,
)
from zhiyuan.cases.lifecycles import CLOSED, Family, family_of
from zhiyuan.cases.models import Case, CaseDeadline, NodeLog, Side
from zhiyuan.cases.names import all_states as _all_states
from zhiyuan.cases.names import (
    closing_name,
    deadline_name,
    family_name,
    kind_name,
    node_name,
    party_kind_name,
    role_name,
    status_name,
    yuan,
)
from zhiyuan.cases.names import zh as _zh
from zhiyuan.inputs.amounts import AmountField
from zhiyuan.inputs.dates import DateField
from zhiyuan.inputs.text import NOTE_MAX, BlockField, LineField
from zhiyuan.law.errors import Denied, LawError
from zhiyuan.parties import services as parties
from zhiyuan.privacy.fields import DecryptionError, decrypt_value, encrypt_value
from zhiyuan.privacy.masking import mask_identity
from zhiyuan.problems import in_words

PAGE_SIZE = 50
READ_PERMISSIONS = frozenset({"case:view", "party:own_cases"})
ID_QUERY_AAD = "cases.search.id_number"

View = Callable[..., HttpResponse]


# ---------------------------------------------------------------------------------------------- access


def _permissions(request: HttpRequest) -> frozenset[str]:
    return frozenset(getattr(request, "permissions", frozenset()))


def reader(view: View) -> View:
    """Signed-in users who may read cases (``case:view``, or ``party:own_cases`` for their own)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            login = redirect_to_login(request.get_full_path(), "accounts:login")
            if request.headers.get("HX-Request"):
                return HttpResponse(status=204, headers={"HX-Redirect": login["Location"]})
            return login
        if not _permissions(request) & READ_PERMISSIONS:
            try:
                authorize(request.user, "case:view", request)  # audits the refusal
            except Denied as err:
                return render(request, "cases/forbidden.html", {"error": in_words(err)}, status=403)
        return view(request, *args, **kwargs)

    return wrapped


def _case_or_404(request: HttpRequest, number: str) -> Case:
    case = selectors.case_detail(request.user, number)
    if case is None:
        raise Http404(gettext("案件不存在或不在您的权限范围内。"))
    return case


# ----------------------------------------------------------------------------------------------- names


# ---------------------------------------------------------------------------------------------- search


class MaskedEchoInput(forms.TextInput):
    """Never renders the submitted value; the view supplies a masked one through ``attrs``."""

    def format_value(self, value: Any) -> str | None:
        return None


DATE_INPUT = forms.DateInput(attrs={"type": "date"})


class SearchForm(forms.Form):
    """The search criteria of ``selectors.search``."""

    number = LineField(label=_("案号"), required=False, max_length=64)
    party = LineField(label=_("当事人"), required=False, max_length=200)
    id_number = LineField(
        label=_("证件号码"),
        required=False,
        max_length=40,
        widget=MaskedEchoInput(attrs={"autocomplete": "off"}),
    )
    court = LineField(label=_("法院代字"), required=False, max_length=16)
    type_code = LineField(label=_("类型代字"), required=False, max_length=8)
    cause = LineField(label=_("案由"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("状态"), required=False)
    filed_from = forms.DateField(label=_("立案日期自"), required=False, widget=DATE_INPUT)
    filed_to = forms.DateField(label=_("立案日期至"), required=False, widget=DATE_INPUT)
    mine = forms.BooleanField(label=_("我承办的"), required=False)
    unassigned = forms.BooleanField(label=_("待分案的执行案件"), required=False)
    approvals = forms.BooleanField(label=_("待我审批"), required=False)

    def __init__(self, *args: Any, permissions: frozenset[str] = frozenset(), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        status = self.fields["status"]
        assert isinstance(status, forms.ChoiceField)
        status.choices = _all_states()
        if "case:view" not in permissions:  # a party handles no case and assigns none
            del self.fields["mine"]
        if "case:assign" not in permissions:
            del self.fields["unassigned"]
        if "approval:grant" not in permissions:
            del self.fields["approvals"]
        for column in list_columns.columns():  # registered by the apps above (cases.list_columns)
            self.fields[column.name] = forms.ChoiceField(
                label=column.label, required=False, choices=[("", "—"), *column.choices()]
            )


def _seal(user: Any, number: str) -> str:
    """An opaque, user-bound token carrying a searched identity number between pages."""
    return encrypt_value(number, f"{ID_QUERY_AAD}:{user.pk}")


def _unseal(user: Any, token: str) -> str:
    try:
        return decrypt_value(token, f"{ID_QUERY_AAD}:{user.pk}") if token else ""
    except DecryptionError:
        return ""


def _id_criterion(request: HttpRequest, form: SearchForm) -> tuple[str, str]:
    """The identity number to search for and its token. A typed number is validated and sealed; the
    masked echo of an earlier one keeps that one (carried by ``idq``); an empty field drops it."""
    raw = form.cleaned_data["id_number"].strip()
    if not raw:
        return "", ""
    if "*" in raw:
        token = request.GET.get("idq", "")
        number = _unseal(request.user, token)
        return (number, token) if number and mask_identity(number) == raw else ("", "")
    try:
        number = parties.normalized_id(raw)
    except LawError as err:
        form.add_error("id_number", in_words(err))
        return "", ""
    return number, _seal(request.user, number)


def _query(form: SearchForm, number: str, token: str) -> str:
    """The canonical query string of a search: its criteria, the identity number only as a token."""
    pairs = [
        (name, value.isoformat() if isinstance(value, dt.date) else "1" if value is True else str(value))
        for name, value in form.cleaned_data.items()
        if value and name != "id_number"
    ]
    if token:  # the masked echo shows which number; the sealed token carries it
        pairs += [("id_number", mask_identity(number)), ("idq", token)]
    return urlencode(pairs)


def _result_rows(cases: Iterable[Case]) -> list[dict[str, Any]]:
    shown = list(cases)
    handlers = selectors.handler_names(c.pk for c in shown)
    extra = [(column.name, column.values(c.pk for c in shown)) for column in list_columns.columns()]
    return [
        {
            "case": c,
            "url": reverse("cases:detail", args=[c.case_number]),
            "status": status_name(c.type_code, c.status),
            "closing": closing_name(c.closing_method),
            "handler": handlers.get(c.pk, ""),
            "extra": [(name, values.get(c.pk, "")) for name, values in extra],
        }
        for c in shown
    ]


@require_GET
@reader
@vary_on_headers("HX-Request")
def search(request: HttpRequest) -> HttpResponse:
    """``/cases/``: the search form and a page of results; an HTMX request gets the results only."""
    form = SearchForm(request.GET or None, permissions=_permissions(request))
    htmx = bool(request.headers.get("HX-Request"))
    number, token, query, page = "", "", "", None
    if not form.is_bound:
        page = Paginator(selectors.search(request.user), PAGE_SIZE).get_page(1)
    elif form.is_valid():
        number, token = _id_criterion(request, form)
        if form.is_valid():  # the identity number may have been refused
            query = _query(form, number, token)
            typed = request.GET.get("id_number", "").strip()
            if typed and "*" not in typed and not htmx:
                return redirect(f"{reverse('cases:search')}?{query}")  # the typed number leaves the URL
            extra = {c.name: c for c in list_columns.columns()}
            criteria = {k: v for k, v in form.cleaned_data.items() if k != "id_number" and k not in extra}
            found = selectors.search(request.user, id_number=number, **criteria)
            for name, column in extra.items():
                if form.cleaned_data.get(name):
                    found = column.filter(found, form.cleaned_data[name])
            page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    form.fields["id_number"].widget.attrs["value"] = mask_identity(number)
    context = {
        "form": form,
        "page": page,
        "rows": _result_rows(page.object_list) if page else [],
        "columns": list_columns.columns(),
        "query": query,
        "token": token,
    }
    partial = htmx and not request.headers.get("HX-History-Restore-Request")
    response = render(request, "cases/_results.html" if partial else "cases/search.html", context)
    if partial:  # push the canonical URL: never the typed identity number
        pushed = "&".join(q for q in (query, f"page={page.number}" if page and page.number > 1 else "") if q)
        response["HX-Push-Url"] = reverse("cases:search") + (f"?{pushed}" if pushed else "")
    return response


# ---------------------------------------------------------------------------------------------- detail


class TransitionForm(forms.Form):
    """One lifecycle move posted from the detail page."""

    name = LineField(max_length=40)
    on = DateField(label=_("日期"))
    closing_method = LineField(required=False, max_length=24)
    recovered_amount = AmountField(label=_("执行到位金额"), required=False)
    note = BlockField(label=_("备注"), required=False, max_length=NOTE_MAX)
    confirm_reason = BlockField(label=_("确认理由"), required=False, max_length=NOTE_MAX)


def deadline_state(deadline: CaseDeadline, today: dt.date) -> tuple[str, Any]:
    """``met`` / ``met_late`` / ``ended`` (superseded, or the case closed) / ``overdue`` (running, due
    before today) / ``pending``, with its label."""
    if deadline.met_on is not None:
        if deadline.met_on <= deadline.due:
            return "met", _("按期完成")
        return "met_late", _("超期完成")
    if deadline.ended_on is not None or deadline.case.closed_on is not None:
        return "ended", _("已终止")
    if deadline.due < today:
        return "overdue", _("已逾期")
    return "pending", _("未届满")


def _timeline(
    case: Case, family: Family, today: dt.date
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The node log in order, each node with the deadlines it started; and deadlines matching no node."""
    nodes: list[NodeLog] = sorted(case.nodes.all(), key=lambda n: (n.on, n.pk))
    names = person_names(
        ids=[n.actor_id for n in nodes], usernames=node_text.people_in(n.payload or {} for n in nodes)
    )
    items: list[dict[str, Any]] = [
        {
            "on": n.on,
            "code": n.node,
            "name": node_name(family, n.node),
            "actor": names.get(n.actor_id, n.actor_name),
            "summary": node_text.summary(n.payload or {}, names),
            "deadlines": [],
        }
        for n in nodes
    ]
    loose: list[dict[str, Any]] = []
    for d in sorted(case.deadlines.all(), key=lambda d: (d.due, d.pk)):
        state, label = deadline_state(d, today)
        row = {
            "rule": d.rule,
            "name": deadline_name(d.rule),
            "start": d.start,
            "due": d.due,
            "met_on": d.met_on,
            "ended_on": d.ended_on,
            "state": state,
            "label": label,
        }
        home = next((i for i in items if i["code"] == d.node and i["on"] == d.start), None)
        target: list[dict[str, Any]] = home["deadlines"] if home else loose
        target.append(row)
    return items, loose


def _visible_ids(request: HttpRequest, ids: Iterable[int]) -> set[int]:
    wanted = [i for i in ids if i]
    if not wanted:
        return set()
    return set(selectors.scoped(request.user).filter(pk__in=wanted).values_list("pk", flat=True))


def _actions(request: HttpRequest, case: Case, family: Family) -> list[dict[str, Any]]:
    """The moves the user may make now (``assignments.moves_for``: from the case's state, holding the
    permission, as its handler, not needing approval)."""
    return [
        {
            "name": t.name,
            "label": _zh(t.zh),
            "closing_methods": [(m, closing_name(m)) for m in t.closing_methods],
            "recovered": t.target == CLOSED and family.code == "enforcement",
        }
        for t in assignments.moves_for(request.user, case, _permissions(request))
    ]


def _detail_context(request: HttpRequest, case: Case) -> dict[str, Any]:
    family = family_of(case.type_code)
    today = timezone.localdate()
    by_side: dict[str, list[dict[str, Any]]] = {side: [] for side in Side.values}
    for cp in sorted(case.parties.all(), key=lambda cp: (Side.values.index(cp.side), cp.position)):
        by_side[cp.side].append(
            {
                "id": cp.party_id,
                "name": cp.display_name,
                "kind": party_kind_name(cp.party.kind),
                "id_number": mask_identity(cp.party.id_number),
            }
        )
    derived = sorted(case.derived.all(), key=lambda d: (d.filed_on, d.pk))
    visible = _visible_ids(request, [case.origin_id or 0, *(d.pk for d in derived)])
    timeline, loose = _timeline(case, family, today)
    owner = workflows.owner_of(case)
    return {
        "case": case,
        "family": family_name(family),
        "status": status_name(case.type_code, case.status),
        "closing": closing_name(case.closing_method),
        "claim_amount": yuan(case.claim_amount),
        "recovered_amount": yuan(case.recovered_amount),
        "derivative_kind": kind_name(case.derivative_kind),
        "origin_visible": case.origin_id in visible,
        "sides": [(role_name(family.code, side), rows) for side, rows in by_side.items() if rows],
        "timeline": timeline,
        "loose_deadlines": loose,
        "derived": [
            {"case": d, "kind": kind_name(d.derivative_kind), "visible": d.pk in visible} for d in derived
        ],
        "actions": [] if owner else _actions(request, case, family),
        "workflow": {"name": _zh(owner.zh), "url": owner.url(case)} if owner else None,
        "page_links": page_links.links_for(request, case),
        "page_sections": page_sections.sections_for(request, case),
        "today": today,
        **_duties(request, case),
    }


def _duties(request: HttpRequest, case: Case) -> dict[str, Any]:
    from zhiyuan.cases.duty_views import duty_context  # it builds on this module's views

    return duty_context(request, case, _permissions(request))


@require_GET
@reader
def detail(request: HttpRequest, number: str) -> HttpResponse:
    """``/cases/<number>/``: facts, parties, timeline with deadlines, derived cases and actions."""
    case = _case_or_404(request, number)
    return render(request, "cases/detail.html", _detail_context(request, case))


@require_POST
@reader
def transition(request: HttpRequest, number: str) -> HttpResponse:
    """Apply one lifecycle move; on refusal re-render the detail with the rule's message."""
    case = _case_or_404(request, number)
    form = TransitionForm(request.POST)
    error: dict[str, str]
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.transition(
                request.user,
                case,
                data["name"],
                data["on"],
                closing_method=data["closing_method"],
                recovered_amount=data["recovered_amount"],
                note=data["note"],
                confirm_reason=data["confirm_reason"],
                request=request,
            )
        except LawError as err:
            error = {"code": err.code, "message": in_words(err), "action": data["name"]}
            status = 403 if isinstance(err, Denied) else 422
        else:
            move = family_of(case.type_code).transitions[data["name"]]
            messages.success(request, gettext("已完成：%(action)s") % {"action": _zh(move.zh)})
            return redirect("cases:detail", number=case.case_number)
    else:
        problems = "；".join(
            f"{form.fields[f].label or f}：{' '.join(str(m) for m in e)}" for f, e in form.errors.items()
        )
        error = _form_error(form, problems, request.POST.get("name", ""))
        status = 422
    context = {
        **_detail_context(request, _case_or_404(request, number)),
        "error": error,
        "posted": {k: request.POST.get(k, "") for k in ("on", "recovered_amount", "note", "confirm_reason")},
    }
    return render(request, "cases/detail.html", context, status=status)


def _form_error(form: forms.Form, message: str, action: str) -> dict[str, Any]:
    """The page's error for an invalid form: ``invalid_input``, with each field's stable code where it has
    one (``date_invalid``, ``amount_out_of_range`` …)."""
    fields = [
        {"field": name, "code": str(e.code)}
        for name, errors in form.errors.as_data().items()
        for e in errors
        if e.code
    ]
    return {"code": "invalid_input", "message": message, "action": action, "fields": fields}


class CorrectionForm(forms.Form):
    """A correction of a recorded figure (``services.correct_recorded_figure``)."""

    field = forms.ChoiceField(
        label=_("更正项目"),
        choices=[("claim_amount", _("标的额")), ("recovered_amount", _("执行到位金额"))],
    )
    value = AmountField(label=_("更正后的金额"), required=False)
    reason = BlockField(label=_("更正理由"), max_length=NOTE_MAX)
    on = DateField(label=_("日期"))
    confirm = forms.BooleanField(label=_("理由即确认（金额异常时）"), required=False)


@require_POST
@reader
def correct(request: HttpRequest, number: str) -> HttpResponse:
    """Correct a recorded figure (``case:correct``); on refusal re-render the detail with the message and
    what was typed."""
    case = _case_or_404(request, number)
    form = CorrectionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.correct_recorded_figure(
                request.user,
                case,
                data["field"],
                data["value"],
                reason=data["reason"],
                on=data["on"],
                confirm=data["confirm"],
                request=request,
            )
        except LawError as err:
            error = {"code": err.code, "message": in_words(err), "action": "correct"}
            status = 403 if isinstance(err, Denied) else 422
        else:
            messages.success(request, gettext("已更正。"))
            return redirect("cases:detail", number=case.case_number)
    else:
        problems = "；".join(
            f"{form.fields[f].label or f}：{' '.join(str(m) for m in e)}" for f, e in form.errors.items()
        )
        error = _form_error(form, problems, "correct")
        status = 422
    context = {
        **_detail_context(request, _case_or_404(request, number)),
        "error": error,
        "correction": form,
    }
    return render(request, "cases/detail.html", context, status=status)
