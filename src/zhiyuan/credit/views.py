"""Credit pages: the 信用惩戒 section on an enforcement case's page, a listing's page with the steps of its
workflow, the president's approval queue, the decision document, and the public query page. A refusal or
a bad value shows on the page in words (403 / 400)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zhiyuan.accounts.scoping import scope_of
from zhiyuan.accounts.selectors import client_ip, permissions_for
from zhiyuan.cases import selectors as case_selectors
from zhiyuan.cases.lifecycles import CLOSED
from zhiyuan.cases.models import Case, CaseParty, Side
from zhiyuan.credit import documents, public, restoration, restrictions, selectors, services
from zhiyuan.credit.feed import selectors as feed_selectors
from zhiyuan.credit.forms import (
    GROUNDS,
    TRIGGER_NAMES,
    CorrectionDecisionForm,
    CorrectionForm,
    DecideForm,
    DeleteForm,
    ExceptionDecisionForm,
    ExceptionForm,
    LiftForm,
    ProposeForm,
    QueryForm,
    RestorationDecisionForm,
    RestorationForm,
    RestrictionForm,
    ServeForm,
    SigningForm,
)
from zhiyuan.credit.models import Correction, Listing, ListingStatus, Restoration, RestorationStatus
from zhiyuan.law.errors import Denied, LawError
from zhiyuan.problems import in_words

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _signed_in(request: HttpRequest) -> HttpResponse | None:
    if request.user.is_authenticated:
        return None
    return redirect_to_login(request.get_full_path(), "accounts:login")


def _debtors(case: Case) -> list[tuple[int, str]]:
    links = CaseParty.objects.filter(case=case, side=Side.DEFENDANT).select_related("party")
    return [(link.party_id, link.display_name) for link in links]


def _may(request: HttpRequest, permission: str, case: Case) -> bool:
    return (
        permission in permissions_for(request.user, request)
        and case.court_id in scope_of(request.user).court_ids
    )


def _case_context(request: HttpRequest, case: Case, **forms_in: forms.Form) -> dict[str, Any]:
    may_propose = _may(request, services.LIST, case) and case.type_code in services.LISTABLE_TYPES
    may_restrict = _may(request, restrictions.RESTRICT, case)
    debtors = _debtors(case)
    return {
        "case": case,
        "listings": list(selectors.of_case(case)),
        "restrictions": list(selectors.restrictions_of(case)),
        "may_propose": may_propose and case.status != CLOSED,
        "may_restrict": may_restrict and case.status != CLOSED,
        "may_lift": _may(request, restrictions.LIFT, case),
        "propose_form": forms_in.get("propose_form") or ProposeForm(debtors=debtors),
        "restriction_form": forms_in.get("restriction_form")
        or RestrictionForm(debtors=debtors, initial={"proposed_on": timezone.localdate()}),
        "signing_form": forms_in.get("signing_form")
        or SigningForm(initial={"decided_on": timezone.localdate()}),
        "lift_form": forms_in.get("lift_form") or LiftForm(initial={"on": timezone.localdate()}),
        "exception_form": forms_in.get("exception_form") or ExceptionForm(),
        "exception_decision_form": forms_in.get("exception_decision_form")
        or ExceptionDecisionForm(initial={"decided_on": timezone.localdate()}),
        "may_approve": "approval:grant" in permissions_for(request.user, request)
        and getattr(request.user, "court_id", None) == case.court_id,
        "today": timezone.localdate(),
        "restricted_consumption": restrictions.RESTRICTED_CONSUMPTION,
    }


def _reads(request: HttpRequest) -> bool:
    return selectors.reads(request.user, request)


def case_page_section(request: HttpRequest, case: Case) -> SafeString | None:
    """``cases.page_sections``: an enforcement case's listings and restrictions, with the officer's forms."""
    if case.type_code not in services.LISTABLE_TYPES:
        return None
    if not _reads(request):
        return None
    html = render_to_string("credit/_section.html", _case_context(request, case), request=request)
    return SafeString(html)


def _case(request: HttpRequest, number: str) -> Case:
    if not _reads(request):
        raise Http404(gettext("案件不存在或不在您的权限范围内。"))
    case = case_selectors.case_detail(request.user, number)
    if case is None or case.type_code not in services.LISTABLE_TYPES:
        raise Http404(gettext("案件不存在或不在您的权限范围内。"))
    return case


def _case_page(
    request: HttpRequest, case: Case, status: int, error: str, **forms_in: forms.Form
) -> HttpResponse:
    context = {**_case_context(request, case, **forms_in), "error": error}
    return render(request, "credit/case.html", context, status=status)


@require_GET
def case_page(request: HttpRequest, number: str) -> HttpResponse:
    """``/credit/cases/<number>/``: the case's credit sanctions with the officer's forms."""
    if (login := _signed_in(request)) is not None:
        return login
    return _case_page(request, _case(request, number), 200, "")


def _run(action: Callable[[], Any], fail: Callable[[int, str], HttpResponse], done: str) -> HttpResponse:
    try:
        action()
    except Denied as err:
        return fail(403, in_words(err))
    except LawError as err:
        return fail(400, in_words(err))
    return redirect(done)


@require_POST
def propose(request: HttpRequest, number: str) -> HttpResponse:
    """The officer proposes a debtor for the list."""
    if (login := _signed_in(request)) is not None:
        return login
    case = _case(request, number)
    form = ProposeForm(request.POST, debtors=_debtors(case))
    if not form.is_valid():
        return _case_page(request, case, 400, gettext("请更正标出的内容。"), propose_form=form)
    data = form.cleaned_data
    proposal = services.Proposal(**data)
    made: list[Listing] = []

    def act() -> None:
        made.append(services.propose(request.user, case, proposal, timezone.localdate(), request))

    response = _run(act, lambda s, e: _case_page(request, case, s, e, propose_form=form), "/")
    return redirect("credit:listing", made[0].pk) if made else response


@require_POST
def restrict(request: HttpRequest, number: str) -> HttpResponse:
    """The officer proposes a consumption restriction order (signed by the president to come into force)."""
    if (login := _signed_in(request)) is not None:
        return login
    case = _case(request, number)
    form = RestrictionForm(request.POST, debtors=_debtors(case))
    if not form.is_valid():
        return _case_page(request, case, 400, gettext("请更正标出的内容。"), restriction_form=form)
    d = form.cleaned_data
    return _run(
        lambda: restrictions.propose(
            request.user,
            case,
            d["party_id"],
            d["capacity"],
            d["proposed_on"],
            d["person_name"],
            d["person_id"],
            request,
        ),
        lambda s, e: _case_page(request, case, s, e, restriction_form=form),
        reverse("credit:case", args=[case.case_number]),
    )


def _restriction_step(
    request: HttpRequest,
    pk: int,
    form_class: type[forms.Form],
    key: str,
    act: Callable[[Any, dict[str, Any]], Any],
    *,
    of_exception: bool = False,
) -> HttpResponse:
    if (login := _signed_in(request)) is not None:
        return login
    found = selectors.exception(request.user, pk) if of_exception else selectors.restriction(request.user, pk)
    if found is None:
        raise Http404(gettext("限制消费令不存在或不在您的权限范围内。"))
    case = found.restriction.case if of_exception else found.case  # type: ignore[union-attr]
    form = form_class(request.POST)
    if not form.is_valid():
        return _case_page(request, case, 400, gettext("请更正标出的内容。"), **{key: form})
    return _run(
        lambda: act(found, form.cleaned_data),
        lambda s, e: _case_page(request, case, s, e, **{key: form}),
        reverse("credit:case", args=[case.case_number]),
    )


@require_POST
def sign_restriction(request: HttpRequest, pk: int) -> HttpResponse:
    """The president (or delegate) signs or refuses a proposed restriction order."""
    return _restriction_step(
        request,
        pk,
        SigningForm,
        "signing_form",
        lambda r, d: restrictions.decide(request.user, r, d["sign"], d["decided_on"], request),
    )


@require_POST
def lift_restriction(request: HttpRequest, pk: int) -> HttpResponse:
    """Lift a restriction (guarantee, consent, performance)."""
    return _restriction_step(
        request,
        pk,
        LiftForm,
        "lift_form",
        lambda r, d: restrictions.lift(request.user, r, d["ground"], d["on"], d["note"], request),
    )


@require_POST
def request_exception(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a travel exception request for a restriction."""
    return _restriction_step(
        request,
        pk,
        ExceptionForm,
        "exception_form",
        lambda r, d: restrictions.request_exception(
            request.user, r, d["purpose"], d["travel_from"], d["travel_to"], request
        ),
    )


@require_POST
def decide_exception(request: HttpRequest, pk: int) -> HttpResponse:
    """An approver grants or refuses a travel exception (``pk``: the request)."""
    return _restriction_step(
        request,
        pk,
        ExceptionDecisionForm,
        "exception_decision_form",
        lambda e, d: restrictions.decide_exception(request.user, e, d["grant"], d["decided_on"], request),
        of_exception=True,
    )


# ------------------------------------------------------------------------------------------- a listing


def _listing(request: HttpRequest, pk: int) -> Listing:
    found = selectors.listing(request.user, pk) if _reads(request) else None
    if found is None:
        raise Http404(gettext("名单不存在或不在您的权限范围内。"))
    return found


def _listing_context(request: HttpRequest, listing: Listing, **forms_in: forms.Form) -> dict[str, Any]:
    case = listing.case
    perms = permissions_for(request.user, request)
    today = timezone.localdate()
    return {
        "listing": listing,
        "case": case,
        "trigger_name": TRIGGER_NAMES.get(listing.trigger, listing.trigger),
        "grounds_words": [str(dict(GROUNDS)[g]) for g in listing.grounds_applied if g in dict(GROUNDS)],
        "corrections": list(selectors.corrections_of(listing)),
        "may_decide": "approval:grant" in perms
        and listing.status == ListingStatus.PENDING
        and listing.proposed_by_id != request.user.pk
        and getattr(request.user, "court_id", None) == case.court_id,
        "verified": bool(getattr(request.user, "is_verified", lambda: False)()),
        "may_list": _may(request, services.LIST, case),
        "may_lift": _may(request, services.LIFT, case),
        "in_force": listing.status in (ListingStatus.APPROVED, ListingStatus.PUBLISHED),
        "decide_form": forms_in.get("decide_form") or DecideForm(initial={"decided_on": today}),
        "serve_form": forms_in.get("serve_form") or ServeForm(initial={"served_on": today}),
        "delete_form": forms_in.get("delete_form") or DeleteForm(initial={"on": today}),
        "correction_form": forms_in.get("correction_form") or CorrectionForm(initial={"requested_on": today}),
        "review_form": forms_in.get("review_form") or CorrectionDecisionForm(initial={"decided_on": today}),
        **restoration_context(request, listing, today, forms_in),
    }


def restoration_context(
    request: HttpRequest, listing: Listing, today: Any, forms_in: dict[str, forms.Form]
) -> dict[str, Any]:
    """The listing page's restoration part: the requests, their forms, and — once the listing is deleted
    — which partner agencies have applied the deletion."""
    restorations = list(listing.restorations.all())
    deleted_seq = feed_selectors.last_event(listing) if listing.deleted_on else None
    return {
        "restorations": restorations,
        "may_request_restoration": _may(request, services.LIFT, listing.case)
        and listing.status in (ListingStatus.APPROVED, ListingStatus.PUBLISHED)
        and not any(r.status == RestorationStatus.PENDING for r in restorations),
        "restoration_form": forms_in.get("restoration_form")
        or RestorationForm(initial={"requested_on": today}),
        "restoration_decision_form": forms_in.get("restoration_decision_form")
        or RestorationDecisionForm(initial={"decided_on": today}),
        "partners_applied": feed_selectors.partners_applied(deleted_seq) if deleted_seq else [],
    }


def _listing_page(
    request: HttpRequest, listing: Listing, status: int = 200, error: str = "", **f: forms.Form
) -> HttpResponse:
    context = {**_listing_context(request, listing, **f), "error": error}
    return render(request, "credit/listing.html", context, status=status)


@require_GET
def listing_page(request: HttpRequest, pk: int) -> HttpResponse:
    """``/credit/listings/<pk>/``: one listing and the steps open to the user."""
    if (login := _signed_in(request)) is not None:
        return login
    return _listing_page(request, _listing(request, pk))


def _step(
    request: HttpRequest,
    pk: int,
    form_class: type[forms.Form],
    key: str,
    act: Callable[[Listing, dict[str, Any]], Any],
) -> HttpResponse:
    if (login := _signed_in(request)) is not None:
        return login
    listing = _listing(request, pk)
    form = form_class(request.POST)
    if not form.is_valid():
        return _listing_page(request, listing, 400, gettext("请更正标出的内容。"), **{key: form})
    return _run(
        lambda: act(listing, form.cleaned_data),
        lambda s, e: _listing_page(request, listing, s, e, **{key: form}),
        reverse("credit:listing", args=[listing.pk]),
    )


@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    """The president approves or refuses."""
    return _step(
        request,
        pk,
        DecideForm,
        "decide_form",
        lambda x, d: services.decide(request.user, x, d["grant"], d["decided_on"], d["reason"], request),
    )


@require_POST
def serve(request: HttpRequest, pk: int) -> HttpResponse:
    """The officer records service of the decision."""
    return _step(
        request,
        pk,
        ServeForm,
        "serve_form",
        lambda x, d: services.record_service(request.user, x, d["served_on"], d["method"], request),
    )


@require_POST
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    """A deletion trigger, recorded and applied."""
    return _step(
        request,
        pk,
        DeleteForm,
        "delete_form",
        lambda x, d: services.delete_on_trigger(
            request.user, x, d["trigger"], d["on"], d["note"], early=d["early"], request=request
        ),
    )


@require_POST
def restoration_request(request: HttpRequest, pk: int) -> HttpResponse:
    """The debtor's restoration request, recorded."""
    return _step(
        request,
        pk,
        RestorationForm,
        "restoration_form",
        lambda x, d: restoration.request(
            request.user, x, d["basis"], d["evidence"], d["requested_on"], request
        ),
    )


@require_POST
def restoration_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """The decision on a restoration request (``pk``: the request)."""
    if (login := _signed_in(request)) is not None:
        return login
    found = Restoration.objects.filter(pk=pk).select_related("listing").first()
    if found is None or selectors.listing(request.user, found.listing_id) is None:
        raise Http404(gettext("信用修复申请不存在或不在您的权限范围内。"))
    return _step(
        request,
        found.listing_id,
        RestorationDecisionForm,
        "restoration_decision_form",
        lambda x, d: restoration.decide(request.user, found, d["grant"], d["note"], d["decided_on"], request),
    )


@require_GET
def restoration_certificate(request: HttpRequest, pk: int) -> HttpResponse:
    """信用修复证明 (DOCX) of a granted request."""
    if (login := _signed_in(request)) is not None:
        return login
    found = Restoration.objects.filter(pk=pk).select_related("listing").first()
    if found is None or selectors.listing(request.user, found.listing_id) is None:
        raise Http404(gettext("信用修复申请不存在或不在您的权限范围内。"))
    try:
        data = restoration.certificate_docx(found)
    except LawError as err:
        return _listing_page(request, found.listing, 400, in_words(err))
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="restoration-{found.pk}.docx"'
    return response


@require_POST
def correction(request: HttpRequest, pk: int) -> HttpResponse:
    """The debtor's correction request, recorded."""
    return _step(
        request,
        pk,
        CorrectionForm,
        "correction_form",
        lambda x, d: services.request_correction(request.user, x, d["requested_on"], d["reason"], request),
    )


@require_POST
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """The review of a correction request (``pk``: the request)."""
    if (login := _signed_in(request)) is not None:
        return login
    found = Correction.objects.filter(pk=pk).select_related("listing").first()
    if found is None or selectors.listing(request.user, found.listing_id) is None:
        raise Http404(gettext("纠正申请不存在或不在您的权限范围内。"))

    def act(listing: Listing, d: dict[str, Any]) -> Any:
        accept = d["outcome"] != "refused"
        return services.decide_correction(
            request.user,
            found,
            accept,
            d["decided_on"],
            d["note"],
            delete=d["outcome"] == "deleted",
            request=request,
        )

    return _step(request, found.listing_id, CorrectionDecisionForm, "review_form", act)


@require_GET
def decision_document(request: HttpRequest, pk: int) -> HttpResponse:
    """The decision (DOCX) of a decided listing."""
    if (login := _signed_in(request)) is not None:
        return login
    listing = _listing(request, pk)
    if listing.decided_on is None or listing.status == ListingStatus.REFUSED:
        raise Http404(gettext("尚未作出纳入决定。"))
    response = HttpResponse(
        documents.decision_docx(listing),
        content_type=DOCX,
    )
    response["Content-Disposition"] = f'attachment; filename="credit-decision-{listing.pk}.docx"'
    return response


@require_GET
def order_document(request: HttpRequest, pk: int) -> HttpResponse:
    """The signed consumption restriction order (DOCX), to be served."""
    if (login := _signed_in(request)) is not None:
        return login
    found = selectors.restriction(request.user, pk)
    if found is None or found.issued_on is None or not _reads(request):
        raise Http404(gettext("限制消费令不存在、尚未签发或不在您的权限范围内。"))
    response = HttpResponse(documents.order_docx(found), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="restriction-order-{found.pk}.docx"'
    return response


@require_GET
def approvals(request: HttpRequest) -> HttpResponse:
    """``/credit/approvals/``: listings and restriction orders waiting for the approver's decision."""
    if (login := _signed_in(request)) is not None:
        return login
    if "approval:grant" not in permissions_for(request.user, request):
        raise Http404(gettext("页面不存在。"))
    return render(
        request,
        "credit/approvals.html",
        {
            "listings": list(selectors.to_approve(request.user)),
            "restrictions": list(selectors.to_sign(request.user)),
        },
    )


@require_GET
def in_force(request: HttpRequest) -> HttpResponse:
    """``/credit/``: the listings of the user's courts (pending, decided, published)."""
    if (login := _signed_in(request)) is not None:
        return login
    if not _reads(request):
        raise Http404(gettext("页面不存在。"))
    rows = selectors.listings(request.user).exclude(status=ListingStatus.DELETED)[:200]
    return render(request, "credit/listings.html", {"listings": list(rows)})


# ------------------------------------------------------------------------------------------- public


@require_http_methods(["GET", "POST"])
def query_page(request: HttpRequest) -> HttpResponse:
    """``/credit/query``: the public query (no sign-in) through the same service and limit as the API. The
    form is posted, so the identity number stays out of addresses and access logs, and the page does not
    echo it back."""
    if request.method != "POST":
        return render(request, "credit/query.html", {"form": QueryForm(), "results": None, "error": ""})
    form = QueryForm(request.POST)
    shown = QueryForm(initial={k: v for k, v in request.POST.items() if k in ("name", "case")})
    context: dict[str, Any] = {"form": shown, "results": None, "error": ""}
    wait = public.throttle_wait(client_ip(request))
    if wait:
        context["error"] = gettext("查询过于频繁，请 %(s)s 秒后再试。") % {"s": wait}
        response = render(request, "credit/query.html", context, status=429)
        response["Retry-After"] = str(wait)
        return response
    if not form.is_valid():
        return render(
            request, "credit/query.html", {**context, "error": gettext("请更正标出的内容。")}, status=400
        )
    d = form.cleaned_data
    try:
        context["results"] = public.search(d["name"], d["id"], d["case"])
    except LawError as err:
        context["error"] = in_words(err)
        return render(request, "credit/query.html", context, status=400)
    return render(request, "credit/query.html", context)
