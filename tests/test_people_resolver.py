"""store.people: one resolver for every name a user types (bare, "姓名（单位）", "姓名(单位)", "姓名@单位", row, id),
and the CLI commands that take a person refusing a bare namesake with exit 2."""
from __future__ import annotations

import json

import pytest

from cli_run import run_cli
from store import db
from store.errors import UserError
from store.people import display_names, find_people, find_person, split_name


def test_split_name_reads_every_written_form():
    assert split_name(" 李娜 ") == ("李娜", None)
    assert split_name("李娜（装配车间）") == ("李娜", "装配车间")
    assert split_name("李娜(动力车间)") == ("李娜", "动力车间")
    assert split_name("李娜 （ 动力车间 ）") == ("李娜", "动力车间")
    assert split_name("李娜@装配车间") == ("李娜", "装配车间")
    assert split_name("欧阳明") == ("欧阳明", None)


def test_namesakes_need_their_unit(roster_core):
    with db.session(roster_core.url) as s:
        assert [p.unit.name for p in find_people(s, "李娜")] == ["装配车间", "动力车间"]
        with pytest.raises(UserError) as err:
            find_person(s, "李娜")
        message = str(err.value)
        assert message.startswith("花名册中有2位“李娜”（装配车间、动力车间），请写成“李娜（装配车间）”")
        for written, unit in [("李娜（装配车间）", "装配车间"), ("李娜(动力车间)", "动力车间"),
                              ("李娜@动力车间", "动力车间"), ("李娜@装配车间", "装配车间")]:
            person = find_person(s, written)
            assert (person.name, person.unit.name) == ("李娜", unit), written
            assert person.role_names == ["职工"]
        same = find_person(s, "李娜（动力车间）")
        assert find_person(s, same) is same and find_person(s, same.id) is same


def test_unique_missing_and_wrong_unit(roster_core):
    with db.session(roster_core.url) as s:
        chen = find_person(s, "陈立新")
        assert chen.unit.name == "机加车间" and "车间工会主席" in chen.role_names
        assert find_person(s, "陈立新（机加车间）") is chen
        with pytest.raises(UserError, match="花名册中没有“王五”"):
            find_person(s, "王五")
        with pytest.raises(UserError, match="花名册中没有质检中心的“李娜”"):
            find_person(s, "李娜（质检中心）")
        with pytest.raises(UserError, match="请写明人员姓名"):
            find_person(s, "  ")
        with pytest.raises(UserError, match="没有“编号999999的人员”"):
            find_person(s, 999999)
        assert find_people(s, "王五") == [] and find_people(s, "") == []


def test_display_names_qualify_only_namesakes():
    people = [("陈立新", "机加车间"), ("李娜", "装配车间"), ("李娜", "动力车间"), ("张三", "机加车间")]
    assert display_names(people) == ["陈立新", "李娜（装配车间）", "李娜（动力车间）", "张三"]


# -- the CLI: a bare namesake is exit 2 asking for the unit; the qualified forms work ----------------------

def _cli(home, url, *args):
    """The command line's entry point, in this process (tests/cli_run.py)."""
    proc = run_cli(["--db", url, "--today", "2026-11-23", *args, "--json"], home)
    return proc.returncode, json.loads(proc.stdout), proc


def test_cli_commands_resolve_namesakes(roster_core, home, tmp_path):
    url = roster_core.url
    said = "昨天到动力车间走访了张伟，他反映澡堂热水不够"
    code, out, _ = _cli(home, url, "say", "--speaker", "李娜", "--yes", said)
    assert code == 2 and "李娜（装配车间）" in out["error"] and "装配车间、动力车间" in out["error"]

    code, out, proc = _cli(home, url, "say", "--speaker", "李娜（动力车间）", "--yes", said)
    assert code == 0, proc.stderr
    assert "contacts" in [w["table"] for w in out["written"]]

    code, out, _ = _cli(home, url, "requirements", "--person", "李娜")
    assert code == 2 and "请写成" in out["error"]
    code, out, proc = _cli(home, url, "requirements", "--person", "李娜（动力车间）")
    assert code == 0 and out["person"] == "李娜", proc.stderr

    code, out, _ = _cli(home, url, "opinions", "list", "--person", "李娜")
    assert code == 2 and "请写成" in out["error"]
    code, out, proc = _cli(home, url, "opinions", "list", "--person", "李娜@装配车间")
    assert code == 0 and out == {"opinions": []}, proc.stderr  # the other 李娜's record is not hers
    code, out, proc = _cli(home, url, "opinions", "list", "--person", "李娜（动力车间）")
    assert code == 0 and [o["recorded_by"] for o in out["opinions"]] == ["李娜"], proc.stderr

    code, out, _ = _cli(home, url, "draft-proposal", "--speaker", "李娜", "帮我起草一个关于澡堂热水的提案")
    assert code == 2 and "请写成" in out["error"]
    code, out, proc = _cli(home, url, "draft-proposal", "--speaker", "李娜(动力车间)", "帮我起草一个关于澡堂热水的提案")
    assert code == 0 and out["proposer"] == "李娜", proc.stderr

    xlsx = tmp_path / "li-na.xlsx"
    code, out, _ = _cli(home, url, "export", "rep-monthly", "--period", "2026-11", "--person", "李娜", "--out", str(xlsx))
    assert code == 2 and "请写成" in out["error"] and not xlsx.exists()
    code, out, proc = _cli(home, url, "export", "rep-monthly", "--period", "2026-11", "--person", "李娜（动力车间）",
                           "--out", str(xlsx))
    assert code == 0 and out["rows"] == 1 and xlsx.exists(), proc.stderr


def test_opinions_of_one_namesake_only(roster_core):
    """The two 李娜 each see only their own opinions; a search by the bare name finds both."""
    from assistant import opinions as op

    for unit, matter in [("装配车间", "工服不合身"), ("动力车间", "澡堂热水不够")]:
        turn = roster_core.say(f"李娜（{unit}）", f"我提个意见：{matter}", yes=True)
        assert any(w["table"] == "opinions" for w in turn.model_dump()["written"]), turn.reply
    mine = roster_core.opinions_list(person="李娜（动力车间）")["opinions"]
    assert len(mine) == 1 and "澡堂" in mine[0]["content"]
    with db.session(roster_core.url) as s:
        assert len(op.find_opinions(s, raised_by_name="李娜")) == 2
        assert len(op.find_opinions(s, raised_by_name="李娜（装配车间）")) == 1


def test_ledger_person_with_unit(roster_core, tmp_path):
    out = roster_core.export("rep-monthly", "2026-11", tmp_path / "a.xlsx", person="李娜", unit="动力车间")
    assert out["rows"] == 0 and (tmp_path / "a.xlsx").exists()
    with pytest.raises(UserError, match="是装配车间的，不是动力车间的"):
        roster_core.export("rep-monthly", "2026-11", tmp_path / "b.xlsx", person="李娜（装配车间）", unit="动力车间")
