"""Sign-in forms."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zhiyuan.inputs.text import LineField


class LoginForm(forms.Form):
    username = LineField(label=_("用户名"), max_length=150)
    password = LineField(label=_("密码"), widget=forms.PasswordInput, max_length=256)


class TokenForm(forms.Form):
    token = forms.RegexField(
        label=_("动态口令"),
        regex=r"^\d{6}$",
        max_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class PasswordForm(forms.Form):
    old = LineField(label=_("原密码"), widget=forms.PasswordInput, max_length=256)
    new = LineField(label=_("新密码"), widget=forms.PasswordInput, max_length=256)
    again = LineField(label=_("再次输入新密码"), widget=forms.PasswordInput, max_length=256)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("new") != data.get("again"):
            raise forms.ValidationError(_("两次输入的新密码不一致。"))
        return data
