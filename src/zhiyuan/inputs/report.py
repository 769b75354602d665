"""What a file import found and did: one report for every import of a table (cases, the mediation register).

An :class:`Issue` is an error or a warning at a data row (the header is row 1; ``None`` for the whole file)
and column, with a stable code and a message in both languages. An :class:`ImportReport` counts the rows
read, created, updated, unchanged and invalid, says whether anything was written, lists the issues and
names the text encoding a CSV was read in. An import counts ``created`` and ``updated`` either as one
number (:class:`ImportReport` ``[int]``, the cases) or per table (``[dict[str, int]]``, the register's
organizations and mediators); the JSON form is the same otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

#: how an import counts what it created and updated: one number, or one per table
Count = TypeVar("Count", int, dict[str, int])


@dataclass(frozen=True, slots=True)
class Issue:
    """An error or warning: data row (the header is row 1; None for the whole file), column, code."""

    row: int | None
    column: str | None
    code: str
    message_zh: str
    message_en: str

    def as_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "row": self.row,
            "column": self.column,
            "code": self.code,
            "message_zh": self.message_zh,
            "message_en": self.message_en,
        }


class FileProblem(Exception):
    """The file as a whole cannot be read (format, encoding, CSV syntax): reported as its one issue."""

    def __init__(self, issue: Issue) -> None:
        super().__init__(issue.message_en)
        self.issue = issue


@dataclass
class ImportReport(Generic[Count]):
    """What an import found and did; ``created`` and ``updated`` are counted as :data:`Count` says."""

    created: Count
    updated: Count
    rows: int = 0
    unchanged: int = 0
    invalid: int = 0
    written: bool = False
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    #: the text encoding a CSV file was read in (``utf-8``, ``utf-8-sig`` with a BOM, ``gb18030`` — which
    #: covers GBK and GB2312); "" for an XLSX file or a file that could not be read
    encoding: str = ""

    @property
    def ok(self) -> bool:
        """No errors at all (with ``skip_invalid`` the file may be written and still not ok)."""
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        """JSON form (the CLIs' ``--json`` output and the API's answer)."""
        return {
            "ok": self.ok,
            "written": self.written,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "invalid": self.invalid,
            "encoding": self.encoding,
            "errors": [i.as_dict() for i in self.errors],
            "warnings": [i.as_dict() for i in self.warnings],
        }
