"""Dates as news articles print them, parsed without guessing a missing year."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from .gazetteer import meeting_data

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
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
              ) -> tuple[PartialDate, re.Match] | None:
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


# ---- Relative dates: expressions that name a day, week, month or year relative to the date of
# writing ("on Thursday", "the previous day", "last month"), and their resolution against it.

# a day named relative to the publication date (meetings.json): its pattern and offset in days
_RELATIVE_DAY_RULES = meeting_data()["relative_days"]
# Every alternative starts with a word boundary before a letter: the lookahead says so first,
# and sre then rules out a position by one character test instead of trying each alternative.
RELATIVE_DATE = re.compile(
    r"(?=[A-Za-z])\b(?:"
    r"\b(?:(?P<rel>last|next|this|earlier this|late|early)\s+)?"
    rf"(?P<what>{'|'.join(w.capitalize() for w in WEEKDAYS)}|week|month|year|{MONTH})\b"
    r"(?:\.?\s+[0-3]?\d(?:st|nd|rd|th)?\b(?![:.]?\d))?"
    r"|\b(?P<wd>" + "|".join(w.capitalize() for w in WEEKDAYS) + r")(?:'s)?\b"
    r"|\b(?P<yesterday>yesterday|today|tomorrow)\b"
    r"|" + "|".join(f"(?i:{d['pattern']})" for d in _RELATIVE_DAY_RULES) + ")",
)
# a day named relative to the publication date ("the previous day", "this morning"): its offset in days
RELATIVE_DAYS = [(re.compile(d["pattern"]), d["offset"]) for d in _RELATIVE_DAY_RULES]


_WEEKDAY_RE = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")", re.I)
_MONTH_RE = re.compile(rf"\b({MONTH})\b", re.I)


_NEAR_DAY = re.compile(r"\b(?:" + "|".join(WEEKDAYS) + r"|today|yesterday|tomorrow|tonight|this morning)\b", re.I)
FAR_PAST = re.compile(r"\b(?:last year|last month|years? ago|months ago|(?:19|20)\d\d)\b", re.I)


def dates_conflict(a: str | None, b: str | None) -> bool:
    """Two date expressions that cannot name the same day (different weekdays, months, days, years)."""
    if not a or not b:
        return False
    for pattern in (_WEEKDAY_RE, _MONTH_RE):
        ma, mb = pattern.search(a), pattern.search(b)
        if ma and mb and ma.group(1).lower()[:3] != mb.group(1).lower()[:3]:
            return True
    da, db = find_date(a), find_date(b)
    if da and db and (da[0].month, da[0].day) != (db[0].month, db[0].day):
        return True
    for x, dy in ((a, db), (b, da)):  # "on Wednesday" and "Jan. 3, 2024": the day that date was
        weekday = _WEEKDAY_RE.search(x)
        if weekday and dy and dy[0].year and dy[0].month and dy[0].day \
                and _weekday_of(dy[0]) != weekday.group(1).lower()[:3]:
            return True
    for x, y, dy in ((a, b, db), (b, a, da)):
        if _NEAR_DAY.search(x) and FAR_PAST.search(y) and not (dy and dy[0].day):
            return True  # "on Tuesday" and "in March last year" (not a full date with its year)
    ya, yb = re.search(r"\b(?:19|20)\d\d\b", a), re.search(r"\b(?:19|20)\d\d\b", b)
    return bool(ya and yb and ya.group(0) != yb.group(0))


def _weekday_of(d) -> str | None:
    """The date's weekday as the first three letters of its English name (not the locale's)."""
    try:
        return WEEKDAYS[dt.date(d.year, d.month, d.day).weekday()][:3]
    except ValueError:
        return None


def names_day(text: str | None) -> bool:
    """Whether a date expression names a day, not only a week, month or year."""
    return bool(text) and bool(_NEAR_DAY.search(text) or any(p.search(text.lower()) for p, _ in RELATIVE_DAYS)
                               or find_date(text))


@lru_cache(maxsize=4096)  # an article's reports often share a date expression ("on Thursday")
def resolve_date(text: str | None, published: PartialDate, status: str) -> PartialDate:
    """A date expression resolved against the publication date, as precisely as the text allows:
    a full date as written; a day and month in the year that puts a held meeting before its
    report and a planned one after; a day named relative to publication; a month; a year."""
    if not text:
        return PartialDate()
    found = find_date(text, allow_partial=False)
    if found:
        return found[0]
    pub = published.as_date()
    partial = find_date(text)
    if partial and pub is not None and partial[0].day and _THIS_YEAR.search(text):
        try:  # "on 15 December this year": the year of writing, whatever the tense says
            return PartialDate(pub.year, partial[0].month, partial[0].day)
        except ValueError:
            pass
    if partial:
        return _day_in_year(partial[0], pub, status) if pub is not None else PartialDate()
    if pub is None:
        year_only = _YEAR.search(text)
        return PartialDate(int(year_only.group(1))) if year_only else PartialDate()
    return _relative_day(text.lower(), pub, status) or _relative_month(text, pub, status) or _relative_year(text, pub)


_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
_THIS_YEAR = re.compile(r"\bthis year\b", re.I)


def _day_in_year(d: PartialDate, pub: dt.date, status: str) -> PartialDate:
    """A day and month without a year ("Jan. 16") in the year nearest the publication that puts
    a held meeting in its report's past and a planned one in its future."""
    best = None
    for year in (pub.year - 1, pub.year, pub.year + 1):
        try:
            cand = dt.date(year, d.month, d.day)
        except ValueError:
            continue
        delta = (cand - pub).days
        if (status == "held" and delta > 1) or (status != "held" and delta < -1):
            continue  # a meeting held is in the past of its report, a planned one ahead
        if best is None or abs(delta) < abs((best - pub).days):
            best = cand
    return PartialDate(best.year, best.month, best.day) if best else PartialDate()


def _relative_day(low: str, pub: dt.date, status: str) -> PartialDate | None:
    """A day named relative to publication: "the previous day", "today", or a weekday, the last
    one for a held meeting and the next for a planned one ("on Friday and Saturday": the Friday)."""
    for pattern, offset in RELATIVE_DAYS:
        if pattern.search(low):
            d = pub + dt.timedelta(days=offset)
            return PartialDate(d.year, d.month, d.day)
    first = _WEEKDAY_RE.search(low)  # "on Friday and Saturday": a meeting over days starts on the first
    if not first:
        return None
    i = WEEKDAYS.index(first.group(1).lower())
    if "next" in low or (status == "planned" and "last" not in low):
        d = pub + dt.timedelta(days=(i - pub.weekday()) % 7 or (7 if "next" in low else 0))
    else:
        d = pub - dt.timedelta(days=(pub.weekday() - i) % 7)
    return PartialDate(d.year, d.month, d.day)


def _relative_month(text: str, pub: dt.date, status: str) -> PartialDate | None:
    """A month: named ("in April", the year written, or named: "April last year", else the
    nearest one on the meeting's side of publication), or "last/next/this month"."""
    low = text.lower()
    m = _MONTH_RE.search(text)
    if m:
        month = month_number(m.group(1))
        year_m = _YEAR.search(text)
        if year_m:
            return PartialDate(int(year_m.group(1)), month)
        year_word = _YEAR_WORD.search(low)  # "in March last year", "April of next year"
        if year_word:
            return PartialDate(pub.year + _YEAR_OFFSET[year_word.group(1)], month)
        if "last" in low or (status == "held" and "next" not in low):
            year = pub.year if month < pub.month or (month == pub.month and "last" not in low) else pub.year - 1
        else:
            year = pub.year if month >= pub.month else pub.year + 1
        return PartialDate(year, month)
    if "last month" in low:
        y, mth = (pub.year, pub.month - 1) if pub.month > 1 else (pub.year - 1, 12)
        return PartialDate(y, mth)
    if "next month" in low:
        y, mth = (pub.year, pub.month + 1) if pub.month < 12 else (pub.year + 1, 1)
        return PartialDate(y, mth)
    if "this month" in low or "in the month" in (_IN_THE.search(low) or [""])[0]:
        return PartialDate(pub.year, pub.month)
    return None


_IN_THE = re.compile(r"\b(?:later|earlier) in the (?:year|month)\b")  # the year or month of writing


_YEAR_WORD = re.compile(r"(?<!the )\b(last|this|next) year\b")  # not "the next year" of a story told
_YEAR_OFFSET = {"last": -1, "this": 0, "next": 1}


def _relative_year(text: str, pub: dt.date) -> PartialDate:
    """A year: "last/next/this year", or one written."""
    low = text.lower()
    if "last year" in low:
        return PartialDate(pub.year - 1)
    if "next year" in low:
        return PartialDate(pub.year + 1)
    if "this year" in low or _IN_THE.search(low):
        return PartialDate(pub.year)
    year_only = _YEAR.search(text)
    return PartialDate(int(year_only.group(1))) if year_only else PartialDate()


_PART_OF_MONTH = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}


def date_window(text: str | None, published: PartialDate, resolved: PartialDate) -> tuple[str | None, str | None]:
    """The first and last day a date expression allows, as ISO dates: the day itself, a month
    ("in April", narrowed by "early"/"mid"/"late"), or a week ("next week", "this week")."""
    if resolved.precision == "day":
        return resolved.partial, resolved.partial
    pub = published.as_date()
    low = (text or "").lower()
    if pub and re.search(r"\b(?:next|this|last) week\b", low):
        monday = pub - dt.timedelta(days=pub.weekday())
        monday += dt.timedelta(days=7 if "next" in low else -7 if "last" in low else 0)
        return monday.isoformat(), (monday + dt.timedelta(days=6)).isoformat()
    if resolved.precision == "month" and resolved.year and resolved.month:
        first, last = 1, calendar.monthrange(resolved.year, resolved.month)[1]
        part = re.search(r"\b(early|mid|late)\b", low)
        if part:
            lo, hi = _PART_OF_MONTH[part.group(1)]
            first, last = lo, min(hi, last)
        return (dt.date(resolved.year, resolved.month, first).isoformat(),
                dt.date(resolved.year, resolved.month, last).isoformat())
    return None, None
