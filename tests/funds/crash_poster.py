"""The child of the kill -9 test: posts receipts to one case in a loop and prints ``<n> <posting id>``
after each commit (an acknowledgement), until it is killed. Run as its own process against the test's
database: ``python crash_poster.py CASE_NUMBER USERNAME`` (settings from the environment)."""

from __future__ import annotations

import datetime as dt
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhiyuan.settings")
django.setup()

from zhiyuan.accounts.models import User  # noqa: E402
from zhiyuan.cases.models import Case  # noqa: E402
from zhiyuan.funds import services  # noqa: E402


def main(number: str, username: str) -> None:
    case = Case.objects.get(case_number=number)
    user = User.objects.get(username=username)
    n = 0
    while True:
        n += 1
        booked = services.post_receipt(
            user, case, kind="voluntary", amount=f"{n}.01", on=dt.date(2026, 11, 10), key=f"crash-{n}"
        )
        print(n, booked.posting.pk, flush=True)  # after the commit: acknowledged


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
