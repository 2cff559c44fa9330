"""What every view shares: pages, keys, the connection behind a base, dates as people read them.

The read-only queries for the app and the exports live in this package, one file per view:
paged by key, returning small frozen dataclasses.

Every list is fetched a page at a time with keyset paging on an indexed sort key
(never OFFSET, never a COUNT(*) over a table); ``Page.more`` tells whether another page
exists in the direction fetched. Text comes back as stored; callers that show it must
pass it through :mod:`diplotui.store.text`.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from typing import Generic, TypeVar

import sqlite_utils

T = TypeVar("T")
Key = tuple[str | int, int]  # (sort value, id): the position of a row in a keyset-paged list (a date key by default)
PAGE = 200


def _conn(db: sqlite_utils.Database | sqlite3.Connection) -> sqlite3.Connection:
    return db.conn if isinstance(db, sqlite_utils.Database) else db


@dataclass(frozen=True)
class Page(Generic[T]):
    """Rows in display order; ``more`` is True when another page exists beyond them."""

    items: tuple[T, ...]
    more: bool


def show_date(full: str | None, partial: str | None = None) -> str:
    """A date as the source gave it: full ISO, else the partial form (``2016-04``, ``--12-12``)."""
    return full or partial or ""


UNDATED_WORD = "undated"
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_PARTIAL = re.compile(r"(?:(\d{4})|-)(?:-(\d\d))?(?:-(\d\d))?")


def date_words(value: str | None) -> str:
    """A date as people read it: ``2016-04-03``, ``2016-04`` and ``2016`` as they are (they
    sort), a date without its year (``--04-02``) as ``2 Apr (year unknown)``; "undated" for none."""
    m = _PARTIAL.fullmatch(value or "")
    if not value or m is None or m.group(1):
        return value or UNDATED_WORD
    month, day = m.group(2), m.group(3)
    if not month or not 1 <= int(month) <= 12:
        return value
    name = _MONTHS[int(month) - 1]
    return f"{int(day)} {name} (year unknown)" if day else f"{name} (year unknown)"



def _keyset(alias: str, after: Key | None, before: Key | None, desc: bool,
            id_col: str = "id", sort_col: str = "sort_key") -> tuple[str, list, str]:
    """WHERE fragment, params and ORDER BY for one page after or before a key: the rows in
    (``sort_col``, ``id_col``) order, ties of the value in id order (an index on the value
    holds the rowid after it, so either direction walks the index)."""
    sort, ident = f"{alias}.{sort_col}", f"{alias}.{id_col}"
    cols = f"({sort}, {ident})"
    forward = "DESC" if desc else "ASC"
    backward = "ASC" if desc else "DESC"
    if before is not None:  # the page above ``before``: walk the other way, reverse afterwards
        op = ">" if desc else "<"
        return f"{cols} {op} (?, ?)", list(before), f"{sort} {backward}, {ident} {backward}"
    if after is not None:
        op = "<" if desc else ">"
        return f"{cols} {op} (?, ?)", list(after), f"{sort} {forward}, {ident} {forward}"
    return "", [], f"{sort} {forward}, {ident} {forward}"


def end_key(numeric: bool, desc: bool) -> tuple:
    """The key beyond the last row of a list sorted by a number or a text (a date, a name),
    either way: the last page is the page before it."""
    if numeric:
        return (-1, -1) if desc else (2**62, 2**62)
    return ("", -1) if desc else ("\U0010ffff", 2**62)


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"

