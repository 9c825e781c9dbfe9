"""One chat turn through the real dialogue on a real SQLite file (CONTRACT.md "One chat turn")."""
from __future__ import annotations

import datetime as dt
import importlib.util

import pytest
from sqlalchemy import func, select

from conftest import TODAY
from store.db import session
from store.errors import UserError
from store.models import AuditEntry, Contact, DialogueSession, Opinion, Person

VISIT = "昨天到机加车间走访了张三和李四，他们反映夜班食堂没有热饭"
YESTERDAY = (TODAY - dt.timedelta(days=1)).isoformat()


def count(core, model) -> int:
    with session(core.url) as s:
        return s.scalar(select(func.count()).select_from(model))


def counts(core) -> dict:
    return {m.__tablename__: count(core, m) for m in (Contact, Opinion, Person)}


def tables(result) -> list[str]:
    return sorted({w.table for w in result.written})


def test_complete_contact_is_shown_for_confirmation_and_nothing_is_written(roster_core):
    before = counts(roster_core)
    r = roster_core.say("陈立新", VISIT)
    assert r.intent == "log_contact"
    assert r.fields["date"] == YESTERDAY
    assert r.fields["form"] == "走访"
    assert r.fields["people"] == ["张三", "李四"]
    assert r.fields["headcount"] == 2
    assert r.missing == [] and r.unknown_people == []
    assert r.pending is True and r.written == []
    assert f"日期：{YESTERDAY}" in r.reply and "对象：张三、李四" in r.reply and "确认" in r.reply
    assert counts(roster_core) == before


def test_confirm_in_the_same_session_writes_one_contact_and_its_opinions(roster_core):
    roster_core.say("陈立新", VISIT + "，还有更衣室的热水器坏了", session="s1")
    r = roster_core.say("陈立新", "确认", session="s1")
    assert tables(r) == ["contacts", "opinions"]
    assert [w.table for w in r.written].count("opinions") == 2
    assert r.pending is False
    with session(roster_core.url) as s:
        contact = s.scalars(select(Contact)).one()
        assert contact.date.isoformat() == YESTERDAY and contact.form == "走访" and contact.headcount == 2
        assert [cp.person.name for cp in contact.people] == ["张三", "李四"]
        assert contact.recorded_by.name == "陈立新"
        opinions = s.scalars(select(Opinion).order_by(Opinion.id)).all()
        assert [o.content for o in opinions] == ["夜班食堂没有热饭", "更衣室的热水器坏了"]
        assert {o.contact_id for o in opinions} == {contact.id}
        assert {o.status for o in opinions} == {"登记"}
        assert {w.id for w in r.written if w.table == "contacts"} == {contact.id}
        # The session is finished: a second 确认 writes nothing more.
        assert s.get(DialogueSession, "s1").state == {}
    again = roster_core.say("陈立新", "确认", session="s1")
    assert again.written == [] and count(roster_core, Contact) == 1


def test_yes_confirms_a_complete_record_in_one_turn(roster_core):
    r = roster_core.say("陈立新", VISIT, yes=True)
    assert tables(r) == ["contacts", "opinions"]
    assert "已保存" in r.reply
    assert count(roster_core, Contact) == 1 and count(roster_core, Opinion) == 1


def test_missing_date_is_asked_and_the_answer_completes_the_record(roster_core):
    r = roster_core.say("陈立新", "到机加车间走访了张三和李四", session="d", yes=True)
    assert r.missing == ["date"]
    assert "是哪一天？" in r.reply
    assert r.written == [] and count(roster_core, Contact) == 0
    r = roster_core.say("陈立新", "昨天", session="d")
    assert r.missing == [] and r.fields["date"] == YESTERDAY
    assert r.fields["people"] == ["张三", "李四"] and r.fields["form"] == "走访"
    assert r.pending and r.written == []
    r = roster_core.say("陈立新", "对", session="d")
    assert tables(r) == ["contacts"]


def test_correction_of_a_person_replaces_the_name(roster_core):
    r = roster_core.say("陈立新", "昨天走访了张伟", session="c")
    assert r.fields["people"] == ["张伟"] and "日期改成前天" in r.reply
    r = roster_core.say("陈立新", "不是张伟，是张薇", session="c")
    assert r.fields["people"] == ["张薇"] and r.fields["date"] == YESTERDAY
    r = roster_core.say("陈立新", "改成座谈", session="c")
    assert r.fields["form"] == "座谈" and r.fields["people"] == ["张薇"]
    r = roster_core.say("陈立新", "保存", session="c")
    assert tables(r) == ["contacts"]
    with session(roster_core.url) as s:
        contact = s.scalars(select(Contact)).one()
        assert contact.form == "座谈"
        assert [cp.person.name for cp in contact.people] == ["张薇"]


def test_cancel_forgets_the_pending_record(roster_core):
    roster_core.say("陈立新", VISIT, session="x")
    r = roster_core.say("陈立新", "算了", session="x")
    assert "取消" in r.reply and r.written == [] and r.pending is False
    assert r.intent == "other" and r.fields == {}  # evals/CONVENTIONS.md, settled 2
    r = roster_core.say("陈立新", "确认", session="x")
    assert r.written == [] and "没有待确认" in r.reply
    assert counts(roster_core)["contacts"] == 0 and counts(roster_core)["opinions"] == 0


def test_without_a_session_each_call_is_its_own_conversation(roster_core):
    roster_core.say("陈立新", VISIT)
    r = roster_core.say("陈立新", "确认")
    assert r.written == [] and count(roster_core, Contact) == 0
    assert count(roster_core, DialogueSession) == 0


def test_unknown_person_is_asked_about_and_confirming_adds_them(roster_core):
    r = roster_core.say("陈立新", "昨天走访了张三和王五", session="u")
    assert r.unknown_people == ["王五"] and r.missing == []
    assert "王五不在花名册中" in r.reply and "确认后将作为新职工加入花名册" in r.reply
    assert count(roster_core, Person) == 25
    r = roster_core.say("陈立新", "确认", session="u")
    assert tables(r) == ["contacts", "people"]
    assert r.unknown_people == ["王五"]  # the record saved lists who it added (CONVENTIONS 23)
    with session(roster_core.url) as s:
        wang = s.scalars(select(Person).where(Person.name == "王五")).one()
        assert wang.unit.name == "机加车间" and wang.role_names == ["职工"]
        contact = s.scalars(select(Contact)).one()
        assert [cp.person.name for cp in contact.people] == ["张三", "王五"]


def test_the_unit_of_an_unknown_person_can_be_answered(roster_core):
    r = roster_core.say("陈立新", "昨天走访了张三和王五", session="u2")
    assert r.card and r.card[0] in r.reply and "对象：张三、王五（新）" in r.card
    r = roster_core.say("陈立新", "他是装配车间的", session="u2")
    assert r.pending and r.written == [] and r.fields["people"] == ["张三", "王五"]
    assert "作为装配车间的职工加入花名册" in r.reply
    r = roster_core.say("陈立新", "确认", session="u2")
    assert tables(r) == ["contacts", "people"]
    with session(roster_core.url) as s:
        wang = s.scalars(select(Person).where(Person.name == "王五")).one()
        assert wang.unit.name == "装配车间"



def test_the_unit_of_an_unknown_person_answered_with_the_name(roster_core):
    r = roster_core.say("陈立新", "昨天走访了张三和王小五", session="u3")
    assert r.fields["people"] == ["张三", "王小五"] and r.unknown_people == ["王小五"]
    r = roster_core.say("陈立新", "王小五是装配车间的", session="u3")
    assert r.fields["people"] == ["张三", "王小五"] and "作为装配车间的职工加入花名册" in r.reply
    r = roster_core.say("陈立新", "确认", session="u3")
    assert tables(r) == ["contacts", "people"]
    with session(roster_core.url) as s:
        assert s.scalars(select(Person).where(Person.name == "王小五")).one().unit.name == "装配车间"


def test_a_sentence_about_a_person_does_not_replace_the_people(roster_core):
    roster_core.say("陈立新", "昨天走访了张三和李四", session="u4")
    r = roster_core.say("陈立新", "张三是机加车间的", session="u4")
    assert r.fields["people"] == ["张三", "李四"] and r.written == []
    r = roster_core.say("陈立新", "张薇和李四", session="u4")  # a bare list of names still replaces them
    assert r.fields["people"] == ["张薇", "李四"]

def test_a_failure_midway_leaves_nothing_written(roster_core, monkeypatch):
    import assistant.opinions

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    roster_core.say("陈立新", "昨天走访了张三和王五，他们反映夜班食堂没有热饭", session="f")
    monkeypatch.setattr(assistant.opinions, "add_opinion", broken)
    before_audit = count(roster_core, AuditEntry)
    with pytest.raises(RuntimeError):
        roster_core.say("陈立新", "确认", session="f")
    assert counts(roster_core) == {"contacts": 0, "opinions": 0, "people": 25}
    assert count(roster_core, AuditEntry) == before_audit
    # The record is still pending: fixing the fault and confirming again saves it whole.
    monkeypatch.undo()
    r = roster_core.say("陈立新", "确认", session="f")
    assert tables(r) == ["contacts", "opinions", "people"]


def test_missing_slot_writes_nothing_even_with_yes(roster_core):
    r = roster_core.say("陈立新", "和张三聊了聊", yes=True)
    assert "date" in r.missing and r.written == []
    assert count(roster_core, Contact) == 0


def test_future_date_is_refused_for_a_contact(roster_core):
    r = roster_core.say("陈立新", "11月25日到机加车间走访了张三", yes=True)
    assert r.intent == "log_contact"
    assert "date" in r.missing and "date" not in r.fields
    assert r.written == [] and count(roster_core, Contact) == 0
    assert "是哪一天？" in r.reply


def test_impossible_date_gets_a_chinese_reply(roster_core):
    r = roster_core.say("陈立新", "2月30日走访了张三", yes=True)
    assert "date" in r.missing and r.written == []
    assert "是哪一天？" in r.reply
    assert count(roster_core, Contact) == 0


@pytest.mark.parametrize("text", [
    "", "   ", "走访" * 2500, "😀😀👍", "hello, please log a visit with Zhang San",
    "'; DROP TABLE contacts; --", "SELECT * FROM people WHERE 1=1",
])
def test_bad_input_gets_a_reply_and_writes_nothing(roster_core, text):
    r = roster_core.say("陈立新", text, yes=True)
    assert r.reply and any("\u4e00" <= ch <= "\u9fff" for ch in r.reply)
    assert r.written == []
    assert counts(roster_core) == {"contacts": 0, "opinions": 0, "people": 25}


def test_too_long_text_says_so(roster_core):
    r = roster_core.say("陈立新", "走访" * 2500)
    assert "太长" in r.reply and "5000" in r.reply


def test_speaker_not_on_the_roster_is_bad_input(roster_core):
    with pytest.raises(UserError, match="花名册中没有“王五”"):
        roster_core.say("王五", VISIT, yes=True)
    assert count(roster_core, Contact) == 0


def test_other_gets_the_help_reply(roster_core):
    r = roster_core.say("陈立新", "你好")
    assert r.intent == "other" and "我可以帮您" in r.reply and r.written == []


def test_log_opinion_records_the_named_worker_as_raiser(roster_core):
    r = roster_core.say("陈立新", "张三建议增加一趟夜班班车", yes=True)
    assert r.intent == "log_opinion"
    assert tables(r) == ["opinions"]
    with session(roster_core.url) as s:
        o = s.scalars(select(Opinion)).one()
        assert o.raised_by.name == "张三" and o.recorded_by.name == "陈立新"
        assert o.status == "登记" and o.contact_id is None and o.date == TODAY


def test_three_seconders_set_the_fifteen_day_due_date(roster_core):
    roster_core.say("吴勇", "建议在动力车间门口加装自行车雨棚", yes=True)
    for name in ("孙志强", "周敏"):
        r = roster_core.say(name, "我附议吴勇提的雨棚建议", yes=True)
        assert r.intent == "second_opinion" and r.written
    again = roster_core.say("周敏", "我附议吴勇提的雨棚建议", yes=True)
    assert again.written == [] and "已经附议过" in again.reply
    r = roster_core.say("郑海燕", "我附议吴勇提的雨棚建议", yes=True)
    due = (TODAY + dt.timedelta(days=15)).isoformat()
    assert due in r.reply and "15日内" in r.reply
    with session(roster_core.url) as s:
        o = s.scalars(select(Opinion)).one()
        assert o.due.isoformat() == due and len(o.seconders) == 3


def test_seconding_is_shown_before_it_is_saved(roster_core):
    roster_core.say("吴勇", "建议在动力车间门口加装自行车雨棚", yes=True)
    r = roster_core.say("孙志强", "我附议吴勇提的雨棚建议", session="sec")
    assert r.pending and r.written == [] and "雨棚" in r.reply
    r = roster_core.say("孙志强", "确认", session="sec")
    assert r.written


def test_a_question_keeps_the_pending_record(roster_core):
    roster_core.say("陈立新", VISIT, session="q")
    r = roster_core.say("陈立新", "你好", session="q")
    assert r.written == [] and "待确认" in r.reply
    r = roster_core.say("陈立新", "确认", session="q")
    assert "contacts" in tables(r)


def test_requirements_query_lists_items_or_says_not_built(roster_core):
    r = roster_core.say("陈立新", "我这个月还有哪些任务没完成？")
    assert r.intent == "query_requirements" and r.fields.get("period") == "2026-11"
    if importlib.util.find_spec("knowledge.obligations") is None:
        assert "尚未实现" in r.reply and r.items == []
    else:
        assert r.items and all(i.period == "2026-11" for i in r.items)
        assert "未完成" in r.reply or "✓" in r.reply


def test_regulation_question_cites_or_says_not_built(roster_core):
    r = roster_core.say("陈立新", "职工代表每季度要走访几次？")
    assert r.intent == "ask_regulation"
    if importlib.util.find_spec("knowledge.answer") is None:
        assert "尚未实现" in r.reply and r.citations == []
    else:
        assert r.reply and all(c.quote for c in r.citations)


def test_status_change_by_the_union_office_after_confirmation(roster_core):
    roster_core.say("陈立新", VISIT, yes=True)
    r = roster_core.say("陈立新", "食堂热饭那条已经立案了", yes=True)
    assert r.intent == "update_status" and r.written == [] and "工会主席" in r.reply
    r = roster_core.say("王建国", "食堂热饭那条已经立案了", session="st")
    assert r.pending and r.written == [] and "夜班食堂没有热饭" in r.reply
    r = roster_core.say("王建国", "确认", session="st")
    assert tables(r) == ["opinions"]
    with session(roster_core.url) as s:
        o = s.scalars(select(Opinion)).one()
        assert o.status == "立案" and [h.to_status for h in o.history] == ["登记", "立案"]


def test_status_of_an_unknown_opinion_asks_which(roster_core):
    r = roster_core.say("王建国", "停车场那条已经立案了", yes=True)
    assert r.written == [] and "topic" in r.missing and "没有找到" in r.reply


@pytest.mark.skipif(importlib.util.find_spec("assistant.proposals") is None, reason="proposals not built")
def test_proposal_draft_is_saved_on_confirmation_and_later_submitted(roster_core):
    from store.models import Proposal

    roster_core.say("陈立新", VISIT, yes=True)
    r = roster_core.say("陈立新", "帮我起草一个关于夜班食堂热饭的提案", session="p")
    assert r.intent == "draft_proposal" and r.pending and r.written == []
    assert "案由" in r.reply and count(roster_core, Proposal) == 0
    r = roster_core.say("陈立新", "确认", session="p")
    assert tables(r) == ["proposals"]
    r = roster_core.say("陈立新", "夜班食堂热饭的提案已经提交了", session="p")
    assert r.intent == "update_status" and r.pending and r.written == []
    r = roster_core.say("陈立新", "确认", session="p")
    assert tables(r) == ["proposals"]
    with session(roster_core.url) as s:
        p = s.scalars(select(Proposal)).one()
        assert p.status == "已提交" and p.submitted_on == TODAY



@pytest.mark.skipif(importlib.util.find_spec("assistant.proposals") is None, reason="proposals not built")
def test_a_draft_without_a_subject_asks_for_it(roster_core):
    r = roster_core.say("陈立新", "帮我写个提案", session="n")
    assert r.intent == "draft_proposal" and r.missing == ["topic"] and r.written == []
    assert "提案的主题是什么" in r.reply and "哪一条意见" not in r.reply
    r = roster_core.say("陈立新", "关于宿舍热水的", session="n")
    assert r.fields["topic"] == "宿舍热水" and "关于宿舍热水的提案" in r.reply
    r = roster_core.say("陈立新", "帮我写个提案直接交上去", session="s")
    assert r.missing == ["topic"] and "提交：是" in r.reply  # replies.yaml's "yes" key (a bare yes is true in YAML)
    r = roster_core.say("陈立新", "写个提案 关于更衣室扩容的", session="m")
    assert "关于更衣室扩容的提案" in r.reply  # the subject the understanding reads, not 个


def test_a_drafts_topic_corrected_redrafts_it(roster_core):
    from store.models import Proposal

    r = roster_core.say("陈立新", "帮我起草一个关于夜班食堂热饭的提案", session="t")
    assert "关于夜班食堂热饭的提案" in r.reply
    assert "主题改成" in r.reply and "日期改成" not in r.reply  # the hint names a correction a draft takes
    r = roster_core.say("陈立新", "主题改成班车线路调整", session="t")
    assert r.fields["topic"] == "班车线路调整" and "关于班车线路调整的提案" in r.reply and r.written == []
    r = roster_core.say("陈立新", "题目改成宿舍热水", session="t")
    assert "关于宿舍热水的提案" in r.reply
    r = roster_core.say("陈立新", "确认", session="t")
    assert tables(r) == ["proposals"]
    with session(roster_core.url) as s:
        assert "宿舍热水" in s.scalars(select(Proposal)).one().title

@pytest.mark.postgres
def test_a_dialogue_on_postgresql(home, pg_db_url):
    from assistant.core import Core
    from conftest import DEMO_ROSTER
    from store.settings import load_settings

    core = Core(load_settings(home=home, db_url=pg_db_url), TODAY)
    core.roster_import(DEMO_ROSTER)
    r = core.say("陈立新", "到机加车间走访了张三和王五，他们反映夜班食堂没有热饭", session="pg")
    assert r.missing == ["date"]
    core.say("陈立新", "昨天", session="pg")
    r = core.say("陈立新", "确认", session="pg")
    assert tables(r) == ["contacts", "opinions", "people"]
    with session(core.url) as s:
        assert s.get(DialogueSession, "pg").state == {}
        assert [cp.person.name for cp in s.scalars(select(Contact)).one().people] == ["张三", "王五"]


def test_a_namesake_is_settled_by_naming_the_unit(roster_core):
    r = roster_core.say("陈立新", "上周五和张伟李娜电话联系", session="n", yes=True)
    assert r.missing == ["people"] and r.written == [] and r.reply.count("李娜（装配车间）") == 1
    r = roster_core.say("陈立新", "装配车间的", session="n")
    assert r.missing == [] and r.pending
    r = roster_core.say("陈立新", "确认", session="n")
    with session(roster_core.url) as s:
        contact = s.get(Contact, r.written[0].id)
        assert [(cp.person.name, cp.person.unit.name) for cp in contact.people] == [("张伟", "机加车间"),
                                                                                    ("李娜", "装配车间")]


def test_draft_and_submit_in_one_turn(roster_core):
    if importlib.util.find_spec("assistant.proposals") is None:
        pytest.skip("proposals not built")
    from store.models import Proposal

    r = roster_core.say("陈立新", "帮我起草并提交一个关于夜班食堂热饭的提案", yes=True)
    assert r.fields.get("submit") is True and tables(r) == ["proposals"]
    with session(roster_core.url) as s:
        assert s.scalars(select(Proposal)).one().status == "已提交"


def test_a_correction_with_nothing_pending_says_so_and_writes_nothing(roster_core):
    before = counts(roster_core)
    r = roster_core.say("陈立新", "刚才记错了 不是张三是李四")
    assert r.intent == "other" and r.written == [] and "没有待确认的记录可以修改" in r.reply
    assert counts(roster_core) == before


def test_a_step_the_opinion_cannot_take_keeps_the_record_and_asks_the_status_again(roster_core):
    roster_core.say("陈立新", VISIT, yes=True)
    r = roster_core.say("王建国", "食堂热饭那条已经办结了", session="step")
    assert r.written == [] and r.missing == ["status"] and "不能从“登记”直接改为“已办结”" in r.reply
    r = roster_core.say("王建国", "改成立案", session="step")
    assert r.fields["status"] == "立案" and r.missing == []
    r = roster_core.say("王建国", "确认", session="step")
    assert tables(r) == ["opinions"]
    with session(roster_core.url) as s:
        assert s.scalars(select(Opinion)).one().status == "立案"


def test_seconding_an_unsettled_raiser_asks_whose_opinion_it_is(core, tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("姓名,角色,单位,选区\n王建国,工会主席,公司工会,\n陈立新,职工代表,机加车间,机加车间选区\n"
                      "王芳,职工,物流中心,物流中心选区\n王芳,职工,后勤服务部,后勤服务部选区\n"
                      "王强,职工,机加车间,机加车间选区\n", encoding="utf-8")
    core.roster_import(roster)
    core.say("陈立新", "记一条意见 物流中心的王芳反映厂区路灯太暗", yes=True)
    r = core.say("陈立新", "老王提的厂区路灯那条我附议", session="w")
    assert r.intent == "second_opinion" and r.missing == ["people"] and r.written == []
    r = core.say("陈立新", "物流中心的王芳", session="w")
    assert r.fields["people"] == ["王芳"] and r.missing == [] and "headcount" not in r.fields
    r = core.say("陈立新", "确认", session="w")
    assert tables(r) == ["opinion_seconders"]


def test_naming_the_opinion_asked_for_is_no_new_opinion(roster_core):
    roster_core.say("吴勇", "建议在动力车间门口加装自行车雨棚", yes=True)
    r = roster_core.say("孙志强", "我附议一下", session="which")
    assert r.missing == ["topic"]
    r = roster_core.say("孙志强", "就是吴勇反映的自行车雨棚那条", session="which")
    assert r.intent == "second_opinion" and r.fields["topic"] == "自行车雨棚" and r.missing == []


def test_a_namesake_is_settled_by_a_units_short_name(core, tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("姓名,角色,单位,选区\n陈立新,职工代表,机加车间,机加车间选区\n"
                      "王芳,职工,物流中心,物流中心选区\n王芳,职工,后勤服务部,后勤服务部选区\n", encoding="utf-8")
    core.roster_import(roster)
    r = core.say("陈立新", "昨天和王芳聊了聊 她说食堂太咸", session="ns")
    assert r.missing == ["people"]
    r = core.say("陈立新", "是王芳 后勤的", session="ns")  # 后勤 for 后勤服务部
    assert r.missing == [] and r.fields["people"] == ["王芳"]
    r = core.say("陈立新", "确认", session="ns")
    assert tables(r) == ["contacts", "opinions"]
    with session(core.url) as s:
        assert s.scalars(select(Contact)).one().people[0].person.unit.name == "后勤服务部"
