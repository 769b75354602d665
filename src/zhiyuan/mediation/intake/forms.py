"""The clerk's intake form (登记纠纷并委派调解): pickers instead of codes, parties as structured entries.

- :class:`IntakeForm`: the court (a choice among the courts of the user's scope), the place of the
  dispute as province → prefecture → county (GB/T 2260 names, ``zhiyuan.courts.regions``), the
  description, amount, cause and focus type, and the organization and mediator (choices among the
  organizations the court may delegate to, ``recommending.candidates``; the page's script turns them into
  search-as-you-type boxes). A recommended organization is taken with one click (``recommended``); only
  an organization outside the list needs a reason (the rule of ``services.delegate``).
- :class:`PartyForm` in :data:`PartyFormSet`: one party a form — side, kind, name, identity document
  type and number (checked by ``zhiyuan.law.identity`` through ``parties.services.identify``), phone,
  address, agent and agent's phone. A number recorded under another name is an error on the name with a
  choice (``name_choice``: use the recorded name, or keep the typed name as another name); the typed
  name is never replaced silently.

Every value is checked here, at the boundary, before ``services.delegate`` sees it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from zhiyuan.accounts.scoping import scope_of
from zhiyuan.cases.models import Case, CaseParty
from zhiyuan.cases.services import PartyIn
from zhiyuan.courts import regions
from zhiyuan.courts.models import Court, Mediator, PartnerOrganization
from zhiyuan.inputs.amounts import AmountField
from zhiyuan.inputs.dates import DateField
from zhiyuan.inputs.phones import PHONE_MAX, clean_phone
from zhiyuan.inputs.text import DESCRIPTION_MAX, NOTE_MAX, BlockField, LineField, column_length
from zhiyuan.law.errors import LawError
from zhiyuan.law.identity import ID_TYPES
from zhiyuan.mediation import recommending, suggesting
from zhiyuan.parties import services as parties
from zhiyuan.parties.models import Party, PartyKind
from zhiyuan.problems import in_words as law_message

APPLICANT, RESPONDENT = "applicant", "respondent"
SIDES = [(APPLICANT, _("申请人")), (RESPONDENT, _("被申请人"))]
#: the side of the filing (``cases.services.PartyIn.side``) for each side of the form
FILING_SIDE = {APPLICANT: "plaintiff", RESPONDENT: "defendant"}
#: what "another organization" means in the recommendation choice
OTHER = "other"
PARTIES_MAX = 20
NAME_MAX = column_length(Party, "name")
ADDRESS_MAX = 200
AGENT_MAX = column_length(CaseParty, "agent_name")
ID_NUMBER_MAX = 40


def _document_types() -> list[tuple[str, Any]]:
    names = {
        "resident_id": _("居民身份证"),
        "residence_permit": _("港澳台居民居住证"),
        "uscc": _("统一社会信用代码"),
        "passport": _("护照"),
        "hk_macao_permit": _("港澳居民来往内地通行证"),
        "taiwan_permit": _("台湾居民来往大陆通行证"),
        "foreign_permanent_resident_id": _("外国人永久居留身份证"),
    }
    return [("", _("（按号码识别）")), *((k, names.get(k, k)) for k in ID_TYPES)]


class CourtField(forms.ChoiceField):
    """A court among the user's (its choices); another court is refused with ``court_out_of_scope``."""

    def validate(self, value: Any) -> None:
        if value and not self.valid_value(value):
            raise ValidationError(
                _("所选法院不在您的权限范围内，不能在该法院登记纠纷。"), code="court_out_of_scope"
            )
        super().validate(value)


def law_error(err: LawError) -> ValidationError:
    """A domain refusal as a field error (its message in the current language, its code kept)."""
    return ValidationError(law_message(err), code=err.code)


# --------------------------------------------------------------------------------------------- parties


class PartyForm(forms.Form):
    """One party of the dispute. A row left blank is ignored (the page offers blank rows)."""

    side = forms.ChoiceField(label=_("诉讼地位"), choices=SIDES)
    kind = forms.ChoiceField(label=_("当事人类型"), choices=PartyKind.choices)
    name = LineField(label=_("姓名或名称"), max_length=NAME_MAX, required=False)
    id_type = forms.ChoiceField(label=_("证件类型"), choices=_document_types, required=False)
    id_number = LineField(label=_("证件号码"), max_length=ID_NUMBER_MAX, required=False)
    phone = LineField(label=_("联系电话"), max_length=PHONE_MAX, required=False)
    address = LineField(label=_("住所地或经常居住地"), max_length=ADDRESS_MAX, required=False)
    agent_name = LineField(label=_("代理人"), max_length=AGENT_MAX, required=False)
    agent_phone = LineField(label=_("代理人电话"), max_length=PHONE_MAX, required=False)
    name_choice = forms.ChoiceField(
        label=_("名称不一致时"),
        choices=[("", "—"), (parties.USE_RECORDED, ""), (parties.KEEP_TYPED, "")],
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: the name the identity number is recorded under, when it differs from the typed one
        self.recorded_name: str = ""
        for name in ("id_number", "phone", "agent_phone"):
            self.fields[name].widget.attrs.setdefault("autocomplete", "off")
        self.fields["phone"].widget.input_type = "tel"
        self.fields["agent_phone"].widget.input_type = "tel"

    @property
    def blank(self) -> bool:
        """Nothing typed but the side and the kind the row was drawn with."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        keys = ("name", "id_number", "phone", "address", "agent_name", "agent_phone")
        return not any((data.get(k) or "").strip() for k in keys)

    def clean_phone(self) -> str:
        return self._phone("phone")

    def clean_agent_phone(self) -> str:
        return self._phone("agent_phone")

    def _phone(self, name: str) -> str:
        try:
            return clean_phone(self.cleaned_data.get(name), str(self.fields[name].label))
        except LawError as err:
            raise law_error(err) from None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.blank:
            return data
        name = (data.get("name") or "").strip()
        if not name and "name" not in self.errors:
            self.add_error("name", ValidationError(_("请填写姓名或名称。"), code="party_name_missing"))
        if (data.get("agent_phone") or "") and not (data.get("agent_name") or "").strip():
            self.add_error(
                "agent_name", ValidationError(_("填写代理人电话时请同时填写代理人。"), code="agent_missing")
            )
        number = (data.get("id_number") or "").strip()
        if not number or "id_number" in self.errors:
            return data
        try:
            number, doc = parties.identify(number, data.get("id_type") or "")
            data["id_number"], data["id_type"] = number, doc
            recorded = parties.recorded_under_other_name(name, number, doc) if name else None
        except LawError as err:
            self.add_error("id_number", law_error(err))
            return data
        if recorded is not None:
            self.recorded_name = recorded
            if not data.get("name_choice"):
                self.add_error("name", law_error(parties.other_name_error(number, name, recorded)))
        else:
            data["name_choice"] = ""
        return data

    def party(self) -> PartyIn:
        """The party as the filing takes it."""
        d = self.cleaned_data
        return PartyIn(
            name=d["name"].strip(),
            side=FILING_SIDE[d["side"]],
            id_number=d.get("id_number") or "",
            id_type=d.get("id_type") or "",
            kind=d["kind"],
            phone=d.get("phone") or "",
            address=(d.get("address") or "").strip(),
            agent_name=(d.get("agent_name") or "").strip(),
            agent_phone=d.get("agent_phone") or "",
            name_choice=d.get("name_choice") or "",
        )


class BasePartyFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    """At least one applicant and one respondent."""

    def clean(self) -> None:
        if any(self.errors):
            return
        sides = {f.cleaned_data.get("side") for f in self.forms if not f.blank}
        if APPLICANT not in sides or RESPONDENT not in sides:
            raise ValidationError(_("须至少有一名申请人和一名被申请人。"), code="parties_missing")

    def parties(self) -> tuple[list[PartyIn], list[PartyIn]]:
        """The applicants and the respondents of the filled-in rows."""
        filled = [f.party() for f in self.forms if not f.blank]
        return (
            [p for p in filled if p.side == FILING_SIDE[APPLICANT]],
            [p for p in filled if p.side == FILING_SIDE[RESPONDENT]],
        )


PartyFormSet = forms.formset_factory(
    PartyForm,
    formset=BasePartyFormSet,
    extra=0,
    max_num=PARTIES_MAX,
    absolute_max=PARTIES_MAX,
    validate_max=True,
)
PARTY_PREFIX = "party"


def blank_parties(rows: Iterable[Mapping[str, str]] = ()) -> list[dict[str, str]]:
    """The rows a new form starts with: one applicant and one respondent, natural persons."""
    return [dict(r) for r in rows] or [
        {"side": APPLICANT, "kind": PartyKind.NATURAL_PERSON},
        {"side": RESPONDENT, "kind": PartyKind.NATURAL_PERSON},
    ]


# ---------------------------------------------------------------------------------------------- intake


def courts_in_scope(user: Any) -> list[Court]:
    """The courts ``user`` may file at, in code order."""
    ids = scope_of(user).court_ids
    return list(Court.objects.filter(pk__in=ids).order_by("level", "code")) if ids else []


def region_initial(court: Court | None) -> dict[str, str]:
    """The court's province and prefecture: where most of its disputes happen (the clerk may change it)."""
    found = regions.path(court.division_code) if court is not None and court.division_code else []
    levels = {d.level: d.code for d in found}
    return {
        "region_province": levels.get("province", ""),
        "region_prefecture": levels.get("prefecture", ""),
    }


def _regions(parent: str | None) -> list[tuple[str, str]]:
    if parent is None:
        return []
    return [(d.code, d.name) for d in regions.children(parent)]


class IntakeForm(forms.Form):
    """The dispute and its delegation (the parties are :class:`PartyForm` rows)."""

    sections = [
        (_("纠纷"), ["court", "region_province", "region_prefecture", "region_county", "description",
                    "claim_amount", "cause", "focus_type"]),
        (_("调解"), ["recommended", "organization", "mediator", "override_reason", "on"]),
    ]  # fmt: skip

    court = CourtField(label=_("受理法院"))
    region_province = forms.ChoiceField(label=_("纠纷发生地：省级"), required=False)
    region_prefecture = forms.ChoiceField(label=_("地级"), required=False)
    region_county = forms.ChoiceField(label=_("县级"), required=False)
    description = BlockField(
        label=_("纠纷简述"),
        max_length=DESCRIPTION_MAX,
        help_text=_("写明当事人之间发生了什么、请求什么；系统据此建议案由和纠纷类型。"),
        error_messages={"required": _("请填写纠纷简述。")},
    )
    claim_amount = AmountField(label=_("标的额（元）"), required=False)
    cause = LineField(label=_("案由"), max_length=column_length(Case, "cause_text"), required=False)
    focus_type = forms.ChoiceField(label=_("纠纷类型"), required=False)
    recommended = forms.ChoiceField(
        label=_("选择调解组织"),
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("推荐列表已随填写的内容更新，请重新选择调解组织。")},
    )
    organization = forms.ChoiceField(label=_("调解组织"), required=False)
    mediator = forms.ChoiceField(label=_("调解员"), required=False)
    override_reason = BlockField(
        label=_("选择推荐以外的调解组织的理由"),
        max_length=NOTE_MAX,
        required=False,
        help_text=_("仅在选择推荐列表以外的调解组织时填写。"),
    )
    on = DateField(label=_("委派日期"))

    def __init__(
        self,
        *args: Any,
        user: Any,
        recommendations: Sequence[Mapping[str, Any]] = (),
        focus_types: Sequence[tuple[str, str]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.courts = courts_in_scope(user)
        self.choices("court", [(c.code, c.name) for c in self.courts])
        if len(self.courts) == 1:
            self.fields["court"].widget = forms.HiddenInput()
        else:  # another court offers other organizations: re-draw the page
            self.fields["court"].widget.attrs["data-autosubmit"] = ""
        self.choices("focus_type", [("", _("（按系统建议）")), *focus_types])
        self.fields["override_reason"].widget.attrs["rows"] = 2
        self.fields["description"].widget.attrs["rows"] = 4
        self.fields["claim_amount"].widget.attrs["inputmode"] = "decimal"
        self.recommendations = list(recommendations)
        self.choices(
            "recommended",
            [
                *((choice_value(r), r["organization_name"]) for r in self.recommendations),
                (OTHER, _("其他调解组织")),
            ],
        )
        province, prefecture = self.value("region_province"), self.value("region_prefecture")
        none = [("", _("（请选择）"))]
        self.choices("region_province", none + _regions(""))
        self.choices("region_prefecture", none + _regions(province or None))
        self.choices("region_county", none + _regions(prefecture or None))
        court = next((c for c in self.courts if c.code == self.value("court")), None)
        if court is None and self.courts:
            court = self.courts[0]
        self.court_obj = court
        orgs = list(recommending.candidates(court).order_by("court__level", "name")) if court else []
        self.organizations = orgs
        self.choices(
            "organization", [("", _("（请选择）"))] + [(o.code, organization_label(o, court)) for o in orgs]
        )
        org = next((o for o in orgs if o.code == self.value("organization")), None)
        mediators = (
            list(Mediator.objects.filter(organization=org, active=True).order_by("name")) if org else []
        )
        self.choices("mediator", [("", _("（由调解组织指派）"))] + [(m.code, m.name) for m in mediators])

    def choices(self, name: str, choices: Sequence[tuple[str, Any]]) -> None:
        """Set the choices of the choice field ``name``."""
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = list(choices)

    def value(self, name: str) -> str:
        """The raw value of field ``name`` (bound data, else initial)."""
        if self.is_bound:
            return str(self.data.get(self.add_prefix(name), "") or "")
        return str(self.initial.get(name, "") or "")

    @property
    def fixed_court(self) -> Court | None:
        """The user's one court (shown as text, not a choice)."""
        return self.courts[0] if len(self.courts) == 1 else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["region"] = data.get("region_county") or data.get("region_prefecture") or ""
        picked = data.get("recommended") or ""
        if picked and picked != OTHER:  # one click on a recommendation: its organization and mediator
            for name in ("organization", "mediator"):
                self.errors.pop(name, None)  # the other-organization picker is not used
            data["organization"], _sep, data["mediator"] = picked.partition("|")
        elif not data.get("organization") and "organization" not in self.errors:
            self.add_error(
                "organization" if picked == OTHER or not self.recommendations else "recommended",
                ValidationError(_("请选择调解组织。"), code="organization_missing"),
            )
        return data


def choice_value(rec: Mapping[str, Any]) -> str:
    """A recommendation as the value of the one-click choice: ``organization|mediator``."""
    return f"{rec['organization']}|{rec.get('mediator') or ''}"


def organization_label(org: PartnerOrganization, court: Court | None) -> str:
    """The organization's name, with its court when it is another court's (a higher court's partner)."""
    if court is not None and org.court_id != court.pk:
        return f"{org.name}（{org.court.name}）"
    return org.name


def focus_choices() -> list[tuple[str, str]]:
    """The focus types as (code, label in the current language)."""
    from django.utils.translation import get_language

    english = (get_language() or "").startswith("en")
    return [(k, str(v.get("en") if english else v.get("zh"))) for k, v in suggesting.focus_types().items()]


def parties_initial(post: Mapping[str, Any], total: int) -> list[dict[str, str]]:
    """The party rows of a posted form as initial values (a refresh re-draws them without checking)."""
    keys = ("side", "kind", "name", "id_type", "id_number", "phone", "address", "agent_name",
            "agent_phone", "name_choice")  # fmt: skip
    return [{k: str(post.get(f"{PARTY_PREFIX}-{n}-{k}", "")) for k in keys} for n in range(total)]
