"""Password validation by the profile in force (bilingual messages)."""

from __future__ import annotations

import string
from typing import Any

from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError

from zhiyuan.accounts import profiles

CLASSES = (string.ascii_lowercase, string.ascii_uppercase, string.digits)


def character_classes(password: str) -> int:
    """How many of the four classes (lower, upper, digit, other) the password uses."""
    used = sum(any(c in cls for c in password) for cls in CLASSES)
    return used + any(not any(c in cls for cls in CLASSES) for c in password)


class ProfilePasswordValidator:
    """Length, composition and breached-password rules of the current profile."""

    def validate(self, password: str, user: Any = None) -> None:
        p = profiles.current()
        errors = []
        if len(password) < p.min_length:
            errors.append(
                ValidationError(
                    f"密码至少 {p.min_length} 个字符 (at least {p.min_length} characters).",
                    code="password_too_short",
                )
            )
        if len(password) > p.max_length:
            errors.append(
                ValidationError(
                    f"密码最多 {p.max_length} 个字符 (at most {p.max_length} characters).",
                    code="password_too_long",
                )
            )
        if p.min_classes and character_classes(password) < p.min_classes:
            errors.append(
                ValidationError(
                    f"密码须包含大写字母、小写字母、数字、符号中的至少 {p.min_classes} 类 "
                    f"(use at least {p.min_classes} of: lower case, upper case, digits, symbols).",
                    code="password_too_simple",
                )
            )
        if p.breached_check:
            try:
                CommonPasswordValidator().validate(password)
            except ValidationError:
                errors.append(
                    ValidationError(
                        "该密码出现在泄露密码列表中 (this password appears in a breached list).",
                        code="password_breached",
                    )
                )
        username = str(getattr(user, "username", "") or "")
        if len(username) >= 3 and username.lower() in password.lower():
            errors.append(
                ValidationError(
                    "密码不得包含用户名 (the password must not contain the username).",
                    code="password_contains_username",
                )
            )
        if errors:
            raise ValidationError(errors)

    def get_help_text(self) -> str:
        p = profiles.current()
        classes = f"，至少包含 {p.min_classes} 类字符" if p.min_classes else ""
        return f"至少 {p.min_length} 个字符{classes}。"
