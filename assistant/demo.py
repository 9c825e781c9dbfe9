"""Demo data: the fictional roster and a few records, entered the way a user would.

`load_demo(core)` fills an EMPTY database only (no people yet): it imports
store/demo/roster.csv and then says a few sentences through `core.say(..., yes=True)`,
so the demo records go through exactly the path real ones do (understanding,
validation, one transaction each). Dates are relative to `core.today`, inside the
current month (and one earlier in the quarter), so the requirements page has something
to count. A second run finds people and does nothing.
"""
from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path

from sqlalchemy import func, select

from store.auth import DEMO_ACCOUNTS, DEMO_PASSWORD, set_demo_passwords
from store.db import session
from store.models import Person

ROSTER = Path(__file__).resolve().parent.parent / "store" / "demo" / "roster.csv"


def _day(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def demo_script(today: dt.date) -> list[tuple[str, str]]:
    """(speaker, sentence) pairs, dated relative to today: never after it, never before its quarter."""
    month_start = today.replace(day=1)
    quarter_start = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)

    def back(days: int) -> dt.date:
        return max(month_start, today - dt.timedelta(days=days))

    script = [
        ("陈立新", f"{_day(back(6))}到机加车间走访了张三和李四，他们反映夜班食堂没有热饭，还有更衣室的热水器坏了"),
        ("陈立新", f"{_day(back(3))}在机加车间和张伟、林晓等5名职工座谈，大家希望增加一趟夜班班车"),
        ("孙志强", f"{_day(back(2))}给欧阳明打电话，他反映车间通风不好"),
        ("孙志强", f"{_day(quarter_start)}到机加车间走访了张三、李四和林晓"),
    ]
    if importlib.util.find_spec("assistant.opinions") is not None:
        script += [
            ("吴勇", f"{_day(back(5))}建议在动力车间门口加装自行车雨棚"),
            ("孙志强", "我附议吴勇提的雨棚建议"),
            ("周敏", "我附议吴勇提的雨棚建议"),
            ("郑海燕", "我附议吴勇提的雨棚建议"),
        ]
    return script


def load_demo(core) -> dict:
    """Import the demo roster and records into an empty database; idempotent."""
    with session(core.url) as s:
        people = s.scalar(select(func.count()).select_from(Person)) or 0
    if people:
        return {"loaded": False, "people": people, "written": {},
                "message": f"数据库中已有{people}名人员，未载入演示数据（演示数据只载入空数据库）。"}
    roster = core.roster_import(ROSTER)
    written: dict[str, int] = {}
    failed: list[str] = []
    for speaker, text in demo_script(core.today):
        result = core.say(speaker, text, yes=True)
        if not result.written:
            failed.append(f"{speaker}：{text}（{result.reply.splitlines()[-1]}）")
        for w in result.written:
            written[w.table] = written.get(w.table, 0) + 1
    parts = [f"已载入演示花名册{roster['added']}人"]
    labels = {"contacts": "联系记录{n}条", "opinions": "意见建议{n}条", "opinion_seconders": "附议{n}次",
              "people": "新职工{n}人"}
    parts += [labels.get(t, t + "{n}").format(n=n) for t, n in written.items()]
    set_demo_passwords(core.url)
    parts.append(f"演示账号{'、'.join(DEMO_ACCOUNTS)}的密码为{DEMO_PASSWORD}")
    message = "，".join(parts) + "。"
    if failed:
        message += "以下演示记录未能写入：" + "；".join(failed)
    return {"loaded": True, "people": roster["added"], "written": written, "failed": failed, "message": message}
