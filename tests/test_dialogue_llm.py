"""The optional LLM path with LangChain fake chat models: same Parse, same validation, same confirmation."""
from __future__ import annotations

import time

import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage
from sqlalchemy import func, select

import assistant.llm as llm
from assistant.core import Core
from store.db import session
from store.models import Contact
from store.settings import load_settings

from conftest import DEMO_ROSTER, TODAY


class ToolCallingFake(GenericFakeChatModel):
    """A fake chat model that answers with a tool call, as an OpenAI model does for structured output."""

    def bind_tools(self, tools, **kwargs):
        return self


def answering(args: dict) -> ToolCallingFake:
    message = AIMessage(content="", tool_calls=[{"name": "ChatTurn", "args": args, "id": "call_1"}])
    return ToolCallingFake(messages=iter([message]))


class Broken(ToolCallingFake):
    def _generate(self, *args, **kwargs):
        raise ConnectionError("endpoint unreachable")


class Slow(ToolCallingFake):
    def _generate(self, *args, **kwargs):
        time.sleep(2)
        return super()._generate(*args, **kwargs)


@pytest.fixture
def llm_core(home, db_url):
    settings = load_settings(home=home, db_url=db_url, llm_base_url="http://127.0.0.1:9/v1", llm_model="fake",
                             llm_timeout=0.3)
    core = Core(settings, TODAY)
    core.roster_import(DEMO_ROSTER)
    return core


def use(monkeypatch, model):
    monkeypatch.setattr(llm, "chat_model", lambda settings: model)


def contacts(core) -> int:
    with session(core.url) as s:
        return s.scalar(select(func.count()).select_from(Contact))


def test_llm_fields_go_through_confirmation(llm_core, monkeypatch):
    use(monkeypatch, answering({"intent": "log_contact", "fields": {
        "date": "2026-11-22", "form": "走访", "people": ["张三", "李四"], "issues": ["夜班食堂没有热饭"]}}))
    r = llm_core.say("陈立新", "（随便什么话，字段由模型给出）")
    assert r.intent == "log_contact" and r.missing == [] and r.pending and r.written == []
    assert r.fields["people"] == ["张三", "李四"] and r.fields["headcount"] == 2
    assert contacts(llm_core) == 0


def test_llm_wrong_name_ends_up_in_unknown_people(llm_core, monkeypatch):
    use(monkeypatch, answering({"intent": "log_contact", "fields": {
        "date": "2026-11-22", "form": "走访", "people": ["张叁", "陈立新"]}}))
    r = llm_core.say("陈立新", "昨天走访了张三")
    assert r.unknown_people == ["张叁"]
    assert r.fields["people"] == ["张叁"]  # the speaker is never among the people
    assert "张叁不在花名册中" in r.reply


def test_llm_future_date_is_refused(llm_core, monkeypatch):
    use(monkeypatch, answering({"intent": "log_contact", "fields": {
        "date": "2026-12-01", "form": "走访", "people": ["张三"]}}))
    r = llm_core.say("陈立新", "12月1日走访了张三", yes=True)
    assert "date" in r.missing and "date" not in r.fields
    assert r.written == [] and contacts(llm_core) == 0
    assert "是哪一天？" in r.reply


def test_llm_impossible_date_is_refused(llm_core, monkeypatch):
    use(monkeypatch, answering({"intent": "log_contact", "fields": {
        "date": "2026-02-30", "form": "走访", "people": ["张三"]}}))
    r = llm_core.say("陈立新", "2月30日走访了张三", yes=True)
    assert "date" in r.missing and r.written == []


@pytest.mark.parametrize("model", [Broken(messages=iter([])), Slow(messages=iter([]))], ids=["error", "timeout"])
def test_llm_failure_falls_back_to_the_rules(llm_core, monkeypatch, model):
    use(monkeypatch, model)
    r = llm_core.say("陈立新", "昨天到机加车间走访了张三和李四", yes=True)
    assert r.intent == "log_contact" and r.fields["people"] == ["张三", "李四"]
    assert [w.table for w in r.written] == ["contacts"]


def test_llm_is_not_used_without_settings(roster_core, monkeypatch):
    def forbidden(settings):
        raise AssertionError("the LLM must not be called when it is not configured")

    monkeypatch.setattr(llm, "chat_model", forbidden)
    r = roster_core.say("陈立新", "昨天到机加车间走访了张三和李四")
    assert r.intent == "log_contact"
