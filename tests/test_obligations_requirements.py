"""`requirements` and `overview` (knowledge/obligations.py) on a real SQLite file with the demo roster.

Each rule kind is checked just below and just at its quota; records are written the way the
product writes them (store.records.add_contact) or as rows (opinions, proposals).
"""
from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from assistant.cli import main
from knowledge.obligations import overview, requirements
from store import db
from store.errors import UserError
from store.models import Opinion, Person, Proposal, Setting, Unit
from store.records import add_contact
from store.roster import add_person

from conftest import TODAY

D = dt.date


def _pid(s, name: str, unit: str | None = None) -> int:
    q = select(Person.id).where(Person.name == name)
    if unit:
        q = q.join(Unit).where(Unit.name == unit)
    return s.execute(q).scalar_one()


def contact(core, by: str, day: dt.date, form: str = "走访", people=(), headcount=None, text="", topic=None):
    with db.transaction(core.url) as s:
        add_contact(s, date=day, form=form, recorded_by_id=_pid(s, by),
                    people_ids=[_pid(s, *p) if isinstance(p, tuple) else _pid(s, p) for p in people],
                    headcount=headcount, text=text, topic=topic)


def opinion(core, by: str, status: str = "已办结", closed_on: dt.date | None = D(2026, 11, 2), day=D(2026, 10, 8)):
    with db.transaction(core.url) as s:
        s.add(Opinion(content="夜班食堂没有热饭", recorded_by_id=_pid(s, by), date=day, status=status, closed_on=closed_on))


def proposal(core, by: str, status: str = "已提交", submitted_on: dt.date | None = D(2026, 11, 3)):
    with db.transaction(core.url) as s:
        s.add(Proposal(title="关于夜班食堂供应热饭的提案", proposer_id=_pid(s, by), status=status,
                       date=D(2026, 11, 1), submitted_on=submitted_on))


def set_regulations(core, value, unit: str | None = None):
    with db.transaction(core.url) as s:
        if unit:
            s.execute(select(Unit).where(Unit.name == unit)).scalar_one().regulations = value
        else:
            s.merge(Setting(key="regulations", value=value))


def item(core, person: str, rule_id: str, period: str | None = None):
    items = [i for i in requirements(core.ctx, person, period).items if i.rule_id == rule_id]
    assert len(items) == 1, f"{rule_id} not listed for {person}"
    return items[0]


# -- which rules apply ---------------------------------------------------------------------


def test_default_regulation_binds_roles(roster_core):
    ids = lambda name: {i.rule_id for i in requirements(roster_core.ctx, name).items}
    assert ids("王建国") == {"000-01", "000-02", "000-03", "000-04"}
    assert ids("孙志强") == {"000-08", "000-09", "000-10"}
    assert ids("张三") == set()              # a worker owes nothing
    assert ids("钱晓东") == set()            # 004 does not bind the organisation by default


def test_person_with_two_roles_gets_both_rule_sets(roster_core):
    got = {i.rule_id for i in requirements(roster_core.ctx, "陈立新").items}
    chair = {"000-05", "000-06", "000-07", "000-11", "000-12"}
    rep = {"000-08", "000-09", "000-10"}
    assert got == chair | rep


def test_settings_and_unit_override_the_regulations(roster_core):
    set_regulations(roster_core, "000,003,004")
    assert {i.rule_id for i in requirements(roster_core.ctx, "钱晓东").items} == {
        "004-01", "004-02", "004-03", "004-04", "004-05", "004-06"}
    # 郑海燕 is 职工代表 and 委员: 000's representative rules and 003's rules for 委员.
    assert {i.rule_id for i in requirements(roster_core.ctx, "郑海燕").items} == {
        "000-08", "000-09", "000-10", "003-01", "003-02", "003-03"}
    set_regulations(roster_core, "004", unit="公司工会")
    got = {i.rule_id for i in requirements(roster_core.ctx, "王建国").items}
    assert got == {"004-07", "004-08"}       # the unit's own setting wins over the organisation's


def test_unknown_person_and_bad_period_are_user_errors(roster_core):
    with pytest.raises(UserError, match="花名册中没有"):
        requirements(roster_core.ctx, "王五")
    with pytest.raises(UserError, match="2026Q4"):
        requirements(roster_core.ctx, "王建国", "2026Q9")
    with pytest.raises(UserError, match="李娜（装配车间）|李娜（动力车间）"):
        requirements(roster_core.ctx, "李娜")


# -- each kind: just below and at the quota ------------------------------------------------


def test_contact_workers_monthly_people_quota(roster_core):
    contact(roster_core, "孙志强", D(2026, 11, 5), people=["张三"])
    it = item(roster_core, "孙志强", "000-08")
    assert (it.done, it.required, it.people_done, it.people_required, it.met) == (1, 1, 1, 2, False)
    contact(roster_core, "孙志强", D(2026, 11, 6), form="电话", people=["李四"])
    it = item(roster_core, "孙志强", "000-08")
    assert (it.done, it.people_done, it.met) == (2, 2, True)
    assert it.period == "2026-11" and it.due == D(2026, 11, 30) and it.people_max == 4
    assert it.source.clause == "二（二）3" and it.source.quote == "每月走访一次本选区职工"


def test_one_contact_with_three_people_is_one_visit_three_people(roster_core):
    contact(roster_core, "孙志强", D(2026, 11, 5), people=["张三", "李四", "张伟"])
    it = item(roster_core, "孙志强", "000-08")
    assert (it.done, it.people_done) == (1, 3)


def test_same_worker_twice_counts_once_for_people(roster_core):
    contact(roster_core, "孙志强", D(2026, 11, 5), people=["张三"])
    contact(roster_core, "孙志强", D(2026, 11, 19), people=["张三"])
    it = item(roster_core, "孙志强", "000-08")
    assert (it.done, it.people_done, it.met) == (2, 1, False)


def test_unnamed_headcount_counts_as_workers_not_as_representatives(roster_core):
    contact(roster_core, "孙志强", D(2026, 11, 5), form="座谈", headcount=5)
    contact(roster_core, "孙志强", D(2026, 11, 6), people=["张三"], headcount=3)  # 张三 and 2 unnamed
    it = item(roster_core, "孙志强", "000-08")
    assert (it.done, it.people_done) == (2, 8)
    contact(roster_core, "王建国", D(2026, 11, 5), form="座谈", headcount=6)
    assert item(roster_core, "王建国", "000-01").done == 0


def test_other_forms_and_other_people_do_not_count(roster_core):
    contact(roster_core, "孙志强", D(2026, 11, 5), form="会议", people=["张三", "李四"])
    contact(roster_core, "孙志强", D(2026, 11, 5), form="走访", people=["周敏"])   # a representative, not a worker
    contact(roster_core, "欧阳明", D(2026, 11, 5), form="走访", people=["张三", "李四"])  # someone else's record
    it = item(roster_core, "孙志强", "000-08")
    assert (it.done, it.people_done) == (0, 0)


def test_chair_contacts_representatives_quarterly_range(roster_core):
    contact(roster_core, "王建国", D(2026, 10, 12), form="座谈", people=["孙志强", "周敏"])
    contact(roster_core, "王建国", D(2026, 11, 2), people=["张三"])  # a worker: not a representative
    it = item(roster_core, "王建国", "000-01")
    assert (it.done, it.people_done, it.people_required, it.people_max, it.met) == (1, 2, 3, 6, False)
    contact(roster_core, "王建国", D(2026, 11, 20), form="电话", people=["吴勇"])
    it = item(roster_core, "王建国", "000-01")
    assert (it.done, it.people_done, it.met) == (2, 3, True)
    for name in ["郑海燕", "欧阳明", "陈立新", "孙志强"]:   # 孙志强 again: still one person
        contact(roster_core, "王建国", D(2026, 11, 21), people=[name])
    it = item(roster_core, "王建国", "000-01")
    assert (it.done, it.people_done, it.met) == (6, 6, True)
    with db.transaction(roster_core.url) as s:
        add_person(s, "钟山", "机加车间", ["职工代表"])
    contact(roster_core, "王建国", D(2026, 11, 22), people=["钟山", "陈立新"])
    it = item(roster_core, "王建国", "000-01")
    assert (it.people_done, it.people_max, it.met) == (7, 6, True)  # above the maximum is fine


def test_research_half_yearly(roster_core):
    contact(roster_core, "王建国", D(2026, 6, 30), form="调研", headcount=4)   # H1: not this half-year
    contact(roster_core, "王建国", D(2026, 8, 3), form="走访", people=["孙志强"])
    assert item(roster_core, "王建国", "000-02").met is False
    contact(roster_core, "王建国", D(2026, 7, 1), form="调研", headcount=4)
    it = item(roster_core, "王建国", "000-02")
    assert (it.done, it.period, it.due, it.met) == (1, "2026H2", D(2026, 12, 31), True)


def test_practical_matter_counts_opinions_closed_in_the_year(roster_core):
    opinion(roster_core, "王建国", status="办理中", closed_on=None)
    opinion(roster_core, "王建国", status="已办结", closed_on=D(2025, 12, 31))
    assert item(roster_core, "王建国", "000-03").done == 0
    opinion(roster_core, "王建国", status="已反馈", closed_on=D(2026, 1, 1))
    it = item(roster_core, "王建国", "000-03")
    assert (it.done, it.met, it.people_done) == (1, True, None)


def test_proposal_counts_once_submitted_in_the_year(roster_core):
    proposal(roster_core, "孙志强", status="草稿", submitted_on=None)
    proposal(roster_core, "孙志强", status="已提交", submitted_on=D(2025, 11, 30))
    assert item(roster_core, "孙志强", "000-10").met is False
    proposal(roster_core, "孙志强")
    assert item(roster_core, "孙志强", "000-10").met is True
    assert item(roster_core, "王建国", "000-04").met is False  # someone else's proposal


def test_representative_activity_quarterly(roster_core):
    contact(roster_core, "孙志强", D(2026, 9, 20), form="活动", headcount=10)
    assert item(roster_core, "孙志强", "000-09").done == 0
    contact(roster_core, "孙志强", D(2026, 11, 20), form="活动", headcount=10)
    assert item(roster_core, "孙志强", "000-09").met is True


def test_activity_day_is_due_on_the_20th_of_the_quarters_last_month(roster_core):
    it = item(roster_core, "陈立新", "000-11")
    assert (it.due, it.period, it.met) == (D(2026, 12, 20), "2026Q4", False)
    contact(roster_core, "陈立新", D(2026, 11, 20), form="活动", people=["孙志强", "欧阳明"])
    assert item(roster_core, "陈立新", "000-11").met is True


def test_untracked_reminders_keep_their_dates(roster_core):
    it = item(roster_core, "陈立新", "000-12")
    assert (it.tracked, it.met, it.due, it.kind) == (False, False, D(2026, 9, 10), "其他")
    set_regulations(roster_core, "000,004")
    ledger = item(roster_core, "王建国", "004-07")
    assert ledger.due == D(2026, 12, 20) and not ledger.tracked


def test_research_report_and_suggestion_of_003(roster_core):
    set_regulations(roster_core, "000,003")
    report = item(roster_core, "郑海燕", "003-03")
    assert (report.kind, report.tracked, report.met) == ("调研报告", False, False)
    assert item(roster_core, "郑海燕", "003-01").met is False
    opinion(roster_core, "郑海燕", status="登记", closed_on=None, day=D(2026, 3, 2))  # an opinion raised counts
    it = item(roster_core, "郑海燕", "003-01")
    assert (it.done, it.met) == (1, True)


def test_cadre_research_days_and_enterprises(roster_core):
    set_regulations(roster_core, "001")
    start = D(2026, 1, 5)
    with db.transaction(roster_core.url) as s:
        me = _pid(s, "高峰")
        for i in range(59):
            add_contact(s, date=start + dt.timedelta(days=i), form="调研", recorded_by_id=me, headcount=2, place="新升公司")
        add_contact(s, date=start, form="调研", recorded_by_id=me, headcount=2, place="新升公司")  # same day again
    days = item(roster_core, "高峰", "001-03", "2026")
    assert (days.done, days.required, days.unit, days.met) == (59, 60, "天", False)
    contact(roster_core, "高峰", D(2026, 6, 1), form="调研", headcount=2)
    assert item(roster_core, "高峰", "001-03", "2026").met is True
    # ≥ 2 enterprises (distinct places) and ≥ 10 workers: one place so far, 0 named + unnamed workers.
    visits = item(roster_core, "高峰", "001-01", "2026")
    assert visits.done == 1 and visits.people_done >= 10 and visits.met is False
    with db.transaction(roster_core.url) as s:
        add_contact(s, date=D(2026, 7, 1), form="走访", recorded_by_id=_pid(s, "高峰"), headcount=1, place="装配车间")
    assert item(roster_core, "高峰", "001-01", "2026").met is True


# -- periods ---------------------------------------------------------------------------------


def test_quarter_boundary(roster_core):
    contact(roster_core, "陈立新", D(2026, 9, 30), form="座谈", people=["张三"])
    assert item(roster_core, "陈立新", "000-06", "2026Q3").done == 1
    assert item(roster_core, "陈立新", "000-06", "2026Q4").done == 0
    contact(roster_core, "陈立新", D(2026, 10, 1), form="座谈", people=["张三"])
    assert item(roster_core, "陈立新", "000-06", "2026Q3").done == 1
    assert item(roster_core, "陈立新", "000-06", "2026Q4").done == 1


def test_leap_day_belongs_to_february(roster_core):
    core = roster_core.with_today(D(2024, 3, 1))
    contact(core, "孙志强", D(2024, 2, 29), people=["张三", "李四"])
    feb = item(core, "孙志强", "000-08", "2024-02")
    assert (feb.done, feb.due, feb.met) == (1, D(2024, 2, 29), True)
    assert item(core, "孙志强", "000-08", "2024-03").done == 0
    assert item(core, "孙志强", "000-08").period == "2024-03"   # no period: the month of today


def test_period_selects_rules_of_its_own_kind(roster_core):
    kinds = lambda p: {i.period for i in requirements(roster_core.ctx, "陈立新", p).items}
    assert kinds("2026-11") == {"2026-11"}
    assert {i.rule_id for i in requirements(roster_core.ctx, "陈立新", "2026Q4").items} == {"000-06", "000-09", "000-11"}
    assert {i.rule_id for i in requirements(roster_core.ctx, "陈立新", "2026").items} == {"000-07", "000-10", "000-12"}
    assert requirements(roster_core.ctx, "陈立新", "2026H2").items == []
    assert kinds(None) == {"2026-11", "2026Q4", "2026"}


# -- overview --------------------------------------------------------------------------------


def test_overview_who_is_behind(roster_core):
    contact(roster_core, "孙志强", D(2026, 11, 5), people=["张三", "李四"])
    got = overview(roster_core.ctx, "2026-11")
    people = {p["name"]: p for p in got["people"]}
    assert set(people) == {"陈立新", "赵丽", "孙志强", "周敏", "吴勇", "郑海燕", "欧阳明"}
    assert people["孙志强"]["items_met"] == 1 and people["孙志强"]["behind"] == []
    assert people["周敏"]["behind"] == ["联系职工"] and people["周敏"]["items_total"] == 1
    assert people["陈立新"]["items_total"] == 2     # two monthly rules: as chair and as representative
    units = {u["unit"]: u for u in got["by_unit"]}
    assert units["机加车间"]["people"] == 3 and units["机加车间"]["people_behind"] == 2
    roles = {r["role"]: r for r in got["by_role"]}
    assert roles["职工代表"]["people"] == 6 and roles["职工代表"]["items_met"] == 1
    assert roles["车间工会主席"]["items_total"] == 2
    one_unit = overview(roster_core.ctx, "2026-11", "机加车间")
    assert {p["name"] for p in one_unit["people"]} == {"陈立新", "孙志强", "欧阳明"}
    with pytest.raises(UserError):
        overview(roster_core.ctx, "2026-11", "不存在的车间")


def test_overview_and_requirements_agree(roster_core):
    contact(roster_core, "王建国", D(2026, 10, 12), form="座谈", people=["孙志强", "周敏", "吴勇"])
    contact(roster_core, "陈立新", D(2026, 11, 3), form="活动", people=["张三"], headcount=6)
    got = overview(roster_core.ctx)
    for person in got["people"]:
        if person["name"] == "李娜":
            continue
        mine = {i.rule_id: i for i in requirements(roster_core.ctx, person["name"]).items if i.tracked}
        assert {i["rule_id"]: (i["done"], i["people_done"], i["met"]) for i in person["items"]} == {
            k: (v.done, v.people_done, v.met) for k, v in mine.items()}


# -- the command line ---------------------------------------------------------------------------


def _cli(core, capsys, *args) -> tuple[int, dict]:
    status = main(["--db", core.url, "--today", TODAY.isoformat(), *args, "--json"])
    return status, json.loads(capsys.readouterr().out)


def test_cli_requirements_json_shape(roster_core, capsys):
    contact(roster_core, "孙志强", D(2026, 11, 5), people=["张三", "李四"])
    status, out = _cli(roster_core, capsys, "requirements", "--person", "孙志强", "--period", "2026-11")
    assert status == 0 and out["person"] == "孙志强"
    (it,) = out["items"]
    for key in ("kind", "rule", "period", "due", "required", "done", "people_required", "people_done", "met", "source"):
        assert key in it
    assert it["rule"] == "每月走访一次本选区职工；每月与2-4名职工群众保持经常性联系"
    assert (it["period"], it["due"], it["required"], it["done"], it["people_required"], it["people_done"], it["met"]) == (
        "2026-11", "2026-11-30", 1, 1, 2, 2, True)
    assert it["source"] == {"document": "000", "clause": "二（二）3", "quote": "每月走访一次本选区职工"}
    status, out = _cli(roster_core, capsys, "requirements", "--person", "王五")
    assert status == 2 and "王五" in out["error"]
    status, out = _cli(roster_core, capsys, "requirements", "--person", "孙志强", "--period", "11月")
    assert status == 2 and "2026Q4" in out["error"]


# -- both backends -------------------------------------------------------------------------------


def test_same_counts_on_sqlite_and_postgresql(any_db_url, home):
    from assistant.core import Core
    from conftest import DEMO_ROSTER
    from store.settings import load_settings

    core = Core(load_settings(home=home, db_url=any_db_url), TODAY)
    core.roster_import(DEMO_ROSTER)
    set_regulations(core, ["000", "003"])
    contact(core, "孙志强", D(2026, 11, 5), people=["张三", "李四"], headcount=4)
    contact(core, "孙志强", D(2026, 11, 6), form="座谈", people=["张三"])
    contact(core, "王建国", D(2026, 10, 1), form="座谈", people=["孙志强", "周敏", "吴勇"])
    contact(core, "王建国", D(2026, 9, 30), form="调研", headcount=3)
    contact(core, "郑海燕", D(2026, 11, 2), form="活动", text="职工议事会", headcount=20)
    opinion(core, "王建国")
    opinion(core, "郑海燕", status="登记", closed_on=None)
    proposal(core, "孙志强")
    got = {(name, i.rule_id): (i.done, i.people_done, i.met) for name in ("孙志强", "王建国", "郑海燕")
           for i in requirements(core.ctx, name).items}
    assert got["孙志强", "000-08"] == (2, 4, True)   # 张三, 李四 and 2 unnamed; 张三 again is the same person
    assert got["孙志强", "000-10"] == (1, None, True)
    assert got["王建国", "000-01"] == (1, 3, True)
    assert got["王建国", "000-02"] == (1, 3, True)    # 2026-09-30 is in H2 (07-01 … 12-31)
    assert got["王建国", "000-03"] == (1, None, True)
    assert got["郑海燕", "003-01"] == (1, None, True)  # she (委员) recorded an opinion
    assert got["郑海燕", "000-09"] == (1, 20, True)    # her 活动 is a representative activity
    people = {p["name"]: p for p in overview(core.ctx)["people"]}
    assert people["孙志强"]["behind"] == [] and people["孙志强"]["items_met"] == 3
    assert people["王建国"]["items_met"] == 3 and people["王建国"]["behind"] == ["提案"]


def test_namesakes_by_unit_or_by_row(roster_core):
    contact(roster_core, "孙志强", D(2026, 11, 5), people=[("李娜", "装配车间")])
    with db.session(roster_core.url) as s:
        row = s.get(Person, _pid(s, "孙志强"))
    assert requirements(roster_core.ctx, row).person == "孙志强"
    assert requirements(roster_core.ctx, "李娜（装配车间）").items == []   # a worker owes nothing
    with pytest.raises(UserError):
        requirements(roster_core.ctx, "李娜（质检中心）")
