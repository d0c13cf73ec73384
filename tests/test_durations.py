"""Durations and date coercion: the arithmetic every due date depends on."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup_md.core.durations import Duration, add_months, parse_duration, to_date

D = dt.date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3d", Duration(3)),
        ("2w", Duration(14)),
        ("1m", Duration(months=1)),
        ("1y", Duration(months=12)),
        ("10", Duration(10)),
        (10, Duration(10)),
        (0, Duration(0)),
        ("2 weeks", Duration(14)),
        ("1 day", Duration(1)),
        ("3 Months", Duration(months=3)),
        ("2 years", Duration(months=24)),
        (" 5 d ", Duration(5)),
        ("daily", Duration(1)),
        ("weekly", Duration(7)),
        ("biweekly", Duration(14)),
        ("monthly", Duration(months=1)),
        ("Quarterly", Duration(months=3)),
        ("yearly", Duration(months=12)),
    ],
)
def test_parse_duration_accepts_the_documented_forms(text: object, expected: Duration) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["", "soon", "3x", "-3", -1, True, "3.5d", "d", None, [3]])
def test_parse_duration_rejects_with_a_helpful_message(text: object) -> None:
    with pytest.raises(ValueError, match="3d, 2w, 1m"):
        parse_duration(text)


@pytest.mark.parametrize(
    ("start", "duration", "expected"),
    [
        (D(2026, 1, 31), Duration(months=1), D(2026, 2, 28)),
        (D(2028, 1, 31), Duration(months=1), D(2028, 2, 29)),  # leap year
        (D(2026, 3, 31), Duration(months=1), D(2026, 4, 30)),
        (D(2026, 11, 30), Duration(months=3), D(2027, 2, 28)),
        (D(2026, 12, 15), Duration(months=1), D(2027, 1, 15)),
        (D(2028, 2, 29), Duration(months=12), D(2029, 2, 28)),
        (D(2026, 11, 22), Duration(3), D(2026, 11, 25)),
        (D(2026, 12, 30), Duration(3), D(2027, 1, 2)),
        (D(2026, 1, 31), Duration(days=1, months=1), D(2026, 3, 1)),
    ],
)
def test_month_arithmetic_clamps_to_the_end_of_the_month(
    start: dt.date, duration: Duration, expected: dt.date
) -> None:
    assert duration.after(start) == expected


@given(st.dates(min_value=D(1900, 1, 1), max_value=D(2200, 12, 31)), st.integers(0, 240))
def test_adding_months_lands_in_the_right_month_never_past_its_end(
    start: dt.date, months: int
) -> None:
    result = add_months(start, months)
    assert (result.year * 12 + result.month) - (start.year * 12 + start.month) == months
    assert result.day == start.day or (
        result.day < start.day and (result + dt.timedelta(1)).day == 1
    )


@pytest.mark.parametrize(
    ("duration", "text"),
    [
        (Duration(1), "1 day"),
        (Duration(3), "3 days"),
        (Duration(14), "2 weeks"),
        (Duration(months=1), "1 month"),
        (Duration(months=3), "3 months"),
        (Duration(months=24), "2 years"),
    ],
)
def test_durations_read_naturally_in_reasons(duration: Duration, text: str) -> None:
    assert str(duration) == text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D(2026, 11, 20), D(2026, 11, 20)),
        (dt.datetime(2026, 11, 20, 23, 30), D(2026, 11, 20)),
        (
            dt.datetime(2026, 11, 20, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=-8))),
            D(2026, 11, 20),
        ),
        ("2026-11-20", D(2026, 11, 20)),
        ("2026-11-20T10:30", D(2026, 11, 20)),
        ("2026-11-20T10:30:00", D(2026, 11, 20)),
        ("2026-11-20 10:30:00+01:00", D(2026, 11, 20)),
        ("2026-11-20T10:30:00Z", D(2026, 11, 20)),
        (" 2026-11-20 ", D(2026, 11, 20)),
    ],
)
def test_to_date_keeps_the_date_as_written(value: object, expected: dt.date) -> None:
    result = to_date(value)
    assert result == expected
    assert type(result) is dt.date  # never a datetime: the two must not meet in comparisons


@pytest.mark.parametrize("value", ["2026-02-30", "next week", "20-11-2026", 20261120, None, ""])
def test_to_date_rejects_what_is_not_a_date(value: object) -> None:
    with pytest.raises(ValueError, match="date"):
        to_date(value)


@pytest.mark.parametrize("text", ["9999999d", "101y", "1300 months", 40000])
def test_durations_longer_than_a_century_are_typos(text: object) -> None:
    with pytest.raises(ValueError, match="longer than 100 years"):
        parse_duration(text)
