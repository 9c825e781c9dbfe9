"""台账: choose a ledger, period and person/unit; preview it and download the .xlsx.

A representative gets only their own ledger; the office may pick a person, a unit or
(neither) the whole organisation.
"""
from __future__ import annotations

import re
import tempfile
from pathlib import Path

import gradio as gr

from store.auth import scope_person
from store.errors import UserError
from ui import render
from ui.session import Page, periods, problem

PREVIEW_ROWS = 30


def ledger_choices(page: Page) -> tuple[list[tuple[str, str]], str]:
    """(dropdown choices, "" or the notice to show when ledgers cannot be listed)."""
    try:
        listing = page.core().export_list()
    except Exception as err:  # noqa: BLE001 (reported to the user, logged)
        return [], render.notice(problem(err), "info")
    return [(f"{d.get('title') or d['name']}（{d['name']}）", d["name"]) for d in listing.get("ledgers") or []], ""


def preview(path: Path) -> list[list]:
    """The first rows of the workbook's first sheet, as the user will see them in Excel."""
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        rows = []
        for row in wb.worksheets[0].iter_rows(values_only=True):
            rows.append(["" if v is None else str(v) for v in row])
            if len(rows) >= PREVIEW_ROWS:
                break
    finally:
        wb.close()
    width = max((len(r) for r in rows), default=0)
    return [r + [""] * (width - len(r)) for r in rows]


def export(page: Page, name: str | None, period: str, person: str | None, unit: str | None, request: gr.Request):
    """(preview rows, file path, notice). Representatives are held to their own records."""
    try:
        account = page.account(request)
        if not name:
            raise UserError("请先选择要导出的台账。")
        period = (period or "").strip()
        if not period:
            raise UserError("请填写期间，例如 2026Q4、2026-11 或 2026。")
        unit = (unit or "").strip() or None
        who = scope_person(account, person)  # "姓名（单位）" for a namesake
        if not account.is_office:
            unit = None  # a representative's ledger is their own, never a unit's
        if who and unit:
            raise UserError("人员和单位只能选一个：选人员导出个人台账，选单位导出单位台账。")
        scope = who or unit or "全单位"
        safe = re.sub(r"[^\w\u4e00-\u9fff-]+", "_", f"{name}-{period}-{scope}")
        out = Path(tempfile.mkdtemp(prefix="ledger-")) / f"{safe}.xlsx"
        page.core().export(name, period, out, person=who, unit=unit)
        rows = preview(out)
        return rows, str(out), render.notice(f"已生成 {scope} {period} 的台账，可预览并下载。", "ok")
    except Exception as err:  # noqa: BLE001 (reported to the user, logged)
        return [], None, render.notice(problem(err))


def build(page: Page, people: list[str], units: list[str]):
    choices, _ = ledger_choices(page)
    today = page.core().today
    with gr.Row(equal_height=True):
        name = gr.Dropdown(choices, value=choices[0][1] if choices else None, label="台账", elem_id="ua-ledger-name",
                           min_width=200)
        period = gr.Textbox(value=periods(today)["quarter"], label="期间", placeholder="2026Q4 / 2026-11 / 2026",
                            elem_id="ua-ledger-period", min_width=120)
    with gr.Row(equal_height=True, visible=False) as office_row:
        person = gr.Dropdown(people, value=None, allow_custom_value=True, label="人员（个人台账）", elem_id="ua-ledger-person", min_width=120)
        unit = gr.Dropdown(units, value=None, allow_custom_value=True, label="单位（单位台账）", elem_id="ua-ledger-unit", min_width=120)
    make = gr.Button("生成台账", variant="primary", elem_id="ua-ledger-make")
    note = gr.HTML("")
    file = gr.File(label="下载台账（.xlsx）", interactive=False, elem_id="ua-ledger-file")
    table = gr.Dataframe(value=[], interactive=False, wrap=True, label="预览", elem_id="ua-ledger-preview")

    def on_export(n: str | None, p: str, who: str | None, u: str | None, request: gr.Request):
        rows, path, message = export(page, n, p, who, u, request)
        return rows, path, message

    make.click(on_export, [name, period, person, unit], [table, file, note], api_name="ledger_export")

    def on_open(request: gr.Request):
        fresh, message = ledger_choices(page)
        return (gr.update(choices=fresh, value=fresh[0][1]) if fresh else gr.update()), message

    return office_row, (name, note), on_open, (person, unit)
