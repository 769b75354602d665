"""The enforcement app's periodic jobs (found by the scheduler's discovery of ``<app>.tasks``)."""

from zhiyuan.enforcement.inquiries import tasks as inquiries_tasks
from zhiyuan.enforcement.measures import tasks as measures_tasks

__all__ = ["inquiries_tasks", "measures_tasks"]
