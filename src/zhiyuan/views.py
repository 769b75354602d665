"""Shell pages: the home page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from zhiyuan.courts import selectors
from zhiyuan.law.rules import RULES


def home(request: HttpRequest) -> HttpResponse:
    """What the platform is, what is loaded, and where to go."""
    courts = selectors.courts()
    context = {
        "court_counts": {
            level: courts.filter(level=level).count() for level in ("high", "intermediate", "basic")
        },
        "rules": RULES.values(),
    }
    return render(request, "zhiyuan/home.html", context)
