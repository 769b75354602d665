"""The asset page: an asset with its measures and its disposal (reference prices, auctions, the outcome),
with the officer's forms; a refusal shows in words with its code."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from zhiyuan.enforcement import readers
from zhiyuan.enforcement.measures import guard, selectors
from zhiyuan.enforcement.measures.forms import (
    AcceptForm,
    AuctionForm,
    ProceedsForm,
    ResultForm,
    SaleForm,
    ValuationForm,
)
from zhiyuan.enforcement.measures.views import message, signed_in, status_of
from zhiyuan.enforcement.models import Asset
from zhiyuan.enforcement.property import services
from zhiyuan.law.errors import LawError

FORMS: dict[str, type[forms.Form]] = {
    "valuation_form": ValuationForm,
    "auction_form": AuctionForm,
    "result_form": ResultForm,
    "sale_form": SaleForm,
    "accept_form": AcceptForm,
    "proceeds_form": ProceedsForm,
}


def _asset(request: HttpRequest, pk: int) -> Asset:
    if not readers.may_read(request.user, request):
        raise Http404(gettext("财产不存在或不在您的权限范围内。"))
    a = selectors.asset_for(request.user, pk)
    if a is None:
        raise Http404(gettext("财产不存在或不在您的权限范围内。"))
    return a


def _page(
    request: HttpRequest, a: Asset, status: int = 200, error: str = "", **bound: forms.Form
) -> HttpResponse:
    today = timezone.localdate()
    context: dict[str, Any] = {
        "asset": a,
        "case": a.case,
        "measures": list(a.measures.order_by("pk")),
        "valuations": list(a.valuations.all()),
        "auctions": list(a.auctions.all()),
        "pending": a.auctions.filter(result="").first(),
        "handles": guard.may_measure(request.user, a.case, request),
        "error": error,
    }
    for name, cls in FORMS.items():
        context[name] = bound.get(name) or cls(
            initial={"on": today, "valued_on": today, "announced_on": today}
        )
    return render(request, "enforcement/measures/asset.html", context, status=status)


@require_GET
def asset_page(request: HttpRequest, pk: int) -> HttpResponse:
    """``/enforcement/assets/<id>/``."""
    if (login := signed_in(request)) is not None:
        return login
    return _page(request, _asset(request, pk))


def _act(
    request: HttpRequest, pk: int, name: str, act: Callable[[Any, Asset, dict[str, Any]], object]
) -> HttpResponse:
    if (login := signed_in(request)) is not None:
        return login
    a = _asset(request, pk)
    form = FORMS[name](request.POST)
    if not form.is_valid():
        return _page(request, a, 400, gettext("请更正标出的内容。"), **{name: form})
    try:
        act(request.user, a, form.cleaned_data)
    except LawError as err:
        return _page(request, a, status_of(err), message(err, form), **{name: form})
    return redirect(reverse("enforcement:asset", args=[a.pk]))


@require_POST
def valuation(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a reference price."""
    return _act(
        request, pk, "valuation_form", lambda u, a, d: services.add_valuation(u, a, **d, request=request)
    )


@require_POST
def auction(request: HttpRequest, pk: int) -> HttpResponse:
    """Announce an auction (checked by ``law.auction``)."""
    return _act(
        request, pk, "auction_form", lambda u, a, d: services.schedule_auction(u, a, **d, request=request)
    )


@require_POST
def auction_result(request: HttpRequest, pk: int) -> HttpResponse:
    """The pending auction's result."""

    def act(user: Any, a: Asset, d: dict[str, Any]) -> object:
        pending = a.auctions.filter(result="").first()
        if pending is None:
            raise LawError("auction_not_found", "没有进行中的拍卖。", "No pending auction.")
        return services.record_auction_result(user, pending, **d, request=request)

    return _act(request, pk, "result_form", act)


@require_POST
def sale(request: HttpRequest, pk: int) -> HttpResponse:
    """Sell at a set price."""
    return _act(request, pk, "sale_form", lambda u, a, d: services.sell(u, a, **d, request=request))


@require_POST
def acceptance(request: HttpRequest, pk: int) -> HttpResponse:
    """Acceptance in lieu by the creditor."""
    return _act(
        request, pk, "accept_form", lambda u, a, d: services.accept_in_lieu(u, a, **d, request=request)
    )


@require_POST
def proceeds(request: HttpRequest, pk: int) -> HttpResponse:
    """The sold asset's price was paid in: booked in the case's funds account."""
    return _act(
        request,
        pk,
        "proceeds_form",
        lambda u, a, d: services.record_proceeds_paid(u, a, **d, request=request),
    )
