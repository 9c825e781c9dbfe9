"""The console script's stdout/exit-status discipline (CONTRACT.md), run as a real subprocess."""
import json
import subprocess
import sys

from conftest import DEMO_ROSTER


def run(args, home, db_url):
    proc = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "--db", db_url, *args],
        capture_output=True, text=True, env={"UNION_ASSISTANT_HOME": str(home), "PATH": "/usr/bin:/bin"},
        timeout=120,
    )
    return proc


def test_roster_import_then_list_prints_one_json_object(home, db_url):
    proc = run(["roster", "import", str(DEMO_ROSTER), "--json"], home, db_url)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["added"] == 25
    proc = run(["roster", "list", "--json"], home, db_url)
    people = json.loads(proc.stdout)["people"]
    assert len(people) == 25
    assert {"name": "陈立新", "roles": ["车间工会主席", "职工代表"], "unit": "机加车间",
            "constituency": "机加车间选区"} in people


def test_bad_today_exits_2_with_chinese_error(home, db_url):
    proc = run(["roster", "list", "--today", "2026-13-01", "--json"], home, db_url)
    assert proc.returncode == 2
    assert "YYYY-MM-DD" in json.loads(proc.stdout)["error"]


def test_unknown_command_is_bad_input(home, db_url):
    proc = run(["frobnicate", "--json"], home, db_url)
    assert proc.returncode == 2
    assert "error" in json.loads(proc.stdout)
