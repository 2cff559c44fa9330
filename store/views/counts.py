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


def events_per_place(db, flt: EventFilter = ALL_EVENTS) -> list[tuple[str | None, int]]:
    """(place, events) of the events ``flt`` shows, most first (None: no place), at most MAX_VALUES.

    Without a filter, a count of each run of the ``events_place`` index; a filter reads the
    events it keeps (the place index walked, each event looked up)."""
    conn = _conn(db)
    where, params = _event_where(conn, replace(flt, place=None))  # the places are what is counted
    rows = conn.execute(
        f"""SELECT e.place, COUNT(*) n FROM events e INDEXED BY events_place
            {'WHERE ' + ' AND '.join(where) if where else ''}
            GROUP BY e.place ORDER BY n DESC, e.place LIMIT ?""",
        (*params, MAX_VALUES),
    ).fetchall()
    return [(place or None, n) for place, n in rows]


def officials_per_country(db) -> list[tuple[str | None, int]]:
    """(country, officials), most first (None: no country known), at most MAX_VALUES."""
    rows = _conn(db).execute(
        """SELECT country, COUNT(*) n FROM officials INDEXED BY officials_country
           GROUP BY country ORDER BY n DESC, country LIMIT ?""",
        (MAX_VALUES,),
    ).fetchall()
    return [(country or None, n) for country, n in rows]
