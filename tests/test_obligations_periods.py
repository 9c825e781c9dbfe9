"""Calendar periods (knowledge/periods.py): pure parsing and containment."""
import datetime as dt

import pytest

from knowledge.periods import format_period, parse_period, period_containing, periods_containing
from store.errors import UserError

D = dt.date


@pytest.mark.parametrize("text,start,end,kind", [
    ("2026-11", D(2026, 11, 1), D(2026, 11, 30), "month"),
    ("2026-1", D(2026, 1, 1), D(2026, 1, 31), "month"),
    ("2026Q4", D(2026, 10, 1), D(2026, 12, 31), "quarter"),
    ("2026q1", D(2026, 1, 1), D(2026, 3, 31), "quarter"),
    ("2026H2", D(2026, 7, 1), D(2026, 12, 31), "half-year"),
    ("2026H1", D(2026, 1, 1), D(2026, 6, 30), "half-year"),
    ("2026", D(2026, 1, 1), D(2026, 12, 31), "year"),
    ("2024-02", D(2024, 2, 1), D(2024, 2, 29), "month"),   # leap year
    ("2025-02", D(2025, 2, 1), D(2025, 2, 28), "month"),
    ("2100-02", D(2100, 2, 1), D(2100, 2, 28), "month"),   # not a leap year
    ("2000-02", D(2000, 2, 1), D(2000, 2, 29), "month"),   # a leap year
    ("2024Q1", D(2024, 1, 1), D(2024, 3, 31), "quarter"),
])
def test_parse_period(text, start, end, kind):
    p = parse_period(text)
    assert (p.start, p.end, p.kind) == (start, end, kind)


@pytest.mark.parametrize("label", ["2026-11", "2026-01", "2026Q4", "2026H1", "2026", "2024-02"])
def test_format_round_trip(label):
    assert format_period(parse_period(label)) == label


@pytest.mark.parametrize("bad", ["", "2026Q5", "2026-13", "2026-00", "2026H3", "26Q4", "本季度", "2026/11", "Q4"])
def test_bad_period_names_the_accepted_forms(bad):
    with pytest.raises(UserError) as err:
        parse_period(bad)
    assert "2026Q4" in err.value.message and "2026-11" in err.value.message


def test_periods_containing_today():
    got = {k: format_period(p) for k, p in periods_containing(D(2026, 11, 23)).items()}
    assert got == {"month": "2026-11", "quarter": "2026Q4", "half-year": "2026H2", "year": "2026"}


def test_quarter_boundaries_and_leap_day():
    assert format_period(period_containing(D(2026, 9, 30), "quarter")) == "2026Q3"
    assert format_period(period_containing(D(2026, 10, 1), "quarter")) == "2026Q4"
    assert D(2024, 2, 29) in period_containing(D(2024, 2, 29), "month")
    assert format_period(period_containing(D(2024, 2, 29), "half-year")) == "2024H1"
