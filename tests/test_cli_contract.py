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


# -- --json anywhere, one object on stdout, exit codes ---------------------------------------------

import pytest  # noqa: E402

import assistant.cli as cli_module  # noqa: E402
from assistant.core import Core, _impl  # noqa: E402
from store.errors import NotBuiltYet  # noqa: E402


@pytest.mark.parametrize("args", [
    ["--json", "roster", "list"],
    ["roster", "--json", "list"],
    ["roster", "list", "--json"],
])
def test_json_flag_before_or_after_the_subcommand(home, db_url, args):
    proc = run(args, home, db_url)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == {"people": []}


def test_db_option_after_the_subcommand_wins_over_nothing(home, tmp_path):
    url = f"sqlite:///{tmp_path / 'after.db'}"
    proc = subprocess.run([sys.executable, "-m", "assistant.cli", "roster", "import", str(DEMO_ROSTER),
                           "--db", url, "--json"], capture_output=True, text=True,
                          env={"UNION_ASSISTANT_HOME": str(home), "PATH": "/usr/bin:/bin"}, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "after.db").exists()
    assert not (home / "union-assistant.db").exists()


@pytest.mark.parametrize("args", [
    ["roster", "import", str(DEMO_ROSTER)],
    ["roster", "list"],
    ["say", "--speaker", "不在名册的人", "昨天走访了张三"],
    ["requirements", "--person", "不在名册的人"],
    ["opinions", "list"],
    ["export", "--list"],
    ["rules", "list"],
    ["roster", "import", "/no/such/file.csv"],
    ["roster"],
])
def test_stdout_holds_exactly_one_json_object(home, db_url, args):
    proc = run([*args, "--json"], home, db_url)
    assert proc.returncode in (0, 2), proc.stderr
    obj = json.loads(proc.stdout)  # the whole of stdout is one JSON document …
    assert isinstance(obj, dict)  # … and it is an object
    assert proc.stdout.count("\n") == 1
    if proc.returncode == 2:
        assert obj.keys() == {"error"} or "error" in obj
        assert any("\u4e00" <= ch <= "\u9fff" for ch in obj["error"])  # a Chinese message


def test_bad_input_writes_nothing(home, db_url):
    proc = run(["say", "--speaker", "不在名册的人", "--yes", "昨天走访了张三", "--json"], home, db_url)
    assert proc.returncode == 2
    assert json.loads(run(["roster", "list", "--json"], home, db_url).stdout) == {"people": []}


def test_a_capability_whose_module_is_missing_says_not_built_yet(monkeypatch, capsys, home, db_url):
    with pytest.raises(NotBuiltYet) as err:
        _impl("assistant.no_such_module_for_tests", "run", "测试功能")
    assert "尚未实现" in err.value.message and "测试功能" in err.value.message

    monkeypatch.setattr(Core, "roster_list", lambda self: _impl("assistant.no_such_module_for_tests", "f", "花名册"))
    assert cli_module.main(["--db", db_url, "roster", "list", "--json"]) == 2
    out = capsys.readouterr().out
    assert "尚未实现" in json.loads(out)["error"]


def test_a_broken_module_is_not_reported_as_missing(tmp_path, monkeypatch):
    pkg = tmp_path / "brokenpkg_for_tests"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "feature.py").write_text("import no_such_dependency_anywhere\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ImportError):
        _impl("brokenpkg_for_tests.feature", "f", "坏模块")


def test_prints_from_below_go_to_stderr_with_json(monkeypatch, capsys, home, db_url):
    def noisy(self):
        print("Building prefix dict … (a library talking)")
        return {"people": []}

    monkeypatch.setattr(Core, "roster_list", noisy)
    assert cli_module.main(["--db", db_url, "roster", "list", "--json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out) == {"people": []}
    assert "Building prefix dict" in captured.err


def test_internal_fault_exits_1_with_one_json_object(monkeypatch, capsys, home, db_url):
    def broken(self):
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(Core, "roster_list", broken)
    assert cli_module.main(["--db", db_url, "roster", "list", "--json"]) == 1
    assert "内部错误" in json.loads(capsys.readouterr().out)["error"]


def test_help_exits_0(home, db_url):
    proc = run(["--help"], home, db_url)
    assert proc.returncode == 0
    assert "roster" in proc.stdout


def test_without_json_errors_go_to_stderr(home, db_url):
    proc = run(["roster", "import", "/no/such/file.csv"], home, db_url)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "找不到花名册文件" in proc.stderr


@pytest.mark.parametrize("argv", [["--help", "--json"], ["ask", "--json", "-h"]])
def test_help_with_json_is_one_json_object(capsys, argv):
    assert cli_module.main(argv) == 0
    out = capsys.readouterr().out
    assert "usage: union-assistant" in json.loads(out)["help"]


def test_help_without_json_is_plain_text(capsys):
    assert cli_module.main(["ask", "--help"]) == 0
    assert capsys.readouterr().out.startswith("usage: union-assistant ask")
