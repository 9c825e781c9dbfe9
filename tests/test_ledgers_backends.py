"""Opinions, seconding, a status change, a ledger and the summary on SQLite and on PostgreSQL."""
from __future__ import annotations

import datetime as dt

from openpyxl import load_workbook
from sqlalchemy import select

from assistant import opinions as op
from assistant.core import Core
from conftest import DEMO_ROSTER, TODAY
from store.db import transaction
from store.models import Person
from store.records import add_contact
from store.settings import load_settings


def test_opinion_flow_and_ledgers_on_each_backend(home, any_db_url, tmp_path):
    core = Core(load_settings(home=home, db_url=any_db_url), TODAY)
    core.roster_import(DEMO_ROSTER)
    with transaction(core.url) as s:
        P = lambda n: s.scalars(select(Person).where(Person.name == n)).first()  # noqa: E731
        c = add_contact(s, date=dt.date(2026, 11, 20), form="走访", recorded_by_id=P("陈立新").id,
                        people_ids=[P("张三").id], issues=["夜班食堂没有热饭"])
        o = op.add_opinion(s, content="夜班食堂没有热饭", recorded_by=P("陈立新"), raised_by=P("张三"),
                           date=dt.date(2026, 11, 20), contact_id=c.id)
        for name in ("孙志强", "周敏", "吴勇"):
            result = op.second_opinion(s, opinion=o, person=P(name), today=dt.date(2026, 11, 22))
        assert result.due_set and o.due == dt.date(2026, 12, 7)
        op.change_status(s, opinion=o, to_status="立案", by=P("王建国"), today=TODAY, reason="专门会议通过")
    with transaction(core.url) as s:
        found = op.find_opinions(s, topic="食堂热饭", raised_by_name="张三")
        assert [x.status for x in found] == ["立案"]
    assert core.opinions_list(person="吴勇")["opinions"][0]["seconders"] == ["孙志强", "周敏", "吴勇"]
    out = tmp_path / "reg.xlsx"
    assert core.export("liaison-register", "2026Q4", out, person="陈立新")["rows"] == 1
    assert list(load_workbook(out).active.iter_rows(min_row=4, values_only=True))[0][2:4] == ("张三", "夜班食堂没有热饭")
    out = tmp_path / "sum.xlsx"
    core.export("quarterly-summary", "2026Q4", out)
    rows = {r[0]: r for r in load_workbook(out).active.iter_rows(min_row=4, values_only=True)}
    assert rows["机加车间"][1:6] == (3, 9, 1, 1, 1)
