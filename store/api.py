"""The Python API of a diplotui knowledge base: open one, read it, write it.

    from diplotui.store.api import Base

    with Base.open("diplotui.db") as base:  # read-only; Base.open(path, write=True) to write
        official = base.official_named("a name, an alias or an id")  # fuzzily
        for meeting in base.all_meetings(official.id):
            print(meeting.date, meeting.place, ", ".join(meeting.counterparts(official.id)))

Every read returns the frozen dataclasses the app and the exports show (``diplotui.store.views``);
lists come a page at a time (``Page``: ``items`` and ``more``), keyed so the next page is read
with ``after=page.items[-1].key``. The command line, the exports and the app call this module
(or the view functions it wraps); no SQL is written outside ``diplotui.store``.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import sqlite_utils

from .db import close_db, open_db, write_transaction
from .lookup import Candidate, find_officials, resolve_official
from .views.article import ArticleDetail, ReportView, article_detail, article_files
from .views.articles import (
    OUTLET_END,
    ArticleFilter,
    ArticleItem,
    articles_by_outlet,
    articles_page,
    articles_total,
    outlet_key,
    outlets,
)
from .views.common import PAGE, Key, Page, date_words, end_key
from .views.compare import (
    EventComparison,
    ReportReason,
    event_comparison,
    event_exists,
    event_reasons,
    event_strength,
)
from .views.counts import events_per_place, officials_per_country
from .views.events import (
    EVENT_SORTS,
    TIMELINE_END,
    EventFilter,
    EventItem,
    counterparts,
    event_end_key,
    event_key,
    events_count,
    events_page,
    events_per_month,
    official_articles,
    official_months,
    official_timeline,
    timeline_key,
)
from .views.officials import (
    NO_COUNTRY,
    OFFICIAL_SORTS,
    OfficialDetail,
    OfficialItem,
    official_detail,
    official_end_key,
    official_key,
    officials_by_id,
    officials_by_mentions,
    officials_page,
    officials_total,
)
from .write import Writer

# The one way into a base for the app, the command line and the exports: the Base class, and
# the view functions and dataclasses it wraps (for code that already holds a connection).
__all__ = [
    "PAGE", "TIMELINE_END", "ArticleDetail", "ArticleFilter", "ArticleItem", "Base", "Candidate",
    "EventComparison", "EventFilter", "EventItem", "Key", "OfficialDetail", "OfficialItem", "Page",
    "ReportReason", "ReportView", "article_detail", "article_files", "articles_page", "articles_total", "counterparts",
    "date_words", "event_comparison", "event_exists", "event_reasons", "events_count", "events_page",
    "events_per_month", "find_officials", "official_articles", "official_detail", "official_months",
    "official_timeline", "officials_by_id", "officials_by_mentions", "officials_page", "officials_total", "outlets",
    "read_all", "resolve_official", "timeline_key",
    # sorted lists and counts by a column (the app's sort and frequency views)
    "EVENT_SORTS", "NO_COUNTRY", "OFFICIAL_SORTS", "end_key", "event_end_key", "event_key", "events_per_place",
    "official_end_key", "official_key", "officials_per_country", "OUTLET_END", "articles_by_outlet", "outlet_key",
]

ALL_ARTICLES = ArticleFilter()  # no filter: every article
ALL_EVENTS = EventFilter()

def read_all(fetch: Callable[..., Page], key_of: Callable, limit: int | None = None) -> Iterator:
    """The rows of a keyset-paged read, page by page (``fetch(after=…, limit=…)``), at most ``limit``."""
    after = None
    left = limit
    while left is None or left > 0:
        page = fetch(after=after, limit=PAGE if left is None else min(PAGE, left))
        yield from page.items
        if left is not None:
            left -= len(page.items)
        if not page.more or not page.items:
            return
        after = key_of(page.items[-1])


class Base:
    """One knowledge base, open read-only or for writing (``Base.open``), or around an open
    ``sqlite_utils.Database`` (``Base(db)``)."""

    def __init__(self, db: sqlite_utils.Database):
        self.db = db
        self.conn: sqlite3.Connection = db.conn

    @classmethod
    def open(cls, path: str | Path, *, write: bool = False) -> Base:
        """Open the base at ``path``; ``write=True`` creates and migrates it when needed.
        Raises ``diplotui.store.db.StoreError`` with a one-line reason."""
        return cls(open_db(path, readonly=not write))

    @classmethod
    def of(cls, db: Base | sqlite_utils.Database | sqlite3.Connection) -> Base:
        """A Base for what callers hold: a Base, a sqlite-utils Database or a connection."""
        if isinstance(db, Base):
            return db
        if isinstance(db, sqlite3.Connection):
            return cls(sqlite_utils.Database(db, execute_plugins=False))
        return cls(db)

    @property
    def path(self) -> str:
        """The database file ("" for an in-memory database)."""
        return self.conn.execute("PRAGMA database_list").fetchone()[2]

    def close(self) -> None:
        """Close the base (a writer's WAL is checkpointed into the database file first)."""
        close_db(self.db)

    def __enter__(self) -> Base:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------ articles

    def articles(self, flt: ArticleFilter = ALL_ARTICLES, *, after: Key | None = None,
                 before: Key | None = None, limit: int = PAGE) -> Page[ArticleItem]:
        """A page of articles newest first, narrowed by ``flt`` (search text, outlet, dates, official)."""
        return articles_page(self.db, flt, after=after, before=before, limit=limit)

    def search(self, text: str, **filters) -> Page[ArticleItem]:
        """The first page of articles matching ``text`` (words, "phrases"); ``filters`` are
        ArticleFilter's other fields (outlet, date_from, date_to, official_id)."""
        return self.articles(ArticleFilter(text=text, **filters))

    def all_articles(self, flt: ArticleFilter = ALL_ARTICLES, limit: int | None = None) -> Iterator[ArticleItem]:
        """Every article ``flt`` shows, newest first, read a page at a time (at most ``limit``)."""
        return read_all(lambda **paging: self.articles(flt, **paging), lambda a: a.key, limit)

    def article(self, article_id: int) -> ArticleDetail | None:
        """One article: text, the officials it names (with offsets), its meeting reports."""
        return article_detail(self.db, article_id)

    def article_files(self, ids: list[int]) -> dict[int, str]:
        """The file each article came from (``name#part`` after a file's first article)."""
        return article_files(self.db, ids)

    def outlets(self) -> list[tuple[str, int]]:
        """(outlet, articles), most prolific first."""
        return outlets(self.db)

    # ------------------------------------------------------------------ officials

    def officials(self, text: str = "", *, after: Key | None = None, before: Key | None = None,
                  limit: int = PAGE) -> Page[OfficialItem]:
        """Officials by name; with ``text``, the officials it may name (see ``find_officials``)."""
        return officials_page(self.db, text, after=after, before=before, limit=limit)

    def officials_by_id(self, ids: list[int]) -> list[OfficialItem]:
        return officials_by_id(self.db, ids)

    def officials_by_mentions(self) -> list[OfficialItem]:
        """Every official, most mentioned first."""
        return officials_by_mentions(self.db)

    def official(self, official_id: int) -> OfficialDetail | None:
        """An official's profile: names with counts, titles over time."""
        return official_detail(self.db, official_id)

    def find_officials(self, query: str, limit: int = 8) -> list[Candidate]:
        """Officials ``query`` may name (an id, a name or alias, fuzzily), best first."""
        return find_officials(self.conn, query, limit)

    def official_named(self, query: str) -> Candidate:
        """The one official ``query`` names; ``diplotui.store.lookup.LookupFailed`` lists the
        candidates when none or several match."""
        return resolve_official(self.conn, query)

    def meetings(self, official_id: int, *, after: Key | None = None, before: Key | None = None,
                 limit: int = PAGE) -> Page[EventItem]:
        """A page of an official's meetings, oldest first, undated last (keys: ``timeline_key``)."""
        return official_timeline(self.db, official_id, after=after, before=before, limit=limit)

    def all_meetings(self, official_id: int, limit: int | None = None) -> Iterator[EventItem]:
        """Every meeting of an official in date order, read a page at a time (at most ``limit``)."""
        return read_all(lambda **paging: self.meetings(official_id, **paging), timeline_key, limit)

    def official_articles(self, official_id: int, **paging) -> Page[ArticleItem]:
        return official_articles(self.db, official_id, **paging)

    def official_months(self, official_id: int) -> list[tuple[str, int]]:
        """(YYYY-MM, meetings) of an official's dated meetings."""
        return official_months(self.db, official_id)

    def counterparts(self, official_id: int, limit: int = 8) -> list[tuple[int, str, int]]:
        """(id, name, meetings together) of the people an official met most."""
        return counterparts(self.db, official_id, limit)

    # ------------------------------------------------------------------ events

    def events(self, flt: EventFilter = ALL_EVENTS, *, after: Key | None = None,
               before: Key | None = None, limit: int = PAGE) -> Page[EventItem]:
        """A page of events newest first, narrowed by ``flt`` (participant or place, status, outlets, dates)."""
        return events_page(self.db, flt, after=after, before=before, limit=limit)

    def events_count(self, flt: EventFilter = ALL_EVENTS) -> int:
        return events_count(self.db, flt)

    def events_per_month(self, flt: EventFilter = ALL_EVENTS) -> list[tuple[str, int]]:
        return events_per_month(self.db, flt)

    def has_event(self, event_id: int) -> bool:
        return event_exists(self.db, event_id)

    def comparison(self, event_id: int) -> EventComparison | None:
        """An event with its reports side by side and the facts on which they differ."""
        return event_comparison(self.db, event_id)

    def event_reasons(self, event_id: int) -> list[ReportReason]:
        """An event's reports with why each was grouped into it."""
        return event_reasons(self.db, event_id)

    def event_strength(self, event_id: int) -> str | None:
        """How strongly an event's reports hold together ("strong", "weak", "single"; None when
        not recorded)."""
        return event_strength(self.db, event_id)

    # ------------------------------------------------------------------ the whole base, and writing

    def dump(self) -> dict:
        """The whole knowledge base in the ``diplotui dump`` shape (docs/ and DESIGN.md)."""
        from .dump import dump

        return dump(self.db)

    def writer(self) -> Writer:
        """The Writer ingest and corrections write through; the caller owns the transaction."""
        return Writer(self.db)

    @contextlib.contextmanager
    def write(self) -> Iterator[Writer]:
        """A Writer inside one all-or-nothing write transaction (the base opened with ``write=True``)."""
        with write_transaction(self.db):
            yield Writer(self.db)
