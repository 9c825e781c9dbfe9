"""Acceptance checks of the command-line contract (../shared/CONTRACT.md).

Every command goes through the real entry point of `union-assistant` (`assistant.cli.main`
with an argv), each scenario on its own fresh UNION_ASSISTANT_HOME and SQLite file, with
--today fixed, and the checks read back only what an outsider can see: stdout, the exit
status, the exported workbook and the row counts of the SQLite file.

Black box: a representative set (every command, exit 0 and exit 2, stdout holding one JSON
object, a session carried across processes, the default database, PostgreSQL) runs the real
console script `.venv/bin/union-assistant` in a subprocess (`black_box=True`). The many other
calls run the same `main(argv)` in this process, where a subprocess would add only its
start-up time (about a second each).

Scenarios are declared up front (`@scenario`) and run on first use; the black-box read-only
commands start in a thread pool as the module begins. Read-only commands share one
roster-loaded database copied from a prepared template; a final check proves they wrote
nothing. Under `pytest -n 2 --dist loadgroup` the module runs whole on one worker
(tests/conftest.py: WHOLE_MODULES), so its shared worlds are built once.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import sqlite3
import subprocess
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from cli_run import run_cli
from store import db

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SCRIPT = ROOT / ".venv" / "bin" / "union-assistant"
CORPUS = ROOT / "knowledge" / "corpus"
DEMO_ROSTER = ROOT / "store" / "demo" / "roster.csv"
TODAY = "2026-11-23"  # a Monday

INTENTS = {"log_contact", "log_opinion", "second_opinion", "query_requirements", "ask_regulation",
           "draft_proposal", "update_status", "other"}
FORMS = {"走访", "座谈", "电话", "微信", "接待", "调研", "慰问", "会议", "活动", "其他"}
KINDS = {"联系职工", "联系职工代表", "调研巡察", "办实事", "提案", "代表活动", "调研报告", "其他"}
RULE_PERIODS = {"month", "quarter", "half-year", "year", "campaign", "once"}
RULE_UNITS = {"次", "名", "个", "天", "户", "篇", "件", "条"}
OPINION_STATUSES = ["登记", "立案", "交办", "办理中", "已办结", "已反馈"]
CONTACT_FIELDS = {"date", "form", "people", "headcount", "place", "issues"}
# The record tables whose row counts prove "nothing is written" (dialogue state is not a record).
RECORD_TABLES = ("people", "person_roles", "units", "contacts", "contact_people", "issues", "opinions",
                 "opinion_seconders", "opinion_status_changes", "proposals", "knowledge_documents",
                 "stored_rules", "audit_log")
CJK = re.compile(r"[\u4e00-\u9fff]")
PERIOD_RE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])|Q[1-4]|H[12])?$")


def corpus_text(document: str) -> str:
    return (CORPUS / f"{document}.txt").read_text(encoding="utf-8")


def demo_roster() -> list[dict]:
    lines = DEMO_ROSTER.read_text(encoding="utf-8-sig").splitlines()[1:]
    return [dict(zip(("name", "roles", "unit", "constituency"), line.split(","))) for line in lines if line]


DEMO_NAMES = {p["name"] for p in demo_roster()}


# ----------------------------------------------------------------------------- running the script

@dataclass
class Run:
    cmd: list[str]
    rc: int
    stdout: str
    stderr: str

    def __str__(self) -> str:
        return (f"$ {' '.join(self.cmd[1:])}\nexit {self.rc}\nstdout: {self.stdout[:1500]}\n"
                f"stderr: {self.stderr[-1500:]}")

    @property
    def json(self) -> dict:
        """The one JSON object stdout must hold (and nothing else)."""
        try:
            data = json.loads(self.stdout)
        except json.JSONDecodeError as exc:
            raise AssertionError(f"stdout is not exactly one JSON object ({exc})\n{self}") from None
        assert isinstance(data, dict), f"stdout holds a JSON {type(data).__name__}, not an object\n{self}"
        return data

    def ok(self) -> dict:
        assert self.rc == 0, f"expected exit 0\n{self}"
        return self.json

    def bad(self) -> dict:
        """Exit 2 with a Chinese error message that tells the user what to fix."""
        assert self.rc == 2, f"expected exit 2 (bad input)\n{self}"
        data = self.json
        assert isinstance(data.get("error"), str) and CJK.search(data["error"]), f"no Chinese error\n{self}"
        return data


class World:
    """One scenario's world: its own data directory and SQLite file."""

    def __init__(self, root: Path, template: Path | None = None, url: str | None = None):
        self.home = root / "home"
        self.home.mkdir(parents=True, exist_ok=True)
        self.db_path = root / "records.db"
        if template is not None:
            shutil.copyfile(template, self.db_path)
        self.url = url or f"sqlite:///{self.db_path}"
        self.root = root

    def run(self, *args: str, today: str | None = TODAY, json_out: bool = True, black_box: bool = False) -> Run:
        cmd = [str(SCRIPT), "--db", self.url]
        if today:
            cmd += ["--today", today]
        cmd += list(args)
        if json_out:
            cmd.append("--json")
        if not black_box:
            proc = run_cli(cmd[1:], self.home)
            return Run(cmd, proc.returncode, proc.stdout, proc.stderr)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("UNION_ASSISTANT_", "OPENAI_"))}
        env["UNION_ASSISTANT_HOME"] = str(self.home)
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=self.root, timeout=300)
        return Run(cmd, proc.returncode, proc.stdout, proc.stderr)

    def say(self, speaker: str, text: str, *, yes: bool = False, session: str | None = None,
            today: str = TODAY, black_box: bool = False) -> Run:
        args = ["say", "--speaker", speaker]
        if session:
            args += ["--session", session]
        if yes:
            args.append("--yes")
        return self.run(*args, text, today=today, black_box=black_box)

    def counts(self) -> dict[str, int]:
        if not self.db_path.exists():
            return {}
        with sqlite3.connect(self.db_path) as con:
            tables = {r[0] for r in con.execute("select name from sqlite_master where type='table'")}
            return {t: con.execute(f"select count(*) from {t}").fetchone()[0]
                    for t in RECORD_TABLES if t in tables}


# ----------------------------------------------------------------------------- scenarios, run on first use

SCENARIOS: dict[str, Callable[[World], dict]] = {}
READ_ONLY: dict[str, tuple[tuple[str, ...], str, bool]] = {}


def scenario(fn: Callable[[World], dict]) -> Callable[[World], dict]:
    """A chain of commands on its own fresh world holding the demo roster."""
    SCENARIOS[fn.__name__] = fn
    return fn


def read_only(name: str, *args: str, today: str = TODAY, black_box: bool = False) -> None:
    """One command run on the shared roster database (it must write nothing)."""
    READ_ONLY[name] = (args, today, black_box)


class Results:
    """Each scenario's outcome, computed on first use (in-process calls run in the main thread)."""

    def __init__(self, base: Path, template: Path, shared: World, futures: dict[str, Future]):
        self.base = base
        self.template = template
        self.shared = shared
        self.futures = futures  # the black-box read-only commands, running in a pool
        self.done: dict[str, object] = {}

    def __call__(self, name: str):
        if name in self.futures:
            return self.futures[name].result()
        if name not in self.done:
            if name in READ_ONLY:
                args, today, _ = READ_ONLY[name]
                self.done[name] = self.shared.run(*args, today=today)
            else:
                self.done[name] = SCENARIOS[name](World(self.base / name, self.template))
        return self.done[name]


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> Results:
    base = tmp_path_factory.mktemp("acceptance")
    template = World(base / "template")
    template.run("roster", "import", str(DEMO_ROSTER), black_box=True).ok()
    template.run("kb", "list").ok()  # the bundled documents' catalogue is filled on first use
    db.dispose(template.url)  # close this process's connections: the SQLite WAL is folded into the file we copy
    shared = World(base / "shared", template.db_path)
    shared.before = shared.counts()
    pool = ThreadPoolExecutor(max_workers=3)
    futures = {name: pool.submit(shared.run, *args, today=today, black_box=True)
               for name, (args, today, black_box) in READ_ONLY.items() if black_box}
    yield Results(base, template.db_path, shared, futures)
    pool.shutdown(wait=True, cancel_futures=True)


def only_record_fields(fields: dict) -> dict:
    return {k: v for k, v in fields.items() if k in CONTACT_FIELDS}


def check_turn_shape(turn: dict) -> None:
    """The keys and types of one chat turn (contract: One chat turn)."""
    assert isinstance(turn["reply"], str) and turn["reply"].strip()
    assert turn["intent"] in INTENTS
    assert isinstance(turn["fields"], dict)
    assert isinstance(turn["missing"], list) and all(isinstance(m, str) for m in turn["missing"])
    assert isinstance(turn["unknown_people"], list)
    assert isinstance(turn["written"], list)
    for w in turn["written"]:
        assert set(w) >= {"table", "id"} and isinstance(w["table"], str) and isinstance(w["id"], int), w
    f = turn["fields"]
    if "date" in f:
        dt.date.fromisoformat(f["date"])
    if "form" in f:
        assert f["form"] in FORMS
    if "people" in f:
        assert isinstance(f["people"], list) and all(isinstance(p, str) for p in f["people"])
    if "headcount" in f:
        assert isinstance(f["headcount"], int) and not isinstance(f["headcount"], bool)
    if "issues" in f:
        assert isinstance(f["issues"], list)
        for issue in f["issues"]:
            assert isinstance(issue, str) and issue == issue.strip() and issue
            assert not re.search(r"[，。；！？,.;!?\s]$", issue), f"issue not trimmed: {issue!r}"
    if "period" in f:
        assert PERIOD_RE.match(f["period"]), f["period"]
    uses = {"log_contact": CONTACT_FIELDS, "query_requirements": {"period"}, "other": set()}
    if turn["intent"] in uses:
        assert set(f) <= uses[turn["intent"]], f"{turn['intent']} fields hold more than the intent uses: {sorted(f)}"


def tables_written(turn: dict) -> list[str]:
    return [w["table"] for w in turn["written"]]


# ============================================================================= roster

@scenario
def roster_import_cycle(w: World) -> dict:
    w.db_path.unlink()  # this scenario starts from an empty database
    out = {"first": w.run("roster", "import", str(DATA / "acceptance_roster_25.csv"))}
    out["list1"] = w.run("roster", "list")
    out["counts1"] = w.counts()
    out["again"] = w.run("roster", "import", str(DATA / "acceptance_roster_25.csv"))
    out["list2"] = w.run("roster", "list")
    out["counts2"] = w.counts()
    out["bad_role"] = w.run("roster", "import", str(DATA / "acceptance_roster_bad_role.csv"), black_box=True)
    out["counts3"] = w.counts()
    out["bad_header"] = w.run("roster", "import", str(DATA / "acceptance_roster_bad_header.csv"))
    out["missing_file"] = w.run("roster", "import", str(w.root / "nowhere.csv"))
    garbage = w.root / "garbage.csv"
    garbage.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe\xfd" * 20)
    out["garbage"] = w.run("roster", "import", str(garbage))
    out["counts4"] = w.counts()
    out["gbk"] = w.run("roster", "import", str(DATA / "acceptance_roster_gbk.csv"))
    out["list3"] = w.run("roster", "list")
    # A re-import that changes someone's roles updates that person (姓名+单位), never duplicates.
    changed = w.root / "changed.csv"
    changed.write_text("姓名,角色,单位,选区\n彭小龙,职工、职工代表,铸造车间,铸造车间选区\n", encoding="utf-8")
    out["update"] = w.run("roster", "import", str(changed))
    # An .xlsx roster.
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["姓名", "角色", "单位", "选区"])
    ws.append(["段玉", "职工", "仓储中心", "仓储中心选区"])
    ws.append(["沈明远", "机关干部", "总厂工会", None])  # already there: updated, not duplicated
    wb.save(w.root / "roster.xlsx")
    out["xlsx"] = w.run("roster", "import", str(w.root / "roster.xlsx"), black_box=True)
    out["list4"] = w.run("roster", "list")
    return out


def test_roster_import_then_list_gives_25_people(results):
    r = results("roster_import_cycle")
    r["first"].ok()
    people = r["list1"].ok()["people"]
    assert len(people) == 25
    for p in people:
        assert set(p) >= {"name", "roles", "unit", "constituency"}
        assert isinstance(p["name"], str) and isinstance(p["unit"], str)
        assert isinstance(p["roles"], list) and p["roles"]
        assert p["constituency"] is None or isinstance(p["constituency"], str)
    by_name = {p["name"]: p for p in people}
    assert by_name["唐德明"]["roles"] == ["车间工会主席", "职工代表"]
    assert by_name["唐德明"]["unit"] == "铸造车间" and by_name["唐德明"]["constituency"] == "铸造车间选区"
    assert by_name["曹阳"]["roles"] == ["职工代表", "委员"]
    assert not by_name["宋国梁"]["constituency"]  # an empty 选区 is allowed


def test_roster_reimport_never_duplicates(results):
    r = results("roster_import_cycle")
    r["again"].ok()
    assert len(r["list2"].ok()["people"]) == 25
    assert r["counts2"]["people"] == r["counts1"]["people"] == 25
    assert r["counts2"]["person_roles"] == r["counts1"]["person_roles"]


def test_roster_bad_files_exit_2_and_write_nothing(results):
    r = results("roster_import_cycle")
    for key in ("bad_role", "bad_header", "missing_file", "garbage"):
        r[key].bad()
    assert "厂长" in r["bad_role"].json["error"]  # names what to fix
    assert r["counts3"] == r["counts2"] == r["counts4"]


def test_roster_gbk_csv_and_xlsx_and_update(results):
    r = results("roster_import_cycle")
    r["gbk"].ok()
    names = [p["name"] for p in r["list3"].ok()["people"]]
    assert {"邹文", "熊伟", "金秀"} <= set(names) and len(names) == 28
    r["update"].ok()
    r["xlsx"].ok()
    people = r["list4"].ok()["people"]
    assert len(people) == 29, [p["name"] for p in people]
    by_name = {p["name"]: p for p in people}
    assert sorted(by_name["彭小龙"]["roles"]) == sorted(["职工", "职工代表"])
    assert [p["name"] for p in people].count("沈明远") == 1
    assert by_name["段玉"]["unit"] == "仓储中心"


read_only("roster_list", "roster", "list", black_box=True)


def test_roster_list_demo_namesakes(results):
    people = results("roster_list").ok()["people"]
    assert len(people) == 25
    assert sorted(p["unit"] for p in people if p["name"] == "李娜") == ["动力车间", "装配车间"]
    chen = next(p for p in people if p["name"] == "陈立新")
    assert chen["roles"] == ["车间工会主席", "职工代表"] and chen["unit"] == "机加车间"


# ============================================================================= say: one turn

CANONICAL = "昨天下午到机加车间走访了张三、李四，他们反映夜班食堂没有热饭"
CANONICAL_FIELDS = {"date": "2026-11-22", "form": "走访", "people": ["张三", "李四"], "headcount": 2,
                    "place": "机加车间", "issues": ["夜班食堂没有热饭"]}

read_only("say_canonical", "say", "--speaker", "孙志强", CANONICAL, black_box=True)
read_only("say_five_named_number", "say", "--speaker", "孙志强", "昨天在装配车间和5名职工座谈，大家希望增加一趟夜班班车")
read_only("say_names_and_number", "say", "--speaker", "孙志强",
          "上周五到装配车间走访了张伟、杨帆等5名职工，他们反映更衣室太小，还有澡堂热水不稳定")
read_only("say_vague_date_yes", "say", "--speaker", "孙志强", "--yes", "前几天到机加车间走访了张三，他反映工具柜不够用")
read_only("say_no_date_yes", "say", "--speaker", "孙志强", "--yes", "到机加车间走访了张三，他反映工具柜不够用")
read_only("say_future_date_yes", "say", "--speaker", "孙志强", "--yes", "11月25日到机加车间走访了张三，他反映工具柜不够用")
read_only("say_unknown_person", "say", "--speaker", "孙志强", "昨天到机加车间走访了王五和张三")
read_only("say_speaker_not_on_roster", "say", "--speaker", "诸葛亮", CANONICAL, black_box=True)
read_only("say_speaker_not_on_roster_yes", "say", "--speaker", "诸葛亮", "--yes", CANONICAL)
read_only("say_phone", "say", "--speaker", "周敏", "昨天给杨帆打电话，他说班车时间太早")
read_only("say_query_requirements", "say", "--speaker", "陈立新", "我这个月还有哪些任务没完成？")
read_only("say_query_quarter", "say", "--speaker", "陈立新", "这个季度的双联任务完成得怎么样")
read_only("say_greeting", "say", "--speaker", "陈立新", "你好")
read_only("say_ask_regulation", "say", "--speaker", "陈立新", "职工代表每月要走访几次职工？")
read_only("say_real_today", "say", "--speaker", "孙志强", "昨天到机加车间走访了张三", today="")
read_only("say_namesake_yes", "say", "--speaker", "孙志强", "--yes", "昨天到车间走访了李娜，她反映工服不合身")
read_only("say_namesake_unit", "say", "--speaker", "孙志强", "昨天走访了装配车间的李娜，她反映工服不合身")
read_only("say_distinct_issues", "say", "--speaker", "孙志强",
          "昨天到机加车间走访了张三，他反映夜班没有热饭，还说夜班没有热饭；另外工具柜不够用")
read_only("say_opinion_of_worker", "say", "--speaker", "孙志强", "张三建议机加车间增加一台饮水机")
# Weekdays. 2026-11-23 is a Monday; 2026-11-26 a Thursday.
WEEKDAY_CASES = [
    ("周三到机加车间走访了张三", TODAY, "2026-11-18"),       # still to come this week → last week's
    ("上周五到机加车间走访了张三", TODAY, "2026-11-20"),
    ("周一到机加车间走访了张三", TODAY, "2026-11-23"),       # today
    ("上周三到机加车间走访了张三", TODAY, "2026-11-18"),
    ("礼拜六到机加车间走访了张三", TODAY, "2026-11-21"),
    ("周三到机加车间走访了张三", "2026-11-26", "2026-11-25"),  # this week's, already past
    ("星期五到机加车间走访了张三", "2026-11-26", "2026-11-20"),
    ("上周五到机加车间走访了张三", "2026-11-26", "2026-11-20"),
    ("周四到机加车间走访了张三", "2026-11-26", "2026-11-26"),
    ("上周一到机加车间走访了张三", "2026-11-29", "2026-11-16"),  # a Sunday: still the week of the 23rd
    ("昨天到机加车间走访了张三", "2026-12-01", "2026-11-30"),
    ("前天到机加车间走访了张三", "2026-03-01", "2026-02-27"),
]
for i, (text, today, _) in enumerate(WEEKDAY_CASES):
    read_only(f"say_weekday_{i}", "say", "--speaker", "孙志强", text, today=today)


def test_say_canonical_contact_pending(results):
    turn = results("say_canonical").ok()
    check_turn_shape(turn)
    assert turn["intent"] == "log_contact"
    assert turn["fields"] == CANONICAL_FIELDS
    assert turn["missing"] == [] and turn["unknown_people"] == []
    assert turn["written"] == []  # no --yes: nothing written
    for shown in ("2026-11-22", "走访", "张三", "李四", "机加车间", "夜班食堂没有热饭"):
        assert shown in turn["reply"], f"the pending record shown for confirmation lacks {shown}"


def test_say_stated_number_without_names(results):
    turn = results("say_five_named_number").ok()
    check_turn_shape(turn)
    f = turn["fields"]
    assert turn["intent"] == "log_contact"
    assert f["headcount"] == 5 and f.get("people", []) == []
    assert f["form"] == "座谈" and f["date"] == "2026-11-22" and f["place"] == "装配车间"
    assert "people" not in turn["missing"] and turn["missing"] == []


def test_say_number_larger_than_names_wins(results):
    turn = results("say_names_and_number").ok()
    check_turn_shape(turn)
    f = turn["fields"]
    assert f["people"] == ["张伟", "杨帆"] and f["headcount"] == 5
    assert f["date"] == "2026-11-20" and f["form"] == "走访"
    assert f["issues"] == ["更衣室太小", "澡堂热水不稳定"]


@pytest.mark.parametrize("key", ["say_vague_date_yes", "say_no_date_yes", "say_future_date_yes"])
def test_say_bad_date_is_asked_for_not_saved(results, key):
    run = results(key)
    turn = run.ok()  # exit 0: the assistant asks, it is not an error
    check_turn_shape(turn)
    assert turn["intent"] == "log_contact"
    assert "date" in turn["missing"]
    assert "date" not in turn["fields"], "a vague/absent/future date must not be filled in"
    assert turn["written"] == []
    assert re.search(r"哪|日期|时间|几号", turn["reply"]), f"the reply should ask for the date\n{run}"


def test_say_unknown_person_is_asked_about(results):
    turn = results("say_unknown_person").ok()
    check_turn_shape(turn)
    assert turn["unknown_people"] == ["王五"]
    assert turn["fields"]["people"] == ["王五", "张三"]
    assert "王五" in turn["reply"]
    assert turn["written"] == []


@pytest.mark.parametrize("key", ["say_speaker_not_on_roster", "say_speaker_not_on_roster_yes"])
def test_say_speaker_not_on_roster_exit_2(results, key):
    assert "诸葛亮" in results(key).bad()["error"]


def test_say_phone_form(results):
    turn = results("say_phone").ok()
    check_turn_shape(turn)
    assert turn["intent"] == "log_contact"
    assert turn["fields"]["form"] == "电话" and turn["fields"]["people"] == ["杨帆"]
    assert turn["fields"]["headcount"] == 1 and turn["fields"]["date"] == "2026-11-22"


def test_say_query_requirements_intent(results):
    month = results("say_query_requirements").ok()
    check_turn_shape(month)
    assert month["intent"] == "query_requirements" and month["fields"].get("period") == "2026-11"
    assert month["written"] == []
    quarter = results("say_query_quarter").ok()
    assert quarter["intent"] == "query_requirements" and quarter["fields"].get("period") == "2026Q4"


def test_say_other_and_ask_regulation_intents(results):
    hello = results("say_greeting").ok()
    check_turn_shape(hello)
    assert hello["intent"] == "other" and hello["written"] == [] and hello["fields"] == {}
    ask = results("say_ask_regulation").ok()
    check_turn_shape(ask)
    assert ask["intent"] == "ask_regulation" and ask["written"] == []
    assert "走访" in ask["reply"]


def test_today_defaults_to_the_real_date(results):
    turn = results("say_real_today").ok()
    yesterday = dt.date.today() - dt.timedelta(days=1)
    assert turn["fields"]["date"] == yesterday.isoformat()


def test_say_namesake_must_be_asked(results):
    turn = results("say_namesake_yes").ok()
    check_turn_shape(turn)
    assert turn["fields"]["people"] == ["李娜"] and "people" in turn["missing"] and turn["written"] == []
    named = results("say_namesake_unit").ok()
    assert named["fields"]["people"] == ["李娜"] and named["missing"] == []


def test_say_issues_are_distinct(results):
    turn = results("say_distinct_issues").ok()
    check_turn_shape(turn)
    assert turn["fields"]["issues"] == ["夜班没有热饭", "工具柜不够用"]


def test_say_opinion_raised_by_named_worker(results):
    turn = results("say_opinion_of_worker").ok()
    check_turn_shape(turn)
    assert turn["intent"] == "log_opinion" and turn["written"] == []
    assert turn["fields"].get("people") == ["张三"] and turn["fields"]["issues"]
    assert turn["fields"]["date"] == TODAY


@pytest.mark.parametrize("case", range(len(WEEKDAY_CASES)))
def test_say_relative_dates(results, case):
    text, today, expected = WEEKDAY_CASES[case]
    turn = results(f"say_weekday_{case}").ok()
    assert turn["fields"].get("date") == expected, f"{text} with today {today}: {turn['fields']}"


# ----------------------------------------------------------------------------- say --yes writes

@scenario
def say_yes_writes(w: World) -> dict:
    out = {"before": w.counts()}
    out["turn"] = w.say("孙志强", CANONICAL, yes=True, black_box=True)
    out["after"] = w.counts()
    out["opinions"] = w.run("opinions", "list")
    return out


def test_say_yes_writes_the_contact(results):
    r = results("say_yes_writes")
    turn = r["turn"].ok()
    check_turn_shape(turn)
    assert turn["fields"] == CANONICAL_FIELDS and turn["missing"] == []
    assert "contacts" in tables_written(turn)
    assert r["after"]["contacts"] == r["before"]["contacts"] + 1
    assert r["after"]["contact_people"] == r["before"]["contact_people"] + 2
    assert r["after"]["people"] == r["before"]["people"]
    opinions = r["opinions"].ok()["opinions"]
    assert [o["content"] for o in opinions] == ["夜班食堂没有热饭"]
    assert opinions[0]["status"] == "登记" and opinions[0]["date"] == "2026-11-22"


# ----------------------------------------------------------------------------- multi-turn sessions

@scenario
def dialogue_session(w: World) -> dict:
    out = {}
    out["t1"] = w.say("陈立新", "到机加车间走访了张伟，他反映班车太挤", session="s1", black_box=True)
    out["c1"] = w.counts()
    out["t2"] = w.say("陈立新", "昨天", session="s1")
    out["t3"] = w.say("陈立新", "不是张伟，是张薇", session="s1")
    out["c3"] = w.counts()
    out["t4"] = w.say("陈立新", "确认", session="s1", black_box=True)
    out["c4"] = w.counts()
    # A second conversation, cancelled.
    out["u1"] = w.say("陈立新", "今天在机加车间和林晓座谈，他提出希望增加一台饮水机", session="s2")
    out["u2"] = w.say("陈立新", "算了", session="s2")
    out["u3"] = w.say("陈立新", "确认", session="s2")
    out["c5"] = w.counts()
    # Without --session each call is a conversation of its own: "昨天" alone answers nothing.
    out["v1"] = w.say("陈立新", "到机加车间走访了张三", session=None)
    out["v2"] = w.say("陈立新", "昨天", session=None, yes=True)
    out["c6"] = w.counts()
    # An unknown person, then confirmed: the person is added and the contact saved.
    out["n1"] = w.say("陈立新", "昨天到机加车间走访了王五，他反映车间照明太暗", session="s3")
    out["n2"] = w.say("陈立新", "确认", session="s3")
    out["c7"] = w.counts()
    out["roster"] = w.run("roster", "list")
    # A future answer is still no date; then corrections of other fields; "对" confirms.
    for i, text in enumerate(["到装配车间走访了张薇", "明天", "前天", "改成座谈", "对"]):
        out[f"p{i}"] = w.say("周敏", text, session="s4")
    return out


def test_session_future_answer_and_corrections(results):
    r = results("dialogue_session")
    assert r["p0"].ok()["missing"] == ["date"]
    p1 = r["p1"].ok()
    assert p1["missing"] == ["date"] and "date" not in p1["fields"] and p1["written"] == []
    p2 = r["p2"].ok()
    assert p2["fields"] == {"date": "2026-11-21", "form": "走访", "people": ["张薇"], "headcount": 1, "place": "装配车间"}
    p3 = r["p3"].ok()
    assert p3["fields"] == {**p2["fields"], "form": "座谈"} and p3["written"] == []
    p4 = r["p4"].ok()
    assert p4["fields"] == p3["fields"] and "contacts" in tables_written(p4)


def test_session_answer_correct_confirm(results):
    r = results("dialogue_session")
    t1 = r["t1"].ok()
    check_turn_shape(t1)
    assert t1["missing"] == ["date"] and t1["written"] == []
    assert only_record_fields(t1["fields"]) == {"form": "走访", "people": ["张伟"], "headcount": 1,
                                                "place": "机加车间", "issues": ["班车太挤"]}
    t2 = r["t2"].ok()
    check_turn_shape(t2)
    assert t2["intent"] == "log_contact" and t2["missing"] == [] and t2["written"] == []
    assert t2["fields"] == {"date": "2026-11-22", "form": "走访", "people": ["张伟"], "headcount": 1,
                            "place": "机加车间", "issues": ["班车太挤"]}
    t3 = r["t3"].ok()
    assert t3["intent"] == "log_contact" and t3["written"] == []
    assert t3["fields"] == {**t2["fields"], "people": ["张薇"]}  # the whole pending record, corrected
    assert r["c3"]["contacts"] == r["c1"]["contacts"]
    t4 = r["t4"].ok()
    assert t4["intent"] == "log_contact" and t4["fields"] == t3["fields"]
    assert "contacts" in tables_written(t4)
    assert r["c4"]["contacts"] == r["c1"]["contacts"] + 1


def test_session_cancel_writes_nothing(results):
    r = results("dialogue_session")
    u1 = r["u1"].ok()
    assert u1["intent"] == "log_contact" and u1["missing"] == [] and u1["written"] == []
    assert u1["fields"]["form"] == "座谈" and u1["fields"]["date"] == TODAY
    u2 = r["u2"].ok()
    assert u2["written"] == [] and u2["intent"] == "other" and u2["fields"] == {}
    u3 = r["u3"].ok()
    assert u3["written"] == []
    assert r["c5"] == r["c4"]


def test_without_session_each_call_stands_alone(results):
    r = results("dialogue_session")
    assert r["v1"].ok()["missing"] == ["date"]
    v2 = r["v2"].ok()
    assert v2["written"] == [] and v2["intent"] != "log_contact"
    assert r["c6"] == r["c5"]


def test_session_unknown_person_confirmed_is_added(results):
    r = results("dialogue_session")
    n1 = r["n1"].ok()
    assert n1["unknown_people"] == ["王五"] and n1["written"] == [] and "王五" in n1["reply"]
    n2 = r["n2"].ok()
    assert {"people", "contacts"} <= set(tables_written(n2))
    assert r["c7"]["people"] == r["c6"]["people"] + 1
    assert r["c7"]["contacts"] == r["c6"]["contacts"] + 1
    wang = [p for p in r["roster"].ok()["people"] if p["name"] == "王五"]
    assert len(wang) == 1 and wang[0]["unit"] == "机加车间"


# ============================================================================= requirements

for period in ("2026Q4", "2026-11", "2026", "2026H2", None):
    args = ["requirements", "--person", "陈立新"] + (["--period", period] if period else [])
    read_only(f"req_chen_{period}", *args, black_box=period is None)
read_only("req_wang_q4", "requirements", "--person", "王建国", "--period", "2026Q4")
read_only("req_wang_h2", "requirements", "--person", "王建国", "--period", "2026H2")
read_only("req_worker", "requirements", "--person", "张三")
read_only("req_deputy", "requirements", "--person", "钱晓东")
read_only("req_unknown", "requirements", "--person", "诸葛亮")
read_only("req_bad_period", "requirements", "--person", "陈立新", "--period", "2026Q5", black_box=True)
read_only("req_bad_period2", "requirements", "--person", "陈立新", "--period", "本季度吧")

ITEM_KEYS = {"kind", "rule", "period", "due", "required", "done", "people_required", "people_done", "met", "source"}


def check_item(item: dict) -> None:
    assert set(item) >= ITEM_KEYS, sorted(ITEM_KEYS - set(item))
    assert item["kind"] in KINDS
    assert isinstance(item["rule"], str) and item["rule"]
    assert PERIOD_RE.match(item["period"])
    dt.date.fromisoformat(item["due"])
    for key in ("required", "done", "people_required", "people_done"):
        value = item[key]
        assert value is None or (isinstance(value, int) and not isinstance(value, bool) and value >= 0), (key, value)
    assert isinstance(item["done"], int)
    assert isinstance(item["met"], bool)
    src = item["source"]
    assert set(src) >= {"document", "clause", "quote"}
    assert src["quote"] and src["quote"] in corpus_text(src["document"]), f"quote not verbatim: {src}"
    expected_met = ((item["required"] is None or item["done"] >= item["required"])
                    and (item["people_required"] is None or (item["people_done"] or 0) >= item["people_required"]))
    assert item["met"] == expected_met, f"met must be true exactly when every count reaches its minimum: {item}"


def period_bounds(period: str) -> tuple[dt.date, dt.date]:
    year = int(period[:4])
    if len(period) == 4:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if period[4] == "Q":
        q = int(period[5])
        first = dt.date(year, 3 * q - 2, 1)
        last_month = 3 * q
    elif period[4] == "H":
        h = int(period[5])
        first = dt.date(year, 6 * h - 5, 1)
        last_month = 6 * h
    else:
        first = dt.date(year, int(period[5:]), 1)
        last_month = first.month
    nxt = dt.date(year + (last_month == 12), last_month % 12 + 1, 1)
    return first, nxt - dt.timedelta(days=1)


@pytest.mark.parametrize("period", ["2026Q4", "2026-11", "2026", "2026H2"])
def test_requirements_period_selects_that_period(results, period):
    data = results(f"req_chen_{period}").ok()
    assert data["person"] == "陈立新"
    items = data["items"]
    for item in items:
        check_item(item)
        assert item["period"] == period, item
        first, last = period_bounds(period)
        assert first <= dt.date.fromisoformat(item["due"]) <= last
    if period != "2026H2":  # 车间工会主席 + 职工代表 have monthly, quarterly and yearly duties (000 二（二）2-3)
        assert items, f"no obligations for {period}"


def test_requirements_default_every_period_containing_today(results):
    items = results("req_chen_None").ok()["items"]
    for item in items:
        check_item(item)
        first, last = period_bounds(item["period"])
        assert first <= dt.date.fromisoformat(TODAY) <= last, item
    periods = {item["period"] for item in items}
    assert {"2026-11", "2026Q4", "2026"} <= periods
    # Every obligation of each explicit period is in the default listing.
    for period in ("2026-11", "2026Q4", "2026"):
        explicit = {(i["source"]["clause"], i["source"]["quote"]) for i in results(f"req_chen_{period}").ok()["items"]}
        default = {(i["source"]["clause"], i["source"]["quote"]) for i in items if i["period"] == period}
        assert explicit == default


def test_requirements_default_regulation_is_000(results):
    items = results("req_chen_None").ok()["items"]
    assert {i["source"]["document"] for i in items} == {"000"}
    monthly_visit = [i for i in items if "每月走访一次本选区职工" in i["source"]["quote"]]
    assert monthly_visit, "职工代表's monthly visit (000 二（二）3) must be listed"
    v = monthly_visit[0]
    assert v["period"] == "2026-11" and v["due"] == "2026-11-30" and v["required"] == 1 and v["done"] == 0
    assert v["met"] is False


def test_requirements_chair_contacts_representatives(results):
    items = results("req_wang_q4").ok()["items"]
    for item in items:
        check_item(item)
    rep = [i for i in items if i["kind"] == "联系职工代表"]
    assert rep and rep[0]["required"] == 1 and rep[0]["people_required"] == 3 and rep[0]["due"] == "2026-12-31"


def test_requirements_half_year(results):
    items = results("req_wang_h2").ok()["items"]
    assert [(i["kind"], i["period"], i["due"], i["required"]) for i in items] == [("调研巡察", "2026H2", "2026-12-31", 1)]
    check_item(items[0])


def test_requirements_roles_without_default_rules(results):
    # 张三 is a 职工; 钱晓东 a 人大代表 whose regulation (004) is not configured by default.
    assert results("req_worker").ok() == {"person": "张三", "items": []} or results("req_worker").ok()["items"] == []
    assert results("req_deputy").ok()["items"] == []


@pytest.mark.parametrize("key", ["req_unknown", "req_bad_period", "req_bad_period2"])
def test_requirements_bad_input(results, key):
    results(key).bad()


@scenario
def requirements_move(w: World) -> dict:
    out = {"r0": w.run("requirements", "--person", "孙志强", "--period", "2026-11")}
    # October's contact does not count for November.
    out["oct"] = w.say("孙志强", "10月15日到机加车间走访了张三、李四，他们反映工具柜不够用", yes=True)
    out["r1"] = w.run("requirements", "--person", "孙志强", "--period", "2026-11")
    out["one"] = w.say("孙志强", "11月10日到机加车间走访了张三，他反映更衣柜坏了", yes=True)
    out["r2"] = w.run("requirements", "--person", "孙志强", "--period", "2026-11")
    out["two"] = w.say("孙志强", "昨天到机加车间走访了李四，他反映夜班没有热饭", yes=True)
    out["r3"] = w.run("requirements", "--person", "孙志强", "--period", "2026-11")
    out["r3q"] = w.run("requirements", "--person", "孙志强")
    # The records are 孙志强's: 周敏's counts do not move.
    out["other"] = w.run("requirements", "--person", "周敏", "--period", "2026-11")
    # Exports of the same records.
    out["x_person"] = w.run("export", "rep-monthly", "--period", "2026-11", "--person", "孙志强",
                            "--out", str(w.root / "rep.xlsx"), black_box=True)
    out["x_unit"] = w.run("export", "rep-monthly", "--period", "2026-11", "--unit", "机加车间",
                          "--out", str(w.root / "unit.xlsx"))
    out["x_register"] = w.run("export", "liaison-register", "--period", "2026", "--person", "孙志强",
                              "--out", str(w.root / "register.xlsx"))
    out["x_quarter"] = w.run("export", "rep-monthly", "--period", "2026Q4", "--person", "孙志强",
                             "--out", str(w.root / "quarter.xlsx"))
    out["x_both"] = w.run("export", "rep-monthly", "--period", "2026-11", "--person", "孙志强", "--unit", "机加车间",
                          "--out", str(w.root / "both.xlsx"))
    out["x_list"] = w.run("export", "--list")
    out["x_all"] = w.run("export", "rep-monthly", "--period", "2026-11", "--out", str(w.root / "all.xlsx"))
    out["x_plain"] = w.run("export", "rep-monthly", "--period", "2026-11", "--person", "孙志强",
                           "--out", str(w.root / "plain.xlsx"), json_out=False, black_box=True)
    out["root"] = w.root
    return out


def monthly_visit(run: Run) -> dict:
    items = run.ok()["items"]
    for item in items:
        check_item(item)
    return next(i for i in items if "每月走访一次本选区职工" in i["source"]["quote"])


def test_requirements_counts_move_with_contacts(results):
    r = results("requirements_move")
    v0 = monthly_visit(r["r0"])
    assert (v0["done"], v0["people_done"], v0["met"]) == (0, 0, False)
    assert v0["people_required"] == 2
    r["oct"].ok()
    assert "contacts" in tables_written(r["oct"].json)
    v1 = monthly_visit(r["r1"])
    assert (v1["done"], v1["people_done"], v1["met"]) == (0, 0, False), "an October contact counted for November"
    v2 = monthly_visit(r["r2"])
    assert (v2["done"], v2["people_done"], v2["met"]) == (1, 1, False), "met before every count reached its minimum"
    v3 = monthly_visit(r["r3"])
    assert (v3["done"], v3["people_done"], v3["met"]) == (2, 2, True)
    default = [i for i in r["r3q"].ok()["items"] if "每月走访一次本选区职工" in i["source"]["quote"]]
    assert default and default[0]["done"] == 2
    other = r["other"].ok()["items"]
    assert all(i["done"] == 0 for i in other)


def load_sheet(path: Path):
    import openpyxl

    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    return [[c for c in row] for row in ws.iter_rows(values_only=True)]


def flat(rows) -> list[str]:
    return [str(c) for row in rows for c in row if c is not None]


def title_rows(rows, first_header: str) -> str:
    """The text above the header row (the title row(s) the contract asks for)."""
    header_at = next(i for i, row in enumerate(rows) if first_header in [str(c) for c in row if c is not None])
    assert header_at >= 1, f"no title row above the headers: {rows[:3]}"
    return " ".join(str(c) for row in rows[:header_at] for c in row if c is not None)


def test_export_person_ledger_workbook(results):
    r = results("requirements_move")
    r["x_person"].ok()
    rows = load_sheet(r["root"] / "rep.xlsx")
    title = title_rows(rows, "联系职工")
    assert "孙志强" in title and re.search(r"2026-11|2026年11月", title), title
    cells = flat(rows)
    for header in ("联系职工", "人数"):
        assert header in cells, f"header {header} missing: {rows[:4]}"
    assert any("张三" in c for c in cells) and any("李四" in c for c in cells)
    assert not any("工具柜" in c for c in cells), "an October record in the November ledger"


def data_rows(rows, columns: list[str]) -> list[list]:
    """The rows under the header row (the header row is the ledger's columns, in order)."""
    at = next((i for i, row in enumerate(rows) if [c for c in row if c is not None] == columns), None)
    assert at is not None, f"no header row equal to the listed columns {columns}: {rows[:4]}"
    return [row for row in rows[at + 1:] if any(c is not None for c in row)]


def test_export_one_row_per_record_under_the_listed_headers(results):
    r = results("requirements_move")
    columns = {x["name"]: x["columns"] for x in r["x_list"].ok()["ledgers"]}
    month = data_rows(load_sheet(r["root"] / "rep.xlsx"), columns["rep-monthly"])
    assert len(month) == 2, month  # 11-10 张三, 11-22 李四
    register = data_rows(load_sheet(r["root"] / "register.xlsx"), columns["liaison-register"])
    assert len(register) == 3, register
    # The ledger holds the records dated within --period, whatever period its regulation names.
    r["x_quarter"].ok()
    quarter = data_rows(load_sheet(r["root"] / "quarter.xlsx"), columns["rep-monthly"])
    assert len(quarter) == 3 and any("工具柜" in str(c) for row in quarter for c in row), quarter


def test_export_person_and_unit_together_is_bad_input(results):
    # CONTRACT: `export NAME --period P [--person NAME | --unit U]`: one or the other.
    r = results("requirements_move")
    r["x_both"].bad()
    assert not (r["root"] / "both.xlsx").exists()


def test_export_unit_and_register_and_whole(results):
    r = results("requirements_move")
    r["x_unit"].ok()
    rows = load_sheet(r["root"] / "unit.xlsx")
    title = title_rows(rows, "联系职工")
    assert "机加车间" in title and re.search(r"2026-11|2026年11月", title), title
    cells = flat(rows)
    assert any("更衣柜" in c for c in cells) and not any("工具柜" in c for c in cells)
    r["x_register"].ok()
    rows = load_sheet(r["root"] / "register.xlsx")
    assert "孙志强" in title_rows(rows, "序号")
    cells = flat(rows)
    for header in ("序号", "时间", "职工姓名", "反映内容及要求", "代表意见", "处理结果", "满意度"):
        assert header in cells, header
    assert any("工具柜" in c for c in cells) and any("更衣柜" in c for c in cells)
    r["x_all"].ok()
    assert any("更衣柜" in c for c in flat(load_sheet(r["root"] / "all.xlsx")))
    plain = r["x_plain"]
    assert plain.rc == 0 and (r["root"] / "plain.xlsx").exists(), str(plain)


# ============================================================================= ask

read_only("ask_monthly_visit", "ask", "职工代表每月要走访几次职工？", black_box=True)
read_only("ask_seconders", "ask", "职工代表提的意见有3人以上附议的，多少天内要开会研究？")
read_only("ask_activity_day", "ask", "代表活动日是哪一天")
read_only("ask_chair", "ask", "工会主席每年要为职工代表办几件实事")
read_only("ask_dalian_worker_day", "ask", "机关干部每月要到企业当几天工人？")
read_only("ask_county_report", "ask", "县级工会代表每年要形成几份调研报告？")
read_only("ask_work_injury", "ask", "工伤认定需要哪些材料？")
read_only("ask_weather", "ask", "明天北京天气怎么样？")
read_only("ask_pension", "ask", "养老保险个人缴费比例是多少")


def check_answer(data: dict) -> None:
    assert set(data) >= {"answer", "citations"}
    assert isinstance(data["answer"], str) and data["answer"].strip()
    assert isinstance(data["citations"], list)
    for c in data["citations"]:
        assert set(c) >= {"document", "clause", "quote"}
        assert c["quote"] and c["quote"] in corpus_text(c["document"]), f"quote not verbatim: {c}"


@pytest.mark.parametrize("key,document,words", [
    ("ask_monthly_visit", "000", "每月走访一次本选区职工"),
    ("ask_seconders", "000", "15日内"),
    ("ask_activity_day", "000", "20日为代表活动日"),
    ("ask_chair", "000", "每年为职工代表办一件实事"),
    ("ask_dalian_worker_day", "001", "每月到企业当一天工人"),
    ("ask_county_report", "003", "每年至少形成一份高质量调研报告"),
])
def test_ask_covered_questions_cite_verbatim(results, key, document, words):
    data = results(key).ok()
    check_answer(data)
    assert data["citations"], "a covered question needs citations"
    top = data["citations"][0]
    assert any(words in c["quote"] and c["document"] == document for c in data["citations"][:2]), data["citations"]
    assert top["document"] == document


@pytest.mark.parametrize("key", ["ask_work_injury", "ask_weather", "ask_pension"])
def test_ask_not_covered_says_so_without_citations(results, key):
    run = results(key)
    data = run.ok()
    check_answer(data)
    assert data["citations"] == [], f"not covered: no guessing\n{run}"
    assert re.search(r"没有|未|不涉及|无法|找不到|不包含", data["answer"]), data["answer"]


# ============================================================================= kb and rules

read_only("kb_list", "kb", "list", black_box=True)
read_only("rules_all", "rules", "list")
read_only("rules_000", "rules", "list", "--document", "000", black_box=True)
read_only("rules_999", "rules", "list", "--document", "999")
read_only("rules_accept_unknown", "rules", "accept", "no-such-rule", black_box=True)
read_only("rules_propose_unknown", "rules", "propose", "999")
read_only("kb_add_missing", "kb", "add", "/nonexistent/acceptance.txt", black_box=True)
read_only("kb_add_unsupported", "kb", "add", str(DATA / "acceptance_roster_gbk.csv"))


def test_kb_list_bundled(results):
    docs = results("kb_list").ok()["documents"]
    assert [d["document"] for d in docs][:5] == ["000", "001", "002", "003", "004"]
    for d in docs:
        assert set(d) >= {"document", "title", "issuer", "number", "date", "chunks"}
        assert isinstance(d["chunks"], int) and d["chunks"] > 0
    first = docs[0]
    assert first["title"] == "山东新升实业发展有限责任公司工会关于开展职工代表“双联”活动的实施办法"
    assert first["number"] == "新升工发〔2020〕13号" and first["date"] == "2020-09-01"
    assert docs[4]["number"] is None


def check_rule(rule: dict, text_of=corpus_text) -> None:
    keys = {"id", "document", "clause", "quote", "roles", "kind", "period", "required", "people_min",
            "people_max", "unit"}
    assert set(rule) >= keys, sorted(keys - set(rule))
    assert isinstance(rule["id"], str) and rule["id"]
    assert isinstance(rule["roles"], list) and rule["roles"]
    assert rule["kind"] in KINDS, rule
    assert rule["period"] in RULE_PERIODS, rule
    assert rule["unit"] in RULE_UNITS, rule
    for key in ("required", "people_min", "people_max"):
        assert rule[key] is None or (isinstance(rule[key], int) and not isinstance(rule[key], bool)), (key, rule)
    if rule["people_min"] is not None and rule["people_max"] is not None:
        assert rule["people_min"] <= rule["people_max"]
    assert rule["quote"] and rule["quote"] in text_of(rule["document"]), f"quote not verbatim: {rule}"


def test_rules_list_every_regulation(results):
    rules = results("rules_all").ok()["rules"]
    for rule in rules:
        check_rule(rule)
    assert len({r["id"] for r in rules}) == len(rules)
    assert {r["document"] for r in rules} >= {"000", "001", "002", "003", "004"}


def test_rules_list_000(results):
    rules = results("rules_000").ok()["rules"]
    assert rules and {r["document"] for r in rules} == {"000"}
    for rule in rules:
        check_rule(rule)
    by_quote = {r["quote"]: r for r in rules}

    def find(words):
        hits = [r for q, r in by_quote.items() if words in q]
        assert hits, f"no rule quoting {words}"
        return hits[0]

    visit = find("每月走访一次本选区职工")
    assert visit["period"] == "month" and visit["required"] == 1 and "职工代表" in visit["roles"]
    rep = find("每季度联系一次职工代表")
    assert rep["period"] == "quarter" and rep["required"] == 1 and rep["roles"] == ["工会主席"]
    assert (rep["people_min"], rep["people_max"]) == (3, 6)
    survey = find("每半年组织一次工作调研或专题巡察")
    assert survey["period"] == "half-year"
    deed = find("每年为本选区职工办一件实事")
    assert deed["period"] == "year" and deed["unit"] == "件" and deed["roles"] == ["车间工会主席"]
    proposal = [r for r in rules if "每年提出一条高质量的职工代表提案" in r["quote"]]
    assert {role for r in proposal for role in r["roles"]} >= {"工会主席", "职工代表"}
    assert all(r["unit"] == "条" and r["period"] == "year" for r in proposal)


@pytest.mark.parametrize("key", ["rules_999", "rules_accept_unknown", "rules_propose_unknown",
                                 "kb_add_missing", "kb_add_unsupported"])
def test_kb_rules_bad_input(results, key):
    results(key).bad()


@scenario
def kb_add_and_propose(w: World) -> dict:
    txt = DATA / "acceptance_regulation.txt"
    out = {"c0": w.counts(),
           "add": w.run("kb", "add", str(txt), "--title", "宏达职工代表联系班组职工暂行办法", black_box=True)}
    out["again"] = w.run("kb", "add", str(txt), "--title", "宏达职工代表联系班组职工暂行办法")
    out["list"] = w.run("kb", "list")
    doc = out["add"].json.get("document") if out["add"].rc == 0 else None
    if doc:
        out["propose"] = w.run("rules", "propose", str(doc), black_box=True)
        proposed = out["propose"].json.get("rules") or [] if out["propose"].rc == 0 else []
        if proposed:
            out["accept"] = w.run("rules", "accept", str(proposed[0]["id"]), black_box=True)
            out["rules_doc"] = w.run("rules", "list", "--document", str(doc))
        out["ask"] = w.run("ask", "宏达公司职工代表每月要走访班组职工几次？", black_box=True)
    # A .docx document.
    import docx

    d = docx.Document()
    d.add_paragraph("华星电子有限公司工会关于开展“职工之家”联系走访活动的通知")
    d.add_paragraph("一、活动内容")
    d.add_paragraph("（一）各分工会主席每季度走访困难职工家庭不少于3户。")
    d.add_paragraph("（二）工会委员每年撰写调研报告一篇。")
    d.add_paragraph("二、工作要求")
    d.add_paragraph("各分工会要建立走访台账，每半年报送一次。")
    d.save(w.root / "acceptance_notice.docx")
    out["docx"] = w.run("kb", "add", str(w.root / "acceptance_notice.docx"))
    out["list2"] = w.run("kb", "list")
    out["c1"] = w.counts()
    out["bad_docx"] = w.run("kb", "add", str(w.root / "not-there.pdf"))
    broken = w.root / "broken.docx"
    broken.write_bytes(b"this is not a zip file")
    out["broken"] = w.run("kb", "add", str(broken))
    out["c2"] = w.counts()
    return out


def test_kb_add_txt_and_list(results):
    r = results("kb_add_and_propose")
    added = r["add"].ok()
    assert set(added) >= {"document", "clauses", "chunks"}
    assert isinstance(added["document"], str) and added["document"] not in {"000", "001", "002", "003", "004"}
    assert isinstance(added["clauses"], int) and added["clauses"] >= 3
    assert isinstance(added["chunks"], int) and added["chunks"] >= 1
    again = r["again"].ok()
    assert again["document"] == added["document"]
    docs = r["list"].ok()["documents"]
    ids = [d["document"] for d in docs]
    assert len(ids) == 6 and len(set(ids)) == 6 and set(ids) >= {"000", "001", "002", "003", "004", added["document"]}
    mine = next(d for d in docs if d["document"] == added["document"])
    assert mine["title"] == "宏达职工代表联系班组职工暂行办法" and mine["chunks"] == added["chunks"]


def test_rules_propose_and_accept(results):
    r = results("kb_add_and_propose")
    text = (DATA / "acceptance_regulation.txt").read_text(encoding="utf-8")
    doc = r["add"].ok()["document"]
    rules = r["propose"].ok()["rules"]
    assert rules, "the added regulation has quantified obligations (每月…不少于2次, 每季度…一次, 每年…一篇)"
    for rule in rules:
        check_rule(rule, text_of=lambda _d: text)
        assert rule["status"] == "proposed" and rule["document"] == doc
    monthly = [x for x in rules if x["period"] == "month"]
    assert any(x["required"] == 2 and x["unit"] == "次" for x in monthly), monthly   # 每月…不少于2次
    assert any((x["people_min"], x["people_max"]) == (3, 5) for x in monthly), monthly  # 每次联系3-5名职工
    assert any(x["period"] == "year" and x["unit"] == "篇" for x in rules)
    r["accept"].ok()
    listed = r["rules_doc"].ok()["rules"]
    assert rules[0]["id"] in {x["id"] for x in listed}


def test_ask_added_document_cites_it_verbatim(results):
    r = results("kb_add_and_propose")
    text = (DATA / "acceptance_regulation.txt").read_text(encoding="utf-8")
    doc = r["add"].ok()["document"]
    data = r["ask"].ok()
    assert data["citations"] and data["citations"][0]["document"] == doc
    for c in data["citations"]:
        if c["document"] == doc:
            assert c["quote"] in text


def test_kb_add_docx_and_bad_files(results):
    r = results("kb_add_and_propose")
    added = r["docx"].ok()
    assert added["clauses"] >= 2 and added["chunks"] >= 1
    assert len(r["list2"].ok()["documents"]) == 7
    r["bad_docx"].bad()
    r["broken"].bad()
    assert r["c2"] == r["c1"]


# ============================================================================= opinions and seconding

@scenario
def seconding(w: World) -> dict:
    out = {}
    out["raise"] = w.say("吴勇", "我建议动力车间门口加装雨棚", yes=True, today="2026-11-20")
    out["list0"] = w.run("opinions", "list", today="2026-11-20")
    out["s1"] = w.say("孙志强", "我附议吴勇提的雨棚建议", yes=True, today="2026-11-21")
    out["s2"] = w.say("周敏", "我附议吴勇提的雨棚建议", yes=True, today="2026-11-22")
    out["s2_again"] = w.say("周敏", "我附议吴勇提的雨棚建议", yes=True, today="2026-11-23")
    out["list2"] = w.run("opinions", "list", today="2026-11-23")
    out["s3"] = w.say("郑海燕", "我附议吴勇提的雨棚建议", yes=True, today="2026-11-25", black_box=True)
    out["list3"] = w.run("opinions", "list", today="2026-11-25")
    out["late"] = w.run("opinions", "list", today="2026-12-11")
    out["mine"] = w.run("opinions", "list", "--person", "吴勇", today="2026-11-25")
    out["other_person"] = w.run("opinions", "list", "--person", "张三", today="2026-11-25")
    out["st_registered"] = w.run("opinions", "list", "--status", "登记", today="2026-11-25")
    out["st_bad"] = w.run("opinions", "list", "--status", "完成了", today="2026-11-25")
    out["st_unknown_person"] = w.run("opinions", "list", "--person", "诸葛亮", today="2026-11-25")
    # Status moves forward (登记 → 立案 → 交办), never back (交办 → 立案 is refused).
    out["c_open"] = w.counts()
    out["filed"] = w.say("王建国", "吴勇提的雨棚建议立案了", yes=True, today="2026-11-30")
    out["assigned"] = w.say("王建国", "吴勇提的雨棚建议已经交办了", yes=True, today="2026-11-30")
    out["list_done"] = w.run("opinions", "list", today="2026-11-30")
    out["c_done"] = w.counts()
    out["back"] = w.say("王建国", "吴勇提的雨棚建议立案了", yes=True, today="2026-12-01")
    out["list_back"] = w.run("opinions", "list", today="2026-12-01")
    out["st_done"] = w.run("opinions", "list", "--status", "交办", today="2026-12-01")
    out["c_back"] = w.counts()
    # A draft proposal built on the seconded opinion.
    out["draft"] = w.run("draft-proposal", "--speaker", "吴勇", "帮我起草一个关于动力车间门口加装雨棚的提案", today="2026-12-01")
    return out


def check_opinion(o: dict) -> None:
    assert set(o) >= {"id", "content", "raised_by", "recorded_by", "date", "status", "seconders", "due", "overdue"}
    assert isinstance(o["id"], int) and isinstance(o["content"], str) and o["content"]
    assert o["status"] in OPINION_STATUSES
    dt.date.fromisoformat(o["date"])
    assert isinstance(o["seconders"], list)
    assert o["due"] is None or dt.date.fromisoformat(o["due"])
    assert isinstance(o["overdue"], bool)


def test_log_opinion_registers(results):
    r = results("seconding")
    turn = r["raise"].ok()
    check_turn_shape(turn)
    assert turn["intent"] == "log_opinion" and "opinions" in tables_written(turn)
    ops = r["list0"].ok()["opinions"]
    assert len(ops) == 1
    check_opinion(ops[0])
    assert "雨棚" in ops[0]["content"] and ops[0]["status"] == "登记" and ops[0]["date"] == "2026-11-20"
    assert "吴勇" in json.dumps(ops[0]["raised_by"], ensure_ascii=False)
    assert ops[0]["due"] is None and ops[0]["overdue"] is False


def test_three_seconders_set_due_today_plus_15(results):
    r = results("seconding")
    for key in ("s1", "s2", "s3"):
        turn = r[key].ok()
        check_turn_shape(turn)
        assert turn["intent"] == "second_opinion" and "opinion_seconders" in tables_written(turn), str(r[key])
    again = r["s2_again"]
    assert again.rc in (0, 2) and "opinion_seconders" not in tables_written(again.json), str(again)
    two = r["list2"].ok()["opinions"][0]
    assert len(two["seconders"]) == 2 and two["due"] is None, "the same seconder twice counts once"
    op = r["list3"].ok()["opinions"][0]
    check_opinion(op)
    seconders = json.dumps(op["seconders"], ensure_ascii=False)
    assert len(op["seconders"]) == 3 and all(n in seconders for n in ("孙志强", "周敏", "郑海燕"))
    assert op["due"] == "2026-12-10" and op["overdue"] is False  # 2026-11-25 + 15 days (000 二（四）)
    reply = r["s3"].json["reply"]
    assert "15" in reply and re.search(r"2026-12-10|12月10日", reply), reply
    late = r["late"].ok()["opinions"][0]
    assert late["overdue"] is True


def test_opinions_list_filters(results):
    r = results("seconding")
    assert len(r["mine"].ok()["opinions"]) == 1
    assert r["other_person"].ok()["opinions"] == []
    assert len(r["st_registered"].ok()["opinions"]) == 1
    r["st_bad"].bad()
    r["st_unknown_person"].bad()


def test_status_never_goes_back(results):
    r = results("seconding")
    for key in ("filed", "assigned"):
        turn = r[key].ok()
        assert turn["intent"] == "update_status" and "opinions" in tables_written(turn), str(r[key])
    assert r["list_done"].ok()["opinions"][0]["status"] == "交办"
    back = r["back"]
    assert back.rc in (0, 2), str(back)  # refused, or answered without moving the status
    if back.rc == 0:
        assert "opinions" not in tables_written(back.json), str(back)
    assert r["list_back"].ok()["opinions"][0]["status"] == "交办"
    assert len(r["st_done"].ok()["opinions"]) == 1
    assert r["c_back"]["opinion_status_changes"] == r["c_done"]["opinion_status_changes"]
    # each change is kept in the audit log
    assert r["c_done"]["audit_log"] >= r["c_open"]["audit_log"] + 2
    assert r["c_done"]["opinion_status_changes"] == r["c_open"]["opinion_status_changes"] + 2


def test_draft_proposal_lists_seconders(results):
    r = results("seconding")
    d = r["draft"].ok()
    check_draft(d, "吴勇")
    assert {"孙志强", "周敏", "郑海燕"} <= set(d["seconders"]), d["seconders"]


# ============================================================================= proposals

read_only("draft_plain", "draft-proposal", "--speaker", "陈立新", "帮我起草一个关于夜班食堂热饭的提案", black_box=True)
read_only("draft_not_on_roster", "draft-proposal", "--speaker", "诸葛亮", "帮我起草一个关于夜班食堂热饭的提案")

ROSTER_NAME_CONTEXT = re.compile(r"(?:提案人|附议人|联系人|职工|代表)[：:\s]*([\u4e00-\u9fff]{2,3})(?=[（(，、；\s]|$)")


def check_draft(d: dict, speaker: str) -> None:
    assert set(d) >= {"title", "reason", "suggestions", "proposer", "seconders", "citations", "text"}
    for key in ("title", "reason", "text"):
        assert isinstance(d[key], str) and d[key].strip()
    assert isinstance(d["suggestions"], list) and d["suggestions"] and all(isinstance(s, str) for s in d["suggestions"])
    assert isinstance(d["seconders"], list)
    assert d["proposer"] == speaker
    for heading in ("案由", "提案人", "附议人", "提案理由", "具体建议"):
        assert heading in d["text"], heading
    assert d["title"] in d["text"] and speaker in d["text"]
    for c in d["citations"]:
        assert set(c) >= {"document", "clause", "quote"} and c["quote"] in corpus_text(c["document"])
    # Nothing invented: every person the layout names is on the roster.
    for name in d["seconders"]:
        assert name in DEMO_NAMES, name
    lines = {line.split("：", 1)[0]: line.split("：", 1)[1] for line in d["text"].splitlines() if "：" in line}
    for label in ("提案人", "附议人"):
        value = re.sub(r"（[^）]*）", "", lines.get(label, ""))
        for token in re.split(r"[、，,\s]+", value):
            if token and token not in ("暂无", "无"):
                assert token in DEMO_NAMES, f"{label} names {token}, who is not on the roster"


def test_draft_proposal_shape(results):
    d = results("draft_plain").ok()
    check_draft(d, "陈立新")
    assert "夜班食堂" in d["title"]


def test_draft_proposal_speaker_not_on_roster(results):
    results("draft_not_on_roster").bad()


@scenario
def proposal_from_records(w: World) -> dict:
    out = {"contact": w.say("孙志强", CANONICAL, yes=True)}
    out["draft"] = w.run("draft-proposal", "--speaker", "孙志强", "帮我起草一个关于夜班食堂热饭的提案")
    out["c_draft"] = w.counts()
    out["r0"] = w.run("requirements", "--person", "孙志强", "--period", "2026")
    out["submit"] = w.say("孙志强", "帮我起草一个关于夜班食堂热饭的提案并提交", yes=True, black_box=True)
    out["r1"] = w.run("requirements", "--person", "孙志强", "--period", "2026")
    return out


@scenario
def chair_contacts(w: World) -> dict:
    out = {"r0": w.run("requirements", "--person", "王建国", "--period", "2026Q4")}
    out["a"] = w.say("王建国", "昨天和孙志强、周敏座谈，他们反映代表活动经费不足", yes=True)
    out["r1"] = w.run("requirements", "--person", "王建国", "--period", "2026Q4")
    out["b"] = w.say("王建国", "上周五给孙志强和吴勇打电话，了解提案办理情况", yes=True)
    out["r2"] = w.run("requirements", "--person", "王建国", "--period", "2026Q4")
    # A confirmed draft, then a later turn reporting it submitted.
    out["draft"] = w.say("周敏", "帮我起草一个关于更衣室太小的提案", yes=True)
    out["q0"] = w.run("requirements", "--person", "周敏", "--period", "2026")
    out["submitted"] = w.say("周敏", "更衣室的提案已经提交了", yes=True)
    out["q1"] = w.run("requirements", "--person", "周敏", "--period", "2026")
    return out


def reps_item(run: Run) -> dict:
    items = run.ok()["items"]
    for item in items:
        check_item(item)
    return next(i for i in items if i["kind"] == "联系职工代表")


def test_chair_counts_distinct_representatives(results):
    r = results("chair_contacts")
    i0 = reps_item(r["r0"])
    assert (i0["done"], i0["people_done"], i0["people_required"], i0["met"]) == (0, 0, 3, False)
    assert "contacts" in tables_written(r["a"].ok())
    i1 = reps_item(r["r1"])
    assert (i1["done"], i1["people_done"], i1["met"]) == (1, 2, False)
    assert "contacts" in tables_written(r["b"].ok())
    i2 = reps_item(r["r2"])
    assert (i2["done"], i2["people_done"], i2["met"]) == (2, 3, True)  # 孙志强 counted once


def test_proposal_reported_submitted_counts(results):
    r = results("chair_contacts")
    draft = r["draft"].ok()
    assert draft["intent"] == "draft_proposal" and "proposals" in tables_written(draft), str(r["draft"])
    q0 = [i for i in r["q0"].ok()["items"] if i["kind"] == "提案"]
    assert q0 and q0[0]["done"] == 0, "a draft not yet submitted must not count"
    turn = r["submitted"].ok()
    assert turn["intent"] == "update_status", str(r["submitted"])
    q1 = [i for i in r["q1"].ok()["items"] if i["kind"] == "提案"]
    assert q1[0]["done"] == 1 and q1[0]["met"] is True


def test_postgresql_url_works(pg_db_url, tmp_path):
    w = World(tmp_path, url=pg_db_url)
    w.run("roster", "import", str(DEMO_ROSTER), black_box=True).ok()
    w.run("roster", "import", str(DATA / "acceptance_roster_bad_role.csv")).bad()
    assert len(w.run("roster", "list").ok()["people"]) == 25
    turn = w.say("孙志强", CANONICAL, yes=True, black_box=True).ok()
    assert turn["fields"] == CANONICAL_FIELDS and "contacts" in tables_written(turn)
    v = monthly_visit(w.run("requirements", "--person", "孙志强", "--period", "2026-11"))
    assert (v["done"], v["people_done"], v["met"]) == (1, 2, True)


def test_draft_proposal_uses_the_speakers_records(results):
    r = results("proposal_from_records")
    d = r["draft"].ok()
    check_draft(d, "孙志强")
    assert "夜班食堂没有热饭" in d["reason"] or "夜班食堂没有热饭" in d["text"]
    assert re.search(r"张三|李四|2名", d["text"]), "the facts come from the speaker's records"


def test_submitted_proposal_counts_toward_the_yearly_quota(results):
    r = results("proposal_from_records")
    quota = [i for i in r["r0"].ok()["items"] if i["kind"] == "提案"]
    assert quota and quota[0]["done"] == 0 and quota[0]["met"] is False
    turn = r["submit"].ok()
    assert turn["intent"] == "draft_proposal" and "proposals" in tables_written(turn), str(r["submit"])
    after = [i for i in r["r1"].ok()["items"] if i["kind"] == "提案"]
    assert after[0]["done"] == 1 and after[0]["met"] is True


# ============================================================================= ledgers

read_only("export_list", "export", "--list", black_box=True)
read_only("export_unknown", "export", "no-such-ledger", "--period", "2026Q4", "--out", "/tmp/acceptance_never.xlsx")
read_only("export_bad_period", "export", "rep-monthly", "--period", "2026Q9", "--out", "/tmp/acceptance_never.xlsx",
          black_box=True)
read_only("export_no_out", "export", "rep-monthly", "--period", "2026-11")
read_only("export_unknown_person", "export", "rep-monthly", "--period", "2026-11", "--person", "诸葛亮",
          "--out", "/tmp/acceptance_never.xlsx")


def test_export_list_shape(results):
    ledgers = results("export_list").ok()["ledgers"]
    assert ledgers
    for ledger in ledgers:
        assert set(ledger) >= {"name", "title", "document", "columns"}
        assert isinstance(ledger["columns"], list) and ledger["columns"]
    by_name = {x["name"]: x for x in ledgers}
    assert len(by_name) == len(ledgers)
    register = [x for x in ledgers if x["title"] == "职工代表“双联”工作站（点）登记台账"]
    assert register and register[0]["document"] == "000"
    assert register[0]["columns"] == ["序号", "时间", "职工姓名", "反映内容及要求", "代表意见", "处理结果", "满意度"]


@pytest.mark.parametrize("key", ["export_unknown", "export_bad_period", "export_no_out", "export_unknown_person"])
def test_export_bad_input(results, key):
    results(key).bad()
    assert not Path("/tmp/acceptance_never.xlsx").exists()


# ============================================================================= every command: exit codes, JSON

read_only("bad_today", "roster", "list", today="2026-13-40", black_box=True)
read_only("unknown_command", "frobnicate", black_box=True)
read_only("say_empty", "say", "--speaker", "陈立新", "")
read_only("opinions_empty", "opinions", "list", black_box=True)
read_only("ask_empty", "ask", "  ")
read_only("draft_empty", "draft-proposal", "--speaker", "陈立新", "")


@scenario
def options_after_subcommand(w: World) -> dict:
    env = {**os.environ, "UNION_ASSISTANT_HOME": str(w.home)}

    def raw(*args: str) -> Run:
        cmd = [str(SCRIPT), *args]
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=w.root, timeout=300)
        return Run(cmd, proc.returncode, proc.stdout, proc.stderr)

    return {
        "after": raw("requirements", "--person", "陈立新", "--db", w.url, "--today", TODAY, "--json"),
        "bad_db": raw("--db", "nosuchdriver://nowhere", "roster", "list", "--json"),
        # The default database is a SQLite file in UNION_ASSISTANT_HOME.
        "default_import": raw("--today", TODAY, "roster", "import", str(DEMO_ROSTER), "--json"),
        "default_list": raw("roster", "list", "--json"),
    }


def test_options_after_the_subcommand_and_default_db(results):
    r = results("options_after_subcommand")
    after = r["after"].ok()
    assert after["items"] == results("req_chen_None").ok()["items"]
    r["bad_db"].bad()
    r["default_import"].ok()
    assert len(r["default_list"].ok()["people"]) == 25


def test_bad_today_and_unknown_command(results):
    results("bad_today").bad()
    results("unknown_command").bad()


def test_empty_question_and_draft_request_are_bad_input(results):
    results("ask_empty").bad()
    results("draft_empty").bad()


def test_say_empty_text(results):
    run = results("say_empty")
    assert run.rc in (0, 2), str(run)
    data = run.json
    if run.rc == 0:
        assert data["intent"] == "other" and data["written"] == []


def test_opinions_list_empty(results):
    assert results("opinions_empty").ok() == {"opinions": []} or results("opinions_empty").ok()["opinions"] == []


def test_every_read_only_command_prints_one_json_object(results):
    for name in READ_ONLY:
        results(name).json  # raises with the command and its output when stdout is not one JSON object


def test_read_only_commands_wrote_nothing(results):
    for name in READ_ONLY:
        results(name)
    assert results.shared.counts() == results.shared.before
