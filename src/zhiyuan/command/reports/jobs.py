"""The monthly report's background job, registered with the affairs center's job runner."""

from __future__ import annotations

from zhiyuan.affairs import jobs


def _run(report_id: int) -> str:
    from zhiyuan.command.reports.services import build

    return build(report_id)


def register() -> None:
    """Declare the report job's handler (``command.monthly_report``)."""
    jobs.register_handler("command.monthly_report", _run)
