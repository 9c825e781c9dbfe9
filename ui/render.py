"""Pure formatting: core results (pydantic models or contract dicts) → HTML/Markdown/table rows.

No I/O and no decisions here; the tabs call the core and hand its results to these.
Everything produced is Chinese text for the user.
"""
from __future__ import annotations

import html
import re
from typing import Any, Iterable

from pydantic import BaseModel

from assistant.dialogue import replies

FIELD_LABELS = {
    "date": "日期",
    "form": "形式",
    "people": "联系人员",
    "headcount": "人数",
    "place": "地点",
    "issues": "反映的问题",
    "period": "期间",
    "topic": "主题",
    "opinion_id": "意见编号",
    "status": "状态",
    "satisfaction": "满意度",
    "submit": "提交",
}
INTENT_LABELS = {
    "log_contact": "联系职工记录",
    "log_opinion": "意见建议",
    "second_opinion": "附议",
    "query_requirements": "任务查询",
    "ask_regulation": "规定问答",
    "draft_proposal": "提案草稿",
    "update_status": "状态更新",
    "other": "其他",
}
PERIOD_WORDS = {"month": "本月", "quarter": "本季度", "half-year": "本半年", "year": "本年度"}


def as_dict(result: Any) -> dict:
    if isinstance(result, BaseModel):
        return result.model_dump(mode="json")
    return dict(result or {})


def esc(text: Any) -> str:
    return html.escape("" if text is None else str(text))


def notice(message: str, kind: str = "error") -> str:
    """A coloured one-line message (kind: error | ok | info)."""
    return f'<div class="ua-notice ua-{kind}">{esc(message)}</div>'


def _value(key: str, value: Any) -> str:
    if isinstance(value, list):
        return "、".join(str(v) for v in value) or "（无）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if key == "headcount":
        return f"{value}人"
    return str(value)


# -- chat ------------------------------------------------------------------------------------------
def citations_html(citations: Iterable[Any], terms: Iterable[str] = ()) -> str:
    """Each citation as its clause path with the verbatim quote folded in a <details>."""
    parts = []
    for c in citations or []:
        c = as_dict(c)
        title = c.get("title") or c.get("document") or ""
        head = f"{title} {c.get('clause') or ''}".strip()
        parts.append(
            f'<details class="ua-cite"><summary>{esc(head)}</summary>'
            f'<blockquote>{highlight(c.get("quote") or "", terms)}</blockquote></details>'
        )
    return "".join(parts)


def requirement_lines(items: Iterable[Any]) -> str:
    return "".join(requirement_card(i) for i in items or [])


def turn_message(result: Any) -> str:
    """The assistant's chat bubble for one TurnResult: the pending record's card (if any), the rest of
    the reply, requirement items, citations."""
    r = as_dict(result)
    reply = r.get("reply", "")
    card = pending_card(r)
    if card:
        reply = _after_card(reply, r.get("card") or [])
    body = card + (f'<div class="ua-reply">{esc(reply).replace(chr(10), "<br>")}</div>' if card and reply
                   else esc(reply).replace("\n", "<br>"))
    if r.get("items"):
        body += '<div class="ua-reqs">' + requirement_lines(r["items"]) + "</div>"
    if r.get("citations"):
        body += citations_html(r["citations"])
    return body


def _after_card(reply: str, card_lines: list[str]) -> str:
    """The reply without the card's lines it starts with (the card is drawn on its own)."""
    head = "\n".join(card_lines)
    if card_lines and reply.startswith(head):
        return reply[len(head):].strip()
    return reply.strip()


_CARD_LABEL = re.compile(r"^([^：:]{1,8})[：:](.*)$")
# The card's own words come from the dialogue's replies.yaml, so a change of wording there
# cannot make the page miss a missing field or a new person.
_CARD_WORDS = replies()["card"]
_CARD_MISSING = _CARD_WORDS["unfilled"]
_NEW_MARK = _CARD_WORDS["new_person_mark"]
_SEPARATOR = _CARD_WORDS["list_separator"]


def _card_value(value: str, unknown: set[str]) -> str:
    """A card value, each name not on the roster highlighted (names are listed with the card's separator)."""
    if not unknown:
        return esc(value)
    parts = []
    for token in value.split(_SEPARATOR):
        name = token.removesuffix(_NEW_MARK).strip()
        if name in unknown:
            parts.append(f'<mark class="ua-unknown" title="不在花名册中，确认后将加入花名册">{esc(token)}</mark>')
        else:
            parts.append(esc(token))
    return _SEPARATOR.join(parts)


def pending_card(result: Any) -> str:
    """The record awaiting confirmation as a bordered card ("" when nothing is pending).

    Drawn from `TurnResult.card` (the dialogue's own lines: a title, then "标签：值" lines);
    a result without card lines (an older caller) falls back to its fields.
    """
    r = as_dict(result)
    if not r.get("pending"):
        return ""
    lines = [str(line) for line in r.get("card") or []]
    unknown = set(r.get("unknown_people") or [])
    if lines:
        title = lines[0].replace("【待确认】", "").strip() or "记录"
        rows = []
        for line in lines[1:]:
            m = _CARD_LABEL.match(line)
            if not m:
                rows.append(f'<div class="ua-card-text">{esc(line)}</div>' if line.strip() else "")
                continue
            label, value = m.group(1).strip(), m.group(2).strip()
            missing = value == _CARD_MISSING
            rows.append(f'<div class="ua-card-row{" ua-missing" if missing else ""}"><span class="ua-card-label">'
                        f'{esc(label)}</span><span class="ua-card-value">'
                        f'{"待补充" if missing else _card_value(value, unknown)}</span></div>')
    else:
        title = INTENT_LABELS.get(r.get("intent"), "记录")
        rows = [f'<div class="ua-card-row"><span class="ua-card-label">{esc(FIELD_LABELS.get(k, k))}</span>'
                f'<span class="ua-card-value">{_card_value(_value(k, v), unknown)}</span></div>'
                for k, v in (r.get("fields") or {}).items() if v not in (None, [], "")]
        rows += [f'<div class="ua-card-row ua-missing"><span class="ua-card-label">{esc(FIELD_LABELS.get(k, k))}'
                 '</span><span class="ua-card-value">待补充</span></div>' for k in r.get("missing") or []]
    if unknown:
        rows.append('<div class="ua-card-note"><mark class="ua-unknown">标记</mark>的人员不在花名册中，'
                    "确认后将作为新职工加入花名册。</div>")
    return (f'<div class="ua-card"><div class="ua-card-title">待确认 · {esc(title)}</div>'
            f'{"".join(rows)}</div>')


def _shortfall(i: dict) -> str:
    parts = []
    required, done = i.get("required"), i.get("done") or 0
    if required is not None and done < required:
        parts.append(f"还差{required - done}次")
    pr, pd = i.get("people_required"), i.get("people_done") or 0
    if pr is not None and pd < pr:
        parts.append(f"还差{pr - pd}人")
    return "，".join(parts) or "未完成"


def requirement_card(item: Any) -> str:
    i = as_dict(item)
    met = bool(i.get("met"))
    counts = []
    if i.get("required") is not None:
        counts.append(f"完成 {i.get('done', 0)}/{i['required']} 次")
    if i.get("people_required") is not None:
        counts.append(f"联系 {i.get('people_done') or 0}/{i['people_required']} 人")
    status = "已完成" if met else f"未完成：{_shortfall(i)}，截止 {i.get('due')}"
    css = "ua-met" if met else "ua-unmet"
    if i.get("tracked") is False:  # a reminder the records cannot count
        status, counts, css = f"提醒（需自行核对），截止 {i.get('due')}", [], "ua-remind"
    src = i.get("source") or {}
    quote = (
        f'<details class="ua-cite"><summary>依据：{esc(src.get("document"))} {esc(src.get("clause"))}</summary>'
        f'<blockquote>{esc(src.get("quote"))}</blockquote></details>'
        if src else ""
    )
    return (
        f'<div class="ua-req {css}">'
        f'<div class="ua-req-head"><span class="ua-kind">{esc(i.get("kind"))}</span>'
        f'<span class="ua-period">{esc(i.get("period"))}</span></div>'
        f'<div class="ua-rule">{esc(i.get("rule"))}</div>'
        f'<div class="ua-status">{esc(status)}{"　" if counts else ""}{esc("，".join(counts))}</div>{quote}</div>'
    )


def requirements_section(title: str, requirements: Any) -> str:
    r = as_dict(requirements)
    items = r.get("items") or []
    if not items:
        return f'<h3 class="ua-h">{esc(title)}</h3><div class="ua-empty">这一期间没有规定的任务。</div>'
    met = sum(1 for i in items if i.get("met"))
    return (
        f'<h3 class="ua-h">{esc(title)}（已完成 {met}/{len(items)}）</h3>'
        + "".join(requirement_card(i) for i in items)
    )


# -- tables ----------------------------------------------------------------------------------------
OPINION_COLUMNS = ["编号", "内容", "提出人", "记录人", "日期", "状态", "附议人", "办理期限", "超期"]


def opinion_rows(listing: Any, overdue_only: bool = False) -> list[list]:
    rows = []
    for o in as_dict(listing).get("opinions") or []:
        o = as_dict(o)
        if overdue_only and not o.get("overdue"):
            continue
        rows.append([
            o.get("id"), o.get("content"), o.get("raised_by") or "", o.get("recorded_by"), o.get("date"),
            o.get("status"), "、".join(o.get("seconders") or []), o.get("due") or "",
            "已超期" if o.get("overdue") else "",
        ])
    return rows


DOCUMENT_COLUMNS = ["编号", "标题", "发文单位", "文号", "日期", "分块数"]


def document_rows(listing: Any) -> list[list]:
    return [[d.get("document"), d.get("title"), d.get("issuer") or "", d.get("number") or "", d.get("date") or "",
             d.get("chunks")] for d in (as_dict(d) for d in as_dict(listing).get("documents") or [])]


RULE_COLUMNS = ["规则编号", "条款", "适用角色", "类别", "周期", "次数", "人数", "状态", "原文"]
PERIOD_NAMES = {"month": "每月", "quarter": "每季度", "half-year": "每半年", "year": "每年", "campaign": "活动期间",
                "once": "一次"}


def rule_rows(listing: Any) -> list[list]:
    rows = []
    for r in (as_dict(r) for r in as_dict(listing).get("rules") or []):
        people = ""
        if r.get("people_min") is not None or r.get("people_max") is not None:
            lo, hi = r.get("people_min"), r.get("people_max")
            people = f"{lo}-{hi}" if lo is not None and hi is not None and lo != hi else str(lo if lo is not None else hi)
        rows.append([r.get("id"), r.get("clause"), "、".join(r.get("roles") or []), r.get("kind"),
                     PERIOD_NAMES.get(r.get("period"), r.get("period")),
                     "" if r.get("required") is None else f"{r['required']}{r.get('unit') or ''}", people,
                     {"proposed": "待审核", "accepted": "已启用"}.get(r.get("status"), r.get("status") or "已启用"),
                     r.get("quote")])
    return rows


# -- knowledge answers -----------------------------------------------------------------------------
def query_terms(question: str) -> list[str]:
    """Words of a question worth highlighting in a quote (2+ characters)."""
    import jieba

    words = {w.strip() for w in jieba.lcut(question or "") if len(w.strip()) >= 2}
    return sorted(words, key=len, reverse=True)


def highlight(quote: str, terms: Iterable[str] = ()) -> str:
    text = esc(quote)
    terms = [t for t in terms if t]
    if not terms:
        return text
    pattern = re.compile("|".join(re.escape(esc(t)) for t in sorted(terms, key=len, reverse=True)))
    return pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", text)


def answer_html(answer: Any, question: str) -> str:
    a = as_dict(answer)
    body = f'<div class="ua-answer">{esc(a.get("answer")).replace(chr(10), "<br>")}</div>'
    cites = a.get("citations") or []
    if not cites:
        return body
    terms = query_terms(question)
    items = []
    for c in cites:
        c = as_dict(c)
        head = f"{c.get('title') or c.get('document')} {c.get('clause') or ''}"
        items.append(f'<div class="ua-hit"><div class="ua-hit-head">{esc(head)}</div>'
                     f'<blockquote>{highlight(c.get("quote") or "", terms)}</blockquote></div>')
    return body + "".join(items)


# -- statistics ------------------------------------------------------------------------------------
def bars(title: str, rows: list[dict], label_key: str) -> str:
    """A horizontal bar chart in plain HTML/CSS (readable on a phone, no plotting library).

    Each row is a tally from `Core.overview`: items_met / items_total, people, people_behind.
    """
    if not rows:
        return f'<h3 class="ua-h">{esc(title)}</h3><div class="ua-empty">暂无数据。</div>'
    out = [f'<h3 class="ua-h">{esc(title)}</h3><div class="ua-bars">']
    for row in rows:
        met, total = row.get("items_met") or 0, row.get("items_total") or 0
        rate = met / total if total else 0.0
        detail = f"{met}/{total}项"
        if row.get("people") is not None:
            detail += f"，{row.get('people_behind') or 0}/{row['people']}人未完成"
        out.append(
            f'<div class="ua-bar-row"><div class="ua-bar-label">{esc(row.get(label_key))}</div>'
            f'<div class="ua-bar"><div class="ua-bar-fill" style="width:{rate * 100:.0f}%"></div></div>'
            f'<div class="ua-bar-value">{rate:.0%}</div><div class="ua-bar-detail">{esc(detail)}</div></div>'
        )
    out.append("</div>")
    return "".join(out)


def behind_table(people: list[dict]) -> str:
    """Who still has unmet items, and which kinds."""
    rows = [p for p in people if p.get("behind")]
    if not rows:
        return '<h3 class="ua-h">未完成人员</h3><div class="ua-empty">全部完成。</div>'
    body = "".join(
        f"<tr><td>{esc(p.get('name'))}</td><td>{esc(p.get('unit'))}</td>"
        f"<td>{esc(p.get('items_met'))}/{esc(p.get('items_total'))}</td><td>{esc('、'.join(p['behind']))}</td></tr>"
        for p in rows
    )
    return ('<h3 class="ua-h">未完成人员</h3><div class="ua-table-wrap"><table class="ua-table">'
            "<tr><th>姓名</th><th>单位</th><th>完成</th><th>未完成的任务</th></tr>" + body + "</table></div>")


def overview_html(overview: Any) -> str:
    data = as_dict(overview)
    head = f'<div class="ua-muted">期间：{esc(data.get("period") or "")}{"　单位：" + esc(data["unit"]) if data.get("unit") else ""}</div>'
    return (head + bars("各单位完成率", data.get("by_unit") or [], "unit")
            + bars("各角色完成率", data.get("by_role") or [], "role") + behind_table(data.get("people") or []))
