"""The case import's report (the platform's one import report, counting cases) and its progress bar."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from zhiyuan.inputs.report import ImportReport


@dataclass
class CaseImportReport(ImportReport[int]):
    """What a case import found and did: ``created`` and ``updated`` count cases."""

    created: int = 0
    updated: int = 0

    def sort(self, columns: tuple[str, ...]) -> None:
        """Errors by row, then by the column's place in the format (the file's own issues first)."""
        self.errors.sort(key=lambda i: (i.row or 0, columns.index(i.column) if i.column in columns else -1))


class Bar:
    """A rich progress bar on standard error, or nothing."""

    def __init__(self, enabled: bool) -> None:
        self.progress: Progress | None = None
        if enabled:
            self.progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=Console(stderr=True),
            )
            self.progress.start()
        self.task: Any = None

    def phase(self, description: str, total: int) -> None:
        """Complete the current phase and start the next."""
        if self.progress is not None:
            self.done()
            self.task = self.progress.add_task(description, total=max(total, 1))

    def advance(self, n: int = 1) -> None:
        if self.progress is not None and self.task is not None:
            self.progress.advance(self.task, n)

    def done(self) -> None:
        if self.progress is not None and self.task is not None:
            self.progress.update(self.task, completed=self.progress.tasks[-1].total)

    def stop(self) -> None:
        if self.progress is not None:
            self.progress.stop()
