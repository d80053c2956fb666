"""Assessment periods: a month, a quarter, a year or any range of days."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from ..errors import UsageError

_QUARTER = re.compile(r"^(\d{4})-[Qq]([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")


@dataclass(frozen=True)
class Period:
    """An inclusive range of days, with the label people use for it."""

    start: dt.date
    end: dt.date
    label: str

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end

    @property
    def months(self) -> float:
        """How many months the period covers (partial months pro rata by days)."""
        total = 0.0
        year, month = self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            days = calendar.monthrange(year, month)[1]
            first = max(self.start, dt.date(year, month, 1))
            last = min(self.end, dt.date(year, month, days))
            total += ((last - first).days + 1) / days
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return total

    def to_json(self) -> dict[str, str]:
        return {"from": self.start.isoformat(), "to": self.end.isoformat()}


def parse_period(text: str) -> Period:
    """``2026-Q4``, ``2026-11`` or ``2026``; anything else is a usage error."""
    text = text.strip()
    if match := _QUARTER.match(text):
        year, quarter = int(match[1]), int(match[2])
        start = dt.date(year, 3 * quarter - 2, 1)
        end_month = 3 * quarter
        return Period(start, dt.date(year, end_month, calendar.monthrange(year, end_month)[1]),
                      f"{year}-Q{quarter}")
    if (match := _MONTH.match(text)) and 1 <= int(match[2]) <= 12:
        year, month = int(match[1]), int(match[2])
        return Period(dt.date(year, month, 1),
                      dt.date(year, month, calendar.monthrange(year, month)[1]), text)
    if match := _YEAR.match(text):
        year = int(match[1])
        return Period(dt.date(year, 1, 1), dt.date(year, 12, 31), text)
    raise UsageError(f"cannot read the period '{text}': write a quarter (2026-Q4), "
                     "a month (2026-11) or a year (2026), or use --from and --to")


def period_of(kind: str, day: dt.date) -> Period:
    """The month, quarter or year holding ``day``."""
    if kind == "month":
        return parse_period(f"{day.year}-{day.month:02d}")
    if kind == "quarter":
        return parse_period(f"{day.year}-Q{(day.month - 1) // 3 + 1}")
    return parse_period(str(day.year))


def range_period(start: dt.date, end: dt.date) -> Period:
    """The days from ``start`` to ``end``, both included."""
    if end < start:
        raise UsageError(f"--to {end} is before --from {start}")
    return Period(start, end, f"{start} – {end}")
