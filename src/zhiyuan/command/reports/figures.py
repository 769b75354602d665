"""The numbers of the monthly report, read through the same selectors as the command center's pages for
the same court and month: the governance indicators and campaigns of the district, the court tree (each
court below with intake, closed and pending) and the trend of the twelve months up to the month. A test
holds them to the overview's."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from zhiyuan.command import overview
from zhiyuan.command import selectors as command
from zhiyuan.courts.models import Court
from zhiyuan.governance.selectors import campaigns, monthly, report
from zhiyuan.law.errors import LawError

MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(text: str, today: dt.date) -> dt.date:
    """``YYYY-MM`` as the month's first day; a month after the current one is refused."""
    m = MONTH.match(text or "")
    month = None
    if m and 1 <= int(m.group(2)) <= 12 and int(m.group(1)) >= 1990:
        month = dt.date(int(m.group(1)), int(m.group(2)), 1)
    if month is None or month > today.replace(day=1):
        raise LawError(
            "report_month_invalid",
            f"月份“{text}”无效，应为 YYYY-MM 且不晚于本月。",
            f"The month '{text}' is not valid: use YYYY-MM, not after the current month.",
        )
    return month


def month_end(month: dt.date) -> dt.date:
    """The last day of ``month``."""
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def year_before(month: dt.date) -> dt.date:
    """The first day of the month eleven months before ``month`` (a twelve-month trend)."""
    year, index = divmod(month.year * 12 + month.month - 1 - 11, 12)
    return dt.date(year, index + 1, 1)


def figures(court: Court, month: dt.date, today: dt.date) -> dict[str, Any]:
    """The report's numbers as JSON: what the overview of ``court`` for the month shows."""
    start, end = month, month_end(month)
    ids = overview.district_ids(court)
    data = report(court_code=court.code, subtree=True, date_from=start, date_to=end, path="rollup")
    tree = command.court_tree(court, start, end, today).as_dict()
    names = {c.id: (c.name_zh, c.name_en) for c in campaigns()}
    return {
        "court": {"code": court.code, "name": court.name, "level": court.level},
        "month": f"{month:%Y-%m}",
        "period": {"from": start.isoformat(), "to": end.isoformat()},
        "indicators": data["indicators"],
        "campaigns": {
            key: {**value, "name_zh": names.get(key, (key, key))[0], "name_en": names.get(key, (key, key))[1]}
            for key, value in data["campaigns"].items()
        },
        "courts": [
            {k: node[k] for k in ("code", "name", "intake", "closed", "pending")}
            for node in [tree, *tree["children"]]
        ],
        "trend": [
            {k: row.get(k) for k in ("month", "intake", "closed", "pending")}
            for row in monthly(ids, year_before(month), end, path="rollup")
        ],
    }
