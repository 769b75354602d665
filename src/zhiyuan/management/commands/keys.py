"""``zhiyuan keys``: fresh secrets for a production environment file (printed, never stored)."""

from __future__ import annotations

import base64
import secrets
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from zhiyuan.privacy.keys import generate_keys


class Command(BaseCommand):
    help = "Print fresh ZHIYUAN_SECRET_KEY, field-encryption, blind-index and audit-signing keys."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cipher", default="aes-256-gcm", choices=["aes-256-gcm", "sm4-gcm"])

    def handle(self, *args: Any, **options: Any) -> None:
        values = {
            "ZHIYUAN_SECRET_KEY": secrets.token_urlsafe(50),
            **generate_keys(options["cipher"]),
            "ZHIYUAN_AUDIT_SIGNING_KEY": base64.b64encode(secrets.token_bytes(32)).decode(),
        }
        for name, value in values.items():
            self.stdout.write(f"{name}={value}")
