"""Reference tables. Shipped rows keep their provenance; administrators may correct them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from zhiyuan.law.case_types import enforcement_kind


class Provenance(models.TextChoices):
    """Where a reference row comes from."""

    DERIVED = "derived", _("按规则推导（未核实）")
    TRANSCRIBED = "transcribed", _("转录自公开资料")
    PACKAGE = "package", _("来自软件包")
    CORRECTED = "corrected", _("管理员已更正")
    ADMIN = "admin", _("管理员录入")


class CourtLevel(models.TextChoices):
    """Court levels as in the case-number rule."""

    SUPREME = "supreme", _("最高人民法院")
    HIGH = "high", _("高级人民法院")
    INTERMEDIATE = "intermediate", _("中级人民法院")
    BASIC = "basic", _("基层人民法院")
    SPECIAL = "special", _("专门人民法院")


class Court(models.Model):
    """A court with its code (法院代字); the hierarchy gives each court's district."""

    code = models.CharField(_("法院代字"), max_length=16, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    level = models.CharField(_("层级"), max_length=16, choices=CourtLevel.choices)
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("上级法院")
    )
    division_code = models.CharField(_("行政区划代码"), max_length=6, blank=True)
    division_name = models.CharField(_("行政区划名称"), max_length=60, blank=True)
    provenance = models.CharField(
        _("来源"), max_length=16, choices=Provenance.choices, default=Provenance.ADMIN
    )
    note = models.TextField(_("说明"), blank=True)
    active = models.BooleanField(_("有效"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("法院")
        verbose_name_plural = _("法院")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class CourtAlias(models.Model):
    """Another code of the same court, e.g. the one a renamed county's division would give (Art 13)."""

    court = models.ForeignKey(Court, models.CASCADE, related_name="aliases", verbose_name=_("法院"))
    code = models.CharField(_("代字"), max_length=16, unique=True)
    reason = models.CharField(_("原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("法院别名代字")
        verbose_name_plural = _("法院别名代字")

    def __str__(self) -> str:
        return self.code


class CourtNameAlias(models.Model):
    """Another name of the same court: a former official name (``until`` the day its division was changed,
    for older documents and case files) or a form of the current name (without the province)."""

    court = models.ForeignKey(Court, models.CASCADE, related_name="name_aliases", verbose_name=_("法院"))
    name = models.CharField(_("名称"), max_length=100, unique=True)
    until = models.DateField(_("使用至"), null=True, blank=True)
    reason = models.CharField(_("原因"), max_length=200, blank=True)

    class Meta:
        ordering = ["court", "until", "name"]
        verbose_name = _("法院别名")
        verbose_name_plural = _("法院别名")

    def __str__(self) -> str:
        return self.name


class CaseType(models.Model):
    """A row of the case type standard: a category (no code) or a case type with its 类型代字."""

    category_code = models.CharField(_("类别编码"), max_length=4, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    type_code = models.CharField(_("类型代字"), max_length=8, blank=True, db_index=True)
    type_class = models.CharField(_("大类"), max_length=32)
    provenance = models.CharField(
        _("来源"), max_length=16, choices=Provenance.choices, default=Provenance.TRANSCRIBED
    )

    class Meta:
        ordering = ["category_code"]
        verbose_name = _("案件类型")
        verbose_name_plural = _("案件类型")

    def __str__(self) -> str:
        return f"{self.category_code} {self.name} {self.type_code}".strip()

    @property
    def enforcement_kind(self) -> str | None:
        """``action`` (执行实施), ``review`` (执行审查) or None."""
        return enforcement_kind(self.type_code)


class CauseEdition(models.Model):
    """An edition of the 民事案件案由规定."""

    key = models.CharField(_("版本"), max_length=16, unique=True)
    title = models.CharField(_("标题"), max_length=100)
    instrument = models.CharField(_("文件"), max_length=200)
    in_force_from = models.DateField(_("施行日期"))
    verified = models.BooleanField(_("已核实"), default=True)
    complete = models.BooleanField(_("已完整收录"), default=True)
    successor = models.CharField(_("继任版本"), max_length=16, blank=True)
    counts = models.JSONField(_("各级数量"), default=dict, blank=True)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        ordering = ["in_force_from"]
        verbose_name = _("案由规定版本")
        verbose_name_plural = _("案由规定版本")

    def __str__(self) -> str:
        return self.title


class Cause(models.Model):
    """One node of an edition's cause tree (part → group → cause → sub-cause)."""

    edition = models.ForeignKey(CauseEdition, models.CASCADE, related_name="causes", verbose_name=_("版本"))
    parent = models.ForeignKey(
        "self", models.CASCADE, null=True, blank=True, related_name="children", verbose_name=_("上级")
    )
    level = models.PositiveSmallIntegerField(_("级别"))
    number = models.PositiveIntegerField(_("序号"), null=True, blank=True)
    name = models.CharField(_("名称"), max_length=100)
    position = models.PositiveIntegerField(_("排序"), default=0)
    verified = models.BooleanField(_("已核实"), default=True)
    aliases = models.JSONField(_("曾用名"), default=list, blank=True)

    class Meta:
        ordering = ["edition", "position"]
        verbose_name = _("案由")
        verbose_name_plural = _("案由")
        constraints = [
            models.UniqueConstraint(fields=["edition", "parent", "name"], name="cause_unique_name_in_parent"),
        ]

    def __str__(self) -> str:
        return self.name


class CalendarDayKind(models.TextChoices):
    """A day that departs from the weekday/weekend rule."""

    HOLIDAY = "holiday", _("法定节假日（休息）")
    WORKDAY = "workday", _("调休工作日")


class CalendarDay(models.Model):
    """A statutory holiday or a make-up working day."""

    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=8, choices=CalendarDayKind.choices)
    name = models.CharField(_("节日"), max_length=60, blank=True)
    provenance = models.CharField(
        _("来源"), max_length=16, choices=Provenance.choices, default=Provenance.ADMIN
    )

    class Meta:
        ordering = ["date"]
        verbose_name = _("节假日安排")
        verbose_name_plural = _("节假日安排")

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"


class CalendarYear(models.Model):
    """A year whose holiday arrangement is published (and fully entered); others fall back to weekends."""

    year = models.PositiveSmallIntegerField(_("年份"), unique=True)
    notice = models.CharField(_("国务院办公厅通知"), max_length=200, blank=True)
    provenance = models.CharField(
        _("来源"), max_length=16, choices=Provenance.choices, default=Provenance.ADMIN
    )

    class Meta:
        ordering = ["year"]
        verbose_name = _("已公布节假日年份")
        verbose_name_plural = _("已公布节假日年份")

    def __str__(self) -> str:
        return str(self.year)


class PartnerKind(models.TextChoices):
    """Kinds of partner organizations in litigation-mediation links (诉调对接)."""

    PEOPLES_MEDIATION = "peoples_mediation", _("人民调解委员会")
    INDUSTRY = "industry", _("行业性专业性调解组织")
    ADMINISTRATIVE = "administrative", _("行政调解组织")
    NATIONAL_PARTNER = "national_partner", _("“总对总”合作单位")
    GOVERNANCE_CENTER = "governance_center", _("综治中心")
    GRID_UNIT = "grid_unit", _("网格单元")
    TRIBUNAL = "tribunal", _("人民法庭")
    WORKSTATION = "workstation", _("法官工作站")
    OTHER = "other", _("其他")


class PartnerOrganization(models.Model):
    """A mediation organization or local entry point working with a court."""

    code = models.CharField(_("编码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=200)
    kind = models.CharField(_("类型"), max_length=24, choices=PartnerKind.choices)
    court = models.ForeignKey(Court, models.PROTECT, related_name="partners", verbose_name=_("对接法院"))
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="units",
        verbose_name=_("上级组织"),
        help_text=_("网格单元所属的综治中心，或法官工作站所属的人民法庭。"),
    )
    #: administrative division codes (6 digits, or a 2/4-digit prefix) the organization takes disputes from;
    #: empty means the division of its court
    regions = models.JSONField(_("受理地域"), default=list, blank=True)
    #: focus-type ids (zhiyuan.mediation focus types) the organization takes; empty means any
    focus_types = models.JSONField(_("受理纠纷类型"), default=list, blank=True)
    #: open mediations the organization can carry at once; 0 means no stated limit
    capacity = models.PositiveIntegerField(_("同时受理上限"), default=0)
    contact = models.CharField(_("联系方式"), max_length=100, blank=True)
    active = models.BooleanField(_("有效"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("调解组织")
        verbose_name_plural = _("调解组织")

    def __str__(self) -> str:
        return self.name


class Mediator(models.Model):
    """A mediator of a partner organization, or a court-appointed (特邀) mediator of a court."""

    organization = models.ForeignKey(
        PartnerOrganization,
        models.PROTECT,
        related_name="mediators",
        verbose_name=_("调解组织"),
    )
    code = models.CharField(_("编码"), max_length=40, unique=True)
    name = models.CharField(_("姓名"), max_length=60)
    #: focus-type ids the mediator specialises in; empty means any
    focus_types = models.JSONField(_("擅长纠纷类型"), default=list, blank=True)
    capacity = models.PositiveIntegerField(_("同时受理上限"), default=0)
    active = models.BooleanField(_("有效"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("调解员")
        verbose_name_plural = _("调解员")

    def __str__(self) -> str:
        return self.name
