"""The intake page (``/mediation/intake/``): register a dispute and delegate it to mediation.

One form in three sections — 纠纷 (court, place, description, amount, cause, focus type), 当事人 (one entry
a party) and 调解 (the recommended organizations, taken with one click, or another one searched by name,
with a reason). Buttons other than "delegate" re-draw the page without checking it (suggestion and
recommendations, another party row, the next level of the place without the page's script); "delegate"
checks every field, shows each error beside its field and all of them summed up on top, and writes
nothing until everything is right (``services.delegate``, one transaction)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from zhiyuan.courts.models import Court
from zhiyuan.law.errors import Denied, LawError
from zhiyuan.mediation import recommending, services, suggesting
from zhiyuan.mediation.intake.forms import (
    OTHER,
    PARTY_PREFIX,
    IntakeForm,
    PartyFormSet,
    blank_parties,
    choice_value,
    courts_in_scope,
    focus_choices,
    law_error,
    parties_initial,
    region_initial,
)
from zhiyuan.mediation.views import focus_name, member

TEMPLATE = "mediation/workflow/intake.html"
#: the field a refusal of ``services.delegate`` belongs beside (others go to the top of the form)
ERROR_FIELDS = {
    "court_out_of_scope": "court",
    "unknown_court": "court",
    "override_reason_required": "override_reason",
    "unknown_organization": "organization",
    "unknown_mediator": "mediator",
    "focus_type_unknown": "focus_type",
    "region_invalid": "region_county",
    "description_missing": "description",
    "date_in_future": "on",
    "amount_invalid": "claim_amount",
    "amount_out_of_range": "claim_amount",
    "amount_precision": "claim_amount",
}
PARTY_FIELDS = ("side", "kind", "name", "id_type", "id_number", "phone", "address", "agent_name",
                "agent_phone")  # fmt: skip


def _raw(post: Any, name: str) -> str:
    return str(post.get(name, "") or "").strip()


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return timezone.localdate()


def _advice(request: HttpRequest, values: Any) -> dict[str, Any]:
    """The suggestion for the description and the recommendations for the court, place and focus type
    as typed (read leniently: a refresh is not a check)."""
    description = _raw(values, "description")
    if not description:
        return {"suggestion": None, "recommendations": [], "focus_type": _raw(values, "focus_type")}
    suggestion = suggesting.suggest(description)
    focus = _raw(values, "focus_type")
    if focus not in suggesting.focus_types():
        focus = suggestion.focus_type
    courts = {c.code: c for c in courts_in_scope(request.user)}
    court: Court | None = courts.get(_raw(values, "court")) or next(iter(courts.values()), None)
    region = _raw(values, "region_county") or _raw(values, "region_prefecture")
    recs: list[dict[str, Any]] = []
    if court is not None:
        found = recommending.recommend(
            court=court,
            focus_type=focus,
            region=region if len(region) == 6 and region.isdigit() else "",
            on=min(_date(_raw(values, "on")), timezone.localdate()),
        )
        english = request.LANGUAGE_CODE == "en"
        recs = [
            {
                **r,
                "value": choice_value(r),
                "reasons_text": [x["en"] if english else x["zh"] for x in r["reasons"]],
            }
            for r in services.recommendation_snapshot(found)
        ]
    return {
        "suggestion": {**suggestion.as_dict(), "focus_name": focus_name(suggestion.focus_type)},
        "recommendations": recs,
        "focus_type": focus,
    }


def _forms(request: HttpRequest) -> tuple[IntakeForm, Any, dict[str, Any]]:
    """The form and the party rows: checked (bound) for "delegate", else re-drawn from what was posted."""
    post = request.POST
    step = post.get("step", "")
    user = request.user
    if request.method != "POST":
        own = getattr(user, "court", None)
        courts = courts_in_scope(user)
        court = next((c for c in courts if own is not None and c.pk == own.pk), courts[0] if courts else None)
        values: dict[str, Any] = {
            "court": court.code if court is not None else "",
            "on": timezone.localdate(),
            **region_initial(court),
        }
        advice = _advice(request, values)
        form = IntakeForm(initial=values, user=user, focus_types=focus_choices())
        rows = PartyFormSet(prefix=PARTY_PREFIX, initial=blank_parties())
        return form, rows, advice
    advice = _advice(request, post)
    kwargs = {"user": user, "recommendations": advice["recommendations"], "focus_types": focus_choices()}
    if step == "delegate":
        return IntakeForm(post, **kwargs), PartyFormSet(post, prefix=PARTY_PREFIX), advice
    initial = {k: v for k, v in post.items() if not k.startswith(f"{PARTY_PREFIX}-")}
    if advice["suggestion"] and not initial.get("focus_type"):
        initial["focus_type"] = advice["focus_type"]
        initial.setdefault("cause", advice["suggestion"]["cause"])
    if advice["suggestion"] and not initial.get("cause"):
        initial["cause"] = advice["suggestion"]["cause"]
    if advice["recommendations"] and not initial.get("recommended"):
        initial["recommended"] = advice["recommendations"][0]["value"]
    try:
        total = min(int(post.get(f"{PARTY_PREFIX}-TOTAL_FORMS", "0")), 20)
    except ValueError:
        total = 0
    party_rows = parties_initial(post, max(total, 0))
    if step == "add_party" and len(party_rows) < 20:
        party_rows.append({"side": post.get("add_side", "respondent"), "kind": "natural_person"})
    if step.startswith("remove-"):
        index = step.removeprefix("remove-")
        party_rows = [r for n, r in enumerate(party_rows) if str(n) != index]
    rows = PartyFormSet(prefix=PARTY_PREFIX, initial=blank_parties(party_rows))
    return IntakeForm(initial=initial, **kwargs), rows, advice


def _entry(href: str, label: str, err: Any) -> dict[str, str]:
    return {"href": href, "label": label, "message": " ".join(err.messages), "code": err.code or ""}


def _summary(form: IntakeForm, rows: Any) -> list[dict[str, str]]:
    """Every error of the page, in the order of the page, each with the field it belongs to."""
    if not form.is_bound:
        return []
    out = [_entry("", "", err) for err in form.non_field_errors().as_data()]
    order = [n for _legend, names in form.sections for n in names]
    named = [n for n in order if n in form.errors] + [
        n for n in form.errors if n not in order and n != "__all__"
    ]
    for name in named:
        bf = form[name]
        out += [_entry(f"#{bf.auto_id}", str(bf.label), err) for err in form.errors.as_data()[name]]
    out += [_entry("#parties", gettext("当事人"), err) for err in rows.non_form_errors().as_data()]
    for n, party in enumerate(rows.forms, start=1):
        for name, errors in party.errors.as_data().items():
            label = gettext("第 %(n)s 名当事人") % {"n": n}
            href = f"#party-{n - 1}"
            if name in party.fields:
                label, href = f"{label} · {party[name].label}", f"#{party[name].auto_id}"
            out += [_entry(href, label, err) for err in errors]
    return out


def _context(request: HttpRequest, form: IntakeForm, rows: Any, advice: dict[str, Any]) -> dict[str, Any]:
    listed = {r["organization"] for r in advice["recommendations"]}
    chosen = form.value("recommended")
    return {
        "form": form,
        "rows": rows,
        "parties": [{"form": f, "number": n} for n, f in enumerate(rows.forms, start=1)],
        "party_fields": PARTY_FIELDS,
        "suggestion": advice["suggestion"],
        "recommendations": advice["recommendations"],
        "chosen": chosen,
        "other": OTHER,
        "show_other": chosen == OTHER or not advice["recommendations"] or not chosen,
        "listed": sorted(listed),
        "errors": _summary(form, rows),
    }


@require_http_methods(["GET", "POST"])
@member
def intake_page(request: HttpRequest) -> HttpResponse:
    """``/mediation/intake/``: describe the dispute and its parties, see the suggested cause and focus
    type and the recommended organizations with reasons, then delegate (``mediation:delegate``)."""
    if "mediation:delegate" not in getattr(request, "permissions", frozenset()):
        return render(
            request,
            "mediation/workflow/forbidden.html",
            {"error": gettext("您没有委派调解的权限。")},
            status=403,
        )
    form, rows, advice = _forms(request)
    if form.is_bound:
        valid = form.is_valid()
        valid = rows.is_valid() and valid
        if valid:
            try:
                mediation = _delegate(request, form, rows, advice)
            except LawError as err:
                field = ERROR_FIELDS.get(err.code)
                form.add_error(field if field in form.fields else None, law_error(err))
                status = 403 if isinstance(err, Denied) else 422
                return render(request, TEMPLATE, _context(request, form, rows, advice), status=status)
            messages.success(request, gettext("已委派：%(number)s") % {"number": mediation.case.case_number})
            return redirect("mediation:detail", pk=mediation.pk)
        return render(request, TEMPLATE, _context(request, form, rows, advice), status=422)
    return render(request, TEMPLATE, _context(request, form, rows, advice))


def _delegate(request: HttpRequest, form: IntakeForm, rows: Any, advice: dict[str, Any]) -> Any:
    data = form.cleaned_data
    applicants, respondents = rows.parties()
    suggestion = advice["suggestion"] or {}
    return services.delegate(
        request.user,
        court_code=data["court"],
        applicants=applicants,
        respondents=respondents,
        description=data["description"],
        focus_type=data.get("focus_type") or advice["focus_type"],
        organization_code=data["organization"],
        mediator_code=data.get("mediator") or "",
        cause=data.get("cause") or suggestion.get("cause") or "",
        region=data.get("region") or "",
        claim_amount=data.get("claim_amount"),
        override_reason=data.get("override_reason") or "",
        on=data["on"],
        request=request,
    )
