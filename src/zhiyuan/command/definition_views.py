"""``/command/definitions/``: what each figure of the command center means (``command.definitions``)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from zhiyuan.command import definitions
from zhiyuan.command.views import commander


@require_GET
@commander
def definitions_page(request: HttpRequest) -> HttpResponse:
    """Every figure with its anchor, name, definition and source."""
    return render(request, "command/definitions.html", {"definitions": definitions.every()})
