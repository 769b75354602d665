"""Mediation workflow pages: the scoped list, intake (suggestion and recommendation, then delegation),
and the detail with its timeline, sessions, agreement items with their findings, and the actions the
user's permissions allow. Reads go through ``selectors``, writes through the services."""

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
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zhiyuan.cases.lifecycles import family_of
from zhiyuan.cases.models import Case
from zhiyuan.cases.services import PartyIn
from zhiyuan.courts.models import Court, Mediator, PartnerOrganization
from zhiyuan.inputs.amounts import clean_amount
from zhiyuan.inputs.dates import clean_date, optional_date
from zhiyuan.inputs.text import (
    DESCRIPTION_MAX,
    NOTE_MAX,
    NOTES_MAX,
    QUERY_MAX,
    REF_MAX,
    check_texts,
    column_length,
)
from zhiyuan.law import executability
from zhiyuan.law.errors import Denied, LawError
from zhiyuan.mediation import agreements, intake, recommending, selectors, services, suggesting
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

READ_PERMISSIONS = frozenset({"case:view", "partner:handle"})
PAGE_SIZE = 50
#: the text fields the intake and the detail page post, and their limits (zhiyuan.inputs.text)
ITEMS_MAX = 20  # agreement rows the detail page posts (item-0-… to item-19-…)
ACT_MAX = 400  # an act to perform: what an obligation of the title holds (performance.models.Obligation.act)
LIST_MAX = DESCRIPTION_MAX  # the parties of one side, one per line
CAUSE_MAX = column_length(Case, "cause_text")
INTAKE_TEXTS = {
    "court": column_length(Court, "code"),
    "applicants": LIST_MAX,
    "respondents": LIST_MAX,
    "description": DESCRIPTION_MAX,
    "region": column_length(Mediation, "region"),
    "cause": CAUSE_MAX,
    "focus_type": column_length(Mediation, "focus_type"),
    "organization": column_length(PartnerOrganization, "code"),
    "mediator": column_length(Mediator, "code"),
    "override_reason": NOTE_MAX,
}
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
MULTILINE = frozenset(
    {"applicants", "respondents", "description", "notes", "note", "reason", "override_reason"}
)
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


def _message(err: LawError) -> str:
    return err.message_en if get_language() == "en" else err.message_zh


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


# ---------------------------------------------------------------------------------------------- intake


def _parties(text: str, side: str) -> list[PartyIn]:
    """One party a line: a name, optionally followed by an identity number or credit code."""
    return intake.parse_parties(text.replace("\r", "").replace("\n", ";"), side)


def _intake_context(request: HttpRequest, data: dict[str, str]) -> dict[str, Any]:
    own = getattr(request.user, "court", None)
    court_code = data.get("court") or (own.code if own is not None else "")
    context: dict[str, Any] = {
        "data": {**data, "court": court_code},
        "focus_types": [(k, _label(v)) for k, v in suggesting.focus_types().items()],
        "today": timezone.localdate(),
        "suggestion": None,
        "recommendations": [],
    }
    description = data.get("description", "").strip()
    if description:
        suggestion = suggesting.suggest(description)
        context["suggestion"] = {**suggestion.as_dict(), "focus_name": focus_name(suggestion.focus_type)}
        context["data"].setdefault("focus_type", suggestion.focus_type)
        context["data"].setdefault("cause", suggestion.cause)
        if not context["data"]["focus_type"]:
            context["data"]["focus_type"] = suggestion.focus_type
        if not context["data"].get("cause"):
            context["data"]["cause"] = suggestion.cause
        court = Court.objects.filter(code=court_code).first()
        if court is not None:
            recs = recommending.recommend(
                court=court,
                focus_type=context["data"]["focus_type"],
                region=data.get("region", "").strip(),
                on=timezone.localdate(),
            )
            context["recommendations"] = [
                {**r, "reasons_text": [x["en"] if get_language() == "en" else x["zh"] for x in r["reasons"]]}
                for r in services.recommendation_snapshot(recs)
            ]
            if recs and not data.get("organization"):
                context["data"]["organization"] = recs[0].organization.code
                context["data"]["mediator"] = recs[0].mediator.code if recs[0].mediator else ""
    return context


@require_http_methods(["GET", "POST"])
@member
def intake_page(request: HttpRequest) -> HttpResponse:
    """``/mediation/intake/``: describe the dispute, see the suggested cause and focus type and the
    recommended organizations with reasons, then delegate (``mediation:delegate``)."""
    if "mediation:delegate" not in _permissions(request):
        return render(
            request,
            "mediation/workflow/forbidden.html",
            {"error": gettext("您没有委派调解的权限。")},
            status=403,
        )
    fields = (
        "court", "applicants", "respondents", "description", "region", "claim_amount", "cause",
        "focus_type", "organization", "mediator", "override_reason", "on",
    )  # fmt: skip
    data = {f: request.POST.get(f, "") for f in fields} if request.method == "POST" else {}
    data = {k: v for k, v in data.items() if v != ""}
    if request.method == "POST" and request.POST.get("step") == "delegate":
        try:
            check_texts(request.POST, INTAKE_TEXTS, multiline=MULTILINE)
            mediation = services.delegate(
                request.user,
                court_code=data.get("court", ""),
                applicants=_parties(data.get("applicants", ""), "plaintiff"),
                respondents=_parties(data.get("respondents", ""), "defendant"),
                description=data.get("description", ""),
                focus_type=data.get("focus_type", ""),
                organization_code=data.get("organization", ""),
                mediator_code=data.get("mediator", ""),
                cause=data.get("cause", ""),
                region=data.get("region", ""),
                claim_amount=clean_amount(data.get("claim_amount", ""), gettext("标的额")),
                override_reason=data.get("override_reason", ""),
                on=optional_date(data.get("on"), gettext("委派日期")) or timezone.localdate(),
                request=request,
            )
        except LawError as err:
            context = {
                **_intake_context(request, data),
                "error": {"code": err.code, "message": _message(err)},
            }
            return render(
                request,
                "mediation/workflow/intake.html",
                context,
                status=403 if isinstance(err, Denied) else 422,
            )
        messages.success(request, gettext("已委派：%(number)s") % {"number": mediation.case.case_number})
        return redirect("mediation:detail", pk=mediation.pk)
    return render(request, "mediation/workflow/intake.html", _intake_context(request, data))


# ---------------------------------------------------------------------------------------------- detail


def _mediation_or_404(request: HttpRequest, pk: int) -> Mediation:
    m = selectors.detail(request.user, pk)
    if m is None:
        raise Http404(gettext("委派调解不存在或不在您的权限范围内。"))
    return m


def _item_rows(agreement: Agreement | None, today: dt.date) -> list[dict[str, Any]]:
    """Each item with its findings; a draft's due dates already past are a warning (``due_past``: shown,
    not blocking; not stored, as it depends on the day)."""
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
            "findings": [
                {**f, "message": f["message_en"] if get_language() == "en" else f["message_zh"]}
                for f in grouped.get(i, [])
            ],
        }
        for i, item in enumerate(agreement.items)
    ]


def _timeline(m: Mediation) -> list[dict[str, Any]]:
    family = family_of(m.case.type_code)
    out = []
    for n in sorted(m.case.nodes.all(), key=lambda n: (n.on, n.pk)):
        move = family.transitions.get(n.node)
        name = gettext(move.zh) if move else str(NODE_NAMES.get(n.node, n.node))
        out.append({"on": n.on, "code": n.node, "name": name, "actor": n.actor_name})
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
        "parties": [{**p, "id_masked": mask_identity(p["id_number"])} for p in parties],
        "timeline": _timeline(m),
        "sessions": list(m.sessions.all()),
        "extensions": list(m.extensions.all()),
        "agreement": agreement,
        "items": _item_rows(agreement, timezone.localdate()),
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
            "error": {"code": err.code, "message": _message(err), "step": step},
        }
        return render(
            request, "mediation/workflow/detail.html", context, status=403 if isinstance(err, Denied) else 422
        )
    messages.success(request, done)
    return redirect("mediation:detail", pk=pk)
