"""`union-assistant say` as a real subprocess: one JSON object, exit codes, --session across calls."""
from __future__ import annotations

import json
import subprocess
import sys

from assistant.core import Core
from conftest import DEMO_ROSTER, ROOT
from store.settings import load_settings


def cli(home, db_url, *args):
    proc = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "--db", db_url, "--today", "2026-11-23", *args, "--json"],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
        env={"UNION_ASSISTANT_HOME": str(home), "PATH": "/usr/bin:/bin"},
    )
    return proc.returncode, json.loads(proc.stdout), proc


def rostered(home, db_url) -> None:
    Core(load_settings(home=home, db_url=db_url)).roster_import(DEMO_ROSTER)


def test_say_goes_on_across_calls_with_session(home, db_url):
    rostered(home, db_url)
    code, out, proc = cli(home, db_url, "say", "--speaker", "陈立新", "--session", "t1", "到机加车间走访了张三和李四")
    assert code == 0, proc.stderr
    assert out["intent"] == "log_contact" and out["missing"] == ["date"] and out["written"] == []
    code, out, _ = cli(home, db_url, "say", "--speaker", "陈立新", "--session", "t1", "昨天")
    assert out["fields"]["date"] == "2026-11-22" and out["missing"] == [] and out["written"] == []
    assert out["fields"]["people"] == ["张三", "李四"]
    code, out, _ = cli(home, db_url, "say", "--speaker", "陈立新", "--session", "t1", "确认")
    assert code == 0 and [w["table"] for w in out["written"]] == ["contacts"]
    assert set(out) >= {"reply", "intent", "fields", "missing", "unknown_people", "written"}


def test_say_yes_writes_and_unknown_speaker_exits_2(home, db_url):
    rostered(home, db_url)
    code, out, _ = cli(home, db_url, "say", "--speaker", "王五", "--yes", "昨天走访了张三")
    assert code == 2 and "花名册中没有“王五”" in out["error"]
    code, out, _ = cli(home, db_url, "say", "--speaker", "陈立新", "--yes", "昨天走访了张三")
    assert code == 0 and out["written"][0]["table"] == "contacts"
