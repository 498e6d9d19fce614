"""Dates as inspectorates write them."""

import pytest

from trajectories.dates import find_ranges, parse_date
from trajectories.domain import PartialDate


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("from 26 April 2021 to 29 April 2021.", "2021-04-26", "2021-04-29"),
        ("undertaken between the 15 and 19 November 2021", "2021-11-15", "2021-11-19"),
        ("on 14, 15 and 16 July 2025", "2025-07-14", "2025-07-16"),
        ("Inspection dates: 17 September to 28 September 2018", "2018-09-17", "2018-09-28"),
        ("Inspection date: 18 Feb 2014 – 12 March 2014", "2014-02-18", "2014-03-12"),
        ("Inspection dates: 21 November to 2 December 2022", "2022-11-21", "2022-12-02"),
        ("Inspection dates: 12 to 23 January 2026", "2026-01-12", "2026-01-23"),
        ("a visit on 15 December 2020.", "2020-12-15", "2020-12-15"),
        ("from 28 December to 8 January 2023", "2022-12-28", "2023-01-08"),
        ("our inspection in October 2020", "2020-10", "2020-10"),
    ],
)
def test_written_ranges(text, start, end):
    found = find_ranges(text)[0]
    assert (found.start.iso(), found.end.iso()) == (start, end)


def test_two_separate_dates_stay_apart():
    found = find_ranges("visits on 20 May 2019 and 3 June 2020")
    assert [(r.start.iso(), r.end.iso()) for r in found] == [("2019-05-20", "2019-05-20"), ("2020-06-03", "2020-06-03")]


def test_numbers_that_are_not_dates():
    assert find_ranges("1. Children who need help and protection") == []
    assert find_ranges("section 47 enquiries for 12 children") == []


@pytest.mark.parametrize(
    "cell, iso",
    [
        ("31/01/23", "2023-01-31"),
        ("10/07/2023", "2023-07-10"),
        ("2021-04", "2021-04"),
        ("2014", "2014"),
        ("31 January 2023", "2023-01-31"),
    ],
)
def test_table_cells(cell, iso):
    assert parse_date(cell).iso() == iso


def test_unreadable_cell_is_an_error_that_names_it():
    with pytest.raises(ValueError, match="not a date: 'soon'"):
        parse_date("soon")


def test_partial_dates_keep_their_precision():
    d = PartialDate.parse_iso("2021-10")
    assert (
        d.precision == "month"
        and d.first_day().isoformat() == "2021-10-01"
        and d.last_day().isoformat() == "2021-10-31"
    )
