"""管理 (office only): import the roster, set passwords, choose the regulations that bind the organisation."""
from __future__ import annotations

from pathlib import Path

import gradio as gr

from store.auth import require_office
from store.errors import UserError
from ui import render
from ui.session import Page, problem

ROSTER_COLUMNS = ["姓名", "角色", "单位", "选区"]


def roster_rows(page: Page) -> list[list]:
    return [[p["name"], "、".join(p["roles"]), p["unit"], p.get("constituency") or ""]
            for p in page.core().roster_list()["people"]]


def regulation_choices(page: Page) -> list[tuple[str, str]]:
    """(label, id) of every regulation in the knowledge base."""
    try:
        docs = page.core().kb_list().get("documents") or []
    except UserError:  # the knowledge base is not built yet: offer the bundled five
        import yaml

        corpus = Path(__file__).resolve().parents[2] / "knowledge" / "corpus" / "documents.yaml"
        docs = [{"document": d["id"], "title": d["title"]}
                for d in yaml.safe_load(corpus.read_text(encoding="utf-8"))["documents"]]
    return [(f"{d['document']} {d.get('title') or ''}", str(d["document"])) for d in docs]


def build(page: Page):
    with gr.Accordion("导入花名册", open=True):
        gr.Markdown("CSV 或 XLSX，表头为“姓名,角色,单位,选区”（选区可空）；一人多个角色用“、”分隔。重复导入按姓名+单位更新，不会重复。")
        roster_file = gr.File(label="花名册文件", file_types=[".csv", ".xlsx"], elem_id="ua-admin-roster-file")
        do_import = gr.Button("导入", variant="primary", elem_id="ua-admin-import")
        import_note = gr.HTML("")
        roster = gr.Dataframe(headers=ROSTER_COLUMNS, value=[], interactive=False, wrap=True, label="花名册",
                              elem_id="ua-admin-roster", max_height=360)
    with gr.Accordion("设置登录密码", open=False):
        with gr.Row(equal_height=True):
            pw_name = gr.Textbox(label="姓名", elem_id="ua-admin-pw-name", min_width=100)
            pw_unit = gr.Textbox(label="单位（同名时填写）", elem_id="ua-admin-pw-unit", min_width=100)
            pw = gr.Textbox(label="新密码（至少6位）", type="password", elem_id="ua-admin-pw", min_width=120)
        set_pw = gr.Button("设置密码", variant="primary", elem_id="ua-admin-set-pw")
        pw_note = gr.HTML("")
    with gr.Accordion("适用的规定", open=False):
        gr.Markdown("本单位人员按哪些规定履职（履职任务和统计据此计算）。")
        regs = gr.CheckboxGroup(regulation_choices(page), label="规定", elem_id="ua-admin-regs")
        save_regs = gr.Button("保存", variant="primary", elem_id="ua-admin-save-regs")
        regs_note = gr.HTML("")

    def on_import(path: str | None, request: gr.Request):
        try:
            require_office(page.account(request), "导入花名册")
            if not path:
                raise UserError("请先选择花名册文件（.csv 或 .xlsx）。")
            result = page.core().roster_import(path)
            message = f"已导入 {result['rows']} 人：新增 {result['added']} 人，更新 {result['updated']} 人。"
            return render.notice(message, "ok"), roster_rows(page)
        except Exception as err:  # noqa: BLE001 (reported to the user, logged)
            return render.notice(problem(err)), gr.skip()

    def on_password(name: str, unit: str, password: str, request: gr.Request):
        try:
            require_office(page.account(request), "设置密码")
            if not (name or "").strip():
                raise UserError("请填写姓名。")
            result = page.core().set_password(name.strip(), password or "", unit=(unit or "").strip() or None)
            return render.notice(f"已为{result['unit']}的{result['name']}设置密码。", "ok"), ""
        except Exception as err:  # noqa: BLE001 (reported to the user, logged)
            return render.notice(problem(err)), gr.skip()

    def on_save_regs(ids: list[str], request: gr.Request):
        try:
            require_office(page.account(request), "设置适用的规定")
            saved = page.core().set_org_regulations(ids or [])
            return render.notice(f"已保存：适用 {'、'.join(saved)}。", "ok")
        except Exception as err:  # noqa: BLE001 (reported to the user, logged)
            return render.notice(problem(err))

    do_import.click(on_import, [roster_file], [import_note, roster], api_name="roster_import")
    set_pw.click(on_password, [pw_name, pw_unit, pw], [pw_note, pw], api_name="set_password")
    save_regs.click(on_save_regs, [regs], [regs_note], api_name="set_regulations")

    def on_open(request: gr.Request):
        try:
            require_office(page.account(request), "管理")
        except Exception as err:  # noqa: BLE001 (reported to the user, logged)
            return [], gr.update(), render.notice(problem(err))
        core = page.core()
        return roster_rows(page), gr.update(choices=regulation_choices(page), value=core.org_regulations()), ""

    return (roster, regs, import_note), on_open
