"""Mediation workflow pages: the scoped list and the detail with its timeline, sessions, agreement items
with their findings, and the actions the user's permissions allow (the intake page is ``intake.views``).
Reads go through ``selectors``, writes through the services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from zhiyuan.accounts.selectors import person_names
from zhiyuan.cases.lifecycles import family_of
from zhiyuan.inputs.dates import clean_date
from zhiyuan.inputs.text import (
    NOTE_MAX,
    NOTES_MAX,
    QUERY_MAX,
    REF_MAX,
    check_texts,
    column_length,
)
from zhiyuan.law import executability
from zhiyuan.law.errors import Denied, LawError
from zhiyuan.mediation import agreements, selectors, services, suggesting
from zhiyuan.mediation.models import (
    Agreement,
    AgreementStatus,
    Mediation,
    MediationStatus,
    Session,
    SessionMode,
)
from zhiyuan.parties.models import Party
from zhiyuan.privacy.masking import mask_identity
from zhiyuan.problems import in_words

READ_PERMISSIONS = frozenset({"case:view", "partner:handle"})
PAGE_SIZE = 50
#: the text fields the intake and the detail page post, and their limits (zhiyuan.inputs.text)
ITEMS_MAX = 20  # agreement rows the detail page posts (item-0-… to item-19-…)
ACT_MAX = 400  # an act to perform: what an obligation of the title holds (performance.models.Obligation.act)
ACT_TEXTS = {
    "mode": column_length(Session, "mode"),
    "place": column_length(Session, "place"),
    "notes": NOTES_MAX,
    "note": NOTE_MAX,
    "reason": NOTE_MAX,
    "route": QUERY_MAX,
    "attendance": column_length(Party, "name"),
    **{
        f"item-{n}-{f}": REF_MAX
        for n in range(ITEMS_MAX)
        for f in ("type", "obligors", "obligee", "liability")
    },
    **{f"item-{n}-{f}": ACT_MAX for n in range(ITEMS_MAX) for f in ("act", "object")},
}
MULTILINE = frozenset({"notes", "note", "reason"})
#: a party's role in the agreement (law.executability.ROLES)
AGREEMENT_ROLES: dict[str, Any] = {"creditor": _("权利人"), "debtor": _("义务人"), "other": _("其他")}


def agreement_role_name(role: str) -> str:
    """权利人 / 义务人 / 其他."""
    return str(AGREEMENT_ROLES.get(role, role))


NODE_NAMES: dict[str, Any] = {
    "filing": _("立案"),
    "session": _("调解"),
    "facts_from_mediation": _("调解不成转立案"),
}
View = Callable[..., HttpResponse]


def _permissions(request: HttpRequest) -> frozenset[str]:
    return frozenset(getattr(request, "permissions", frozenset()))


def member(view: View) -> View:
    """Signed-in court staff (``case:view``) or partner users (``partner:handle``)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), "accounts:login")
        if not _permissions(request) & READ_PERMISSIONS:
            return render(
                request,
                "mediation/workflow/forbidden.html",
                {"error": gettext("您没有查看委派调解的权限。")},
                status=403,
            )
        return view(request, *args, **kwargs)

    return wrapped


def _label(entry: dict[str, Any]) -> str:
    return str(entry.get("en") if get_language() == "en" else entry.get("zh"))


def focus_name(focus_type: str) -> str:
    """The focus type's label in the current language."""
    entry = suggesting.focus_types().get(focus_type)
    return _label(entry) if entry else focus_type


# ------------------------------------------------------------------------------------------------ list


@require_GET
@member
def mediation_list(request: HttpRequest) -> HttpResponse:
    """``/mediation/``: the mediations in scope (court staff: their courts'; partners: their own)."""
    status = request.GET.get("status", "")
    found = selectors.listing(request.user, status=status if status in MediationStatus.values else "")
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "rows": [{"m": m, "focus": focus_name(m.focus_type), "status": m.get_status_display()} for m in page],
        "page": page,
        "statuses": MediationStatus.choices,
        "status": status if status in MediationStatus.values else "",
        "can_delegate": "mediation:delegate" in _permissions(request),
    }
    return render(request, "mediation/workflow/list.html", context)


# ---------------------------------------------------------------------------------------------- detail


def _mediation_or_404(request: HttpRequest, pk: int) -> Mediation:
    m = selectors.detail(request.user, pk)
    if m is None:
        raise Http404(gettext("委派调解不存在或不在您的权限范围内。"))
    return m


def _item_rows(
    agreement: Agreement | None, today: dt.date, names: dict[str, str] | None = None
) -> list[dict[str, Any]]:
    """Each item with its findings and the names of its obligors and obligee (``names``: ref → name); a
    draft's due dates already past are a warning (``due_past``: shown, not blocking; not stored, as it
    depends on the day)."""
    if agreement is None:
        return []
    grouped = agreements.findings_by_item(agreement)
    if agreement.status == AgreementStatus.DRAFT:
        for warning in executability.past_due(agreement.items, today):
            grouped.setdefault(warning["item"], []).append(warning)
    return [
        {
            "index": i,
            "item": item,
            "obligors": "、".join((names or {}).get(r, r) for r in item.get("obligors") or ()),
            "obligee": (names or {}).get(item.get("obligee") or "", item.get("obligee") or ""),
            "findings": [
                {**f, "message": f["message_en"] if get_language() == "en" else f["message_zh"]}
                for f in grouped.get(i, [])
            ],
        }
        for i, item in enumerate(agreement.items)
    ]


def _timeline(m: Mediation) -> list[dict[str, Any]]:
    family = family_of(m.case.type_code)
    nodes = sorted(m.case.nodes.all(), key=lambda n: (n.on, n.pk))
    people = person_names(ids=[n.actor_id for n in nodes])
    out = []
    for n in nodes:
        move = family.transitions.get(n.node)
        name = gettext(move.zh) if move else str(NODE_NAMES.get(n.node, n.node))
        out.append({"on": n.on, "code": n.node, "name": name, "actor": people.get(n.actor_id, n.actor_name)})
    return out


def _detail_context(request: HttpRequest, m: Mediation) -> dict[str, Any]:
    perms = _permissions(request)
    agreement = Agreement.objects.filter(mediation=m).first()
    parties = selectors.contract_parties(
        m.case, {p["ref"]: p["role"] for p in agreement.parties} if agreement else None
    )
    mediating = m.status == MediationStatus.MEDIATING
    conduct = "mediation:conduct" in perms
    follow = m.follow_up
    confirm = "mediation:confirm" in perms and follow is not None and m.status == MediationStatus.SUCCEEDED
    return {
        "m": m,
        "focus": focus_name(m.focus_type),
        "status": m.get_status_display(),
        "parties": [
            {**p, "id_masked": mask_identity(p["id_number"]), "role_name": agreement_role_name(p["role"])}
            for p in parties
        ],
        "timeline": _timeline(m),
        "sessions": list(m.sessions.all()),
        "extensions": list(m.extensions.all()),
        "agreement": agreement,
        "items": _item_rows(agreement, timezone.localdate(), {p["ref"]: p["name"] for p in parties}),
        "blank_items": range(
            len(agreement.items) if agreement else 0, (len(agreement.items) if agreement else 0) + 2
        ),
        "modes": SessionMode.choices,
        "today": timezone.localdate(),
        "can_conduct": conduct and mediating,
        "can_request": conduct and m.status == MediationStatus.SUCCEEDED and follow is None,
        "can_accept": confirm and follow is not None and follow.status == "filed",
        "can_rule": confirm and follow is not None and follow.status == "accepted",
        "follow_up": follow,
        "can_view_cases": "case:view" in perms,
    }


@require_GET
@member
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """``/mediation/<id>/``: the mediation, its timeline, sessions, agreement and actions."""
    return render(
        request, "mediation/workflow/detail.html", _detail_context(request, _mediation_or_404(request, pk))
    )


def _items_from_post(request: HttpRequest) -> list[dict[str, Any]]:
    """The agreement rows of the form (``item-<n>-<field>``); a row without a type is left out."""
    items = []
    for n in range(ITEMS_MAX):

        def get(f: str, n: int = n) -> str:
            return request.POST.get(f"item-{n}-{f}", "").strip()

        kind = get("type")
        if not kind:
            continue
        item: dict[str, Any] = {
            "obligors": [r for r in request.POST.getlist(f"item-{n}-obligors") if r],
            "obligee": get("obligee") or None,
            "liability": get("liability") or None,
            "type": kind,
        }
        if kind == "payment":
            item["amount"] = get("amount") or None
        else:
            item["act"] = get("act")
            item["object"] = get("object")
        item["due"] = get("due") or None
        if get("rate") or get("interest_from"):
            item["interest"] = {"rate": get("rate") or None, "from": get("interest_from") or None}
        items.append(item)
    return items


def _role_fields(post: Any) -> dict[str, int]:
    """The ``role-<ref>`` fields of an agreement: a reference and a role each."""
    return {k: REF_MAX for k in post if k.startswith("role-")}


def _date(request: HttpRequest, name: str = "on") -> dt.date:
    return clean_date(request.POST.get(name, ""), gettext("日期"))


@require_POST
@member
def act(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """Apply one workflow step posted from the detail page; a refusal re-renders it with the message."""
    m = _mediation_or_404(request, pk)
    user, post = request.user, request.POST
    done: str = ""
    try:
        check_texts(post, ACT_TEXTS | _role_fields(post), multiline=MULTILINE)
        if step == "extend":
            ids = [int(x) for x in post.getlist("consent") if x.isdigit()]
            services.extend(user, m, on=_date(request), consenting_party_ids=ids, request=request)
            done = gettext("已延长调解期限")
        elif step == "session":
            services.record_session(
                user,
                m,
                held_on=_date(request),
                mode=post.get("mode", ""),
                place=post.get("place", ""),
                notes=post.get("notes", ""),
                attendance=post.getlist("attendance"),
                request=request,
            )
            done = gettext("已记录调解情况")
        elif step == "agreement":
            roles = {k.removeprefix("role-"): v for k, v in post.items() if k.startswith("role-")}
            saved = agreements.save_agreement(
                user, m, items=_items_from_post(request), roles=roles, request=request
            )
            done = (
                gettext("协议已保存，可以签署")
                if saved.executable
                else gettext("协议已保存，但有不可执行的问题")
            )
        elif step == "succeed":
            agreements.succeed(user, m, on=_date(request), note=post.get("note", ""), request=request)
            done = gettext("调解成功，协议已签署")
        elif step == "fail":
            trial = services.fail(user, m, on=_date(request), reason=post.get("reason", ""), request=request)
            done = gettext("调解不成，已转立案：%(number)s") % {"number": trial.case_number}
        elif step == "withdraw":
            services.withdraw(user, m, on=_date(request), reason=post.get("reason", ""), request=request)
            done = gettext("已撤回")
        elif step == "confirmation":
            filed = agreements.request_confirmation(
                user, m, route=post.get("route", ""), on=_date(request), request=request
            )
            done = gettext("已申请：%(number)s") % {"number": filed.case_number}
        elif step == "accept":
            agreements.accept_confirmation(user, m, on=_date(request), request=request)
            done = gettext("已受理")
        elif step == "rule":
            granted = post.get("granted") == "yes"
            agreements.rule_on_confirmation(
                user, m, on=_date(request), granted=granted, reason=post.get("reason", ""), request=request
            )
            done = gettext("已裁定确认，开始履行跟踪") if granted else gettext("已驳回申请")
        else:
            raise Http404
    except LawError as err:
        context = {
            **_detail_context(request, _mediation_or_404(request, pk)),
            "error": {"code": err.code, "message": in_words(err), "step": step},
        }
        return render(
            request, "mediation/workflow/detail.html", context, status=403 if isinstance(err, Denied) else 422
        )
    messages.success(request, done)
    return redirect("mediation:detail", pk=pk)
