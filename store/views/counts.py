"""How many rows of a list have each value of a column (the app's frequency view, visidata's
Shift+F): events per place, officials per country. Each is one pass over an index on the
column (schema migration 13), never a read of the rows themselves; articles per outlet are the
outlets' own counts (``articles.outlets``) and events per month ``events.events_per_month``.
"""

from __future__ import annotations

from dataclasses import replace

from .common import _conn
from .events import EventFilter, _event_where

ALL_EVENTS = EventFilter()
MAX_VALUES = 1000  # a frequency view lists at most this many values, the most frequent first


FILTERED_SCOPE = 20_000  # a filtered list is counted among its newest this many events


def events_per_place(db, flt: EventFilter = ALL_EVENTS) -> list[tuple[str | None, int]]:
    """(place, events) of the events ``flt`` shows, most first (None: no place), at most MAX_VALUES.

    Without a filter, a count of each run of the ``events_place`` index (every event). A filter
    has to read the events it keeps, so it counts the newest ``FILTERED_SCOPE`` of them (in
    the order the list shows them): all of them at 100k articles (12k events), a bounded
    share at 1M (120k events), where counting every event a filter keeps could take a second."""
    conn = _conn(db)
    where, params = _event_where(conn, replace(flt, place=None))  # the places are what is counted
    if where:
        sql = f"""SELECT place, COUNT(*) n FROM (
                      SELECT e.place FROM events e WHERE {' AND '.join(where)}
                      ORDER BY e.sort_key DESC, e.id DESC LIMIT {FILTERED_SCOPE})
                  GROUP BY place ORDER BY n DESC, place LIMIT ?"""
    else:
        sql = """SELECT place, COUNT(*) n FROM events INDEXED BY events_place
                 GROUP BY place ORDER BY n DESC, place LIMIT ?"""
    rows = conn.execute(sql, (*params, MAX_VALUES)).fetchall()
    return [(place or None, n) for place, n in rows]


def officials_per_country(db) -> list[tuple[str | None, int]]:
    """(country, officials), most first (None: no country known), at most MAX_VALUES."""
    rows = _conn(db).execute(
        """SELECT country, COUNT(*) n FROM officials INDEXED BY officials_country
           GROUP BY country ORDER BY n DESC, country LIMIT ?""",
        (MAX_VALUES,),
    ).fetchall()
    return [(country or None, n) for country, n in rows]
