"""Dates resolved against today (2026-11-23, a Monday): every form CONVENTIONS.md lists."""
import datetime as dt

import pytest

from assistant.understanding import Roster, understand
from assistant.understanding.dates import find_date
from tests.conftest import DEMO_ROSTER, TODAY

ROSTER = Roster.from_csv(DEMO_ROSTER)


@pytest.mark.parametrize(
    "said, expected",
    [
        ("11月10日", "2026-11-10"),
        ("11月10号", "2026-11-10"),
        ("2026年11月10日", "2026-11-10"),
        ("2026-11-10", "2026-11-10"),
        ("11.10", "2026-11-10"),
        ("11/10", "2026-11-10"),
        ("十一月十日", "2026-11-10"),
        ("今天", "2026-11-23"),
        ("昨天", "2026-11-22"),
        ("前天", "2026-11-21"),
        ("大前天", "2026-11-20"),
        ("上周五", "2026-11-20"),
        ("上个星期一", "2026-11-16"),
        ("上礼拜三", "2026-11-18"),
        ("这周一", "2026-11-23"),
        ("本周一", "2026-11-23"),
        ("本月初", "2026-11-01"),
        ("上个月底", "2026-10-31"),
        ("上月底", "2026-10-31"),
        ("上个月15号", "2026-10-15"),
    ],
)
def test_date_forms(said, expected):
    assert find_date(f"{said}走访了张三", TODAY).date == dt.date.fromisoformat(expected)


def test_bare_weekday_is_this_week_or_last_week_if_still_to_come():
    # Today is Monday 2026-11-23: 周一 is today, 周三 is still to come → last week's.
    assert find_date("周一", TODAY).date == dt.date(2026, 11, 23)
    assert find_date("周三", TODAY).date == dt.date(2026, 11, 18)
    assert find_date("星期日", TODAY).date == dt.date(2026, 11, 22)
    friday = dt.date(2026, 11, 27)
    assert find_date("周三", friday).date == dt.date(2026, 11, 25)
    assert find_date("上周五", friday).date == dt.date(2026, 11, 20)


def test_month_day_in_december_said_in_january_is_last_year():
    assert find_date("12月28日", dt.date(2027, 1, 5)).date == dt.date(2026, 12, 28)
    assert find_date("1月3日", dt.date(2027, 1, 5)).date == dt.date(2027, 1, 3)


def test_leap_years():
    assert find_date("2028年2月29日", dt.date(2028, 3, 1)).date == dt.date(2028, 2, 29)
    finding = find_date("2月29日", dt.date(2027, 3, 1))
    assert finding.date is None and "2027年2月没有29日" in finding.note


def test_impossible_date_is_missing_with_a_note():
    p = understand("2月30日走访了张三", "陈立新", ROSTER, TODAY)
    assert p.intent == "log_contact"
    assert "date" not in p.fields.public()
    assert p.missing == ["date"]
    assert "2月没有30日" in p.notes
    assert find_date("13月1日", TODAY).date is None


@pytest.mark.parametrize("vague", ["前几天", "最近", "那天", "上次", "之前", "这几天", "月初"])
def test_vague_dates_give_no_date(vague):
    p = understand(f"{vague}走访了张三", "陈立新", ROSTER, TODAY)
    assert p.fields.date is None
    assert p.missing[0] == "date"
    assert any(vague in n for n in p.notes)


def test_future_date_for_a_past_event_is_missing_with_a_note():
    p = understand("12月5日走访了张三", "陈立新", ROSTER, TODAY)
    assert p.fields.date is None and p.missing == ["date"]
    assert any("还没有到" in n for n in p.notes)
    assert understand("下周三和张三座谈", "陈立新", ROSTER, TODAY).missing == ["date"]


def test_time_of_day_is_ignored_and_numbers_are_not_dates():
    assert find_date("昨天下午3点", TODAY).date == dt.date(2026, 11, 22)
    assert not find_date("饭菜涨了3.5元", TODAY).found
    assert not find_date("第3条意见", TODAY).found


@pytest.mark.parametrize("said, iso", [
    ("11-20走访了张三", "2026-11-20"), ("20日走访了张三", "2026-11-20"),
    ("上周周五走访了张三", "2026-11-20"), ("上周的星期二走访了张三", "2026-11-17"),
    ("上个礼拜的周三走访了张三", "2026-11-18"),
])
def test_more_ways_of_saying_a_date(said, iso):
    from assistant.understanding.dates import find_date

    assert find_date(said, dt.date(2026, 11, 23)).date.isoformat() == iso


def test_a_range_of_people_is_no_date():
    from assistant.understanding.dates import find_date

    assert not find_date("和5-6人座谈", dt.date(2026, 11, 23)).found


def test_tomorrow_is_refused_with_a_note():
    p = understand("明天要去走访李四", "陈立新", Roster.from_csv(DEMO_ROSTER), TODAY)
    assert p.fields.date is None and p.missing == ["date"] and "还没有到" in p.notes[0]
    p = understand("昨天走访李四 他说明天要停水", "陈立新", Roster.from_csv(DEMO_ROSTER), TODAY)
    assert p.fields.date.isoformat() == "2026-11-22"
