"""意见与提案: the opinions table (filterable), status changes by the office, proposal drafts.

A representative sees the opinions of their own records; the office sees everyone's
and moves statuses. A draft opens in an editable box and downloads as .docx.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

import gradio as gr

from store.auth import require_office, scope_person
from store.errors import UserError
from store.schemas import OPINION_STATUSES
from ui import render
from ui.session import Page, problem, skip

ALL = "全部"


def list_opinions(page: Page, status: str | None, person: str | None, overdue_only: bool,
                  request: gr.Request) -> tuple[list[list], str]:
    try:
        account = page.account(request)
        who = scope_person(account, person)  # "姓名（单位）" for a namesake
        listing = page.core().opinions_list(status=None if status in (None, "", ALL) else status, person=who)
        rows = render.opinion_rows(listing, overdue_only=bool(overdue_only))
        scope = "全部人员" if who is None else who
        return rows, render.notice(f"{scope}：共 {len(rows)} 条", "info")
    except Exception as err:  # noqa: BLE001 (reported to the user, logged)
        return [], render.notice(problem(err))


def build(page: Page, people: list[str]):
    with gr.Row(equal_height=True):
        status = gr.Dropdown([ALL, *OPINION_STATUSES], value=ALL, label="状态", elem_id="ua-op-status", min_width=120)
        person = gr.Dropdown(people, value=None, allow_custom_value=True, label="人员", visible=False,
                             elem_id="ua-op-person", min_width=120)
        overdue = gr.Checkbox(label="只看超期", elem_id="ua-op-overdue", min_width=100)
        refresh = gr.Button("查询", elem_id="ua-op-refresh", min_width=80)
    note = gr.HTML("")
    table = gr.Dataframe(headers=render.OPINION_COLUMNS, value=[], interactive=False, wrap=True,
                         elem_id="ua-op-table", label="意见建议")

    with gr.Accordion("办理状态变更（工会办公室）", open=False, visible=False, elem_id="ua-op-office") as office:
        with gr.Row(equal_height=True):
            op_id = gr.Number(label="意见编号", precision=0, minimum=1, min_width=100)
            new_status = gr.Dropdown(list(OPINION_STATUSES), label="新状态", min_width=120)
        reason = gr.Textbox(label="说明（办理结果、退回原因等，可空）", lines=2)
        change = gr.Button("更新状态", variant="primary", elem_id="ua-op-change")
        change_note = gr.HTML("")

    with gr.Accordion("起草提案", open=False, elem_id="ua-draft-box"):
        request_text = gr.Textbox(label="提案要点", lines=3, elem_id="ua-draft-request",
                                  placeholder="例如：帮我起草一个关于夜班食堂热饭的提案")
        make = gr.Button("起草", variant="primary", elem_id="ua-draft-make")
        draft_state = gr.State(None)
        draft_text = gr.Textbox(label="提案草稿（可直接修改）", lines=14, elem_id="ua-draft-text")
        draft_cites = gr.HTML("")
        download = gr.Button("下载 Word 文档（.docx）", elem_id="ua-draft-download")
        docx_file = gr.File(label="提案文档", interactive=False, elem_id="ua-draft-file")
        draft_note = gr.HTML("")

    def on_list(st: str, who: str | None, only_overdue: bool, request: gr.Request):
        return list_opinions(page, st, who, only_overdue, request)

    def on_change(st: str, who: str | None, only_overdue: bool, oid: float | None, to: str | None, why: str,
                  request: gr.Request):
        try:
            account = page.account(request)
            require_office(account, "办理状态变更")
            if not oid or not to:
                raise UserError("请填写意见编号并选择新状态。")
            page.core().opinion_status(int(oid), to, actor=account.id, reason=(why or "").strip() or None)
            rows, _ = list_opinions(page, st, who, only_overdue, request)
            return rows, render.notice(f"第{int(oid)}条意见已改为“{to}”。", "ok")
        except Exception as err:  # noqa: BLE001 (reported to the user, logged)
            return gr.skip(), render.notice(problem(err))

    def on_draft(text: str, request: gr.Request):
        try:
            account = page.account(request)
            if not (text or "").strip():
                raise UserError("请先写下提案要点，例如“帮我起草一个关于夜班食堂热饭的提案”。")
            draft = page.core().draft_proposal(account.qualified, text.strip())
            d = render.as_dict(draft)
            return d, d.get("text", ""), render.citations_html(d.get("citations")), None, ""
        except Exception as err:  # noqa: BLE001 (reported to the user, logged)
            return *skip(4), render.notice(problem(err))

    def on_download(draft: dict | None, text: str, request: gr.Request):
        try:
            account = page.account(request)
            if not draft:
                raise UserError("请先起草提案，再下载。")
            if draft.get("proposer") not in (None, account.name):
                require_office(account, "下载他人的提案")
            draft = {**draft, "text": text or draft.get("text", "")}
            out = Path(tempfile.mkdtemp(prefix="proposal-")) / f"{(draft.get('title') or '提案')[:40]}.docx"
            path = page.core().proposal_docx(draft, out)
            return str(path or out), render.notice("已生成，点击上方文件即可下载。", "ok")
        except Exception as err:  # noqa: BLE001 (reported to the user, logged)
            return None, render.notice(problem(err))

    filters = [status, person, overdue]
    refresh.click(on_list, filters, [table, note], api_name="opinions_list")
    status.change(on_list, filters, [table, note], api_visibility="private")
    overdue.change(on_list, filters, [table, note], api_visibility="private")
    person.change(on_list, filters, [table, note], api_visibility="private")
    change.click(on_change, [*filters, op_id, new_status, reason], [table, change_note], api_name="opinion_status")
    make.click(on_draft, [request_text], [draft_state, draft_text, draft_cites, docx_file, draft_note],
               api_name="draft_proposal")
    download.click(on_download, [draft_state, draft_text], [docx_file, draft_note], api_visibility="private")

    def on_open(request: gr.Request):
        return on_list(ALL, None, False, request)

    return person, office, (table, note), on_open
