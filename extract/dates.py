"""Dates as news articles print them, parsed without guessing a missing year."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_WEEKDAY_PREFIX = r"(?:(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)[a-z]*\.?,?\s+)?"

# Each pattern names its groups y, m (number or name), d; a pattern without y gives a partial date.
DATE_PATTERNS = [
    re.compile(r"(?P<y>(?:19|20)\d\d)-(?P<m>[01]?\d)-(?P<d>[0-3]?\d)(?![\d])"),
    re.compile(r"(?P<y>(?:19|20)\d\d)[./](?P<m>[01]?\d)[./](?P<d>[0-3]?\d)(?![\d])"),
    re.compile(
        _WEEKDAY_PREFIX + rf"(?P<m>{MONTH})\.?\s*(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)(?!\d)",
        re.I,
    ),
    re.compile(
        _WEEKDAY_PREFIX + rf"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?[\s-]+(?P<m>{MONTH})\.?[\s,-]+(?P<y>(?:19|20)\d\d)(?!\d)",
        re.I,
    ),
    # Chinese/Japanese and Korean stamps: "2024年3月12日", "2024년 3월 12일"
    re.compile(r"(?P<y>(?:19|20)\d\d)\s?[年년]\s?(?P<m>[01]?\d)\s?[月월]\s?(?P<d>[0-3]?\d)\s?[日일]"),
    # numeric day and month in either order ("08-06-2022", "01.04.2022", "10/02/2023"):
    # read day-first unless a part is over 12 or the caller knows the page writes month-first
    re.compile(r"(?<![\d.:/-])(?P<a>[0-3]?\d)(?P<sep>[-./])(?P<b>[0-3]?\d)(?P=sep)(?P<y>(?:19|20)\d\d)(?!\d)"),
]
PARTIAL_PATTERNS = [
    re.compile(rf"\b(?P<m>{MONTH})\.?\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\b(?!,?\s*(?:19|20)\d\d)", re.I),
    re.compile(rf"\b(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s+(?P<m>{MONTH})\b\.?(?!,?\s*(?:19|20)\d\d)", re.I),
]


@dataclass(frozen=True)
class PartialDate:
    """A date as far as the text gives it: year, month and day may each be missing."""

    year: int | None = None
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str | None:
        if self.year and self.month and self.day:
            return "day"
        if self.year and self.month:
            return "month"
        if self.year:
            return "year"
        if self.month and self.day:
            return "month-day"
        if self.month:
            return "month-only"
        return None

    @property
    def full(self) -> str | None:
        """YYYY-MM-DD when the day is known, else None (the dump contract)."""
        if self.precision == "day":
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        return None

    @property
    def partial(self) -> str | None:
        """ISO-8601-style text for whatever is known: 2016-04, 2016, --12-12, --04."""
        p = self.precision
        if p == "day":
            return self.full
        if p == "month":
            return f"{self.year:04d}-{self.month:02d}"
        if p == "year":
            return f"{self.year:04d}"
        if p == "month-day":
            return f"--{self.month:02d}-{self.day:02d}"
        if p == "month-only":
            return f"--{self.month:02d}"
        return None

    @property
    def sort_key(self) -> str:
        """Sortable text: full dates and year-month keep their order; partial yearless dates sort last."""
        p = self.precision
        if p in ("day", "month", "year"):
            return self.partial or ""
        return ""

    def as_date(self) -> dt.date | None:
        if self.precision == "day":
            return dt.date(self.year, self.month, self.day)
        return None


def month_number(name: str) -> int | None:
    return MONTHS.get(name.strip(".").lower()[:3])


def _valid(y: int | None, m: int | None, d: int | None) -> bool:
    if m is None or not 1 <= m <= 12:
        return False
    if d is None:
        return True
    try:
        dt.date(y or 2000, m, d)  # 2000 is a leap year, so Feb 29 passes without a year
    except ValueError:
        return False
    return True


def _from_match(m: re.Match, month_first: bool = False) -> PartialDate | None:
    g = m.groupdict()
    if "a" in g:  # numeric day and month: decide their order
        a, b = int(g["a"]), int(g["b"])
        day_first = a > 12 or (b <= 12 and not month_first)
        g = {"y": g["y"], "d": g["a"] if day_first else g["b"], "m": g["b"] if day_first else g["a"]}
    month = g["m"]
    mnum = int(month) if month.isdigit() else month_number(month)
    year = int(g["y"]) if g.get("y") else None
    day = int(g["d"]) if g.get("d") else None
    if not _valid(year, mnum, day):
        return None
    return PartialDate(year, mnum, day)


def find_date(text: str, allow_partial: bool = True, month_first: bool = False,
              ) -> tuple[PartialDate, re.Match] | None:  # fmt: skip
    """The earliest full date in ``text``, else (if allowed) the earliest month-day date.

    ``month_first`` reads an ambiguous numeric date ("02/10/2023") month first, as US pages
    write it; otherwise day first, as most of the world does.
    """
    best: tuple[PartialDate, re.Match] | None = None
    for pattern in DATE_PATTERNS:
        for m in pattern.finditer(text):
            date = _from_match(m, month_first)
            if date and (best is None or m.start() < best[1].start()):
                best = (date, m)
            if date:
                break
    if best or not allow_partial:
        return best
    for pattern in PARTIAL_PATTERNS:
        for m in pattern.finditer(text):
            date = _from_match(m)
            if date and (best is None or m.start() < best[1].start()):
                best = (date, m)
            if date:
                break
    return best


def date_of_match(m: re.Match) -> PartialDate | None:
    """The date a match of one of ``DATE_PATTERNS`` names, day first where numeric."""
    return _from_match(m)
