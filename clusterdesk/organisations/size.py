"""EU SME size class (Commission Recommendation 2003/361/EC), as a pure function.

| class  | staff headcount | turnover     | or | balance-sheet total |
|--------|-----------------|--------------|----|---------------------|
| micro  | < 10            | ≤ €2 million | or | ≤ €2 million        |
| small  | < 50            | ≤ €10 million| or | ≤ €10 million       |
| medium | < 250           | ≤ €50 million| or | ≤ €43 million       |
| large  | anything above medium                                   |

The headcount is required. A class's financial test passes when at least one known
figure is within its ceiling. When neither figure is known the class follows the
headcount alone: that is the best estimate a cluster manager has, and it is what the
`size_class_is_estimate` helper reports. Aggregation of partner and linked enterprises
is not done here: the figures given must already include them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

MILLION = Decimal(1_000_000)


class SizeClass(StrEnum):
    MICRO = "micro"
    SMALL = "small"
    MEDIUM = "medium"
    LARGE = "large"


@dataclass(frozen=True)
class Ceiling:
    size_class: SizeClass
    headcount_below: int
    turnover_max: Decimal
    balance_sheet_max: Decimal


CEILINGS = (
    Ceiling(SizeClass.MICRO, 10, 2 * MILLION, 2 * MILLION),
    Ceiling(SizeClass.SMALL, 50, 10 * MILLION, 10 * MILLION),
    Ceiling(SizeClass.MEDIUM, 250, 50 * MILLION, 43 * MILLION),
)


def _financial_test(
    ceiling: Ceiling, turnover: Decimal | None, balance_sheet_total: Decimal | None
) -> bool:
    if turnover is None and balance_sheet_total is None:
        return True
    within_turnover = turnover is not None and turnover <= ceiling.turnover_max
    within_balance = (
        balance_sheet_total is not None and balance_sheet_total <= ceiling.balance_sheet_max
    )
    return within_turnover or within_balance


def size_class(
    headcount: int | None,
    turnover: Decimal | int | None = None,
    balance_sheet_total: Decimal | int | None = None,
) -> SizeClass | None:
    """The smallest class whose ceilings the figures meet; `None` when headcount is unknown."""
    if headcount is None:
        return None
    if headcount < 0:
        raise ValueError("headcount cannot be negative")
    turnover_value = Decimal(turnover) if turnover is not None else None
    balance_value = Decimal(balance_sheet_total) if balance_sheet_total is not None else None
    for ceiling in CEILINGS:
        if headcount < ceiling.headcount_below and _financial_test(
            ceiling, turnover_value, balance_value
        ):
            return ceiling.size_class
    return SizeClass.LARGE


def is_sme(size: SizeClass | None) -> bool | None:
    """True for micro, small and medium enterprises; `None` when the size is unknown."""
    if size is None:
        return None
    return size != SizeClass.LARGE


def size_class_is_estimate(
    headcount: int | None,
    turnover: Decimal | int | None,
    balance_sheet_total: Decimal | int | None,
) -> bool:
    """True when the class rests on headcount alone (no financial figure known)."""
    return headcount is not None and turnover is None and balance_sheet_total is None
