"""对话: the chat. Each browser session has its own dialogue session id (kept server-side in gr.State)."""
from __future__ import annotations

import uuid

import gradio as gr

from ui import render
from ui.session import Page, problem

# Quick prompts: sent as they are, or (None) put into the input box to be completed.
QUICK_PROMPTS = {"记录一次走访": "记录一次走访", "这个季度我还差什么": "这个季度我还差什么", "起草提案": None}
DRAFT_STARTER = "帮我起草一个关于"
MODIFY_HINT = "请直接说要改的地方，例如“不是张伟，是张薇”或“日期是昨天”。"


def build(page: Page) -> None:
    session_id = gr.State(None)
    chatbot = gr.Chatbot(label="对话", show_label=False, elem_id="ua-chat", height=420, buttons=["copy"],
                         feedback_options=None, placeholder="您好！可以直接说“昨天走访了张三、李四，反映夜班食堂没有热饭”。")
    with gr.Row(visible=False, elem_id="ua-pending-actions", equal_height=True) as actions:
        confirm = gr.Button("确认", variant="primary", elem_id="ua-confirm", min_width=80)
        modify = gr.Button("修改", elem_id="ua-modify", min_width=80)
        cancel = gr.Button("取消", variant="stop", elem_id="ua-cancel", min_width=80)
    with gr.Row(elem_id="ua-chat-input", equal_height=True):
        text = gr.Textbox(show_label=False, placeholder="在这里输入，回车发送", elem_id="ua-chat-text", scale=5,
                          lines=1, max_lines=4, submit_btn=False)
        send = gr.Button("发送", variant="primary", elem_id="ua-send", scale=1, min_width=70)
    with gr.Row(elem_id="ua-quick"):
        quick = {label: gr.Button(label, size="sm", elem_classes=["ua-quick"], min_width=60) for label in QUICK_PROMPTS}

    def say(message: str, history: list, sid: str | None, request: gr.Request):
        message = (message or "").strip()
        history = list(history or [])
        if not message:
            return history, gr.skip(), sid, gr.skip()
        sid = sid or f"web-{uuid.uuid4().hex}"
        history.append({"role": "user", "content": message})
        try:
            account = page.account(request)
            result = page.core().say(account.qualified, message, session=sid)  # "姓名（单位）" for namesakes
        except Exception as err:  # noqa: BLE001 (reported to the user, logged)
            history.append({"role": "assistant", "content": render.notice(problem(err))})
            return history, "", sid, gr.update(visible=False)
        # A pending record is drawn as a card inside the reply; the buttons below act on it.
        history.append({"role": "assistant", "content": render.turn_message(result)})
        return history, "", sid, gr.update(visible=bool(render.as_dict(result).get("pending")))

    outputs = [chatbot, text, session_id, actions]
    text.submit(say, [text, chatbot, session_id], outputs, api_name="chat_say")
    send.click(say, [text, chatbot, session_id], outputs, api_visibility="private")
    for label, button in quick.items():
        if QUICK_PROMPTS[label]:
            button.click(say, [gr.State(QUICK_PROMPTS[label]), chatbot, session_id], outputs, api_visibility="private")
        else:  # a draft needs its topic: start the sentence and let the user finish it
            button.click(lambda: gr.update(value=DRAFT_STARTER, placeholder="帮我起草一个关于夜班食堂热饭的提案"), None,
                         [text], api_visibility="private").then(
                None, None, None, js="() => document.querySelector('#ua-chat-text textarea')?.focus()")
    confirm.click(say, [gr.State("确认"), chatbot, session_id], outputs, api_visibility="private")
    cancel.click(say, [gr.State("算了"), chatbot, session_id], outputs, api_visibility="private")

    def ask_modification(history: list):
        history = list(history or []) + [{"role": "assistant", "content": render.esc(MODIFY_HINT)}]
        return history, gr.update(placeholder=MODIFY_HINT)

    modify.click(ask_modification, [chatbot], [chatbot, text], api_visibility="private").then(
        None, None, None, js="() => document.querySelector('#ua-chat-text textarea')?.focus()")
