"""Opinion life cycle, seconding and the 15-day rule, on a real SQLite file with the demo roster."""
from __future__ import annotations

import datetime as dt
import itertools

import pytest
from sqlalchemy import select

from assistant import opinions as op
from store.db import session, transaction
from store.errors import UserError
from store.models import AuditEntry, Opinion, OpinionStatusChange, Person

DAY = dt.date(2026, 11, 22)


def person(s, name: str) -> Person:
    return s.scalars(select(Person).where(Person.name == name)).one()


def new_opinion(url, raiser="吴勇", content="动力车间门口自行车棚没有雨棚，下雨天车子淋湿", topic="雨棚",
                date=dt.date(2026, 11, 2)) -> int:
    with transaction(url) as s:
        o = op.add_opinion(s, content=content, recorded_by=person(s, raiser), raised_by=person(s, raiser),
                           date=date, topic=topic)
        return o.id


def load(s, oid) -> Opinion:
    return op.find_opinions(s, opinion_id=oid)[0]


def move(url, oid, to, by="王建国", today=DAY, **kw):
    with transaction(url) as s:
        return op.change_status(s, opinion=load(s, oid), to_status=to, by=person(s, by), today=today, **kw).status


def test_add_opinion_registers_with_history_and_audit(roster_core):
    oid = new_opinion(roster_core.url)
    with session(roster_core.url) as s:
        o = load(s, oid)
        assert o.status == "登记" and o.due is None
        assert [(h.from_status, h.to_status) for h in o.history] == [(None, "登记")]
        audit = s.scalars(select(AuditEntry).where(AuditEntry.table_name == "opinions")).all()
        assert [(a.action, a.row_id) for a in audit] == [("insert", str(oid))]


def test_empty_content_is_refused(roster_core):
    with pytest.raises(UserError, match="内容是空的"):
        new_opinion(roster_core.url, content="  ")


def test_three_seconders_set_due_fifteen_days_later(roster_core):
    oid = new_opinion(roster_core.url)
    results = []
    for name in ("孙志强", "周敏", "郑海燕"):
        with transaction(roster_core.url) as s:
            r = op.second_opinion(s, opinion=load(s, oid), person=person(s, name), today=DAY)
            results.append((r.count, r.due_set, r.opinion.due))
            if r.due_set:
                sentence = op.describe_due(r)
    assert results == [(1, False, None), (2, False, None), (3, True, dt.date(2026, 12, 7))]
    assert "2026-12-07" in sentence and "15日" in sentence
    listed = roster_core.opinions_list()["opinions"]
    assert listed[0]["due"] == "2026-12-07" and listed[0]["seconders"] == ["孙志强", "周敏", "郑海燕"]
    assert listed[0]["overdue"] is False
    # A fourth seconder does not move the date.
    with transaction(roster_core.url) as s:
        r = op.second_opinion(s, opinion=load(s, oid), person=person(s, "欧阳明"), today=DAY + dt.timedelta(days=3))
        assert (r.count, r.due_set, r.opinion.due) == (4, False, dt.date(2026, 12, 7))


def test_seconding_twice_counts_once(roster_core):
    oid = new_opinion(roster_core.url)
    for _ in range(2):
        with transaction(roster_core.url) as s:
            r = op.second_opinion(s, opinion=load(s, oid), person=person(s, "孙志强"), today=DAY)
    assert r.count == 1
    assert roster_core.opinions_list()["opinions"][0]["seconders"] == ["孙志强"]


def test_own_opinion_cannot_be_seconded(roster_core):
    oid = new_opinion(roster_core.url, raiser="吴勇")
    with pytest.raises(UserError, match="不能附议自己"):
        with transaction(roster_core.url) as s:
            op.second_opinion(s, opinion=load(s, oid), person=person(s, "吴勇"), today=DAY)
    assert roster_core.opinions_list()["opinions"][0]["seconders"] == []


def test_recorder_of_unnamed_workers_opinion_is_its_owner(roster_core):
    with transaction(roster_core.url) as s:
        oid = op.add_opinion(s, content="夜班食堂没有热饭", recorded_by=person(s, "陈立新"),
                             raised_by_text="机加车间职工", date=DAY).id
    with pytest.raises(UserError, match="不能附议自己"):
        with transaction(roster_core.url) as s:
            op.second_opinion(s, opinion=load(s, oid), person=person(s, "陈立新"), today=DAY)


def test_overdue_when_still_registered_after_due(roster_core):
    oid = new_opinion(roster_core.url)
    for name in ("孙志强", "周敏", "郑海燕"):
        with transaction(roster_core.url) as s:
            op.second_opinion(s, opinion=load(s, oid), person=person(s, name), today=DAY)
    on_due = roster_core.with_today(dt.date(2026, 12, 7)).opinions_list()["opinions"][0]
    after = roster_core.with_today(dt.date(2026, 12, 8)).opinions_list()["opinions"][0]
    assert (on_due["overdue"], after["overdue"]) == (False, True)
    move(roster_core.url, oid, "立案", today=dt.date(2026, 12, 8))
    assert roster_core.with_today(dt.date(2026, 12, 9)).opinions_list()["opinions"][0]["overdue"] is False


LEGAL = [("登记", "立案"), ("登记", "交办"), ("立案", "交办"), ("交办", "办理中"), ("交办", "已办结"),
         ("办理中", "已办结"), ("已办结", "已反馈")]
PATH_TO = {"登记": [], "立案": ["立案"], "交办": ["立案", "交办"], "办理中": ["立案", "交办", "办理中"],
           "已办结": ["立案", "交办", "办理中", "已办结"], "已反馈": ["立案", "交办", "办理中", "已办结", "已反馈"]}
STATUSES = ["登记", "立案", "交办", "办理中", "已办结", "已反馈"]


def test_every_transition_legal_or_refused(roster_core):
    """All 36 (from, to) pairs, each on a fresh opinion brought to `from` (one database for speed)."""
    for src, dst in itertools.product(STATUSES, STATUSES):
        oid = new_opinion(roster_core.url)
        for step in PATH_TO[src]:
            move(roster_core.url, oid, step)
        if (src, dst) in LEGAL:
            assert move(roster_core.url, oid, dst) == dst, (src, dst)
            with session(roster_core.url) as s:
                last = load(s, oid).history[-1]
                assert (last.from_status, last.to_status, last.date) == (src, dst, DAY)
                assert s.get(Person, last.by_id).name == "王建国"
        else:
            with pytest.raises(UserError) as err:
                move(roster_core.url, oid, dst)
            assert any("\u4e00" <= ch <= "\u9fff" for ch in str(err.value)), (src, dst)
            with session(roster_core.url) as s:
                assert load(s, oid).status == src, (src, dst)


def test_reopen_only_by_administrator(roster_core):
    oid = new_opinion(roster_core.url)
    for step in ["立案", "交办", "办理中", "已办结"]:
        move(roster_core.url, oid, step)
    with pytest.raises(UserError, match="只有管理员可以重新打开"):
        move(roster_core.url, oid, "办理中")
    with transaction(roster_core.url) as s:
        person(s, "刘芳").is_admin = True
    assert move(roster_core.url, oid, "办理中", by="刘芳", reason="职工反映问题未彻底解决") == "办理中"
    with session(roster_core.url) as s:
        o = load(s, oid)
        assert o.closed_on is None
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "reopen")).one()
        assert entry.detail["from"] == "已办结" and entry.detail["reason"] == "职工反映问题未彻底解决"


@pytest.mark.parametrize("who", ["陈立新", "孙志强", "张三", "钱晓东"])
def test_only_union_office_moves_past_registration(roster_core, who):
    oid = new_opinion(roster_core.url)
    with pytest.raises(UserError, match="只有工会主席、工会副主席或管理员"):
        move(roster_core.url, oid, "立案", by=who)
    assert move(roster_core.url, oid, "立案", by="刘芳") == "立案"  # 工会副主席


def test_administrator_without_office_role_may_move(roster_core):
    oid = new_opinion(roster_core.url)
    with transaction(roster_core.url) as s:
        person(s, "高峰").is_admin = True
    assert move(roster_core.url, oid, "立案", by="高峰") == "立案"


def test_turn_into_ordinary_suggestion(roster_core):
    oid = new_opinion(roster_core.url)
    assert move(roster_core.url, oid, "转为意见建议", reason="不属于公司办理事项") == "交办"
    row = roster_core.opinions_list()["opinions"][0]
    assert row["status"] == "交办" and row["handled_as"] == "意见建议"
    with session(roster_core.url) as s:
        assert load(s, oid).history[-1].reason == "转为意见建议：不属于公司办理事项"
    other = new_opinion(roster_core.url, content="更衣室柜子不够用", topic="更衣柜")
    move(roster_core.url, other, "立案")
    with pytest.raises(UserError, match="只有“登记”状态"):
        move(roster_core.url, other, "转为意见建议")
    assert roster_core.opinions_list()["opinions"][1]["handled_as"] == "提案"


def test_closed_on_and_satisfaction(roster_core):
    oid = new_opinion(roster_core.url)
    for step in ["立案", "交办"]:
        move(roster_core.url, oid, step)
    with pytest.raises(UserError, match="满意度在向职工反馈结果时登记"):
        move(roster_core.url, oid, "已办结", satisfaction="满意")
    move(roster_core.url, oid, "已办结", today=dt.date(2026, 11, 25))
    with pytest.raises(UserError, match="满意度“很好”无效"):
        move(roster_core.url, oid, "已反馈", satisfaction="很好")
    move(roster_core.url, oid, "已反馈", satisfaction="基本满意", today=dt.date(2026, 11, 26))
    move(roster_core.url, oid, "已反馈", satisfaction="满意", today=dt.date(2026, 11, 27))
    with session(roster_core.url) as s:
        o = load(s, oid)
        assert (o.closed_on, o.satisfaction) == (dt.date(2026, 11, 25), "满意")
        changes = s.scalars(select(OpinionStatusChange).where(OpinionStatusChange.opinion_id == oid)).all()
        assert [c.to_status for c in changes] == ["登记", "立案", "交办", "已办结", "已反馈"]
    assert roster_core.opinions_list(status="已反馈")["opinions"][0]["satisfaction"] == "满意"


def test_seconding_closed_after_registration(roster_core):
    oid = new_opinion(roster_core.url)
    move(roster_core.url, oid, "立案")
    with pytest.raises(UserError, match="不再征集附议"):
        with transaction(roster_core.url) as s:
            op.second_opinion(s, opinion=load(s, oid), person=person(s, "周敏"), today=DAY)


def test_find_by_topic_and_name_best_first(roster_core):
    rain = new_opinion(roster_core.url)
    canteen = new_opinion(roster_core.url, raiser="陈立新", content="夜班食堂没有热饭", topic=None)
    new_opinion(roster_core.url, raiser="陈立新", content="食堂菜价偏高", topic=None)
    with session(roster_core.url) as s:
        assert [o.id for o in op.find_opinions(s, topic="雨棚", raised_by_name="吴勇")] == [rain]
        assert op.find_opinions(s, topic="雨棚", raised_by_name="陈立新") == []
        assert op.find_opinions(s, topic="食堂热饭那条")[0].id == canteen
        assert op.find_opinions(s, topic="停车位") == []


def test_list_filters(roster_core):
    a = new_opinion(roster_core.url)
    new_opinion(roster_core.url, raiser="陈立新", content="夜班食堂没有热饭")
    with transaction(roster_core.url) as s:
        op.second_opinion(s, opinion=load(s, a), person=person(s, "周敏"), today=DAY)
    assert [o["raised_by"] for o in roster_core.opinions_list(person="周敏")["opinions"]] == ["吴勇"]
    assert [o["content"] for o in roster_core.opinions_list(person="陈立新")["opinions"]] == ["夜班食堂没有热饭"]
    assert roster_core.opinions_list(status="立案")["opinions"] == []
    row = roster_core.opinions_list()["opinions"][0]
    assert set(row) >= {"id", "content", "raised_by", "recorded_by", "date", "status", "seconders", "due", "overdue"}
    with pytest.raises(UserError, match="状态“完成”无效"):
        roster_core.opinions_list(status="完成")
    with pytest.raises(UserError, match="花名册中没有"):
        roster_core.opinions_list(person="王五")


def test_satisfaction_reported_on_a_settled_opinion_means_fed_back(roster_core):
    oid = new_opinion(roster_core.url)
    for step in ["立案", "交办", "已办结"]:
        move(roster_core.url, oid, step)
    assert move(roster_core.url, oid, "已办结", satisfaction="不满意") == "已反馈"
    assert roster_core.opinions_list()["opinions"][0]["satisfaction"] == "不满意"
