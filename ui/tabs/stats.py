"""统计 (office only): completion per unit and per role for a period, as bar charts."""
from __future__ import annotations

import gradio as gr

from store.auth import require_office
from ui import render
from ui.session import Page, periods, problem

ALL = "全部单位"


def show(page: Page, period: str, unit: str | None, request: gr.Request) -> str:
    try:
        require_office(page.account(request), "统计")
        period = (period or "").strip() or None
        return render.overview_html(page.core().overview(period, None if unit in (None, "", ALL) else unit))
    except Exception as err:  # noqa: BLE001 (reported to the user, logged)
        return render.notice(problem(err))


def build(page: Page, units: list[str]):
    with gr.Row(equal_height=True):
        period = gr.Textbox(value=periods(page.core().today)["quarter"], label="期间", placeholder="2026Q4 / 2026-11 / 2026",
                            elem_id="ua-stats-period", min_width=120)
        unit = gr.Dropdown([ALL, *units], value=ALL, allow_custom_value=True, label="单位", elem_id="ua-stats-unit", min_width=120)
        go = gr.Button("统计", variant="primary", elem_id="ua-stats-go", min_width=80)
    chart = gr.HTML("", elem_id="ua-stats-chart")

    def on_show(p: str, u: str | None, request: gr.Request) -> str:
        return show(page, p, u, request)

    go.click(on_show, [period, unit], [chart], api_name="stats_overview")
    def on_open(request: gr.Request) -> str:
        return show(page, periods(page.core().today)["quarter"], None, request)

    return chart, on_open, unit
