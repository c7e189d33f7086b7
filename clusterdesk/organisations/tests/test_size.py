"""The EU SME size class, table-driven at every boundary of Recommendation 2003/361."""

from __future__ import annotations

from decimal import Decimal

import pytest

from clusterdesk.organisations.size import SizeClass, is_sme, size_class, size_class_is_estimate

M = 1_000_000

CASES = [
    # headcount, turnover, balance sheet, expected
    (0, 0, 0, SizeClass.MICRO),
    (9, 2 * M, 2 * M, SizeClass.MICRO),
    (10, 2 * M, 2 * M, SizeClass.SMALL),  # 10 staff is no longer micro
    (9, 2 * M + 1, 2 * M, SizeClass.MICRO),  # balance sheet within the ceiling is enough
    (9, 2 * M, 2 * M + 1, SizeClass.MICRO),  # turnover within the ceiling is enough
    (9, 2 * M + 1, 2 * M + 1, SizeClass.SMALL),  # both above: next class
    (49, 10 * M, 10 * M, SizeClass.SMALL),
    (50, 10 * M, 10 * M, SizeClass.MEDIUM),
    (49, 10 * M + 1, 10 * M + 1, SizeClass.MEDIUM),
    (249, 50 * M, 43 * M, SizeClass.MEDIUM),
    (250, 1 * M, 1 * M, SizeClass.LARGE),  # 250 staff is large whatever the money
    (249, 50 * M + 1, 43 * M, SizeClass.MEDIUM),  # balance sheet at the ceiling suffices
    (249, 50 * M, 43 * M + 1, SizeClass.MEDIUM),  # turnover at the ceiling suffices
    (249, 50 * M + 1, 43 * M + 1, SizeClass.LARGE),
    (5, 60 * M, None, SizeClass.LARGE),  # the only known figure exceeds every ceiling
    (5, None, 1 * M, SizeClass.MICRO),
    (120, None, None, SizeClass.MEDIUM),  # no financial figure: headcount alone decides
    (3, None, None, SizeClass.MICRO),
    (None, 1 * M, 1 * M, None),  # headcount unknown: class unknown
]


@pytest.mark.parametrize(("headcount", "turnover", "balance", "expected"), CASES)
def test_size_class_follows_the_eu_sme_definition(headcount, turnover, balance, expected):
    assert size_class(headcount, turnover, balance) == expected


def test_size_class_accepts_decimals_as_stored_on_organisations():
    assert size_class(40, Decimal("9999999.00"), None) == SizeClass.SMALL


def test_a_negative_headcount_is_refused():
    with pytest.raises(ValueError, match="negative"):
        size_class(-1, None, None)


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        (SizeClass.MICRO, True),
        (SizeClass.SMALL, True),
        (SizeClass.MEDIUM, True),
        (SizeClass.LARGE, False),
        (None, None),
    ],
)
def test_micro_small_and_medium_enterprises_are_smes(size, expected):
    assert is_sme(size) is expected


def test_a_class_from_headcount_alone_is_reported_as_an_estimate():
    assert size_class_is_estimate(12, None, None) is True
    assert size_class_is_estimate(12, 1_000_000, None) is False
    assert size_class_is_estimate(None, None, None) is False
