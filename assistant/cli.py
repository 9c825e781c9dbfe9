"""`union-assistant …`: the command-line face of the core (../shared/CONTRACT.md).

Every command accepts --db, --today and --json. With --json stdout holds exactly one
JSON object; logs and progress go to stderr. Exit 0 on success, 2 on bad input (the
JSON then holds "error", a Chinese message), and nothing is written unless 0.
"""
from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import logging
import sys
from typing import Any, Callable

from pydantic import BaseModel

from store.errors import UserError

log = logging.getLogger("union_assistant")


def _common() -> argparse.ArgumentParser:
    # SUPPRESS so an option given before the subcommand is not reset by the subparser's default.
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument("--db", default=argparse.SUPPRESS, help="SQLAlchemy 数据库 URL")
    p.add_argument("--today", default=argparse.SUPPRESS, help="把哪天当作今天（YYYY-MM-DD）")
    p.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="只在标准输出打印一个 JSON 对象")
    return p


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse exits 2 too; keep the contract's JSON shape
        raise UserError(f"命令参数有误：{message}。可用 --help 查看用法。")


def build_parser() -> argparse.ArgumentParser:
    common = _common()
    parser = _Parser(prog="union-assistant", description="工会联系职工助手", parents=[common])
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def cmd(name: str, help: str, parent=sub) -> argparse.ArgumentParser:
        return parent.add_parser(name, help=help, parents=[common])

    roster = cmd("roster", "花名册").add_subparsers(dest="action", required=True, parser_class=_Parser)
    p = cmd("import", "导入花名册（CSV 或 XLSX）", roster)
    p.add_argument("file")
    cmd("list", "列出花名册", roster)

    p = cmd("say", "以某人的身份说一句话（与聊天页面相同）")
    p.add_argument("--speaker", required=True)
    p.add_argument("--session")
    p.add_argument("--yes", action="store_true")
    p.add_argument("text")

    p = cmd("requirements", "某人在某期间的履职任务完成情况")
    p.add_argument("--person", required=True)
    p.add_argument("--period")

    p = cmd("ask", "问规定")
    p.add_argument("text")

    kb = cmd("kb", "知识库").add_subparsers(dest="action", required=True, parser_class=_Parser)
    p = cmd("add", "添加文档", kb)
    p.add_argument("file")
    p.add_argument("--title")
    cmd("list", "列出文档", kb)

    user = cmd("user", "登录账号").add_subparsers(dest="action", required=True, parser_class=_Parser)
    p = cmd("passwd", "设置某人的登录密码", user)
    p.add_argument("name")
    p.add_argument("--unit")
    p.add_argument("--password", required=True)

    cmd("demo", "在空数据库中载入演示花名册和演示记录")

    p = cmd("serve", "启动网页")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=7860)

    p = cmd("draft-proposal", "起草提案")
    p.add_argument("--speaker", required=True)
    p.add_argument("text")

    rules = cmd("rules", "履职规则").add_subparsers(dest="action", required=True, parser_class=_Parser)
    p = cmd("list", "列出规则", rules)
    p.add_argument("--document")
    p = cmd("propose", "从新文档中提取规则", rules)
    p.add_argument("document")
    p = cmd("accept", "启用一条提取的规则", rules)
    p.add_argument("id")

    opinions = cmd("opinions", "意见建议").add_subparsers(dest="action", required=True, parser_class=_Parser)
    p = cmd("list", "列出意见建议", opinions)
    p.add_argument("--status")
    p.add_argument("--person")

    p = cmd("export", "导出台账")
    p.add_argument("name", nargs="?")
    p.add_argument("--list", action="store_true", dest="list_ledgers")
    p.add_argument("--period")
    p.add_argument("--person")
    p.add_argument("--unit")
    p.add_argument("--out")
    return parser


def _parse_today(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UserError(f"--today 的日期“{value}”无效：请写成 YYYY-MM-DD，例如 2026-11-23。")


def _dump(result: Any) -> dict:
    if isinstance(result, BaseModel):
        return result.model_dump(mode="json")
    return result


def _run(args: argparse.Namespace) -> dict:
    from store.settings import load_settings

    from .core import Core

    settings = load_settings(db_url=getattr(args, "db", None))
    core = Core(settings, _parse_today(getattr(args, "today", None)))
    command = args.command
    action = getattr(args, "action", None)
    handlers: dict[tuple[str, str | None], Callable[[], Any]] = {
        ("roster", "import"): lambda: core.roster_import(args.file),
        ("roster", "list"): core.roster_list,
        ("say", None): lambda: core.say(args.speaker, args.text, session=args.session, yes=args.yes),
        ("requirements", None): lambda: core.requirements(args.person, args.period),
        ("ask", None): lambda: core.ask(args.text),
        ("kb", "add"): lambda: core.kb_add(args.file, title=args.title, progress=_progress),
        ("kb", "list"): core.kb_list,
        ("draft-proposal", None): lambda: core.draft_proposal(args.speaker, args.text),
        ("rules", "list"): lambda: core.rules_list(args.document),
        ("rules", "propose"): lambda: core.rules_propose(args.document),
        ("rules", "accept"): lambda: core.rules_accept(args.id),
        ("opinions", "list"): lambda: core.opinions_list(status=args.status, person=args.person),
        ("export", None): lambda: _export(core, args),
        ("serve", None): lambda: _serve(core, args),
        ("demo", None): core.load_demo,
        ("user", "passwd"): lambda: core.set_password(args.name, args.password, unit=args.unit),
    }
    return _dump(handlers[(command, action)]())


def _export(core, args) -> Any:
    if args.list_ledgers:
        return core.export_list()
    if not args.name:
        raise UserError("请指定要导出的台账名称，或用 --list 查看可导出的台账。")
    if not args.period:
        raise UserError("请用 --period 指定期间，例如 2026Q4、2026-11 或 2026。")
    if args.person and args.unit:
        raise UserError("--person 和 --unit 只能选一个：导出某人的台账用 --person，导出某单位的台账用 --unit。")
    if not args.out:
        raise UserError("请用 --out 指定输出的 .xlsx 文件路径。")
    return core.export(args.name, args.period, args.out, person=args.person, unit=args.unit)


def _serve(core, args) -> dict:
    from ui.app import serve

    serve(core, host=args.host, port=args.port)
    return {"served": True}


def _progress(message: str, fraction: float | None = None) -> None:
    suffix = f" {fraction:.0%}" if fraction is not None else ""
    print(f"{message}{suffix}", file=sys.stderr, flush=True)


def _human(result: dict) -> str:
    """Plain-text rendering for people at a terminal (without --json)."""
    if "error" in result:
        return f"错误：{result['error']}"
    for key in ("reply", "answer", "text"):
        if isinstance(result.get(key), str):
            lines = [result[key]]
            for c in result.get("citations") or []:
                lines.append(f"  【{c.get('document')} {c.get('clause')}】{c.get('quote')}")
            return "\n".join(lines)
    return json.dumps(result, ensure_ascii=False, indent=2)


class _ToStderr(io.TextIOBase):
    """Stands in for stdout under --json: passes everything to stderr and keeps a copy."""

    def __init__(self):
        self._parts: list[str] = []

    def write(self, text: str) -> int:
        self._parts.append(text)
        return sys.stderr.write(text)

    def flush(self) -> None:
        sys.stderr.flush()

    def text(self) -> str:
        return "".join(self._parts)


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")
    argv = sys.argv[1:] if argv is None else argv
    as_json = "--json" in argv
    printed = _ToStderr()
    try:
        # With --json, anything a library prints goes to stderr: stdout holds the one object.
        with contextlib.redirect_stdout(printed) if as_json else contextlib.nullcontext():
            args = build_parser().parse_args(argv)
            result, status = _run(args), 0
    except UserError as err:
        result, status = {"error": err.message}, 2
    except SystemExit as exc:  # --help, or sys.exit() somewhere below
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if not (as_json and code == 0 and {"-h", "--help"} & set(argv)):
            return code
        result, status = {"help": printed.text()}, 0  # --help --json still prints one object
    except Exception as exc:  # an internal fault: say so plainly, keep the trace on stderr
        log.exception("internal error")
        result, status = {"error": f"内部错误：{type(exc).__name__}: {exc}"}, 1
    if as_json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    else:
        print(_human(result), file=sys.stdout if status == 0 else sys.stderr)
    sys.stdout.flush()
    return status


if __name__ == "__main__":
    sys.exit(main())
