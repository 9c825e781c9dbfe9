"""我的任务: the logged-in person's requirements for this month, quarter, half-year and year.

The office may look at anyone (pick a name); anyone else always sees their own.
"""
from __future__ import annotations

import gradio as gr

from store.auth import scope_person
from ui import render
from ui.session import Page, periods, problem

PERIOD_TITLES = {"month": "本月任务", "quarter": "本季度任务", "half-year": "本半年任务", "year": "本年度任务"}


def show(page: Page, person: str | None, request: gr.Request) -> str:
    """HTML of every obligation that applies to the person in the periods containing today."""
    try:
        account = page.account(request)
        name = scope_person(account, person) or account.qualified  # "姓名（单位）" for a namesake
        core = page.core()
        sections = [f'<div class="ua-muted">{render.esc(name)} · 今天 {core.today:%Y-%m-%d}</div>']
        for key, period in periods(core.today).items():
            requirements = core.requirements(name, period)
            if key == "half-year" and not render.as_dict(requirements).get("items"):
                continue  # half-year rules are rare: leave the section out when it is empty
            sections.append(render.requirements_section(f"{PERIOD_TITLES[key]}（{period}）", requirements))
        return "".join(sections)
    except Exception as err:  # noqa: BLE001 (reported to the user, logged)
        return render.notice(problem(err))


def build(page: Page, people: list[str]):
    with gr.Row(equal_height=True):
        person = gr.Dropdown(choices=people, value=None, allow_custom_value=True, label="查看谁的任务",
                             visible=False, elem_id="ua-task-person", scale=3)
        refresh = gr.Button("刷新", elem_id="ua-task-refresh", scale=1, min_width=80)
    board = gr.HTML("", elem_id="ua-tasks")

    def on_show(who: str | None, request: gr.Request) -> str:
        return show(page, who, request)

    refresh.click(on_show, [person], [board], api_name="tasks_show")
    person.change(on_show, [person], [board], api_visibility="private")
    def on_open(request: gr.Request) -> str:
        return show(page, None, request)

    return person, board, on_open
