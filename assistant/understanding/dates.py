"""Dates said in a chat turn, resolved against `today`.

Rules (CONTRACT.md "Conventions", evals/CONVENTIONS.md "date"): weeks start on Monday; a bare
weekday is this week's, or last week's if it is still to come; 上周五 is Friday of the previous
Monday–Sunday week; a month-day without a year is in the current year unless that puts it two
or more months ahead (12月 said in January → last year). Vague words give no date; impossible
dates give no date and a Chinese note; so do dates after today for something that happened.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from .lexicon import alternation, load
from .numbers import NUMBER, to_int


@dataclass(frozen=True)
class DateFinding:
    date: dt.date | None = None
    note: str | None = None  # Chinese, for the reply ("2月没有30日")
    said: str | None = None  # the words the date came from
    start: int = -1
    end: int = -1
    to_come: bool = False  # a day after today, refused for something that happened

    @property
    def found(self) -> bool:
        return self.said is not None


def _alt(words) -> str:
    return alternation(words)


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, re.Pattern]]:
    lex = load("dates")
    week_prefix = _alt(lex["week_offsets"])
    month_prefix = _alt(lex["month_offsets"])
    weekday = _alt(lex["weekday_numbers"])
    edges = _alt(lex["month_start_words"] + lex["month_end_words"])
    year = r"(?P<y>\d{4}|[零〇一二三四五六七八九]{4})"
    return [
        ("ymd", re.compile(rf"{year}\s*年\s*(?P<m>{NUMBER})\s*月\s*(?P<d>{NUMBER})\s*[日号]?")),
        ("ymd", re.compile(r"(?<!\d)(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?!\d)")),
        ("month_rel_day", re.compile(rf"(?P<p>{month_prefix})月(?:份)?(?P<d>{NUMBER})\s*[日号]")),
        ("month_rel_edge", re.compile(rf"(?P<p>{month_prefix})月(?:份)?(?P<e>{edges})")),
        ("md", re.compile(rf"(?<![\d年])(?P<m>{NUMBER})\s*月\s*(?P<d>{NUMBER})\s*[日号]?(?!\d)")),
        ("md", re.compile(r"(?<![\d.:/-])(?P<m>\d{1,2})[./-](?P<d>\d{1,2})(?![\d.%/:-])(?!\s*[元块倍万千个%人名位户号])")),
        # 上周五, 上个礼拜三, 上周的星期二 (the week said, then its day)
        ("week", re.compile(rf"(?P<p>{week_prefix})?(?:个)?(?:(?:{_alt(lex['weekday_words'])})的?(?=(?:{_alt(lex['weekday_words'])})))?"
                            rf"(?:{_alt(lex['weekday_words'])})(?P<w>{weekday})")),
        ("days_ago", re.compile(_alt(lex["days_ago"]))),
        # 下午在配电房碰到老金: a part of the day said first, with no day, is today's
        ("today_part", re.compile(rf"^(?:{_alt(lex['parts_of_today'])})")),
        ("deadline", re.compile("|".join(lex["deadlines"]))),
        ("vague", re.compile(rf"(?<![提])(?:{_alt(lex['vague'])})")),
        ("vague", re.compile(rf"(?<![本上下这])(?:{NUMBER})\s*月(?:份)?(?:上旬|中旬|下旬|中|初|底|末|头)")),
        ("day", re.compile(r"(?<![\d月第])(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})\s*[号日]"
                           r"(?=$|[，,。；;\s在到去和跟与上下晚早中我给找那走座打开一]|的时候)")),
    ]


def _month_shift(today: dt.date, offset: int) -> tuple[int, int]:
    index = today.year * 12 + (today.month - 1) + offset
    return index // 12, index % 12 + 1


def _make(y: int, m: int, d: int) -> tuple[dt.date | None, str | None]:
    if not 1 <= m <= 12:
        return None, f"没有{m}月"
    last = calendar.monthrange(y, m)[1]
    if not 1 <= d <= last:
        if m == 2 and d == 29:
            return None, f"{y}年2月没有29日"
        return None, f"{m}月没有{d}日"
    return dt.date(y, m, d), None


def _resolve(kind: str, m: re.Match, today: dt.date) -> tuple[dt.date | None, str | None]:
    lex = load("dates")
    g = m.groupdict()
    if kind == "ymd":
        y, mo, d = to_int(g["y"]), to_int(g["m"]), to_int(g["d"])
        if None in (y, mo, d):
            return None, None
        return _make(y, mo, d)
    if kind == "md":
        mo, d = to_int(g["m"]), to_int(g["d"])
        if mo is None or d is None:
            return None, None
        year = today.year
        if 1 <= mo <= 12 and (mo - today.month) >= 2:
            year -= 1  # "12月" said in January is last December
        return _make(year, mo, d)
    if kind == "month_rel_day":
        y, mo = _month_shift(today, lex["month_offsets"][g["p"]])
        d = to_int(g["d"])
        return _make(y, mo, d) if d is not None else (None, None)
    if kind == "month_rel_edge":
        y, mo = _month_shift(today, lex["month_offsets"][g["p"]])
        if g["e"] in lex["month_start_words"]:
            return dt.date(y, mo, 1), None
        return dt.date(y, mo, calendar.monthrange(y, mo)[1]), None
    if kind == "week":
        monday = today - dt.timedelta(days=today.weekday())
        day = lex["weekday_numbers"][g["w"]]
        if g["p"] is None:
            date = monday + dt.timedelta(days=day)
            return (date - dt.timedelta(days=7) if date > today else date), None
        return monday + dt.timedelta(days=7 * lex["week_offsets"][g["p"]] + day), None
    if kind == "days_ago":
        return today - dt.timedelta(days=lex["days_ago"][m.group(0)]), None
    if kind == "today_part":
        return today, None
    if kind == "day":
        d = to_int(g["d"])
        if d is None:
            return None, None
        date, note = _make(today.year, today.month, d)
        if date is not None and date > today:  # "15号" said before the 15th: last month's
            y, mo = _month_shift(today, -1)
            return _make(y, mo, d)
        return date, note
    return None, None


def find_date(text: str, today: dt.date, *, past: bool = True) -> DateFinding:
    """The first date said in `text`. `past`: the date is of something that has happened."""
    hits = []
    for kind, pattern in _patterns():
        for m in pattern.finditer(text):
            hits.append((m.start(), -(m.end() - m.start()), kind, m))
    if not hits:
        return DateFinding()
    hits.sort(key=lambda h: (h[0], h[1]))
    start, _, kind, m = hits[0]
    said = m.group(0)
    if kind == "vague":
        return DateFinding(None, f"“{said}”不是确切的日期", said, m.start(), m.end())
    if kind == "deadline":
        return DateFinding(None, f"“{said}”还没有到", said, m.start(), m.end(), to_come=True)
    try:
        date, note = _resolve(kind, m, today)
    except (ValueError, OverflowError, KeyError):
        date, note = None, f"“{said}”不是有效的日期"
    if date is None and note is None:
        note = f"“{said}”不是有效的日期"
    if date is not None and past and date > today:
        note = f"{date.month}月{date.day}日还没有到（今天是{today.month}月{today.day}日）"
        return DateFinding(None, note, said, m.start(), m.end(), to_come=True)
    return DateFinding(date, note, said, m.start(), m.end())
