"""Sign-in pages: password, second factor (TOTP) with enrolment, password change, sign-out, my account.

Failed sign-ins are counted by django-axes per account and client address (``accounts.throttling``); a
locked pair gets :func:`locked_out` (``AXES_LOCKOUT_CALLABLE``, through ``axes.middleware.AxesMiddleware``)
whether the account exists or not."""

from __future__ import annotations

from typing import Any

import segno
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from zhiyuan.accounts import profiles, services, throttling
from zhiyuan.accounts.forms import LoginForm, PasswordForm, TokenForm
from zhiyuan.accounts.matrix import matrix
from zhiyuan.accounts.models import User
from zhiyuan.accounts.selectors import actor
from zhiyuan.audit.models import Outcome
from zhiyuan.audit.services import record
from zhiyuan.law.errors import LawError

PENDING = "zhiyuan_pending_user"
PENDING_SINCE = "zhiyuan_pending_since"
NEXT = "zhiyuan_next"
#: the backend that checked the password (django-axes' backend before it only refuses locked pairs)
PASSWORD_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _next(request: HttpRequest) -> str:
    target = request.session.get(NEXT) or request.GET.get("next") or "/"
    ok = url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure())
    return target if ok else "/"


def login_view(request: HttpRequest) -> HttpResponse:
    """Step 1: username and password (throttled per account and address, see ``accounts.throttling``)."""
    form = LoginForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        user = authenticate(
            request, username=form.cleaned_data["username"], password=form.cleaned_data["password"]
        )
        if user is None:
            error = _("用户名或密码错误。")  # a locked pair is answered by locked_out() instead
        else:
            request.session[NEXT] = request.GET.get("next", "/")
            if user.requires_second_factor or TOTPDevice.objects.filter(user=user, confirmed=True).exists():
                request.session[PENDING] = user.pk
                request.session[PENDING_SINCE] = int(timezone.now().timestamp())
                return redirect("accounts:otp")
            login(request, user, backend=PASSWORD_BACKEND)
            return redirect(_next(request))
    return render(request, "accounts/login.html", {"form": form, "error": error})


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """The answer to a locked (account, address) pair: the sign-in page with the time the lock ends, the
    same for an unknown user name as for a real account (429 Too Many Requests)."""
    username = str((credentials or {}).get("username") or request.POST.get("username", ""))
    until = throttling.locked_until(username, throttling.client_address(request))
    until = until or timezone.now() + throttling.cool_off()
    error = _("登录失败次数过多，此地址的登录已锁定至 %(until)s。") % {
        "until": timezone.localtime(until).strftime("%H:%M")
    }
    context = {"form": LoginForm(initial={"username": username}), "error": error}
    return render(request, "accounts/login.html", context, status=429)


def _pending_user(request: HttpRequest) -> User | None:
    """The user who passed step 1 in this session, within the profile's idle time."""
    pending = request.session.get(PENDING)
    since = request.session.get(PENDING_SINCE)
    if not isinstance(pending, int) or not isinstance(since, int):
        return None
    if timezone.now().timestamp() - since > profiles.current().idle_minutes * 60:
        return None
    return User.objects.filter(pk=pending).first()


def otp_view(request: HttpRequest) -> HttpResponse:
    """Step 2: the TOTP code; first-time users who must have one enrol here."""
    user = _pending_user(request)
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
        if throttling.is_locked(request, user.username):  # refused without looking at the code
            throttling.second_factor_failed(request, user.username)
            _end_pending(request)
            return redirect("accounts:login")  # replaced by locked_out() (axes' middleware)
        allowed, _why = device.verify_is_allowed()
        if allowed and device.verify_token(form.cleaned_data["token"]):
            if enrolling:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                record(actor(user, request), "auth.second_factor.enrol", obj=user)
            _end_pending(request)
            target = _next(request)
            login(request, user, backend=PASSWORD_BACKEND)
            otp_login(request, device)
            return redirect(target)
        record(
            actor(None, request),
            "auth.second_factor_failed",
            obj=user,
            outcome=Outcome.FAILURE,
            after={"username": user.username},
        )
        if throttling.second_factor_failed(request, user.username):
            _end_pending(request)  # the locked pair starts again with the password, after the lock
            return redirect("accounts:login")  # replaced by locked_out() (axes' middleware)
        error = _("动态口令不正确或已过期。") if allowed else _("尝试次数过多，请稍后再试。")
    context: dict[str, Any] = {"form": form, "error": error, "enrolling": enrolling}
    if enrolling:
        context["qr_svg"] = segno.make(device.config_url, error="m").svg_inline(scale=4)
        context["secret"] = device.bin_key.hex()
        context["config_url"] = device.config_url
    return render(request, "accounts/otp.html", context)


def _end_pending(request: HttpRequest) -> None:
    request.session.pop(PENDING, None)
    request.session.pop(PENDING_SINCE, None)


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


@login_required(login_url="accounts:login")
@require_POST
def enrol_view(request: HttpRequest) -> HttpResponse:
    """Enrol a second factor though one's role does not require it at sign-in (approvers: the law asks an
    approval to carry a second factor). The password was checked at this sign-in; the session ends and the
    code step (``otp_view``) enrols the device and signs in again, verified. Nothing to do when a device
    is enrolled already (the next sign-in asks for its code)."""
    user: User = request.user  # type: ignore[assignment]
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect("accounts:me")
    logout(request)
    request.session[PENDING] = user.pk
    request.session[PENDING_SINCE] = int(timezone.now().timestamp())
    request.session[NEXT] = request.POST.get("next") or "/accounts/me/"
    return redirect("accounts:otp")
