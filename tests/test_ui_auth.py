"""Login accounts and scoping (store/auth.py), organisation settings, the page's pure renderers."""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

import pytest
from sqlalchemy import select

from store import auth, organisation
from store.db import session
from store.errors import UserError
from store.models import AuditEntry, Person
from ui import render

from conftest import ROOT


def test_hash_is_salted_scrypt_and_verifies():
    a, b = auth.hash_password("demo1234"), auth.hash_password("demo1234")
    assert a.startswith("scrypt$") and b.startswith("scrypt$")
    assert a != b  # random salt
    assert "demo1234" not in a
    assert auth.verify_password("demo1234", a)
    assert not auth.verify_password("demo1235", a)
    assert not auth.verify_password("demo1234", None)
    assert not auth.verify_password("demo1234", "plain-text")


def test_set_password_stores_only_the_hash(roster_core):
    result = roster_core.set_password("陈立新", "secret-42")
    assert result == {"name": "陈立新", "unit": "机加车间"}
    db_file = roster_core.url.split("///", 1)[1]
    with sqlite3.connect(db_file) as con:
        stored = con.execute("select password_hash from people where name='陈立新'").fetchone()[0]
    assert stored.startswith("scrypt$") and "secret-42" not in stored
    with session(roster_core.url) as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "password")).one()
        assert entry.detail == {"name": "陈立新", "unit": "机加车间"}
    assert auth.authenticate(roster_core.url, "陈立新", "secret-42").name == "陈立新"
    assert auth.authenticate(roster_core.url, "陈立新", "wrong") is None
    assert auth.authenticate(roster_core.url, "王建国", "secret-42") is None  # no password set


def test_set_password_refuses_bad_input(roster_core):
    with pytest.raises(UserError, match="至少6位"):
        roster_core.set_password("陈立新", "abc")
    with pytest.raises(UserError, match="没有"):
        roster_core.set_password("王五", "abcdef")
    with pytest.raises(UserError, match="--unit"):
        roster_core.set_password("李娜", "abcdef")  # two 李娜 in two units


def test_namesakes_log_in_with_their_unit(roster_core):
    roster_core.set_password("李娜", "first-pass", unit="装配车间")
    roster_core.set_password("李娜", "other-pass", unit="动力车间")
    assert auth.authenticate(roster_core.url, "李娜@动力车间", "other-pass").unit == "动力车间"
    assert auth.authenticate(roster_core.url, "李娜@动力车间", "first-pass") is None
    assert auth.authenticate(roster_core.url, "李娜", "first-pass").unit == "装配车间"
    assert auth.account_for(roster_core.url, "李娜@装配车间").unit == "装配车间"
    with pytest.raises(UserError, match="姓名@单位"):
        auth.account_for(roster_core.url, "李娜")
    li_na = auth.account_for(roster_core.url, "李娜@动力车间")
    assert li_na.namesake and li_na.qualified == "李娜（动力车间）"
    # A namesake's own records are asked for by the unambiguous name, never refused.
    assert auth.scope_person(li_na, None) == "李娜（动力车间）"
    assert auth.scope_person(li_na, "李娜") == "李娜（动力车间）"
    assert auth.scope_person(li_na, "李娜@动力车间") == "李娜（动力车间）"
    with pytest.raises(UserError, match="无权"):
        auth.scope_person(li_na, "李娜（装配车间）")
    assert roster_core.requirements(auth.scope_person(li_na, None)).person == "李娜"
    roster_core.set_password("陈立新", "unique-pass")
    chen = auth.account_for(roster_core.url, "陈立新")
    assert not chen.namesake and chen.qualified == "陈立新"
    assert auth.scope_person(chen, None) == "陈立新"


def test_office_and_scope(roster_core):
    auth.set_demo_passwords(roster_core.url)
    office = auth.account_for(roster_core.url, "王建国")
    rep = auth.account_for(roster_core.url, "陈立新")
    assert office.is_office and not rep.is_office
    assert auth.scope_person(office, "陈立新") == "陈立新"
    assert auth.scope_person(office, None) is None  # everyone
    assert auth.scope_person(rep, None) == "陈立新"
    assert auth.scope_person(rep, "陈立新") == "陈立新"
    with pytest.raises(UserError, match="无权"):
        auth.scope_person(rep, "王建国")
    with pytest.raises(UserError, match="工会办公室"):
        auth.require_office(rep, "统计")
    auth.require_office(office, "统计")
    with session(roster_core.url) as s:
        s.scalars(select(Person).where(Person.name == "孙志强")).one().is_admin = True
        s.commit()
    roster_core.set_password("孙志强", "admin-pass")
    assert auth.account_for(roster_core.url, "孙志强").is_office


def test_demo_passwords(roster_core):
    assert [r["name"] for r in auth.set_demo_passwords(roster_core.url)] == ["王建国", "陈立新"]
    assert auth.authenticate(roster_core.url, "王建国", "demo1234").is_office
    assert not auth.authenticate(roster_core.url, "陈立新", "demo1234").is_office


def test_cli_user_passwd(roster_core, home):
    def run(*args):
        proc = subprocess.run([sys.executable, "-m", "assistant.cli", "--db", roster_core.url, *args, "--json"],
                              capture_output=True, text=True, cwd=ROOT, timeout=120)
        return proc.returncode, json.loads(proc.stdout)

    code, out = run("user", "passwd", "陈立新", "--password", "from-cli-1")
    assert code == 0 and out == {"name": "陈立新", "unit": "机加车间"}
    assert auth.authenticate(roster_core.url, "陈立新", "from-cli-1") is not None
    code, out = run("user", "passwd", "李娜", "--unit", "动力车间", "--password", "x")
    assert code == 2 and "至少6位" in out["error"]


def test_organisation_regulations(roster_core):
    assert roster_core.org_regulations() == ["000"]  # the deployment default
    assert organisation.set_regulations(roster_core.url, ["000", "004"], known=["000", "004"]) == ["000", "004"]
    assert roster_core.org_regulations() == ["000", "004"]
    with pytest.raises(UserError, match="至少"):
        organisation.set_regulations(roster_core.url, [])
    with pytest.raises(UserError, match="999"):
        organisation.set_regulations(roster_core.url, ["999"], known=["000"])


def test_render_pending_card_and_requirements():
    card = render.pending_card({"pending": True, "intent": "log_contact", "missing": ["date"],
                                "fields": {"form": "走访", "people": ["张三", "李四"], "headcount": 2}})
    assert "联系职工记录" in card and "张三、李四" in card and "2人" in card and "待补充" in card
    assert render.pending_card({"pending": False, "fields": {"form": "走访"}}) == ""
    # The dialogue's own card lines: one row per field, the unrostered name marked, then the rest of the reply.
    turn = {"pending": True, "intent": "log_contact", "unknown_people": ["王五"],
            "card": ["【待确认】联系职工记录", "日期：（待补充）", "对象：张三、王五（新）", "反映问题：夜班<没有>热饭"],
            "reply": "【待确认】联系职工记录\n日期：（待补充）\n对象：张三、王五（新）\n反映问题：夜班<没有>热饭\n请问是哪一天？",
            "citations": [{"document": "000", "title": "办法", "clause": "二（一）", "quote": "每月"}]}
    bubble = render.turn_message(turn)
    assert bubble.count('class="ua-card-row') == 3 and "【待确认】" not in bubble
    assert '<span class="ua-card-label">对象</span>' in bubble
    assert bubble.count('<mark class="ua-unknown"') == 2  # the name, and the legend below the rows
    assert '<span class="ua-card-value">张三、<mark class="ua-unknown"' in bubble and ">王五（新）</mark>" in bubble
    assert 'ua-card-row ua-missing' in bubble and "夜班&lt;没有&gt;热饭" in bubble
    assert bubble.index("ua-card") < bubble.index("请问是哪一天？") < bubble.index("ua-cite")
    assert bubble.count("反映问题") == 1  # the card's lines are not repeated as text
    assert render.turn_message({**turn, "pending": False}).startswith("【待确认】")
    item = {"kind": "联系职工", "rule": "每月走访一次", "period": "2026-11", "due": "2026-11-30", "required": 1,
            "done": 0, "people_required": 2, "people_done": 1, "met": False,
            "source": {"document": "000", "clause": "二（二）3", "quote": "每月走访一次本选区职工"}}
    unmet = render.requirement_card(item)
    assert "ua-unmet" in unmet and "还差1次" in unmet and "还差1人" in unmet and "2026-11-30" in unmet
    assert "<details" in unmet and "每月走访一次本选区职工" in unmet
    assert "ua-met" in render.requirement_card({**item, "done": 1, "people_done": 2, "met": True})


def test_render_escapes_and_highlights():
    html = render.answer_html({"answer": "<b>答</b>", "citations": [
        {"document": "000", "clause": "二（二）3", "quote": "每月走访一次本选区职工"}]}, "每月走访几次")
    assert "&lt;b&gt;" in html and "<mark>每月</mark>" in html and "<mark>走访</mark>" in html
    assert render.opinion_rows({"opinions": [
        {"id": 1, "content": "加雨棚", "raised_by": "吴勇", "recorded_by": "吴勇", "date": "2026-11-18",
         "status": "登记", "seconders": ["周敏"], "due": None, "overdue": True}]}, overdue_only=True)[0][-1] == "已超期"


def test_login_throttle_refuses_a_name_after_five_wrong_passwords(roster_core):
    roster_core.set_password("陈立新", "secret-42")
    now = [1000.0]
    throttle = auth.LoginThrottle(max_failures=5, window_s=900, clock=lambda: now[0])
    for _ in range(5):
        assert throttle.authenticate(roster_core.url, "陈立新", "guess") is None
    assert throttle.authenticate(roster_core.url, "陈立新", "secret-42") is None  # right password, still refused
    roster_core.set_password("王建国", "office-pw")
    assert throttle.authenticate(roster_core.url, "王建国", "office-pw").name == "王建国"  # other names unaffected
    now[0] += 901
    assert throttle.authenticate(roster_core.url, "陈立新", "secret-42").name == "陈立新"


def test_a_successful_login_clears_earlier_failures(roster_core):
    roster_core.set_password("陈立新", "secret-42")
    throttle = auth.LoginThrottle(max_failures=3, window_s=900, clock=lambda: 0.0)
    for _ in range(2):
        throttle.authenticate(roster_core.url, "陈立新", "guess")
    assert throttle.authenticate(roster_core.url, "陈立新", "secret-42") is not None
    for _ in range(2):
        throttle.authenticate(roster_core.url, "陈立新", "guess")
    assert throttle.authenticate(roster_core.url, "陈立新", "secret-42") is not None
