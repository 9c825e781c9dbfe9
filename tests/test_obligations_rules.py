"""Obligation rules as data (knowledge/rules/*.yaml) and `rules list/propose/accept`."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from assistant.cli import main
from conftest import TODAY
from knowledge.clauses import locate
from knowledge.documents import bundled
from knowledge.obligations import requirements
from knowledge.rules import RULES_DIR, bundled_rules, find_obligations, load_rules_file
from store import db
from store.errors import UserError
from store.models import KnowledgeDocument, Person, StoredRule
from store.records import add_contact

CONTRACT_KEYS = {"id", "document", "clause", "quote", "roles", "kind", "period", "required",
                 "people_min", "people_max", "unit"}


def test_every_bundled_rule_quotes_its_document_at_its_clause():
    rules = bundled_rules()
    assert {r.document for r in rules} == {"000", "001", "002", "003", "004"}
    for r in rules:
        text = bundled(r.document).text
        assert r.quote in text
        assert locate(r.document, r.quote) == r.clause, r.id
        for e in r.extra:
            assert locate(r.document, e.quote) == e.clause, (r.id, e.quote)


def test_rule_ids_are_unique_and_cover_the_issue():
    by_id = {r.id: r for r in bundled_rules()}
    assert len(by_id) == len(bundled_rules())
    # spot checks of the numbers the regulations give
    assert (by_id["000-01"].people_min, by_id["000-01"].people_max, by_id["000-01"].period) == (3, 6, "quarter")
    assert (by_id["000-05"].people_min, by_id["000-05"].people_max, by_id["000-05"].period) == (2, 4, "month")
    assert (by_id["001-01"].required, by_id["001-01"].people_min) == (2, 10)
    assert (by_id["001-03"].required, by_id["001-03"].unit) == (60, "天")
    assert (by_id["002-01"].required, by_id["002-01"].required_max) == (1, 2)
    assert by_id["004-02"].notice_days == 3
    assert {r.kind for r in bundled_rules()} == {"联系职工", "联系职工代表", "调研巡察", "办实事", "提案", "代表活动", "调研报告", "其他"}


def _write_rules(tmp_path, body: str):
    path = tmp_path / "000.yaml"
    path.write_text('document: "000"\nrules:\n' + body, encoding="utf-8")
    return path


GOOD = """  - id: t1
    clause: 二（二）3
    quote: 每月走访一次本选区职工
    roles: [职工代表]
    kind: 联系职工
    period: month
    required: 1
    unit: 次
    qualifies: [{record: contact, forms: [走访]}]
"""


def test_loading_checks_schema_and_verbatim_quotes(tmp_path):
    assert [r.id for r in load_rules_file(_write_rules(tmp_path, GOOD))] == ["t1"]
    with pytest.raises(ValueError, match="not verbatim"):
        load_rules_file(_write_rules(tmp_path, GOOD.replace("每月走访一次本选区职工", "每月走访两次本选区职工")))
    with pytest.raises(ValueError):
        load_rules_file(_write_rules(tmp_path, GOOD.replace("period: month", "period: weekly")))
    with pytest.raises(ValueError):
        load_rules_file(_write_rules(tmp_path, GOOD.replace("[职工代表]", "[厂长]")))
    with pytest.raises(ValueError):
        load_rules_file(_write_rules(tmp_path, GOOD.replace("record: contact, forms: [走访]", "record: proposal, forms: [走访]")))
    with pytest.raises(ValueError):
        load_rules_file(_write_rules(tmp_path, GOOD.replace("unit: 次", "unit: 次\n    people_min: 4\n    people_max: 2")))


def test_find_obligations_reads_a_document():
    text = bundled("000").text
    found = find_obligations("000", text, ("工会主席",))
    got = {(r.quote, r.clause, r.period, r.required, r.people_min, r.people_max) for r in found}
    assert ("每季度联系一次职工代表", "二（二）1", "quarter", 1, None, None) in got
    assert ("每月与2-4名职工群众保持经常性联系", "二（三）2", "month", None, 2, 4) in got
    assert ("每季度最后一个月20日为代表活动日", "四（二）3", "quarter", 1, None, None) in got
    plan = next(r for r in found if r.quote.startswith("工作方案及年度计划"))
    assert (plan.period, plan.due.month, plan.due.day) == ("year", 9, 10)
    assert all(r.quote in text for r in found)
    assert not any("四个一" in r.quote for r in found)   # a slogan in quotation marks is not a quota


ADDED = """关于职工代表联系职工的补充规定
一、联系要求
（一）职工代表每月至少走访3名职工。
（二）车间工会主席每季度组织两次座谈会。
二、其他
本规定自印发之日起施行。
"""


@pytest.fixture
def added_document(roster_core):
    with db.transaction(roster_core.url) as s:
        s.add(KnowledgeDocument(id="x01", title="补充规定", text=ADDED, bound_roles=["职工代表"], bundled=False))
    return roster_core


def test_propose_then_accept_makes_a_rule_count(added_document, capsys):
    core = added_document
    proposed = core.rules_propose("x01")["rules"]
    by_quote = {r["quote"]: r for r in proposed}
    visit = by_quote["职工代表每月至少走访3名职工"]
    assert (visit["status"], visit["clause"], visit["period"], visit["people_min"], visit["roles"]) == (
        "proposed", "一（一）", "month", 3, ["职工代表"])
    talks = by_quote["车间工会主席每季度组织两次座谈会"]
    assert (talks["period"], talks["required"], talks["roles"]) == ("quarter", 2, ["车间工会主席"])
    # proposing again replaces the proposals, it does not pile them up
    assert len(core.rules_propose("x01")["rules"]) == len(proposed)
    with db.session(core.url) as s:
        assert s.query(StoredRule).count() == len(proposed)
    # not yet active
    assert core.rules_list("x01")["rules"] == []
    assert "x01" not in {i.source.document for i in requirements(core.ctx, "孙志强").items}

    core.rules_accept(visit["id"])
    listed = core.rules_list("x01")["rules"]
    assert [r["id"] for r in listed] == [visit["id"]] and listed[0]["status"] == "accepted"
    with db.transaction(core.url) as s:
        me = s.execute(select(Person.id).where(Person.name == "孙志强")).scalar_one()
        workers = s.execute(select(Person.id).where(Person.name.in_(["张三", "李四", "张伟"]))).scalars().all()
        add_contact(s, date=dt.date(2026, 11, 2), form="走访", recorded_by_id=me, people_ids=workers)
    item = next(i for i in requirements(core.ctx, "孙志强").items if i.source.document == "x01")
    assert (item.people_done, item.people_required, item.met) == (3, 3, True)
    # proposing again keeps the accepted rule and does not propose it twice
    again = core.rules_propose("x01")["rules"]
    assert visit["quote"] not in {r["quote"] for r in again}
    assert [r["id"] for r in core.rules_list("x01")["rules"]] == [visit["id"]]


def test_accept_unknown_and_propose_unknown_are_user_errors(roster_core):
    with pytest.raises(UserError):
        roster_core.rules_accept("nope-p01")
    with pytest.raises(UserError):
        roster_core.rules_propose("nope")
    with pytest.raises(UserError):
        roster_core.rules_list("nope")


def _cli(core, capsys, *args):
    status = main(["--db", core.url, "--today", TODAY.isoformat(), *args, "--json"])
    return status, json.loads(capsys.readouterr().out)


def test_cli_rules_list_json_shape(roster_core, capsys):
    status, out = _cli(roster_core, capsys, "rules", "list")
    assert status == 0 and list(out) == ["rules"]
    assert len(out["rules"]) == len(bundled_rules())
    for r in out["rules"]:
        assert CONTRACT_KEYS <= set(r)
        assert r["period"] in ("month", "quarter", "half-year", "year", "campaign", "once")
        assert r["unit"] in ("次", "名", "个", "天", "户", "篇", "件", "条")
    status, out = _cli(roster_core, capsys, "rules", "list", "--document", "001")
    assert status == 0 and {r["document"] for r in out["rules"]} == {"001"}
    first = next(r for r in out["rules"] if r["id"] == "001-01")
    assert (first["clause"], first["quote"], first["required"], first["people_min"], first["people_max"], first["unit"]) == (
        "三1", "每人至少走访2个企业和10名职工", 2, 10, None, "个")


def test_cli_rules_propose_and_accept(added_document, capsys):
    status, out = _cli(added_document, capsys, "rules", "propose", "x01")
    assert status == 0 and out["rules"] and all(r["status"] == "proposed" for r in out["rules"])
    assert CONTRACT_KEYS <= set(out["rules"][0])
    status, out = _cli(added_document, capsys, "rules", "accept", out["rules"][0]["id"])
    assert status == 0 and out["rules"][0]["status"] == "accepted"
    status, out = _cli(added_document, capsys, "rules", "accept", "x01-p99")
    assert status == 2 and "rules propose" in out["error"]


def test_lexicon_is_not_a_rule_file():
    assert (RULES_DIR / "_lexicon.yaml").exists()
    assert not any(r.document.startswith("_") for r in bundled_rules())


def test_proposing_a_bundled_document_skips_what_is_already_a_rule(roster_core):
    proposed = roster_core.rules_propose("000")["rules"]
    quotes = {r["quote"] for r in proposed}
    assert "每季度联系一次职工代表" not in quotes           # 000-01 already says it
    assert "每月与2-4名职工群众保持经常性联系" not in quotes  # the people range of 000-05/000-08
    assert all(r["id"].startswith("000-p") for r in proposed)
    assert len(proposed) < 5
