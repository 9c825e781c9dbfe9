"""Ledgers: layouts in the regulations' words, exported to .xlsx and read back with openpyxl."""
from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys

import pytest
import yaml
from openpyxl import load_workbook
from sqlalchemy import select

from assistant import ledgers
from assistant import opinions as op
from conftest import ROOT
from store.db import transaction
from store.errors import UserError
from store.models import Person
from store.records import add_contact

LAYOUT_FILES = sorted((ROOT / "knowledge" / "ledgers").glob("*.yaml"))


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def person(s, name, unit=None) -> Person:
    q = select(Person).where(Person.name == name)
    return s.scalars(q).first()


@pytest.fixture
def records(roster_core):
    """A few contacts and opinions in Q3/Q4 2026 by the demo roster's representatives."""
    with transaction(roster_core.url) as s:
        P = lambda n: person(s, n)  # noqa: E731
        c = add_contact(s, date=dt.date(2026, 11, 20), form="走访", recorded_by_id=P("陈立新").id,
                        people_ids=[P("张三").id, P("李四").id], place="机加车间",
                        issues=["夜班食堂没有热饭", "更衣室太挤"])
        op.add_opinion(s, content="夜班食堂没有热饭", recorded_by=P("陈立新"), raised_by=P("张三"),
                       date=dt.date(2026, 11, 20), contact_id=c.id)
        add_contact(s, date=dt.date(2026, 10, 8), form="座谈", recorded_by_id=P("孙志强").id, headcount=5,
                    issues=["班车太少"])
        add_contact(s, date=dt.date(2026, 11, 3), form="电话", recorded_by_id=P("周敏").id,
                    people_ids=[P("张薇").id], headcount=3)
        add_contact(s, date=dt.date(2026, 8, 3), form="走访", recorded_by_id=P("陈立新").id,
                    people_ids=[P("林晓").id])
        add_contact(s, date=dt.date(2026, 11, 10), form="走访", recorded_by_id=P("王建国").id,
                    people_ids=[P("吴勇").id], place="动力车间", issues=["雨棚漏雨"])
        op.add_opinion(s, content="外包职工子女入学难", recorded_by=P("钱晓东"), raised_by_text="园区外包职工",
                       date=dt.date(2026, 11, 12))
    return roster_core


def read(path):
    ws = load_workbook(path).active
    return ws, [list(r) for r in ws.iter_rows(values_only=True)]


@pytest.mark.parametrize("path", LAYOUT_FILES, ids=lambda p: p.stem)
def test_layout_headers_are_the_documents_words(path):
    layout = yaml.safe_load(path.read_text(encoding="utf-8"))
    corpus = squash((ROOT / "knowledge" / "corpus" / f"{layout['document']}.txt").read_text(encoding="utf-8"))
    own = [c["header"] for c in layout["columns"] if not c.get("inferred")]
    for header in own:
        assert squash(header) in corpus, header
    if layout["clause"].startswith("附件"):
        assert squash(layout["sheet_title"]) in corpus
        assert own, "an attachment's ledger keeps the attachment's own columns"


EXPECTED_OWN = {
    "chair-quarterly": ["车间", "工会主席"],
    "rep-monthly": ["代表姓名（职务）"],
    "liaison-register": ["序号", "时间", "职工姓名", "反映内容及要求", "代表意见", "处理结果", "满意度"],
    "liaison-points": ["联系人", "联系点名称", "联络员"],
    "appeals": ["职工诉求", "代表委员", "处理情况", "处理结果"],
}


@pytest.mark.parametrize("name", list(EXPECTED_OWN))
def test_each_ledger_header_row_matches_yaml_and_corpus(records, tmp_path, name):
    out = tmp_path / f"{name}.xlsx"
    result = records.export(name, "2026Q4", out)
    layout = ledgers.layouts()[name]
    ws, rows = read(out)
    header = rows[2]
    assert header == [c["header"] for c in layout["columns"]] == result["columns"]
    own = [h for h, c in zip(header, layout["columns"]) if not c.get("inferred")]
    assert own == EXPECTED_OWN[name]
    assert ws.freeze_panes == "A4"
    assert "2026年第四季度" in rows[1][0] and "全部单位" in rows[1][0]
    assert all(ws.column_dimensions[chr(65 + i)].width >= 6 for i in range(len(header)))
    assert ws.cell(4, 1).alignment.wrap_text


def test_chair_quarterly_rows_and_filled_title(records, tmp_path):
    out = tmp_path / "a1.xlsx"
    assert records.export("chair-quarterly", "2026Q4", out)["rows"] == 1  # the August visit is Q3
    _, rows = read(out)
    assert rows[0][0] == "工会主席（四）季度联系职工一览表"
    assert rows[3] == ["机加车间", "陈立新", 1, "2026-11-20", "走访", "张三、李四", 2, "机加车间",
                       "夜班食堂没有热饭；更衣室太挤"]
    assert len(rows) == 4


def test_rep_monthly_per_person_and_per_unit(records, tmp_path):
    out = tmp_path / "a2.xlsx"
    assert records.export("rep-monthly", "2026-11", out, person="周敏")["rows"] == 1
    _, rows = read(out)
    assert rows[0][0] == "职工代表（11）月份联系职工一览表"
    assert rows[1][0].startswith("姓名：周敏") and "装配车间" in rows[1][0] and "2026年11月" in rows[1][0]
    assert rows[3][:6] == ["周敏（职工代表）", 1, "2026-11-03", "电话", "张薇等3人", 3]
    out = tmp_path / "unit.xlsx"
    assert records.export("rep-monthly", "2026Q4", out, unit="机加车间")["rows"] == 2
    _, rows = read(out)
    assert [r[0] for r in rows[3:]] == ["孙志强（职工代表）", "陈立新（车间工会主席、职工代表）"]
    assert rows[3][4] == "5名职工"


def test_liaison_register_for_one_representative(records, tmp_path):
    out = tmp_path / "a3.xlsx"
    records.export("liaison-register", "2026", out, person="陈立新")
    _, rows = read(out)
    assert rows[0][0] == "职工代表“双联”工作站（点）登记台账"
    assert rows[1][0].startswith("代表姓名：陈立新")
    assert rows[3] == [1, "2026-11-20", "张三", "夜班食堂没有热饭", None, "（登记）", None]


def test_appeals_and_liaison_points(records, tmp_path):
    out = tmp_path / "appeals.xlsx"
    assert records.export("appeals", "2026Q4", out)["rows"] == 1
    _, rows = read(out)
    assert rows[3][2:5] == ["外包职工子女入学难", "钱晓东", "登记"]
    out = tmp_path / "points.xlsx"
    assert records.export("liaison-points", "2026", out)["rows"] == 1
    _, rows = read(out)
    assert rows[3][:3] == ["王建国", "动力车间", "吴勇"]


def test_empty_period_is_a_valid_workbook_saying_so(records, tmp_path):
    out = tmp_path / "empty.xlsx"
    assert records.export("liaison-register", "2025", out)["rows"] == 0
    ws, rows = read(out)
    assert rows[2] == ["序号", "时间", "职工姓名", "反映内容及要求", "代表意见", "处理结果", "满意度"]
    assert rows[3][0] == ledgers.NO_RECORDS == "本期无记录"
    assert "A4:G4" in {str(r) for r in ws.merged_cells.ranges}


def test_quarterly_summary_counts_and_chart(records, tmp_path):
    out = tmp_path / "summary.xlsx"
    records.export("quarterly-summary", "2026Q4", out)
    ws, rows = read(out)
    by_unit = {r[0]: r for r in rows[3:]}
    # 机加车间: 陈立新, 孙志强, 欧阳明 owe one contact a month each → 9 in a quarter; 2 done (11-20, 10-08).
    assert by_unit["机加车间"][1:5] == [3, 9, 2, 7]
    assert by_unit["机加车间"][5] == 1
    assert by_unit["装配车间"][1:4] == [2, 6, 1]
    assert len(ws._charts) == 1
    # The obligation engine's tally per unit, as knowledge.obligations.overview gives it.
    tally = {u["unit"]: u for u in records.overview("2026Q4")["by_unit"]}
    assert by_unit["机加车间"][8:] == [tally["机加车间"]["items_total"], tally["机加车间"]["items_met"],
                                    tally["机加车间"]["people_behind"]]
    # 应履职人数 counts everyone bound, so nobody can be behind who was not bound (公司工会: 王建国, 工会主席).
    for unit, row in by_unit.items():
        assert row[1] >= row[10], unit
    assert by_unit["公司工会"][1] == tally["公司工会"]["people"] >= 1
    out = tmp_path / "one.xlsx"
    records.export("quarterly-summary", "2026-11", out, unit="装配车间")
    _, rows = read(out)
    assert [r[:8] for r in rows[3:]] == [["装配车间", 2, 2, 1, 3, 0, 0, 0]]
    with pytest.raises(UserError, match="按单位统计"):
        records.export("quarterly-summary", "2026Q4", out, person="周敏")


@pytest.mark.parametrize("kwargs,message", [
    ({"name": "nope"}, "没有名为“nope”的台账"),
    ({"period": "2026Q5"}, "无法识别"),
    ({"person": "王五"}, "花名册中没有"),
    ({"person": "李娜"}, "请写成“李娜（装配车间）”"),
    ({"unit": "食堂"}, "没有名为“食堂”的单位"),
    ({"out": "x.csv"}, ".xlsx"),
])
def test_bad_requests_are_user_errors(records, tmp_path, kwargs, message):
    args = {"name": "rep-monthly", "period": "2026Q4", "out": "a.xlsx", **kwargs}
    with pytest.raises(UserError, match=re.escape(message)):
        records.export(args["name"], args["period"], tmp_path / args["out"], person=args.get("person"),
                       unit=args.get("unit"))
    assert not (tmp_path / args["out"]).exists()


def cli(home, db_url, *args):
    return subprocess.run([sys.executable, "-m", "assistant.cli", "--db", db_url, "--today", "2026-11-23", *args],
                          capture_output=True, text=True, timeout=120, cwd=ROOT,
                          env={"UNION_ASSISTANT_HOME": str(home), "PATH": "/usr/bin:/bin"})


def test_cli_export_list_and_export(records, home, db_url, tmp_path):
    proc = cli(home, db_url, "export", "--list", "--json")
    assert proc.returncode == 0, proc.stderr
    listed = {x["name"]: x for x in json.loads(proc.stdout)["ledgers"]}
    assert set(listed) >= set(EXPECTED_OWN) | {"quarterly-summary"}
    assert listed["liaison-register"]["columns"] == EXPECTED_OWN["liaison-register"]
    assert listed["liaison-register"]["document"] == "000"
    out = tmp_path / "cli.xlsx"
    proc = cli(home, db_url, "export", "liaison-register", "--period", "2026Q4", "--person", "陈立新",
               "--out", str(out), "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["rows"] == 1
    assert read(out)[1][3][3] == "夜班食堂没有热饭"
    proc = cli(home, db_url, "export", "liaison-register", "--period", "2026Q9", "--out", str(out), "--json")
    assert proc.returncode == 2 and "期间" in json.loads(proc.stdout)["error"]
