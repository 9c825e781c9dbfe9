"""The page: Gradio Blocks with login, one tab per module under ui/tabs/.

`build(core)` assembles the tabs; `serve(core, host, port)` starts the server with
login (people with a password set by the union office). Office-only tabs are shown
to the office, and every handler checks the account again on the server.
"""
from __future__ import annotations

import gradio as gr

import store  # noqa: F401  (offline environment before gradio/chroma load)
from assistant.core import Core
from store.auth import LoginThrottle
from store.people import display_names
from ui import render
from ui.session import Page, problem
from ui.tabs import admin, chat, knowledge, ledgers, opinions, stats, tasks

TITLE = "工会联系职工助手"
MAX_FILE_SIZE = "20mb"

CSS = """
.gradio-container { max-width: 1100px !important; margin: 0 auto; }
#ua-header { display: flex; align-items: center; justify-content: space-between; gap: 8px; flex-wrap: wrap; }
#ua-header h1 { font-size: 1.35rem; margin: 0; }
.ua-user { color: var(--body-text-color-subdued); font-size: .9rem; }
.ua-notice { padding: 6px 10px; border-radius: 6px; margin: 4px 0; }
.ua-error { background: #fdecea; color: #a61b1b; }
.ua-ok { background: #e8f5e9; color: #1b5e20; }
.ua-info { background: #eef3fb; color: #234a87; }
.ua-muted { color: var(--body-text-color-subdued); font-size: .9rem; margin: 4px 0; }
.ua-empty { color: var(--body-text-color-subdued); padding: 4px 0; }
.ua-h { font-size: 1.05rem; margin: 14px 0 6px; }
.ua-req { border-left: 5px solid; border-radius: 6px; padding: 8px 10px; margin: 6px 0; }
.ua-met { border-color: #2e7d32; background: #eef7ee; }
.ua-unmet { border-color: #c62828; background: #fdf0f0; }
.ua-remind { border-color: #9e9e9e; background: #f5f5f5; }
.ua-met .ua-status { color: #1b5e20; font-weight: 600; }
.ua-unmet .ua-status { color: #b71c1c; font-weight: 600; }
.ua-req-head { display: flex; justify-content: space-between; font-weight: 600; }
.ua-period { color: var(--body-text-color-subdued); font-weight: 400; }
.ua-rule { margin: 2px 0; }
.ua-cite { margin: 4px 0; font-size: .92rem; }
.ua-cite summary { cursor: pointer; color: #234a87; }
.ua-cite blockquote, .ua-hit blockquote { margin: 4px 0 4px 4px; padding: 4px 8px; border-left: 3px solid #c5cfe0;
  background: rgba(127,127,127,.06); white-space: pre-wrap; }
.ua-hit { margin: 8px 0; }
.ua-hit-head { font-weight: 600; }
.ua-answer { margin: 6px 0 10px; line-height: 1.6; }
mark { background: #ffe58f; padding: 0 1px; }
.ua-card { border: 1px solid #f0c36d; background: #fffaf0; border-radius: 8px; padding: 8px 12px; margin: 2px 0 8px;
  color: #3b2f00; }
.ua-card-title { font-weight: 600; margin-bottom: 6px; padding-bottom: 4px; border-bottom: 1px dashed #f0c36d; }
.ua-card-row { display: flex; gap: 8px; padding: 2px 0; line-height: 1.5; }
.ua-card-label { flex: 0 0 4.5em; color: #7a5b00; }
.ua-card-value { flex: 1 1 auto; min-width: 0; word-break: break-all; }
.ua-card-row.ua-missing .ua-card-value { color: #b71c1c; font-weight: 600; }
.ua-card-text { padding: 1px 0; line-height: 1.5; word-break: break-all; }
.ua-card-note { font-size: .85rem; color: #7a5b00; margin-top: 6px; }
mark.ua-unknown { background: #ffd6d6; color: #8a1010; border-radius: 3px; padding: 0 3px; }
.ua-reply { margin-top: 2px; }
.ua-saved { color: #1b5e20; margin-top: 4px; }
.ua-bars { display: flex; flex-direction: column; gap: 6px; }
.ua-bar-row { display: grid; grid-template-columns: 7em 1fr 3.5em 11em; align-items: center; gap: 8px; }
.ua-bar-detail { font-size: .8rem; color: var(--body-text-color-subdued); white-space: nowrap; }
.ua-table-wrap { overflow-x: auto; }
.ua-table { border-collapse: collapse; width: 100%; font-size: .9rem; }
.ua-table th, .ua-table td { border-bottom: 1px solid #e5e7eb; padding: 4px 6px; text-align: left; }
.ua-bar { background: #eceff1; border-radius: 4px; height: 16px; overflow: hidden; }
.ua-bar-fill { background: #1e88e5; height: 100%; }
.ua-bar-label { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.ua-bar-value { font-size: .85rem; white-space: nowrap; }
#ua-quick { gap: 6px; flex-wrap: wrap; }
#ua-quick button { flex: 0 1 auto; }
#ua-header > * { min-width: 0 !important; }
#ua-logout { white-space: nowrap; flex: 0 0 auto !important; }
#ua-tabs .tab-container { overflow-x: auto; flex-wrap: nowrap; scrollbar-width: none; }
#ua-tabs .tab-container button { flex: 0 0 auto; white-space: nowrap; }
@media (max-width: 640px) {
  #ua-header { flex-wrap: nowrap; }
  .ua-user { font-size: .8rem; }
  #ua-header h1 { font-size: 1.1rem; }
  #ua-chat { height: 55vh !important; }
  .ua-bar-row { grid-template-columns: 5em 1fr 3em; }
  .ua-bar-detail { grid-column: 2 / 4; }
  #ua-tabs .tab-container button { padding-left: 8px; padding-right: 8px; }
  .table-wrap, .table-container { overflow-x: auto; }
  button { min-width: 0 !important; }
}
"""


# Gradio scopes `css` to the app's content; the frame around it (padding of .main) is set here.
HEAD = """<style>
@media (max-width: 640px) {
  gradio-app .gradio-container { width: 100% !important; max-width: 100vw !important; min-width: 0 !important; }
  .gradio-container .main.fillable { padding: 0 6px !important; min-width: 0 !important; box-sizing: border-box;
    width: 100% !important; }
  .gradio-container .main .wrap { min-width: 0 !important; max-width: 100% !important; }
}
</style>"""


def _theme() -> gr.themes.Base:
    # System fonts only: the default theme would fetch web fonts, and the page runs offline.
    fonts = ["PingFang SC", "Microsoft YaHei", "WenQuanYi Zen Hei", "Noto Sans CJK SC", "system-ui", "sans-serif"]
    return gr.themes.Soft(font=fonts, font_mono=["ui-monospace", "monospace"])


def build(core: Core) -> gr.Blocks:
    page = Page.for_core(core)
    with gr.Blocks(title=TITLE, analytics_enabled=False) as demo:
        with gr.Row(elem_id="ua-header"):
            gr.HTML(f"<h1>{TITLE}</h1>", padding=False)
            user = gr.HTML("", elem_id="ua-user", padding=False)
            gr.Button("退出登录", link="/logout", size="sm", elem_id="ua-logout", scale=0, min_width=80)
        with gr.Tabs(elem_id="ua-tabs"):
            with gr.Tab("对话", id="chat", elem_id="ua-tab-chat"):
                chat.build(page)
            with gr.Tab("我的任务", id="tasks", elem_id="ua-tab-tasks") as tasks_tab:
                task_person, task_board, task_show = tasks.build(page, [])
            with gr.Tab("意见与提案", id="opinions", elem_id="ua-tab-opinions") as opinions_tab:
                op_person, op_office, op_outputs, op_open = opinions.build(page, [])
            with gr.Tab("台账", id="ledgers", elem_id="ua-tab-ledgers") as ledgers_tab:
                ledger_office, ledger_outputs, ledger_open, (ledger_person, ledger_unit) = ledgers.build(page, [], [])
            with gr.Tab("知识库", id="knowledge", elem_id="ua-tab-knowledge") as kb_tab:
                kb_office, kb_outputs, kb_open = knowledge.build(page)
            with gr.Tab("统计", id="stats", elem_id="ua-tab-stats", visible=False) as stats_tab:
                stats_chart, stats_open, stats_unit = stats.build(page, [])
            with gr.Tab("管理", id="admin", elem_id="ua-tab-admin", visible=False) as admin_tab:
                admin_outputs, admin_open = admin.build(page)

        def on_load(request: gr.Request):
            """Who is here decides what is shown: office tabs and person pickers for the office only."""
            try:
                account = page.account(request)
            except Exception as err:  # noqa: BLE001 (reported to the user, logged)
                hidden = gr.update(visible=False)
                return [render.notice(problem(err)), *[hidden] * 8, *[gr.skip()] * 3]
            office = account.is_office
            roster = page.core().roster_list()["people"]
            # The roster's names go to the office only (the pickers stay hidden and empty for others).
            names = display_names([(p["name"], p["unit"]) for p in roster]) if office else []  # 李娜（装配车间）
            units = list(dict.fromkeys(p["unit"] for p in roster)) if office else []
            picker = gr.update(visible=office, choices=names, value=None)
            label = f'<span class="ua-user">当前用户：{render.esc(account.label())}{"　工会办公室" if office else ""}</span>'
            return [
                label,
                gr.update(visible=office),  # stats tab
                gr.update(visible=office),  # admin tab
                picker,  # tasks person
                picker,  # opinions person
                gr.update(visible=office),  # opinions office accordion
                gr.update(visible=office),  # ledger person/unit row
                gr.update(visible=office),  # kb upload
                gr.update(visible=office),  # kb rules
                gr.update(choices=names, value=None),  # ledger person
                gr.update(choices=units, value=None),  # ledger unit
                gr.update(choices=[stats.ALL, *units], value=stats.ALL),  # stats unit
            ]

        demo.load(on_load, None,
                  [user, stats_tab, admin_tab, task_person, op_person, op_office, ledger_office, *kb_office,
                   ledger_person, ledger_unit, stats_unit],
                  api_visibility="private").then(task_show, None, [task_board], api_visibility="private")

        tasks_tab.select(task_show, None, [task_board], api_visibility="private")
        opinions_tab.select(op_open, None, list(op_outputs), api_visibility="private")
        ledgers_tab.select(ledger_open, None, list(ledger_outputs), api_visibility="private")
        kb_tab.select(kb_open, None, list(kb_outputs), api_visibility="private")
        stats_tab.select(stats_open, None, [stats_chart], api_visibility="private")
        admin_tab.select(admin_open, None, list(admin_outputs), api_visibility="private")
    return demo


def launch(core: Core, host: str = "127.0.0.1", port: int = 7860, block: bool = True) -> gr.Blocks:
    """Start the page. With block=False the server runs in a thread and the Blocks is returned."""
    demo = build(core)
    url = core.url
    throttle = LoginThrottle()  # 5 wrong passwords for one name → that name waits 15 minutes
    demo.queue(default_concurrency_limit=8)
    demo.launch(
        server_name=host,
        server_port=port,
        auth=lambda username, password: throttle.authenticate(url, username, password) is not None,
        auth_message="请输入姓名和工会办公室为您设置的密码。同名人员请输入“姓名@单位”。",
        max_file_size=MAX_FILE_SIZE,
        prevent_thread_lock=not block,
        footer_links=[],
        show_error=False,
        quiet=True,
        ssr_mode=False,
        theme=_theme(),
        css=CSS,
        head=HEAD,
    )
    return demo


def serve(core: Core, host: str = "127.0.0.1", port: int = 7860) -> None:
    """`union-assistant serve`: run the page until interrupted."""
    launch(core, host, port, block=True)
