"""``/enforcement/bankruptcy/screening/``: the screening list for transfer to bankruptcy (执转破)."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from zhiyuan.accounts.policy import authorize_any
from zhiyuan.enforcement.bankruptcy import selectors
from zhiyuan.law.errors import Denied
from zhiyuan.problems import in_words

READERS = frozenset({"enforcement:handle", "enforcement:terminate", "command:view"})


@require_GET
def screening(request: HttpRequest) -> HttpResponse:
    """Enterprise debtors of the user's courts with 终本 or stalled enforcement cases, across courts."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), "accounts:login")
    try:
        authorize_any(request.user, READERS, request)
    except Denied as err:
        return render(request, "zhiyuan/error.html", {"status": 403, "error": in_words(err)}, status=403)
    today = timezone.localdate()
    context = {
        "debtors": selectors.screening(request.user, today),
        "stalled_days": selectors.STALLED_DAYS,
    }
    return render(request, "enforcement/bankruptcy/screening.html", context)
