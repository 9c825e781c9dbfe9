"""Optional LLM understanding: LangChain structured output filling the same `Parse`.

Used only when `settings.llm_enabled` (an OpenAI-compatible base URL and model are set).
The model replaces the rule-based `understand` for a fresh utterance and nothing else:
its output is turned into a `Parse` here and then passes the same validation as the
rules' output (`dialogue.validate`: names matched against the roster, dates not after
today, missing slots recomputed) and the same confirmation. On any error or timeout
`understand_with_llm` returns None and the dialogue falls back to the rules.

LangChain is imported lazily: the rule-based path never pays for it.
"""
from __future__ import annotations

import concurrent.futures
import datetime as dt
import logging

from pydantic import BaseModel, ConfigDict, Field

from store.schemas import FORMS, OPINION_STATUSES, Fields, Intent, Parse
from store.settings import Settings

log = logging.getLogger(__name__)

MAX_NAMES_IN_PROMPT = 300


class LLMFields(Fields):
    """Fields as the model writes them: the date as text, so a bad date is refused, not fatal."""

    date: str | None = None


class ChatTurn(BaseModel):
    """One chat turn of a union worker: its intent and the fields the intent uses."""

    model_config = ConfigDict(extra="forbid")
    intent: Intent
    fields: LLMFields = Field(default_factory=LLMFields)


def chat_model(settings: Settings):
    """The chat model behind the configured OpenAI-compatible endpoint (tests replace this)."""
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(
        base_url=settings.llm_base_url, model=settings.llm_model, api_key=settings.llm_api_key or "unused",
        timeout=settings.llm_timeout, max_retries=0, temperature=0,
    )


def _messages(text: str, speaker: str, roster, today: dt.date) -> list[tuple[str, str]]:
    from .dialogue import replies

    spec = replies()["llm"]
    system = spec["system"].format(
        forms="、".join(FORMS), statuses="、".join(OPINION_STATUSES), today=today.isoformat(),
        weekday=spec["weekdays"][today.weekday()], speaker=speaker,
        names="、".join(roster.names[:MAX_NAMES_IN_PROMPT]),
    )
    return [("system", system), ("human", text)]


def to_parse(turn: ChatTurn, today: dt.date) -> Parse:
    """The model's output as a Parse (validation proper happens in dialogue.validate)."""
    from .dialogue import replies

    data = turn.fields.model_dump(exclude_none=True)
    notes: list[str] = []
    raw_date = data.pop("date", None)
    date = None
    if raw_date:
        try:
            date = dt.date.fromisoformat(str(raw_date).strip())
        except ValueError:
            notes.append(replies()["llm"]["bad_date"].format(value=raw_date))
    if date is not None:
        data["date"] = date
    if turn.intent == "log_opinion" and "date" not in data and not notes:
        data["date"] = today  # the day it is registered (CONVENTIONS.md)
    if "people" in data:
        data["people"] = [str(n).strip() for n in data["people"] if str(n).strip()]
    if data.get("form") not in FORMS:
        data.pop("form", None)
    fields = Fields(**data)
    missing = ["date"] if notes else []
    return Parse(intent=turn.intent, fields=fields, missing=missing, notes=notes)


def understand_with_llm(settings: Settings, text: str, speaker: str, roster, today: dt.date,
                        model=None) -> Parse | None:
    """The LLM's Parse of a fresh utterance, or None on any failure (the caller falls back)."""
    try:
        model = model if model is not None else chat_model(settings)
        structured = model.with_structured_output(ChatTurn)
        messages = _messages(text, speaker, roster, today)
        # A hard deadline on top of the client's own timeout: a hung call must not hang the chat.
        pool = concurrent.futures.ThreadPoolExecutor(max_workers=1)
        try:
            result = pool.submit(structured.invoke, messages).result(timeout=settings.llm_timeout)
        finally:
            pool.shutdown(wait=False, cancel_futures=True)
        if isinstance(result, dict):
            result = ChatTurn.model_validate(result)
        if not isinstance(result, ChatTurn):
            raise ValueError(f"unexpected structured output {type(result).__name__}")
        return to_parse(result, today)
    except Exception as exc:  # any failure of the optional path: fall back to the rules
        log.warning("LLM understanding failed, using the rule-based parser: %s: %s", type(exc).__name__, exc)
        return None
