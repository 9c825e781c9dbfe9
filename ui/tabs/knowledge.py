"""知识库: add documents (office), list them, review and accept proposed rules (office), search with quotes."""
from __future__ import annotations

from pathlib import Path

import gradio as gr

from store.auth import require_office
from store.errors import UserError
from ui import render
from ui.session import Page, problem, skip

ALLOWED_SUFFIXES = (".txt", ".md", ".docx", ".pdf")
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def check_upload(path: str | None) -> Path:
    """The uploaded file, if its type and size are acceptable (else a UserError saying what to do)."""
    if not path:
        raise UserError("请先选择要上传的文件（.txt、.md、.docx 或 .pdf）。")
    file = Path(path)
    if file.suffix.lower() not in ALLOWED_SUFFIXES:
        raise UserError(f"不支持“{file.suffix or file.name}”格式：请上传 .txt、.md、.docx 或 .pdf 文件。")
    if file.stat().st_size > MAX_UPLOAD_BYTES:
        raise UserError(f"文件太大（{file.stat().st_size / 1048576:.1f} MB）：请上传不超过 20 MB 的文件。")
    if file.stat().st_size == 0:
        raise UserError("文件是空的：请检查后重新上传。")
    return file


def documents(page: Page) -> tuple[list[list], list[str], str]:
    try:
        listing = page.core().kb_list()
    except Exception as err:  # noqa: BLE001 (reported to the user, logged)
        return [], [], render.notice(problem(err), "info")
    rows = render.document_rows(listing)
    return rows, [str(r[0]) for r in rows], ""


def build(page: Page):
    with gr.Accordion("检索规定", open=True, elem_id="ua-kb-search-box"):
        with gr.Row(equal_height=True):
            question = gr.Textbox(show_label=False, placeholder="例如：职工代表每月要走访几名职工？", scale=5,
                                  elem_id="ua-kb-question")
            search = gr.Button("检索", variant="primary", scale=1, min_width=70, elem_id="ua-kb-search")
        answer = gr.HTML("", elem_id="ua-kb-answer")

    with gr.Accordion("上传文档（工会办公室）", open=False, visible=False, elem_id="ua-kb-upload-box") as upload_box:
        upload = gr.File(label="文档（.txt / .md / .docx / .pdf，不超过 20 MB）", file_types=list(ALLOWED_SUFFIXES),
                         elem_id="ua-kb-file")
        title = gr.Textbox(label="标题（可空，默认取文件中的标题）", elem_id="ua-kb-title")
        add = gr.Button("添加到知识库", variant="primary", elem_id="ua-kb-add")
        add_note = gr.HTML("", elem_id="ua-kb-add-note")

    gr.Markdown("#### 已收录的文档")
    docs_note = gr.HTML("")
    docs = gr.Dataframe(headers=render.DOCUMENT_COLUMNS, value=[], interactive=False, wrap=True,
                        elem_id="ua-kb-docs")

    with gr.Accordion("履职规则审核（工会办公室）", open=False, visible=False, elem_id="ua-kb-rules-box") as rules_box:
        with gr.Row(equal_height=True):
            document = gr.Dropdown([], label="文档", allow_custom_value=True, elem_id="ua-kb-rule-doc", min_width=120)
            show_rules = gr.Button("查看规则", min_width=80)
            propose = gr.Button("提取规则", min_width=80, elem_id="ua-kb-propose")
        rules = gr.Dataframe(headers=render.RULE_COLUMNS, value=[], interactive=False, wrap=True,
                             elem_id="ua-kb-rules")
        with gr.Row(equal_height=True):
            rule_id = gr.Dropdown([], label="待启用的规则", allow_custom_value=True, elem_id="ua-kb-rule-id", min_width=160)
            accept = gr.Button("启用该规则", variant="primary", min_width=80, elem_id="ua-kb-accept")
        rules_note = gr.HTML("")

    def on_search(q: str, request: gr.Request):
        try:
            page.account(request)
            if not (q or "").strip():
                raise UserError("请输入要检索的问题。")
            return render.answer_html(page.core().ask(q.strip()), q)
        except Exception as err:  # noqa: BLE001 (reported to the user, logged)
            return render.notice(problem(err))

    def on_add(path: str | None, doc_title: str, request: gr.Request, progress=gr.Progress()):
        try:
            require_office(page.account(request), "上传文档")
            file = check_upload(path)
            progress(0.05, desc="正在读取文档")

            def report(message: str, fraction: float | None = None):
                progress(fraction if fraction is not None else 0.5, desc=message)

            result = page.core().kb_add(file, title=(doc_title or "").strip() or None, progress=report)
            progress(1.0, desc="完成")
            rows, ids, _ = documents(page)
            message = f"已添加“{result.get('document')}”：{result.get('clauses')} 条款，{result.get('chunks')} 个分块。"
            return render.notice(message, "ok"), rows, gr.update(choices=ids, value=result.get("document"))
        except Exception as err:  # noqa: BLE001 (reported to the user, logged)
            return render.notice(problem(err)), *skip(2)

    def on_rules(doc: str | None, proposing: bool, request: gr.Request):
        try:
            require_office(page.account(request), "规则审核")
            if not doc:
                raise UserError("请先选择文档。")
            core = page.core()
            listing = core.rules_propose(doc) if proposing else core.rules_list(doc)
            rows = render.rule_rows(listing)
            pending = [str(r.get("id")) for r in render.as_dict(listing).get("rules") or [] if r.get("status") == "proposed"]
            message = f"共 {len(rows)} 条规则，其中 {len(pending)} 条待审核。"
            return rows, gr.update(choices=pending, value=pending[0] if pending else None), render.notice(message, "info")
        except Exception as err:  # noqa: BLE001 (reported to the user, logged)
            return *skip(2), render.notice(problem(err))

    def on_show_rules(doc: str | None, request: gr.Request):
        return on_rules(doc, False, request)

    def on_propose(doc: str | None, request: gr.Request):
        return on_rules(doc, True, request)

    def on_accept(doc: str | None, rid: str | None, request: gr.Request):
        try:
            require_office(page.account(request), "规则审核")
            if not rid:
                raise UserError("请先选择一条待审核的规则。")
            page.core().rules_accept(rid)
            rows, choices, _ = on_rules(doc, False, request)
            return rows, choices, render.notice(f"规则 {rid} 已启用。", "ok")
        except Exception as err:  # noqa: BLE001 (reported to the user, logged)
            return *skip(2), render.notice(problem(err))

    search.click(on_search, [question], [answer], api_name="kb_ask")
    question.submit(on_search, [question], [answer], api_visibility="private")
    add.click(on_add, [upload, title], [add_note, docs, document], api_name="kb_add")
    show_rules.click(on_show_rules, [document], [rules, rule_id, rules_note], api_visibility="private")
    propose.click(on_propose, [document], [rules, rule_id, rules_note], api_name="rules_propose")
    accept.click(on_accept, [document, rule_id], [rules, rule_id, rules_note], api_name="rules_accept")

    def on_open(request: gr.Request):
        rows, ids, message = documents(page)
        return rows, message, gr.update(choices=ids)

    return (upload_box, rules_box), (docs, docs_note, document), on_open
