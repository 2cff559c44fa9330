"""The officials list (by name, or the best matches of a typed name) and an official's profile."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass

from diplotui.store.lookup import match_officials
from diplotui.store.why import has_column

from .common import PAGE, Key, Page, _conn, _keyset, end_key


@dataclass(frozen=True)
class OfficialItem:
    id: int
    name: str
    country: str | None
    title: str | None
    aliases: tuple[str, ...]
    n_mentions: int
    n_articles: int
    n_events: int
    strength: str | None = None  # how strongly its names hold together ('weak': check it first)

    @property
    def weak(self) -> bool:
        return self.strength == "weak"

    @property
    def key(self) -> Key:
        return (self.name, self.id)


def _official_items(conn: sqlite3.Connection, ids: list[int]) -> list[OfficialItem]:
    """Officials by id, in the order given, with their aliases (other than the name)."""
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    strength = "strength" if has_column(conn, "officials", "strength") else "NULL"  # NULL before schema 14
    rows = {
        r[0]: r
        for r in conn.execute(
            f"""SELECT id, name, country, title, n_mentions, n_articles, n_events, {strength}
                FROM officials WHERE id IN ({marks})""",
            ids,
        )
    }
    aliases: dict[int, list[str]] = defaultdict(list)
    for oid, alias in conn.execute(
        f"SELECT official_id, alias FROM aliases WHERE official_id IN ({marks}) ORDER BY n DESC, alias",
        ids,
    ):
        if alias != rows.get(oid, (None, None))[1]:
            aliases[oid].append(alias)
    return [
        OfficialItem(r[0], r[1], r[2], r[3], tuple(aliases[r[0]]), r[4], r[5], r[6], r[7])
        for r in (rows.get(i) for i in ids)
        if r is not None
    ]


def officials_total(db) -> int:
    """How many officials the base holds. No count is kept of them; the officials table is
    small (20 per 1,000 articles at the scale bases) and SQLite counts it along its narrowest
    index (under 5 ms at 1M articles), apart from the list's first page."""
    return _conn(db).execute("SELECT count(*) FROM officials").fetchone()[0]
# what the officials list sorts by: the column of officials (each has an index), and a name
OFFICIAL_SORTS = {"name": "name", "articles": "n_articles", "meetings": "n_events"}
NO_COUNTRY = ""  # the country filter that keeps the officials whose country is not known


def official_key(sort: str):
    """An official's position in the list sorted by ``sort`` (the key ``officials_page`` pages by)."""
    if sort == "articles":
        return lambda o: (o.n_articles, o.id)
    if sort == "meetings":
        return lambda o: (o.n_events, o.id)
    return lambda o: (o.name, o.id)


def official_end_key(sort: str, desc: bool) -> Key:
    """The key beyond the last official of the list sorted by ``sort``."""
    return end_key(sort != "name", desc)


def officials_page(
    db, text: str = "", *, after: Key | None = None, before: Key | None = None, limit: int = PAGE,
    sort: str = "name", desc: bool = False, country: str | None = None,
) -> Page[OfficialItem]:
    """Officials by name (or by ``sort``, a name of ``OFFICIAL_SORTS``, ties in id order), of one
    ``country`` when given (``NO_COUNTRY``: not known); with ``text``, the best matches of a name
    or alias (fuzzy), best first, or that page sorted by ``sort`` when it is not "name".

    A filtered list is one ranked page (``more`` is False): substring matches first, then
    rapidfuzz matches over a bounded set of names and aliases.
    """
    conn = _conn(db)
    needle = " ".join((text or "").split())
    if needle:
        items = [o for o in _official_items(conn, match_officials(conn, needle, limit))
                 if country is None or (o.country or NO_COUNTRY) == country]
        if sort != "name":
            items.sort(key=official_key(sort), reverse=desc)
        return Page(tuple(items), False)
    where, params = [], []
    if country is not None:
        where.append("(o.country = ?)" if country else "(o.country IS NULL OR o.country = '')")
        params += [country] if country else []
    if sort == "name":  # names in case-blind order, as the index holds them
        cond, key_params, order = _keyset("o", after, before, desc, sort_col="name COLLATE NOCASE")
    else:
        cond, key_params, order = _keyset("o", after, before, desc, sort_col=OFFICIAL_SORTS[sort])
    if cond:
        where.append(cond)
        params += key_params
    rows = conn.execute(
        f"SELECT o.id FROM officials o {'WHERE ' + ' AND '.join(where) if where else ''} ORDER BY {order} LIMIT ?",
        (*params, limit + 1),
    ).fetchall()
    ids = [r[0] for r in rows[:limit]]
    if before is not None:
        ids.reverse()
    return Page(tuple(_official_items(conn, ids)), len(rows) > limit)


@dataclass(frozen=True)
class TitleSpan:
    title: str
    first_seen: str | None
    last_seen: str | None
    n: int


@dataclass(frozen=True)
class OfficialDetail:
    official: OfficialItem
    aliases: tuple[tuple[str, int], ...]  # (alias, times seen), the name included
    titles: tuple[TitleSpan, ...]  # in order of first appearance


def official_detail(db, official_id: int) -> OfficialDetail | None:
    """An official's profile: aliases with counts, titles over time."""
    conn = _conn(db)
    items = _official_items(conn, [official_id])
    if not items:
        return None
    aliases = tuple(
        conn.execute(
            "SELECT alias, n FROM aliases WHERE official_id = ? ORDER BY n DESC, alias", (official_id,)
        ).fetchall()
    )
    titles = tuple(
        TitleSpan(*r)
        for r in conn.execute(
            """SELECT title, first_seen, last_seen, n FROM official_titles WHERE official_id = ?
               ORDER BY first_seen IS NULL, first_seen, title""",
            (official_id,),
        )
    )
    return OfficialDetail(items[0], aliases, titles)



def officials_by_id(db, ids: list[int]) -> list[OfficialItem]:
    """Officials by id, in the order given (unknown ids left out)."""
    conn = _conn(db)
    return [o for start in range(0, len(ids), 500) for o in _official_items(conn, ids[start:start + 500])]


def officials_by_mentions(db) -> list[OfficialItem]:
    """Every official, most mentioned first (then by name)."""
    ids = [r[0] for r in _conn(db).execute("SELECT id FROM officials ORDER BY n_mentions DESC, name")]
    return officials_by_id(db, ids)
