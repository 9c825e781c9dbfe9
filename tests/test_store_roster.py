"""Roster import and listing on a real SQLite file and a real PostgreSQL database.

Every bad file must exit 2 with a Chinese message naming the row and column,
and leave every table exactly as it was.
"""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest
from sqlalchemy import func, select

from cli_run import run_cli
from conftest import DEMO_ROSTER, ROOT
from store.db import session
from store.errors import UserError
from store.models import Base
from store.roster import import_roster, list_people, parse_roster

HEADER = "姓名,角色,单位,选区\n"


def table_counts(url: str) -> dict[str, int]:
    """Rows per table: the whole database state a failed import must not change."""
    with session(url) as s:
        return {t.name: s.scalar(select(func.count()).select_from(t)) for t in Base.metadata.sorted_tables}


def cli(args: list[str], home, url: str, black_box: bool = False) -> subprocess.CompletedProcess:
    """The command line's entry point; in this process unless black_box (then a real subprocess)."""
    if not black_box:
        return run_cli(["--db", url, *args], home)
    env = {"UNION_ASSISTANT_HOME": str(home), "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
           "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "assistant.cli", "--db", url, *args], cwd=ROOT,
                          capture_output=True, text=True, env=env, timeout=120)


def people_by_name(url: str) -> dict[tuple[str, str], dict]:
    return {(p.name, p.unit): p.model_dump() for p in list_people(url)}


# -- round trip -------------------------------------------------------------------------------

def test_demo_roster_round_trip_in_process(any_db_url):
    result = import_roster(any_db_url, DEMO_ROSTER.read_bytes(), DEMO_ROSTER.name)
    assert result == {"rows": 25, "added": 25, "updated": 0}
    people = list_people(any_db_url)
    assert len(people) == 25
    by_key = people_by_name(any_db_url)
    assert by_key[("陈立新", "机加车间")] == {
        "name": "陈立新", "roles": ["车间工会主席", "职工代表"], "unit": "机加车间", "constituency": "机加车间选区"}
    assert by_key[("王建国", "公司工会")]["roles"] == ["工会主席"]
    assert by_key[("王建国", "公司工会")]["constituency"] is None
    # 李娜 is two people: one per unit.
    assert len([p for p in people if p.name == "李娜"]) == 2


def test_demo_roster_round_trip_through_the_cli(any_db_url, home):
    proc = cli(["roster", "import", str(DEMO_ROSTER), "--json"], home, any_db_url)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == {"rows": 25, "added": 25, "updated": 0}
    proc = cli(["--json", "roster", "list"], home, any_db_url)
    assert proc.returncode == 0, proc.stderr
    people = json.loads(proc.stdout)["people"]
    assert len(people) == 25
    assert {"name", "roles", "unit", "constituency"} <= set(people[0])
    assert {"name": "郑海燕", "roles": ["职工代表", "委员"]} .items() <= next(
        p for p in people if p["name"] == "郑海燕").items()


def test_reimport_updates_and_never_duplicates(any_db_url):
    data = DEMO_ROSTER.read_bytes()
    import_roster(any_db_url, data, "roster.csv")
    before = table_counts(any_db_url)
    assert import_roster(any_db_url, data, "roster.csv") == {"rows": 25, "added": 0, "updated": 0}
    after = table_counts(any_db_url)
    assert after["people"] == before["people"] == 25
    assert after["person_roles"] == before["person_roles"]
    assert after["units"] == before["units"]

    # A changed file: 陈立新 loses a role and changes constituency, 王建国 gains one, one new person.
    text = data.decode("utf-8-sig")
    text = text.replace("陈立新,车间工会主席、职工代表,机加车间,机加车间选区", "陈立新,职工代表,机加车间,一选区")
    text = text.replace("王建国,工会主席,公司工会,", "王建国,工会主席、职工代表,公司工会,")
    text += "新来的,职工,机加车间,\n"
    result = import_roster(any_db_url, text.encode("utf-8"), "roster.csv")
    assert result == {"rows": 26, "added": 1, "updated": 2}
    people = people_by_name(any_db_url)
    assert len(people) == 26
    assert people[("陈立新", "机加车间")]["roles"] == ["职工代表"]
    assert people[("陈立新", "机加车间")]["constituency"] == "一选区"
    assert people[("王建国", "公司工会")]["roles"] == ["工会主席", "职工代表"]
    assert table_counts(any_db_url)["person_roles"] == before["person_roles"] + 1  # -1 陈, +1 王, +1 new


def test_role_order_change_is_an_update(any_db_url):
    import_roster(any_db_url, (HEADER + "甲,职工代表、委员,一车间,\n").encode(), "r.csv")
    assert import_roster(any_db_url, (HEADER + "甲,委员、职工代表,一车间,\n").encode(), "r.csv")["updated"] == 1
    assert list_people(any_db_url)[0].roles == ["委员", "职工代表"]


# -- encodings and formats ----------------------------------------------------------------------

ROSTER_TEXT = HEADER + "张三,职工,机加车间,\n李四,职工代表、委员,装配车间,装配车间选区\n欧阳明,职工代表,机加车间,\n"
EXPECTED = {
    ("张三", "机加车间"): {"name": "张三", "roles": ["职工"], "unit": "机加车间", "constituency": None},
    ("李四", "装配车间"): {"name": "李四", "roles": ["职工代表", "委员"], "unit": "装配车间",
                         "constituency": "装配车间选区"},
    ("欧阳明", "机加车间"): {"name": "欧阳明", "roles": ["职工代表"], "unit": "机加车间", "constituency": None},
}


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gbk", "utf-8"])
def test_excel_csv_encodings_import(any_db_url, encoding):
    data = ROSTER_TEXT.replace("\n", "\r\n").encode(encoding)  # Excel writes CRLF
    assert import_roster(any_db_url, data, "花名册.csv")["added"] == 3
    assert people_by_name(any_db_url) == EXPECTED


def xlsx_bytes(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_xlsx_imports(any_db_url):
    data = xlsx_bytes([["姓名", "角色", "单位", "选区"], ["张三", "职工", "机加车间", None],
                       ["李四", "职工代表、委员", "装配车间", "装配车间选区"], ["欧阳明", "职工代表", "机加车间", None]])
    assert import_roster(any_db_url, data, "花名册.xlsx")["added"] == 3
    assert people_by_name(any_db_url) == EXPECTED


def test_columns_in_any_order_and_without_constituency(any_db_url):
    data = "单位,姓名,角色\n机加车间,张三,职工\n".encode()
    import_roster(any_db_url, data, "r.csv")
    assert list_people(any_db_url)[0].model_dump() == EXPECTED[("张三", "机加车间")]


def test_twenty_five_person_csv_then_roster_list_json_returns_25(home, tmp_path, any_db_url):
    """The issue's definition of done, through the console script."""
    path = tmp_path / "二十五人.csv"
    lines = [f"职工{i:02d},{'职工代表' if i % 5 == 0 else '职工'},{'一车间' if i % 2 else '二车间'},"
             for i in range(25)]
    path.write_bytes((HEADER + "\r\n".join(lines) + "\r\n").encode("utf-8-sig"))
    assert cli(["roster", "import", str(path), "--json"], home, any_db_url, black_box=True).returncode == 0
    proc = cli(["roster", "list", "--json"], home, any_db_url, black_box=True)
    assert proc.returncode == 0, proc.stderr
    assert len(json.loads(proc.stdout)["people"]) == 25


# -- bad files --------------------------------------------------------------------------------
# (file bytes, filename, words the message must contain: the row and the column it names)

BAD_FILES = {
    "missing column": ((HEADER.replace(",单位", "") + "张三,职工,\n").encode(), "r.csv", ["第1行", "单位"]),
    "unknown role": ((HEADER + "张三,职工,机加车间,\n李四,车间主任,机加车间,\n").encode(), "r.csv",
                     ["第3行", "角色", "车间主任"]),
    "empty name": ((HEADER + "张三,职工,机加车间,\n,职工,机加车间,\n").encode(), "r.csv", ["第3行", "姓名"]),
    "duplicate person, conflicting roles": (
        (HEADER + "张三,职工,机加车间,\n李四,职工,机加车间,\n张三,职工代表,机加车间,\n").encode(), "r.csv",
        ["第2行", "第4行", "角色", "张三"]),
    "undecodable bytes": (HEADER.encode() + "张三,职工,机加车间,\n".encode() + b"\xff\xfe\xff,\xe8\x81,x,\n",
                          "r.csv", ["第3行", "姓名"]),
    "empty file": (b"", "r.csv", ["第1行", "表头"]),
    "only blank lines": (b"\r\n \r\n", "r.csv", ["第1行", "表头"]),
    "xlsx missing column": (None, "r.xlsx", ["第1行", "角色"]),
    "damaged xlsx": (b"PK\x03\x04 not really a workbook", "r.xlsx", ["xlsx"]),
}


def _bad_bytes(case: str) -> tuple[bytes, str, list[str]]:
    data, filename, words = BAD_FILES[case]
    if data is None:
        data = xlsx_bytes([["姓名", "单位"], ["张三", "机加车间"]])
    return data, filename, words


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_file_is_refused_naming_row_and_column_and_nothing_is_written(any_db_url, case):
    import_roster(any_db_url, DEMO_ROSTER.read_bytes(), DEMO_ROSTER.name)
    before = table_counts(any_db_url)
    people_before = list_people(any_db_url)
    data, filename, words = _bad_bytes(case)
    with pytest.raises(UserError) as err:
        import_roster(any_db_url, data, filename)
    for word in words:
        assert word in err.value.message, err.value.message
    assert table_counts(any_db_url) == before
    assert list_people(any_db_url) == people_before


@pytest.mark.parametrize("case", ["unknown role", "undecodable bytes", "empty file"])
def test_bad_file_through_the_cli_exits_2_with_one_json_error(home, tmp_path, db_url, case):
    data, filename, words = _bad_bytes(case)
    path = tmp_path / filename
    path.write_bytes(data)
    proc = cli(["roster", "import", str(path), "--json"], home, db_url)
    assert proc.returncode == 2, proc.stderr
    error = json.loads(proc.stdout)["error"]
    assert all(w in error for w in words), error
    assert json.loads(cli(["roster", "list", "--json"], home, db_url).stdout) == {"people": []}


def test_duplicate_row_with_same_roles_is_one_person(any_db_url):
    data = (HEADER + "张三,职工,机加车间,\n张三,职工,机加车间,\n").encode()
    assert import_roster(any_db_url, data, "r.csv") == {"rows": 1, "added": 1, "updated": 0}


def test_parse_reports_rows_as_the_user_sees_them_after_leading_blank_lines():
    data = ("\n\n" + HEADER + "张三,职工,机加车间,\n,职工,机加车间,\n").encode()
    with pytest.raises(UserError) as err:
        parse_roster(data, "r.csv")
    assert "第5行" in err.value.message


def test_quoted_multiline_cell_keeps_row_numbers_as_spreadsheet_rows():
    data = (HEADER + '"张三",职工,机加车间,"一\n选区"\n李四,厂长,机加车间,\n').encode()
    with pytest.raises(UserError) as err:
        parse_roster(data, "r.csv")
    assert "第3行" in err.value.message and "厂长" in err.value.message


@pytest.mark.parametrize("sep", [",", "\t", ";", "，"])
def test_separator_is_read_from_the_header(sep):
    text = sep.join(["姓名", "角色", "单位", "选区"]) + "\n" + sep.join(["张三", "职工、委员", "机加车间", ""]) + "\n"
    [row] = parse_roster(text.encode("gbk"), "r.csv")
    assert (row.name, row.roles, row.unit, row.constituency) == ("张三", ("职工", "委员"), "机加车间", None)


def test_semicolon_between_roles_does_not_confuse_the_separator():
    [row] = parse_roster((HEADER + "张三,职工;委员,机加车间,\n").encode(), "r.csv")
    assert row.roles == ("职工", "委员") and row.unit == "机加车间"


def test_import_failing_midway_through_the_write_leaves_nothing(any_db_url, monkeypatch):
    import store.roster as roster_module

    import_roster(any_db_url, (HEADER + "张三,职工,机加车间,\n").encode(), "r.csv")
    before = table_counts(any_db_url)
    real_upsert = roster_module._upsert

    def upsert_then_fail(s, rows, actor_id=None):
        real_upsert(s, rows, actor_id)
        s.flush()  # every row has reached the database inside the transaction
        raise OSError("disk full")

    monkeypatch.setattr(roster_module, "_upsert", upsert_then_fail)
    with pytest.raises(OSError):
        import_roster(any_db_url, DEMO_ROSTER.read_bytes(), DEMO_ROSTER.name)
    assert table_counts(any_db_url) == before
