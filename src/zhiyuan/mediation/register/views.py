"""Pages of the organization register (调解组织名册) under ``/mediation/organizations/``: the filtered,
paginated list (HTMX), an organization with its mediators, sub-units, load and results, the create and
edit forms for organizations and mediators, and the bulk upload. Reads go through
``register.services.visible``; writes through its audited use cases."""

from __future__ import annotations

from collections.abc import Callable
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
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from zhiyuan.accounts.policy import refuse
from zhiyuan.courts.models import Court, Mediator, PartnerKind, PartnerOrganization
from zhiyuan.courts.organizations import (
    Filters,
    MediatorIn,
    OrganizationIn,
    known_focus_types,
    search,
    split_list,
    units_of,
)
from zhiyuan.inputs.text import LineField, form_validators
from zhiyuan.law.errors import Denied, LawError
from zhiyuan.mediation import suggesting
from zhiyuan.mediation.recommending import mediator_open_counts, open_counts, results_by_focus
from zhiyuan.mediation.register import services as register
from zhiyuan.problems import in_words

PAGE_SIZE = 50
UPLOAD_LIMIT = 20 * 1024 * 1024
View = Callable[..., HttpResponse]


def focus_name(code: str) -> str:
    """The label of a focus-type id in the current language (focus_types.yaml; the id when unknown)."""
    entry = suggesting.focus_types().get(code)
    if entry is None:
        return code
    return str(entry["en"] if get_language() == "en" else entry["zh"])


def focus_choices() -> list[tuple[str, str]]:
    """The configured focus types with their labels."""
    return [(c, focus_name(c)) for c in known_focus_types()]


def reader(view: View) -> View:
    """Signed-in users who may read the register; others are refused (and the refusal audited)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            login = redirect_to_login(request.get_full_path(), "accounts:login")
            if request.headers.get("HX-Request"):
                return HttpResponse(status=204, headers={"HX-Redirect": login["Location"]})
            return login
        if not register.may_read(request.user, request):
            err = refuse(
                request.user,
                "register_forbidden",
                "无权查看调解组织名册",
                "you may not read the register of mediation organizations",
                request,
            )
            return _forbidden(request, err)
        return view(request, *args, **kwargs)

    return wrapped


def _forbidden(request: HttpRequest, err: LawError) -> HttpResponse:
    return render(request, "cases/forbidden.html", {"error": in_words(err)}, status=403)


def _organization_or_404(request: HttpRequest, code: str) -> PartnerOrganization:
    org = register.visible(request.user).select_related("court", "parent").filter(code=code).first()
    if org is None:
        raise Http404(gettext("调解组织不存在或不在您的权限范围内。"))
    return org


# -------------------------------------------------------------------------------------------------- list


class FilterForm(forms.Form):
    """The register filters."""

    q = LineField(label=_("名称或编码"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("类型"), required=False)
    court = LineField(label=_("法院代字（含下级）"), required=False, max_length=16)
    region = forms.RegexField(
        label=_("行政区划代码"),
        required=False,
        regex=r"^\d{2,12}$",
        max_length=12,
        validators=form_validators(),
    )
    focus_type = forms.ChoiceField(label=_("纠纷类型"), required=False)
    active = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", "—"), ("1", _("有效")), ("0", _("已停用"))]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "—"), *PartnerKind.choices]  # type: ignore[attr-defined]
        self.fields["focus_type"].choices = [("", "—"), *focus_choices()]  # type: ignore[attr-defined]

    def filters(self) -> Filters:
        """The cleaned criteria."""
        d = self.cleaned_data
        active = {"1": True, "0": False}.get(d.get("active") or "")
        return Filters(d["q"], d["kind"], d["court"], True, d["region"], d["focus_type"], active)


class UploadForm(forms.Form):
    """A register file (docs/organizations-import.md)."""

    file = forms.FileField(label=_("名册文件（CSV 或 XLSX）"))
    skip_invalid = forms.BooleanField(label=_("跳过无效行，导入其余行"), required=False)


def _rows(orgs: list[PartnerOrganization]) -> list[dict[str, Any]]:
    load = open_counts([o.pk for o in orgs])
    return [
        {
            "org": o,
            "url": reverse("mediation:organization", args=[o.code]),
            "open": load.get(o.pk, 0),
            "full": bool(o.capacity) and load.get(o.pk, 0) >= o.capacity,
            "focus": "、".join(focus_name(f) for f in o.focus_types) or gettext("不限"),
        }
        for o in orgs
    ]


@require_GET
@reader
@vary_on_headers("HX-Request")
def organizations(request: HttpRequest) -> HttpResponse:
    """``/mediation/organizations/``: filters and a page of organizations; HTMX gets the results only."""
    form = FilterForm(request.GET or None)
    page, query = None, ""
    qs = register.visible(request.user)
    if not form.is_bound:
        page = Paginator(search(qs, Filters()), PAGE_SIZE).get_page(1)
    elif form.is_valid():
        page = Paginator(search(qs, form.filters()), PAGE_SIZE).get_page(request.GET.get("page"))
        query = urlencode([(k, v) for k, v in form.cleaned_data.items() if v])
    context = {
        "form": form,
        "page": page,
        "rows": _rows(list(page.object_list)) if page else [],
        "query": query,
        "maintains": bool(register.maintained_courts(request.user, request)),
        "upload": UploadForm(),
    }
    partial = request.headers.get("HX-Request") and not request.headers.get("HX-History-Restore-Request")
    template = "mediation/register/_results.html" if partial else "mediation/register/list.html"
    return render(request, template, context)


# ------------------------------------------------------------------------------------------------ detail


@require_GET
@reader
def organization(request: HttpRequest, code: str) -> HttpResponse:
    """An organization: facts, mediators with their load, sub-units, current load and results."""
    org = _organization_or_404(request, code)
    mediators = list(org.mediators.order_by("code"))
    by_mediator = mediator_open_counts([m.pk for m in mediators])
    units = list(units_of(org))
    unit_load = open_counts([u.pk for u in units])
    open_now = open_counts([org.pk]).get(org.pk, 0)
    results = results_by_focus(org)
    closed = sum(r.closed for r in results)
    succeeded = sum(r.succeeded for r in results)
    context = {
        "org": org,
        "focus": [focus_name(f) for f in org.focus_types],
        "mediators": [
            {
                "m": m,
                "open": by_mediator.get(m.pk, 0),
                "focus": "、".join(focus_name(f) for f in m.focus_types),
            }
            for m in mediators
        ],
        "units": [{"u": u, "open": unit_load.get(u.pk, 0)} for u in units],
        "open": open_now,
        "load_percent": round(100 * open_now / org.capacity) if org.capacity else None,
        "results": [{"r": r, "name": focus_name(r.focus_type)} for r in results],
        "closed": closed,
        "succeeded": succeeded,
        "rate": round(100 * succeeded / closed, 1) if closed else None,
        "maintains": register.may_maintain(request.user, org, request),
    }
    return render(request, "mediation/register/detail.html", context)


# ------------------------------------------------------------------------------------------------- forms


class OrganizationForm(forms.Form):
    """Create or edit an organization."""

    code = LineField(label=_("编码"), max_length=40)
    name = LineField(label=_("名称"), max_length=200)
    kind = forms.ChoiceField(label=_("类型"), choices=PartnerKind.choices)
    court = forms.ChoiceField(label=_("对接法院"))
    parent = LineField(label=_("上级组织编码"), required=False, max_length=40)
    regions = LineField(
        label=_("受理地域（行政区划代码，分号分隔；空为对接法院辖区）"), required=False, max_length=500
    )
    focus_types = forms.MultipleChoiceField(
        label=_("受理纠纷类型（不选为不限）"), required=False, widget=forms.CheckboxSelectMultiple
    )
    capacity = forms.IntegerField(label=_("同时受理上限（0 为不限）"), min_value=0, initial=0)
    contact = LineField(label=_("联系方式"), required=False, max_length=100)
    active = forms.BooleanField(label=_("有效"), required=False, initial=True)

    def __init__(self, *args: Any, courts: list[Court], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["court"].choices = [(c.code, f"{c.code} {c.name}") for c in courts]  # type: ignore[attr-defined]
        self.fields["focus_types"].choices = focus_choices()  # type: ignore[attr-defined]

    def data_in(self) -> OrganizationIn:
        """The form as the register's input."""
        d = self.cleaned_data
        return OrganizationIn(
            code=d["code"].strip(),
            name=d["name"],
            kind=d["kind"],
            court=d["court"],
            parent=d["parent"].strip(),
            regions=split_list(d["regions"]),
            focus_types=tuple(d["focus_types"]),
            capacity=d["capacity"],
            contact=d["contact"],
            active=d["active"],
        )


class MediatorForm(forms.Form):
    """Create or edit a mediator."""

    code = LineField(label=_("编码"), max_length=40)
    name = LineField(label=_("姓名"), max_length=60)
    focus_types = forms.MultipleChoiceField(
        label=_("擅长纠纷类型（不选为不限）"), required=False, widget=forms.CheckboxSelectMultiple
    )
    capacity = forms.IntegerField(label=_("同时受理上限（0 为不限）"), min_value=0, initial=0)
    active = forms.BooleanField(label=_("有效"), required=False, initial=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["focus_types"].choices = focus_choices()  # type: ignore[attr-defined]


def _attach(form: forms.Form, err: LawError) -> None:
    """Put a register error's problems on the form's fields."""
    problems = err.details.get("problems") or [{"field": None, **err.as_dict()}]
    en = get_language() == "en"
    for p in problems:
        field = p.get("field") if p.get("field") in form.fields else None
        form.add_error(field, f"{p['message_en'] if en else p['message_zh']} [{p['code']}]")


def _maintainer_or_403(request: HttpRequest, org: PartnerOrganization | None) -> HttpResponse | None:
    courts = register.maintained_courts(request.user, request)
    if courts and (org is None or org.court.code in courts):
        return None
    err = refuse(
        request.user,
        "organization_out_of_scope",
        "无权维护该调解组织",
        "you do not maintain this organization",
        request,
        org,
    )
    return _forbidden(request, err)


@require_http_methods(["GET", "POST"])
@reader
def organization_form(request: HttpRequest, code: str | None = None) -> HttpResponse:
    """Create (no ``code``) or edit an organization of a court the user maintains."""
    org = _organization_or_404(request, code) if code else None
    refused = _maintainer_or_403(request, org)
    if refused:
        return refused
    courts = list(
        Court.objects.filter(code__in=register.maintained_courts(request.user, request)).order_by("code")
    )
    initial: dict[str, Any] = {}
    if org is not None:
        initial = {
            "code": org.code,
            "name": org.name,
            "kind": org.kind,
            "court": org.court.code,
            "parent": org.parent.code if org.parent else "",
            "regions": ";".join(org.regions),
            "focus_types": list(org.focus_types),
            "capacity": org.capacity,
            "contact": org.contact,
            "active": org.active,
        }
    elif request.GET.get("parent"):
        parent = _organization_or_404(request, request.GET["parent"])
        initial = {"parent": parent.code, "court": parent.court.code}
    form = OrganizationForm(request.POST or None, initial=initial, courts=courts)
    if org is not None:
        form.fields["code"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            saved, created = register.save_organization_for(request.user, form.data_in(), request)
        except Denied as err:
            return _forbidden(request, err)
        except LawError as err:
            _attach(form, err)
        else:
            messages.success(request, gettext("已新建调解组织。") if created else gettext("已保存。"))
            return redirect("mediation:organization", saved.code)
    return render(request, "mediation/register/form.html", {"form": form, "org": org, "what": "organization"})


@require_http_methods(["GET", "POST"])
@reader
def mediator_form(request: HttpRequest, code: str, mediator: str | None = None) -> HttpResponse:
    """Add a mediator to an organization, or edit one."""
    org = _organization_or_404(request, code)
    refused = _maintainer_or_403(request, org)
    if refused:
        return refused
    m = Mediator.objects.filter(organization=org, code=mediator).first() if mediator else None
    if mediator and m is None:
        raise Http404(gettext("调解员不存在。"))
    initial: dict[str, Any] = {}
    if m is not None:
        initial = {
            "code": m.code,
            "name": m.name,
            "focus_types": list(m.focus_types),
            "capacity": m.capacity,
            "active": m.active,
        }
    form = MediatorForm(request.POST or None, initial=initial)
    if m is not None:
        form.fields["code"].disabled = True
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        data = MediatorIn(
            d["code"].strip(), d["name"], org.code, tuple(d["focus_types"]), d["capacity"], d["active"]
        )
        try:
            register.save_mediator_for(request.user, data, request)
        except Denied as err:
            return _forbidden(request, err)
        except LawError as err:
            _attach(form, err)
        else:
            messages.success(request, gettext("已保存调解员。"))
            return redirect("mediation:organization", org.code)
    context = {"form": form, "org": org, "mediator": m, "what": "mediator"}
    return render(request, "mediation/register/form.html", context)


# ------------------------------------------------------------------------------------------------ upload


@require_POST
@reader
def upload(request: HttpRequest) -> HttpResponse:
    """Import an uploaded register file; the report lists every error by row and column."""
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "mediation/register/import.html", {"form": form, "report": None}, status=400)
    uploaded = form.cleaned_data["file"]
    if uploaded.size > UPLOAD_LIMIT:
        form.add_error("file", gettext("文件超过 20 MB。"))
        return render(request, "mediation/register/import.html", {"form": form, "report": None}, status=400)
    try:
        report = register.import_register(
            request.user,
            uploaded.read(),
            uploaded.name,
            skip_invalid=form.cleaned_data["skip_invalid"],
            request=request,
        )
    except Denied as err:
        return _forbidden(request, err)
    en = get_language() == "en"
    errors = [
        {"row": i.row, "column": i.column, "code": i.code, "message": i.message_en if en else i.message_zh}
        for i in report.errors
    ]
    status = 200 if report.written else 400
    return render(
        request,
        "mediation/register/import.html",
        {"form": form, "report": report, "errors": errors, "filename": uploaded.name},
        status=status,
    )
