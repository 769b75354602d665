"""The audit log in the admin: readable by the audit administrator, changeable by nobody."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zhiyuan.audit.actions import action_label, key_label, role_label
from zhiyuan.audit.models import AuditCheckpoint, AuditEntry
from zhiyuan.audit.services import Actor, record_read


class ReadOnlyForAuditors:
    """View only (Django's view permission, which the user model maps to ``audit:read``); no add, change
    or delete for anyone, whatever their role."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AuditedReads:
    """Reading the log in the admin is audited like reading it through the API (``audit.read``): the list
    with its filter, search, ordering and page, and how many rows it showed of how many matched; a detail
    page with the entry it showed."""

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        response: HttpResponse = super().changelist_view(request, extra_context)  # type: ignore[misc]
        changelist = (getattr(response, "context_data", None) or {}).get("cl")
        if changelist is not None:
            record_read(
                _who(request),
                "list",
                via="admin",
                filters={k: ",".join(v) for k, v in request.GET.lists()},
                rows=len(changelist.result_list),
                matched=changelist.result_count,
                object_type=self.model._meta.label_lower,  # type: ignore[attr-defined]
            )
        return response

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        response: HttpResponse = super().change_view(request, object_id, form_url, extra_context)  # type: ignore[misc]
        shown = (getattr(response, "context_data", None) or {}).get("original")
        if shown is not None:
            record_read(
                _who(request),
                "detail",
                via="admin",
                filters={},
                rows=1,
                object_type=self.model._meta.label_lower,  # type: ignore[attr-defined]
                object_id=str(getattr(shown, "seq", None) or getattr(shown, "size", None) or shown.pk),
            )
        return response


def _who(request: HttpRequest) -> Actor:
    return getattr(request, "actor", None) or Actor(None, "admin")


def _code(value: object) -> SafeString:
    """A code, key or digest shown as it is, marked as not to be translated."""
    return format_html('<span class="audit-code" translate="no">{}</span>', value)


def _value(value: Any) -> SafeString | str:
    """One payload value for people: yes/no for booleans, — for nothing, lists joined, codes as codes."""
    if isinstance(value, bool):
        return gettext("是") if value else gettext("否")
    if value is None or value == "":
        return "—"
    if isinstance(value, list):
        return format_html_join("、", "{}", ((_value(v),) for v in value)) if value else "—"
    if isinstance(value, dict):
        return payload_lines(value)
    text = str(value)
    return _code(text) if text.isascii() and any(c.isalpha() for c in text) else text


def payload_lines(data: Any) -> SafeString | str:
    """A before/after payload as ``key: value`` lines: keys by name where the log knows them (the others
    as they are, marked not to be translated), values as :func:`_value` shows them."""
    if data is None or data == {}:
        return "—"
    if not isinstance(data, dict):
        return _value(data)
    return format_html(
        '<dl class="audit-payload">{}</dl>',
        format_html_join(
            "",
            "<dt>{}</dt><dd>{}</dd>",
            ((key_label(k) or _code(k), _value(v)) for k, v in data.items()),
        ),
    )


class ActionFilter(admin.SimpleListFilter):
    """The actions present in the log, by their names."""

    title = _("操作")
    parameter_name = "action"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        codes = AuditEntry.objects.order_by().values_list("action", flat=True).distinct()
        return sorted(((c, action_label(c)) for c in codes), key=lambda pair: pair[1])

    def queryset(self, request: HttpRequest, queryset: Any) -> Any:
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(AuditEntry)
class AuditEntryAdmin(AuditedReads, ReadOnlyForAuditors, admin.ModelAdmin[AuditEntry]):
    """People by their names, roles and actions by theirs, payloads as lines; the action's code stays
    beside its name (an auditor searches and exports by it), marked as a code."""

    list_display = (
        "seq",
        "at",
        "actor",
        "roles",
        "court_code",
        "action_name",
        "outcome",
        "object",
        "address",
    )
    list_filter = ("outcome", ActionFilter, "court_code")
    search_fields = ("actor_name", "action", "object_id")
    date_hierarchy = "at"
    actions = None
    fields = (
        "seq",
        "at",
        "actor",
        "roles",
        "court_code",
        "action_name",
        "outcome",
        "object",
        "before_lines",
        "after_lines",
        "address",
        "leaf",
        "chain",
    )
    readonly_fields = fields

    class Media:
        css = {"all": ("zhiyuan/admin.css",)}

    def get_changelist_instance(self, request: HttpRequest) -> Any:
        changelist = super().get_changelist_instance(request)
        _name_people(list(changelist.result_list))
        return changelist

    def get_object(self, request: HttpRequest, object_id: str, from_field: str | None = None) -> Any:
        entry = super().get_object(request, object_id, from_field)
        if entry is not None:
            _name_people([entry])
        return entry

    @admin.display(description=_("操作人"), ordering="actor_name")
    def actor(self, obj: AuditEntry) -> SafeString | str:
        name = getattr(obj, "person_name", "")
        if name:
            return name
        if obj.actor_id is None:
            who = gettext("匿名访问") if obj.actor_name == "anonymous" else gettext("系统")
            return format_html("{}<br>{}", who, _code(obj.actor_name)) if obj.actor_name else who
        return _code(obj.actor_name)

    @admin.display(description=_("角色"))
    def roles(self, obj: AuditEntry) -> SafeString | str:
        codes, _sep, token = obj.actor_roles.partition(" token:")
        names = "、".join(role_label(c) for c in codes.split(",") if c) or "—"
        return format_html("{}（{} {}）", names, gettext("经接口令牌"), _code(token)) if token else names

    @admin.display(description=_("操作"), ordering="action")
    def action_name(self, obj: AuditEntry) -> SafeString:
        return format_html("{}<br>{}", action_label(obj.action), _code(obj.action))

    @admin.display(description=_("对象"), ordering="object_type")
    def object(self, obj: AuditEntry) -> SafeString | str:
        if not obj.object_type:
            return "—"
        try:
            kind: Any = apps.get_model(obj.object_type)._meta.verbose_name
        except (LookupError, ValueError):
            return format_html("{} {}", _code(obj.object_type), _code(obj.object_id))
        return format_html("{} {}", kind, _code(obj.object_id)) if obj.object_id else str(kind)

    @admin.display(description=_("变更前"))
    def before_lines(self, obj: AuditEntry) -> SafeString | str:
        return payload_lines(obj.before)

    @admin.display(description=_("变更后"))
    def after_lines(self, obj: AuditEntry) -> SafeString | str:
        return payload_lines(obj.after)

    @admin.display(description=_("来源地址"), ordering="ip")
    def address(self, obj: AuditEntry) -> SafeString | str:
        return _code(obj.ip) if obj.ip else "—"

    @admin.display(description=_("叶哈希"))
    def leaf(self, obj: AuditEntry) -> SafeString:
        return _code(obj.leaf_hash)

    @admin.display(description=_("链哈希"))
    def chain(self, obj: AuditEntry) -> SafeString:
        return _code(obj.chain_hash)


def _name_people(entries: list[AuditEntry]) -> None:
    """Put each entry's actor's present name on it (``person_name``): one query for a page of entries.
    The log keeps the account name; an account since removed keeps showing it."""
    ids = {e.actor_id for e in entries if e.actor_id is not None}
    people = get_user_model().objects.filter(pk__in=ids) if ids else []
    names = {u.pk: u.get_full_name() for u in people}
    for entry in entries:
        person = names.get(entry.actor_id, "") if entry.actor_id is not None else ""
        entry.person_name = person  # type: ignore[attr-defined]


@admin.register(AuditCheckpoint)
class AuditCheckpointAdmin(AuditedReads, ReadOnlyForAuditors, admin.ModelAdmin[AuditCheckpoint]):
    list_display = ("size", "root_hash", "at", "key")
    actions = None

    @admin.display(description=_("默克尔根"))
    def root_hash(self, obj: AuditCheckpoint) -> SafeString:
        return _code(obj.root)

    @admin.display(description=_("密钥"))
    def key(self, obj: AuditCheckpoint) -> SafeString:
        return _code(obj.key_id)
