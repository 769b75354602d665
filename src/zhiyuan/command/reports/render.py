"""The monthly report's two files from its figures (:mod:`zhiyuan.command.reports.figures`): the XLSX
(one sheet per table, numbers as numbers) and the DOCX, from the court's template or the built-in one
(:func:`builtin_template`): its text fields filled, the tables where ``{tables}`` stands and the charts
(:mod:`zhiyuan.command.reports.chart`) where ``{charts}`` stands."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext

from zhiyuan.command import export, labels
from zhiyuan.command.reports import chart
from zhiyuan.documents.docx import check_fields, court_document, fill, open_docx, paragraphs, save

#: the fields a report template may hold; ``court_name``, ``month`` and ``tables`` are required
FIELDS = ("court_name", "month", "summary", "tables", "charts", "issued_on", "document_number")
REQUIRED = ("court_name", "month", "tables")


def _value(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind == "amount":
        return Decimal(str(value))
    return value


def indicator_rows(f: dict[str, Any]) -> list[list[Any]]:
    """[name, value] for each indicator the command center shows, in its order."""
    out = []
    for key, (name, kind) in labels.INDICATORS.items():
        if key in f["indicators"]:
            out.append([str(name), _value(kind, f["indicators"][key])])
    return out


def _shown(kind: str, value: Any) -> str:
    if value is None:
        return "—"
    if kind == "rate":
        return labels.percent(value)
    if kind == "amount":
        return labels.yuan(value)
    return f"{value:,}" if isinstance(value, int) else str(value)


def sheets(f: dict[str, Any]) -> list[export.Sheet]:
    """The report's tables."""
    return [
        export.Sheet(gettext("主要指标"), [gettext("指标"), gettext("数值")], indicator_rows(f)),
        export.Sheet(
            gettext("各法院"),
            [gettext("法院代字"), gettext("法院"), gettext("收案数"), gettext("结案数"), gettext("存案数")],
            [[c["code"], c["name"], c["intake"], c["closed"], c["pending"]] for c in f["courts"]],
        ),
        export.Sheet(
            gettext("专项行动"),
            [gettext("专项行动"), gettext("结案数"), gettext("执行到位（元）")],
            [
                [c["name_zh"], c["cases_closed"], Decimal(str(c["amount_recovered"] or 0))]
                for c in f["campaigns"].values()
            ],
        ),
        export.Sheet(
            gettext("近12个月"),
            [gettext("月份"), gettext("收案数"), gettext("结案数"), gettext("存案数")],
            [[m["month"], m["intake"], m["closed"], m["pending"]] for m in f["trend"]],
        ),
    ]


def doc_tables(f: dict[str, Any]) -> list[tuple[str, Sequence[str], list[list[Any]]]]:
    """The tables as the DOCX shows them: the workbook's, with rates and amounts written out."""
    out = []
    for sheet in sheets(f):
        rows = [list(r) for r in sheet.rows]
        if sheet.title == gettext("主要指标"):
            kinds = [kind for key, (_, kind) in labels.INDICATORS.items() if key in f["indicators"]]
            rows = [[name, _shown(kind, value)] for (name, value), kind in zip(rows, kinds, strict=True)]
        out.append((sheet.title, sheet.header, rows))
    return out


def xlsx(f: dict[str, Any]) -> bytes:
    """The workbook."""
    content, _ = export.workbook(sheets(f))
    return content


def summary_text(f: dict[str, Any]) -> str:
    """The report's opening paragraph."""
    i = f["indicators"]
    return gettext(
        "%(month)s，%(court)s辖区受理执行实施案件%(intake)s件，执结%(closed)s件，月末未结%(pending)s件；"
        "执行到位金额%(amount)s，执行完毕率%(full)s，终本率%(tcp)s。"
    ) % {
        "month": f["month"],
        "court": f["court"]["name"],
        "intake": f"{i.get('intake', 0):,}",
        "closed": f"{i.get('closed', 0):,}",
        "pending": f"{i.get('pending', 0):,}",
        "amount": labels.yuan(i.get("recovered_amount")),
        "full": labels.percent(i.get("full_performance_rate")),
        "tcp": labels.percent(i.get("tcp_rate")),
    }


def builtin_template() -> bytes:
    """The shipped template: heading, summary, tables, charts, the court and date at the foot."""
    return court_document(
        "执行工作月报（{month}）",
        ["{summary}", "一、主要数据", "{tables}", "二、趋势图", "{charts}"],
        number_field="",
    )


def check_template(content: bytes) -> list[str]:
    """The fields a court's template uses (a template lacking a required one is refused)."""
    return check_fields(content, FIELDS, REQUIRED)


def _table(doc: Any, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> Any:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = str(text)
    for values in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            cell.text = "—" if value is None else str(value)
    return table


def _after(anchor: Any, elements: list[Any]) -> None:
    """Move ``elements`` (tables, paragraphs) right after the paragraph ``anchor``, in order."""
    for element in reversed(elements):
        anchor._p.addnext(element)


def charts(f: dict[str, Any]) -> list[tuple[str, bytes]]:
    """(caption, PNG) of each chart: the twelve-month trend and the courts below."""
    months = [m["month"] for m in f["trend"]]
    out = [
        (
            gettext("图1 近12个月收案数（蓝）与结案数（黄），%(first)s至%(last)s")
            % {"first": months[0] if months else "", "last": months[-1] if months else ""},
            chart.bars([[m["intake"] for m in f["trend"]], [m["closed"] for m in f["trend"]]]),
        )
    ]
    below = f["courts"][1:]
    if below:
        out.append(
            (
                gettext("图2 各法院结案数（蓝）与存案数（黄），自左至右：%(names)s")
                % {"names": "、".join(c["name"] for c in below)},
                chart.bars([[c["closed"] for c in below], [c["pending"] for c in below]]),
            )
        )
    return out


def docx(f: dict[str, Any], template: bytes | None, issued_on: dt.date) -> bytes:
    """The report as DOCX from ``template`` (None: the built-in one)."""
    from docx.shared import Cm

    doc = open_docx(template or builtin_template())
    anchors = {p.text.strip(): p for p in paragraphs(doc) if p.text.strip() in ("{tables}", "{charts}")}
    fill(
        doc,
        {
            "court_name": f["court"]["name"],
            "month": f["month"],
            "summary": summary_text(f),
            "issued_on": f"{issued_on:%Y年%m月%d日}",
            "document_number": "",
        },
        skip=("tables", "charts"),
    )
    if "{tables}" in anchors:
        elements: list[Any] = []
        for title, header, rows in doc_tables(f):
            head = doc.add_paragraph(title)
            table = _table(doc, header, rows)
            elements += [head._p, table._tbl]
        _after(anchors["{tables}"], elements)
    if "{charts}" in anchors:
        elements = []
        for words, png in charts(f):
            picture = doc.add_paragraph()
            picture.add_run().add_picture(io.BytesIO(png), width=Cm(15))
            text = doc.add_paragraph(words)
            elements += [picture._p, text._p]
        _after(anchors["{charts}"], elements)
    return save(doc)
