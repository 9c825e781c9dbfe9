"""Pydantic models for everything that crosses a boundary.

The parser, the optional LLM's structured output, the CLI's JSON and the page all
use these. The command-line contract's JSON is their `model_dump(mode="json")`:
fields may be added here, none renamed or removed.
"""
from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Intent = Literal[
    "log_contact",
    "log_opinion",
    "second_opinion",
    "query_requirements",
    "ask_regulation",
    "draft_proposal",
    "update_status",
    "other",
]

FORMS = ("走访", "座谈", "电话", "微信", "接待", "调研", "慰问", "会议", "活动", "其他")
Form = Literal["走访", "座谈", "电话", "微信", "接待", "调研", "慰问", "会议", "活动", "其他"]

OPINION_STATUSES = ("登记", "立案", "交办", "办理中", "已办结", "已反馈")
SATISFACTION = ("满意", "基本满意", "不满意")


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Person(Model):
    name: str
    roles: list[str]
    unit: str
    constituency: str | None = None


class Fields(Model):
    """Slots a chat turn fills. Only what the intent uses is dumped (exclude_none)."""

    date: dt.date | None = None
    form: Form | None = None
    people: list[str] | None = None
    headcount: int | None = None
    place: str | None = None
    issues: list[str] | None = None
    period: str | None = None
    topic: str | None = None
    # Opinion life cycle (update_status / second_opinion).
    opinion_id: int | None = None
    status: str | None = None
    satisfaction: str | None = None
    submit: bool | None = None

    def public(self) -> dict:
        return self.model_dump(mode="json", exclude_none=True)


class Parse(Model):
    """What understanding makes of one utterance: pure, no I/O beyond the roster it was given."""

    intent: Intent
    fields: Fields = Field(default_factory=Fields)
    missing: list[str] = Field(default_factory=list)
    unknown_people: list[str] = Field(default_factory=list)
    # Names that matched several rostered people (namesakes in different units).
    ambiguous_people: dict[str, list[str]] = Field(default_factory=dict)
    # Dialogue acts a follow-up turn may carry.
    act: Literal["new", "answer", "correct", "confirm", "cancel"] = "new"
    notes: list[str] = Field(default_factory=list)  # Chinese notes for the reply (e.g. "2月没有30日")


class Written(Model):
    table: str
    id: int


class TurnResult(Model):
    reply: str
    intent: Intent
    fields: dict = Field(default_factory=dict)
    missing: list[str] = Field(default_factory=list)
    unknown_people: list[str] = Field(default_factory=list)
    written: list[Written] = Field(default_factory=list)
    session: str | None = None
    pending: bool = False  # a record awaits confirmation
    citations: list[Citation] = Field(default_factory=list)
    items: list[RequirementItem] = Field(default_factory=list)
    # The pending record as plain text lines (also inside `reply`), for the page to render as a card.
    card: list[str] = Field(default_factory=list)


class Citation(Model):
    document: str
    clause: str
    quote: str
    title: str | None = None


class Answer(Model):
    answer: str
    citations: list[Citation] = Field(default_factory=list)


class RuleSource(Model):
    document: str
    clause: str
    quote: str


class RequirementItem(Model):
    kind: str
    rule: str
    period: str
    due: dt.date
    required: int | None
    done: int
    people_required: int | None = None
    people_done: int | None = None
    met: bool
    source: RuleSource
    rule_id: str | None = None
    people_max: int | None = None
    required_max: int | None = None
    unit: str | None = None
    # False: no record type shows this obligation (a report, a plan handed in); listed as a reminder.
    tracked: bool = True


class Requirements(Model):
    person: str
    items: list[RequirementItem]


class OpinionOut(Model):
    id: int
    content: str
    raised_by: str | None
    recorded_by: str
    date: dt.date
    status: str
    seconders: list[str]
    due: dt.date | None
    overdue: bool
    satisfaction: str | None = None
    topic: str | None = None


class DraftProposal(Model):
    title: str
    reason: str
    suggestions: list[str]
    proposer: str
    seconders: list[str]
    citations: list[Citation]
    text: str
    id: int | None = None
    status: str | None = None


TurnResult.model_rebuild()
