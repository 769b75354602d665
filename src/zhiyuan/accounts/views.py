"""Sign-in pages: password, second factor (TOTP) with enrolment, password change, sign-out, my account."""

from __future__ import annotations

from typing import Any

import segno
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from zhiyuan.accounts import profiles, services
from zhiyuan.accounts.forms import LoginForm, PasswordForm, TokenForm
from zhiyuan.accounts.matrix import matrix
from zhiyuan.accounts.models import User
from zhiyuan.accounts.selectors import actor
from zhiyuan.audit.models import Outcome
from zhiyuan.audit.services import record
from zhiyuan.law.errors import LawError

PENDING = "zhiyuan_pending_user"
NEXT = "zhiyuan_next"


def _next(request: HttpRequest) -> str:
    target = request.session.get(NEXT) or request.GET.get("next") or "/"
    ok = url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure())
    return target if ok else "/"


def login_view(request: HttpRequest) -> HttpResponse:
    """Step 1: username and password (lockout by the profile)."""
    form = LoginForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        user = authenticate(
            request, username=form.cleaned_data["username"], password=form.cleaned_data["password"]
        )
        if user is None:
            if getattr(request, "login_failure", "") == "locked":
                until = request.locked_until.astimezone().strftime("%H:%M")  # type: ignore[attr-defined]
                error = _("登录失败次数过多，账号已锁定至 %(until)s。") % {"until": until}
            else:
                error = _("用户名或密码错误。")
        else:
            request.session[NEXT] = request.GET.get("next", "/")
            if user.requires_second_factor or TOTPDevice.objects.filter(user=user, confirmed=True).exists():
                request.session[PENDING] = user.pk
                return redirect("accounts:otp")
            login(request, user, backend="zhiyuan.accounts.backends.LockoutBackend")
            return redirect(_next(request))
    return render(request, "accounts/login.html", {"form": form, "error": error})


def otp_view(request: HttpRequest) -> HttpResponse:
    """Step 2: the TOTP code; first-time users who must have one enrol here."""
    pending = request.session.get(PENDING)
    user = User.objects.filter(pk=pending).first() if isinstance(pending, int) else None
    if user is None:
        return redirect("accounts:login")
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    enrolling = device is None
    if enrolling:
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first() or TOTPDevice.objects.create(
            user=user, name="TOTP", confirmed=False
        )
    form = TokenForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        allowed, _why = device.verify_is_allowed()
        if allowed and device.verify_token(form.cleaned_data["token"]):
            if enrolling:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                record(actor(user, request), "auth.second_factor.enrol", obj=user)
            del request.session[PENDING]
            target = _next(request)
            login(request, user, backend="zhiyuan.accounts.backends.LockoutBackend")
            otp_login(request, device)
            return redirect(target)
        record(
            actor(None, request),
            "auth.second_factor_failed",
            obj=user,
            outcome=Outcome.FAILURE,
            after={"username": user.username},
        )
        error = _("动态口令不正确或已过期。") if allowed else _("尝试次数过多，请稍后再试。")
    context: dict[str, Any] = {"form": form, "error": error, "enrolling": enrolling}
    if enrolling:
        context["qr_svg"] = segno.make(device.config_url, error="m").svg_inline(scale=4)
        context["secret"] = device.bin_key.hex()
        context["config_url"] = device.config_url
    return render(request, "accounts/otp.html", context)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    """Sign out (POST only, CSRF-protected)."""
    logout(request)
    return redirect("accounts:login")


@login_required(login_url="accounts:login")
def password_view(request: HttpRequest) -> HttpResponse:
    """Change one's password (forced when it has expired under the profile)."""
    form = PasswordForm(request.POST or None)
    error = ""
    expired = request.user.password_expired(profiles.current().max_age_days)  # type: ignore[union-attr]
    if request.method == "POST" and form.is_valid():
        try:
            services.change_password(
                request.user,
                form.cleaned_data["old"],
                form.cleaned_data["new"],
                request=request,
            )
        except LawError as err:
            error = err.message_zh if request.LANGUAGE_CODE != "en" else err.message_en
        else:
            update_session_auth_hash(request, request.user)  # type: ignore[arg-type]
            return redirect("accounts:me")
    return render(
        request,
        "accounts/password.html",
        {"form": form, "error": error, "expired": expired, "profile": profiles.current()},
    )


@login_required(login_url="accounts:login")
def me_view(request: HttpRequest) -> HttpResponse:
    """My account: roles, permissions, second factor."""
    user: User = request.user  # type: ignore[assignment]
    m = matrix()
    roles = [m.roles[r] for r in sorted(user.role_codes) if r in m.roles]
    perms = [(p, m.permissions[p]) for p in sorted(user.permissions)]
    has_device = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    return render(
        request,
        "accounts/me.html",
        {"roles": roles, "perms": perms, "has_device": has_device, "profile": profiles.current()},
    )
