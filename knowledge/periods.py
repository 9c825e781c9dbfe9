"""Calendar periods: "2026-11" (month), "2026Q4" (quarter), "2026H2" (half-year), "2026" (year).

Pure functions, no I/O. A period is a closed date range [start, end] plus its kind,
the same words obligation rules use for how often something is owed.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from store.errors import UserError

KINDS = ("month", "quarter", "half-year", "year")

_FORMS = (
    (re.compile(r"^(\d{4})-(\d{1,2})$"), "month"),
    (re.compile(r"^(\d{4})[Qq]([1-4])$"), "quarter"),
    (re.compile(r"^(\d{4})[Hh]([12])$"), "half-year"),
    (re.compile(r"^(\d{4})$"), "year"),
)

ACCEPTED_FORMS = "2026-11（月）、2026Q4（季度）、2026H2（半年）、2026（年）"


@dataclass(frozen=True, order=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive
    kind: str

    @property
    def label(self) -> str:
        return format_period(self)

    def __contains__(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _span(year: int, first_month: int, months: int, kind: str) -> Period:
    last_month = first_month + months - 1
    return Period(dt.date(year, first_month, 1), _month_end(year, last_month), kind)


def month(year: int, m: int) -> Period:
    return _span(year, m, 1, "month")


def quarter(year: int, q: int) -> Period:
    return _span(year, 3 * (q - 1) + 1, 3, "quarter")


def half_year(year: int, h: int) -> Period:
    return _span(year, 6 * (h - 1) + 1, 6, "half-year")


def year(y: int) -> Period:
    return _span(y, 1, 12, "year")


def parse_period(text: str) -> Period:
    """"2026Q4" -> Period(2026-10-01, 2026-12-31, "quarter"); a bad string -> UserError."""
    value = (text or "").strip()
    for pattern, kind in _FORMS:
        m = pattern.match(value)
        if not m:
            continue
        y = int(m.group(1))
        if y < 1900 or y > 2999:
            break
        if kind == "year":
            return year(y)
        n = int(m.group(2))
        if kind == "month":
            if not 1 <= n <= 12:
                break
            return month(y, n)
        return quarter(y, n) if kind == "quarter" else half_year(y, n)
    raise UserError(f"期间“{text}”无法识别：请写成 {ACCEPTED_FORMS}。")


def format_period(p: Period) -> str:
    y = p.start.year
    if p.kind == "month":
        return f"{y}-{p.start.month:02d}"
    if p.kind == "quarter":
        return f"{y}Q{(p.start.month - 1) // 3 + 1}"
    if p.kind == "half-year":
        return f"{y}H{1 if p.start.month <= 6 else 2}"
    return str(y)


def describe_period(p: Period) -> str:
    """The period in words a user reads: 2026年11月, 2026年第四季度, 2026年下半年, 2026年."""
    y = p.start.year
    if p.kind == "month":
        return f"{y}年{p.start.month}月"
    if p.kind == "quarter":
        return f"{y}年第{'一二三四'[(p.start.month - 1) // 3]}季度"
    if p.kind == "half-year":
        return f"{y}年{'上' if p.start.month <= 6 else '下'}半年"
    return f"{y}年"


def period_containing(day: dt.date, kind: str) -> Period:
    """The calendar period of `kind` that contains `day`."""
    if kind == "month":
        return month(day.year, day.month)
    if kind == "quarter":
        return quarter(day.year, (day.month - 1) // 3 + 1)
    if kind == "half-year":
        return half_year(day.year, 1 if day.month <= 6 else 2)
    if kind == "year":
        return year(day.year)
    raise ValueError(f"unknown period kind {kind!r}")


def periods_containing(today: dt.date) -> dict[str, Period]:
    """Every kind's period that contains `today`: {"month": …, "quarter": …, "half-year": …, "year": …}."""
    return {kind: period_containing(today, kind) for kind in KINDS}
