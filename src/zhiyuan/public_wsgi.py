"""WSGI entry point of the public credit query service (``zhiyuan serve-public``)."""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhiyuan.settings")
django.setup(set_prefix=False)

from zhiyuan.operations.public_service import PublicQueryService  # noqa: E402  (after Django is set up)

application = PublicQueryService()
