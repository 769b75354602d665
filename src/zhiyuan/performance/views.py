"""自动履行 pages: titles (list and detail with obligations, payments, notices and urging), the good-faith
list, court notice templates, and the public verification page. Reading needs ``case:view``; acting
needs ``performance:track`` (the services check it). Verification needs no sign-in and shows masked
names only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from zhiyuan.accounts.policy import authorize
from zhiyuan.audit.services import record_export
from zhiyuan.cases import selectors as case_selectors
from zhiyuan.cases.models import Case, Side
from zhiyuan.cases.page_links import PageLink
from zhiyuan.inputs.dates import clean_date
from zhiyuan.inputs.text import check_texts, column_length
from zhiyuan.law.errors import Denied, LawError
from zhiyuan.performance import documents, selectors, services, verification
from zhiyuan.performance import forms as entry
from zhiyuan.performance.models import (
    ContactChannel,
    NoticeKind,
    NoticeTemplate,
    PaymentReport,
    Title,
    TitleKind,
    TitleStatus,
    Urging,
    UrgingContact,
    UrgingStatus,
)
from zhiyuan.problems import in_words

View = Callable[..., HttpResponse]
PAGE_SIZE = 50
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ROLES = {"creditor": _("权利人"), "debtor": _("义务人"), "other": _("其他")}


def reader(view: View) -> View:
    """Signed-in court users with ``case:view``."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), "accounts:login")
        if "case:view" not in getattr(request, "permissions", frozenset()):
            try:
                authorize(request.user, "case:view", request)  # audits the refusal
            except Denied as err:
                return render(request, "cases/forbidden.html", {"error": in_words(err)}, status=403)
        return view(request, *args, **kwargs)

    return wrapped


def _can_track(request: HttpRequest) -> bool:
    return "performance:track" in getattr(request, "permissions", frozenset())


def _title_or_404(request: HttpRequest, pk: int) -> Title:
    found = selectors.title(request.user, pk)
    if found is None:
        raise Http404(gettext("执行依据不存在或不在您的权限范围内。"))
    return found


def _date(text: str | None) -> dt.date:
    return clean_date(text or "", gettext("日期"))


@require_GET
@reader
def index(request: HttpRequest) -> HttpResponse:
    """Titles in scope, filtered by status or case number."""
    status = request.GET.get("status", "")
    number = request.GET.get("number", "")
    qs = selectors.titles(request.user, status=status if status in TitleStatus.values else "", number=number)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "performance/index.html",
        {
            "page": page,
            "statuses": TitleStatus.choices,
            "status": status,
            "number": number,
            "count": page.paginator.count,
        },
    )


def _detail_context(request: HttpRequest, title: Title, **extra: Any) -> dict[str, Any]:
    urgings = list(title.urgings.all())
    return {
        "title": title,
        "kind": TitleKind(title.kind).label,
        "status": TitleStatus(title.status).label,
        "parties": [{**p, "role_name": ROLES.get(str(p.get("role")), p.get("role"))} for p in title.parties],
        "debtors": [p for p in title.parties if p.get("role") == "debtor"],
        "creditors": [p for p in title.parties if p.get("role") == "creditor"],
        "obligations": list(title.obligations.all()),
        "payments": list(title.payments.all()),
        "notices": list(title.notices.all()),
        "urgings": urgings,
        "open_urging": next((u for u in urgings if u.status == UrgingStatus.OPEN), None),
        "channels": ContactChannel.choices,
        "can_track": _can_track(request) and title.status not in (TitleStatus.ENFORCEMENT_APPLIED,),
        "today": timezone.localdate(),
        **extra,
    }


@require_GET
@reader
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One title: parties, obligations, payments, notices, urging."""
    return render(request, "performance/detail.html", _detail_context(request, _title_or_404(request, pk)))


#: the text fields each form posts, and their limits (the columns': zhiyuan.inputs.text)
PAY_TEXTS = {
    "payer_ref": column_length(PaymentReport, "payer_ref"),
    "evidence": column_length(PaymentReport, "evidence"),
}
APPLY_TEXTS = {"applicant_ref": column_length(Urging, "applicant_ref"), "note": column_length(Urging, "note")}
CONTACT_TEXTS = {
    "channel": column_length(UrgingContact, "channel"),
    "note": column_length(UrgingContact, "note"),
}
MULTILINE = frozenset({"note", "evidence"})


def _act(
    request: HttpRequest,
    title: Title,
    action: Callable[[], object],
    done: str,
    texts: dict[str, int] | None = None,
) -> HttpResponse:
    try:
        check_texts(request.POST, texts or {}, multiline=MULTILINE)
        action()
    except LawError as err:
        fresh = _title_or_404(request, title.pk)
        context = _detail_context(request, fresh, error={"code": err.code, "message": in_words(err)})
        return render(
            request, "performance/detail.html", context, status=403 if isinstance(err, Denied) else 422
        )
    from django.contrib import messages

    messages.success(request, done)
    return redirect("performance:detail", pk=title.pk)


@require_POST
@reader
def pay(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a payment (or an act performed)."""
    title = _title_or_404(request, pk)
    post = request.POST
    obligation = post.get("obligation_id") or None
    return _act(
        request,
        title,
        lambda: services.record_payment(
            request.user,
            title,
            payer_ref=post.get("payer_ref", ""),
            paid_on=_date(post.get("paid_on")),
            amount=None if obligation else post.get("amount", ""),
            obligation_id=int(obligation) if obligation and obligation.isdigit() else None,
            evidence=post.get("evidence", ""),
            request=request,
        ),
        gettext("已登记履行情况。"),
        PAY_TEXTS,
    )


@require_POST
@reader
def confirm(request: HttpRequest, pk: int, payment_id: int) -> HttpResponse:
    """Confirm or reject a reported payment."""
    title = _title_or_404(request, pk)
    report = title.payments.filter(pk=payment_id).first()
    if report is None:
        raise Http404
    accept = request.POST.get("accept", "1") == "1"
    return _act(
        request,
        title,
        lambda: services.confirm_payment(request.user, report, accept=accept, request=request),
        gettext("已确认。") if accept else gettext("已驳回。"),
    )


@require_POST
@reader
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    """An enforcement application: opens the urging period."""
    title = _title_or_404(request, pk)
    return _act(
        request,
        title,
        lambda: services.apply_for_enforcement(
            request.user,
            title,
            applied_on=_date(request.POST.get("applied_on")),
            applicant_ref=request.POST.get("applicant_ref", ""),
            note=request.POST.get("note", ""),
            request=request,
        ),
        gettext("已登记执行申请，进入执前督促。"),
        APPLY_TEXTS,
    )


@require_POST
@reader
def contact(request: HttpRequest, pk: int, urging_id: int) -> HttpResponse:
    """A contact with the debtor during the urging period."""
    title = _title_or_404(request, pk)
    urging = title.urgings.filter(pk=urging_id).first()
    if urging is None:
        raise Http404
    return _act(
        request,
        title,
        lambda: services.record_contact(
            request.user,
            urging,
            on=_date(request.POST.get("on")),
            channel=request.POST.get("channel", ""),
            note=request.POST.get("note", ""),
            request=request,
        ),
        gettext("已记录督促情况。"),
        CONTACT_TEXTS,
    )


@require_GET
@reader
def download(request: HttpRequest, notice_id: int) -> HttpResponse:
    """The DOCX of a notice of a title in scope."""
    notice = selectors.notice(request.user, notice_id)
    if notice is None:
        raise Http404(gettext("文书不存在或不在您的权限范围内。"))
    response = HttpResponse(bytes(notice.content), content_type=DOCX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(notice.filename)}"
    # a notice names the parties: its download is an export of personal data, audited
    record_export(
        request.actor,  # type: ignore[attr-defined]
        "performance.notice.download",
        scope=f"notice {notice.pk} {notice.number}",
        fmt="docx",
        target="download",
        rows=1,
    )
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


@require_GET
@reader
def good_faith(request: HttpRequest) -> HttpResponse:
    """诚信履行名单 in scope."""
    return render(request, "performance/good_faith.html", {"rows": selectors.good_faith(request.user)})


@reader
def templates(request: HttpRequest) -> HttpResponse:
    """The court's own notice templates: upload (validated), download the defaults, retire."""
    error = None
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if request.POST.get("retire"):
                own = NoticeTemplate.objects.filter(pk=request.POST["retire"]).first()
                if own is None:
                    raise LawError("template_not_found", "没有该模板。", "No such template.")
                services.retire_template(request.user, own, request=request)
            elif upload is None:
                raise LawError("file_required", "请选择模板文件。", "Choose a template file.")
            else:
                services.upload_template(
                    request.user,
                    kind=request.POST.get("kind", ""),
                    content=upload.read(documents.MAX_TEMPLATE_BYTES + 1),
                    filename=upload.name or "template.docx",
                    request=request,
                )
                from django.contrib import messages

                messages.success(request, gettext("模板已启用。"))
            return redirect("performance:templates")
        except LawError as err:
            error = {"code": err.code, "message": in_words(err)}
    context = {
        "own": selectors.templates(request.user),
        "kinds": NoticeKind.choices,
        "fields": {k: documents.FIELDS[k] for k in documents.FIELDS},
        "error": error,
        "can_track": _can_track(request),
    }
    return render(request, "performance/templates.html", context, status=422 if error else 200)


@require_GET
@reader
def default_template(request: HttpRequest, kind: str) -> HttpResponse:
    """The shipped template of a notice kind, to start a court's own from."""
    if kind not in documents.FIELDS:
        raise Http404
    response = HttpResponse(documents.default_template(kind), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{kind}.docx"'
    return response


@require_GET
def verify(request: HttpRequest, code: str = "") -> HttpResponse:
    """Public: is this a notice the court issued? Masked names, court, case number, date, and the QR code
    of the verification address (to print). A code in any case, with or without its dashes, answers at
    its canonical address."""
    code = code or request.GET.get("code", "").strip()
    if code and not request.resolver_match.kwargs.get("code"):  # type: ignore[union-attr]
        return redirect("performance:verify", code=code)
    found = selectors.verify(code) if code else None
    if found is not None and found["code"] != code:
        return redirect("performance:verify", code=found["code"])
    address = verification.url(found["code"]) if found else ""
    context = {
        "code": verification.grouped(code) if found else code,
        "found": found,
        "kind": NoticeKind(found["kind"]).label if found else "",
        "address": address,
        "qr": mark_safe(verification.qr_svg(address)) if found else "",
    }
    return render(request, "performance/verify.html", context, status=404 if code and found is None else 200)


# ----------------------------------------------------------------------------------------- title entry

ACTIONS = frozenset({"check", "add", "final"})


def _entry_refused(request: HttpRequest, case: Case, err: LawError) -> HttpResponse:
    if isinstance(err, Denied):
        return render(request, "cases/forbidden.html", {"error": in_words(err)}, status=403)
    context = {"case": case, "refusal": {"code": err.code, "message": in_words(err)}}
    return render(request, "performance/title_entry.html", context, status=409)


def _localised(finding: dict[str, Any]) -> dict[str, Any]:
    return {**finding, "message": finding["message_en"] if get_language() == "en" else finding["message_zh"]}


def _rows(formset: entry.BaseItemFormSet, findings: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    """Each drawn item form with the findings of the item it holds (findings count filled rows only)."""
    index = {id(form): i for i, form in enumerate(formset.filled())} if findings is not None else {}
    rows = []
    for number, form in enumerate(formset.forms, start=1):
        i = index.get(id(form))
        mine = [_localised(f) for f in findings or [] if i is not None and f.get("item") == i]
        rows.append(
            {
                "number": number,
                "form": form,
                "findings": mine,
                "errors": sum(f["severity"] == "error" for f in mine),
            }
        )
    return rows


@reader
def enter_title(request: HttpRequest, number: str) -> HttpResponse:
    """``/performance/cases/<number>/title/``: the judge enters the operative items of the case's
    judgment (or mediation document) as structured obligations, checks them against the executability
    rule — findings beside each item; errors block, warnings do not — and makes the title final, which
    opens performance tracking (``trial:performance_notice``; a case decided with an enforceable outcome)."""
    case = case_selectors.case_detail(request.user, number)
    if case is None:
        raise Http404(gettext("案件不存在或不在您的权限范围内。"))
    try:
        kind = services.require_entry(request.user, case, request=request)
    except LawError as err:
        return _entry_refused(request, case, err)
    parties = selectors.case_parties(case)
    choices = [(p["ref"], p["name"]) for p in parties]
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if request.method not in ("GET", "POST") or (request.method == "POST" and action not in ACTIONS):
        return HttpResponse(status=405 if request.method not in ("GET", "POST") else 400)
    head = entry.TitleForm(request.POST if action else None)
    items = entry.item_formset(choices, request.POST if action else None)
    findings: list[dict[str, Any]] | None = None
    error: dict[str, str] | None = None
    status = 200
    if action == "add":
        head = entry.TitleForm(initial={"effective_on": request.POST.get("effective_on", "")})
        items = entry.item_formset(choices, rows=entry.typed_rows(items), extra=1)
    elif action and not (head.is_valid() & items.is_valid()):
        status = 422
    elif action:
        drafted = [form.item() for form in items.filled()]
        title_parties = entry.title_parties(parties, drafted)
        effective_on = head.cleaned_data["effective_on"]
        try:
            if action == "check":
                findings = services.check_title(kind, title_parties, drafted, effective_on)["findings"]
                status = 200
            else:
                made = services.open_title(
                    request.user,
                    case=case,
                    kind=kind,
                    parties=title_parties,
                    items=drafted,
                    effective_on=effective_on,
                    request=request,
                )
                from django.contrib import messages

                messages.success(request, gettext("执行依据已生效，已发出自动履行告知书，进入履行跟踪。"))
                return redirect("performance:detail", pk=made.pk)
        except LawError as err:
            findings = err.details.get("findings") if err.code == "title_not_executable" else None
            error = {"code": err.code, "message": in_words(err)}
            status = 403 if isinstance(err, Denied) else 422
    general = [_localised(f) for f in findings or [] if f.get("item") is None]
    context = {
        "case": case,
        "kind": TitleKind(kind).label,
        "closing": case.get_closing_method_display(),
        "parties": [
            {**p, "side_name": Side(p["side"]).label, "identified": bool(p["id_number"])} for p in parties
        ],
        "head": head,
        "items": items,
        "rows": _rows(items, findings),
        "checked": findings is not None,
        "general": general,
        "blocking": sum(f["severity"] == "error" for f in findings or []),
        "warnings": sum(f["severity"] == "warning" for f in findings or []),
        "error": error,
    }
    return render(request, "performance/title_entry.html", context, status=status)


def case_page_link(request: HttpRequest, case: Case) -> PageLink | None:
    """On a case's page (``cases.page_links``): its title's performance page when it has one, else — for
    a judge of a case decided with an enforceable outcome — the entry of its title."""
    title = Title.objects.filter(case=case).only("pk").first()
    if title is not None:
        if "case:view" not in getattr(request, "permissions", frozenset()):
            return None  # a party follows it on their own pages
        where = reverse("performance:detail", args=[title.pk])
        return PageLink("performance-title", gettext("执行依据与履行情况"), where)
    if not services.may_enter(request.user, case, request):
        return None
    label = (
        gettext("录入执行依据（生效判决履行事项）")
        if services.kind_for(case) == TitleKind.JUDGMENT
        else gettext("录入执行依据（生效调解书履行事项）")
    )
    return PageLink(
        "enter-title",
        label,
        reverse("performance:enter_title", args=[case.case_number]),
        action=True,
        note=gettext("将判项录入为结构化的履行义务，经可执行性审查后生效，开始履行跟踪。"),
    )
