"""The events list with its filters and counts, and an official's meetings, months and counterparts."""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from diplotui.store.lookup import match_officials
from diplotui.store.why import has_column

from .articles import ArticleFilter, ArticleItem, articles_page
from .common import PAGE, Key, Page, _conn, _keyset, _like, end_key


@dataclass(frozen=True)
class EventItem:
    id: int
    date: str  # full or partial, "" when unknown
    sort_key: str
    place: str | None
    status: str | None
    kind: str | None
    mode: str | None
    label: str
    participants: tuple[str, ...]
    participant_ids: tuple[int, ...]
    outlets: tuple[str, ...]
    n_reports: int
    n_outlets: int
    # how strongly its reports hold together: "strong", "weak" (a report joined on its
    # participants alone, or fits several events), "single" (one report); None when not recorded
    strength: str | None = None

    @property
    def weak(self) -> bool:
        return self.strength == "weak"

    @property
    def key(self) -> Key:
        return (self.sort_key, self.id)

    def counterparts(self, official_id: int) -> tuple[str, ...]:
        """The other participants, as seen from one of them."""
        return tuple(
            n for n, i in zip(self.participants, self.participant_ids, strict=True) if i != official_id
        )


_EVENT_COLS = """e.id, COALESCE(e.date, e.date_partial, ''), e.sort_key, e.place, e.status, e.kind,
                 e.mode, e.label, e.n_reports, e.n_outlets"""


def _event_items(conn: sqlite3.Connection, rows: list[tuple]) -> list[EventItem]:
    """EventItems for event rows (``_EVENT_COLS``), with participants and reporting outlets."""
    ids = [r[0] for r in rows]
    people: dict[int, list[tuple[str, int]]] = defaultdict(list)
    outlets_of: dict[int, list[str]] = defaultdict(list)
    if ids:
        marks = ",".join("?" * len(ids))
        for eid, oid, name in conn.execute(
            f"""SELECT ep.event_id, o.id, o.name FROM event_participants ep
                JOIN officials o ON o.id = ep.official_id
                WHERE ep.event_id IN ({marks}) ORDER BY o.name""",
            ids,
        ):
            people[eid].append((name, oid))
        for eid, outlet in conn.execute(
            f"""SELECT DISTINCT r.event_id, COALESCE(o.name, '') FROM reports r
                JOIN articles a ON a.id = r.article_id LEFT JOIN outlets o ON o.id = a.outlet_id
                WHERE r.event_id IN ({marks}) ORDER BY 1, 2""",
            ids,
        ):
            outlets_of[eid].append(outlet)
    strength: dict[int, str] = {}
    if ids and has_column(conn, "events", "strength"):
        marks = ",".join("?" * len(ids))
        strength = dict(conn.execute(f"SELECT id, strength FROM events WHERE id IN ({marks})", ids).fetchall())
    return [
        EventItem(
            id=r[0], date=r[1], sort_key=r[2], place=r[3], status=r[4], kind=r[5], mode=r[6],
            label=r[7], participants=tuple(n for n, _ in people[r[0]]),
            participant_ids=tuple(i for _, i in people[r[0]]), outlets=tuple(outlets_of[r[0]]),
            n_reports=r[8], n_outlets=r[9], strength=strength.get(r[0]),
        )
        for r in rows
    ]


@dataclass(frozen=True)
class EventFilter:
    """What the events list shows: all, or narrowed by a participant's name or a place, a
    status, a least number of outlets, dates."""

    text: str = ""  # a participant's name or alias (fuzzy, as the Officials filter) or a place
    status: str | None = None
    place: str | None = None  # exactly this place (chosen from the events per place)
    min_outlets: int = 0
    date_from: str | None = None  # inclusive prefixes of ISO dates, as ArticleFilter's
    date_to: str | None = None

    def describe(self) -> str:
        text = self.text.strip()
        parts = [text if '"' in text else f'"{text}"'] if text else []
        if self.place:
            parts.append(f"in {self.place}")
        if self.status:
            parts.append(self.status)
        if self.min_outlets > 1:
            parts.append(f"{self.min_outlets}+ outlets")
        if self.date_from and self.date_from == self.date_to:
            parts.append(self.date_from)
        elif self.date_from or self.date_to:
            parts.append(" ".join(x for x in (self.date_from and f"from {self.date_from}",
                                               self.date_to and f"to {self.date_to}") if x))
        return ", ".join(parts)


def _event_where(conn: sqlite3.Connection, flt: EventFilter) -> tuple[list[str], list]:
    where: list[str] = []
    params: list = []
    text = " ".join(flt.text.split())
    if text:
        ids = match_officials(conn, text, 20)
        where.append(f"(e.place LIKE ? ESCAPE '\\' OR e.id IN (SELECT event_id FROM event_participants "
                     f"WHERE official_id IN ({','.join('?' * len(ids)) or 'NULL'})))")
        params += [_like(text), *ids]
    if flt.place:
        where.append("e.place = ?")
        params.append(flt.place)
    if flt.status:
        where.append("e.status = ?")
        params.append(flt.status)
    if flt.min_outlets > 1:
        where.append("e.n_outlets >= ?")
        params.append(flt.min_outlets)
    if flt.date_from:
        where.append("e.sort_key >= ?")
        params.append(flt.date_from)
    if flt.date_to:
        where.append("e.sort_key <= ?")
        params.append(flt.date_to + "\uffff")
    return where, params


# what the events list sorts by: the column of events, and a name for the header
EVENT_SORTS = {"date": "sort_key", "outlets": "n_outlets"}


def event_key(sort: str) -> Callable[[EventItem], Key]:
    """An event's position in the list sorted by ``sort`` (the key ``events_page`` pages by)."""
    if sort == "outlets":
        return lambda e: (e.n_outlets, e.id)
    return lambda e: (e.sort_key, e.id)


def event_end_key(sort: str, desc: bool) -> Key:
    """The key beyond the last event of the list sorted by ``sort``."""
    return end_key(sort != "date", desc)


def events_page(
    db, flt: EventFilter = EventFilter(), *, after: Key | None = None, before: Key | None = None, limit: int = PAGE,
    sort: str = "date", desc: bool = True,
) -> Page[EventItem]:
    """A page of events narrowed by ``flt``, newest first, or sorted by ``sort`` (a name of
    ``EVENT_SORTS``: its column has an index, and ties are in id order); keys are ``event_key(sort)``'s."""
    conn = _conn(db)
    where, params = _event_where(conn, flt)
    cond, key_params, order = _keyset("e", after, before, desc=desc, sort_col=EVENT_SORTS[sort])
    if cond:
        where.append(cond)
        params += key_params
    rows = conn.execute(
        f"SELECT {_EVENT_COLS} FROM events e {'WHERE ' + ' AND '.join(where) if where else ''} "
        f"ORDER BY {order} LIMIT ?",
        (*params, limit + 1),
    ).fetchall()
    page = rows[:limit]
    if before is not None:
        page.reverse()
    return Page(tuple(_event_items(conn, page)), len(rows) > limit)


def events_count(db, flt: EventFilter = EventFilter()) -> int:
    """How many events ``flt`` shows in all (read apart from the first page, which does not wait)."""
    conn = _conn(db)
    where, params = _event_where(conn, flt)
    return conn.execute(f"SELECT COUNT(*) FROM events e {'WHERE ' + ' AND '.join(where) if where else ''}",
                        params).fetchone()[0]


MONTHS_BY_RANGE = 1200  # at most this many months counted one range of the index each


def events_per_month(db, flt: EventFilter = EventFilter()) -> list[tuple[str, int]]:
    """(YYYY-MM, events) for the dated events ``flt`` shows, oldest month first.

    Without a filter each month is one range of the ``events_newest`` index, counted
    (5 ms for the 120k events of the 1M-article benchmark base, against 25 ms for grouping
    every event by the month of its key)."""
    conn = _conn(db)
    where, params = _event_where(conn, flt)
    if not where and (months := _months_by_range(conn)) is not None:
        return months
    where.append("length(e.sort_key) >= 7")
    return conn.execute(f"SELECT substr(e.sort_key, 1, 7) m, COUNT(*) FROM events e WHERE {' AND '.join(where)} "
                        "GROUP BY m ORDER BY m", params).fetchall()


def _months_by_range(conn: sqlite3.Connection) -> list[tuple[str, int]] | None:
    """Events per month of all events, a count of the index per month from the first dated
    one to the last, in one statement (a loop of queries from Python waits for the GIL at
    each one while the app draws); None when the dates span more than MONTHS_BY_RANGE months."""
    ends = [conn.execute(f"SELECT sort_key FROM events WHERE sort_key >= '0000-00' AND length(sort_key) >= 7 "
                         f"ORDER BY sort_key {order} LIMIT 1").fetchone() for order in ("", "DESC")]
    if ends[0] is None:
        return []
    first, last = (k[0][:7] for k in ends)
    if (int(last[:4]) - int(first[:4])) * 12 + int(last[5:]) - int(first[5:]) >= MONTHS_BY_RANGE:
        return None
    # a month's keys start with it ("2020-01", "2020-01-31"; not "2020", which sorts between
    # "2019-12" and "2020-01"); the months come back as one row (each row fetched waits for
    # the GIL again while the app is drawing: 180 rows took 50 ms on the first visit)
    (months,) = conn.execute(
        """WITH RECURSIVE month(k) AS (
               SELECT ? UNION ALL SELECT strftime('%Y-%m', k || '-01', '+1 month') FROM month WHERE k < ?),
           counted AS (SELECT k, (SELECT COUNT(*) FROM events WHERE sort_key >= k AND sort_key < k || '~') AS n
                       FROM month)
           SELECT json_group_array(json_array(k, n)) FROM (SELECT k, n FROM counted WHERE n > 0 ORDER BY k)""",
        (first, last),
    ).fetchone()
    return [(k, n) for k, n in json.loads(months)]


UNDATED = "~"  # the sort key undated events take in a timeline: after every date
TIMELINE_END: Key = (UNDATED, 2**62)  # beyond the last event of any timeline


def timeline_key(event: EventItem) -> Key:
    """An event's position in a timeline: by date, oldest first, undated events last."""
    return (event.sort_key or UNDATED, event.id)


def official_timeline(db, official_id: int, *, after: Key | None = None, before: Key | None = None,
                      limit: int = PAGE) -> Page[EventItem]:
    """A page of the events an official took part in, oldest first, undated events last.

    Keys are ``timeline_key``s. The dated and the undated events are two runs of the
    ``(official_id, sort_key, event_id)`` index, walked one after the other, so a page
    costs the same however many meetings the official has.
    """
    conn = _conn(db)
    base = (f"SELECT {_EVENT_COLS} FROM event_participants ep JOIN events e ON e.id = ep.event_id "
            "WHERE ep.official_id = ?")
    dated_up = f"{base} AND ep.sort_key > '' {{}} ORDER BY ep.sort_key, ep.event_id LIMIT ?"
    dated_down = f"{base} AND ep.sort_key > '' {{}} ORDER BY ep.sort_key DESC, ep.event_id DESC LIMIT ?"
    undated_up = f"{base} AND ep.sort_key = '' {{}} ORDER BY ep.event_id LIMIT ?"
    undated_down = f"{base} AND ep.sort_key = '' {{}} ORDER BY ep.event_id DESC LIMIT ?"
    want = limit + 1
    if before is not None:  # walk back from ``before``, then reverse
        rows: list[tuple] = []
        if before[0] == UNDATED:
            rows = conn.execute(undated_down.format("AND ep.event_id < ?"), (official_id, before[1], want)).fetchall()
            if len(rows) < want:
                rows += conn.execute(dated_down.format(""), (official_id, want - len(rows))).fetchall()
        else:
            rows = conn.execute(dated_down.format("AND (ep.sort_key, ep.event_id) < (?, ?)"),
                                (official_id, *before, want)).fetchall()
        page = rows[:limit]
        page.reverse()
        return Page(tuple(_event_items(conn, page)), len(rows) > limit)
    if after is not None and after[0] == UNDATED:
        rows = conn.execute(undated_up.format("AND ep.event_id > ?"), (official_id, after[1], want)).fetchall()
    else:
        cond, params = ("AND (ep.sort_key, ep.event_id) > (?, ?)", after) if after is not None else ("", ())
        rows = conn.execute(dated_up.format(cond), (official_id, *params, want)).fetchall()
        if len(rows) < want:
            rows += conn.execute(undated_up.format(""), (official_id, want - len(rows))).fetchall()
    return Page(tuple(_event_items(conn, rows[:limit])), len(rows) > limit)


def official_months(db, official_id: int) -> list[tuple[str, int]]:
    """(YYYY-MM, meetings) of an official's dated meetings, oldest month first (their index)."""
    return _conn(db).execute(
        """SELECT substr(sort_key, 1, 7) m, COUNT(*) FROM event_participants
           WHERE official_id = ? AND length(sort_key) >= 7 GROUP BY m ORDER BY m""",
        (official_id,),
    ).fetchall()


def counterparts(db, official_id: int, limit: int = 8) -> list[tuple[int, str, int]]:
    """(id, name, meetings together) of the people an official met most, most first."""
    # counted per counterpart id first, names looked up once per counterpart rather than
    # once per shared meeting: a third faster for the busiest officials at 1M
    return _conn(db).execute(
        """SELECT o.id, o.name, c.n FROM (
             SELECT b.official_id id, COUNT(*) n FROM event_participants a
             JOIN event_participants b ON b.event_id = a.event_id AND b.official_id != a.official_id
             WHERE a.official_id = ? GROUP BY b.official_id) c
           JOIN officials o ON o.id = c.id ORDER BY c.n DESC, o.name LIMIT ?""",
        (official_id, limit),
    ).fetchall()


def official_articles(db, official_id: int, **paging) -> Page[ArticleItem]:
    """Articles naming an official, newest first."""
    return articles_page(db, ArticleFilter(official_id=official_id), **paging)

