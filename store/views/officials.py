"""The officials list (by name, or the best matches of a typed name) and an official's profile."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass

from diplotui.store.lookup import match_officials
from diplotui.store.why import has_column

from .common import PAGE, Key, Page, _conn


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


def officials_page(
    db, text: str = "", *, after: Key | None = None, before: Key | None = None, limit: int = PAGE
) -> Page[OfficialItem]:
    """Officials by name; with ``text``, the best matches of a name or alias (fuzzy), best first.

    A filtered list is one ranked page (``more`` is False): substring matches first, then
    rapidfuzz matches over a bounded set of names and aliases.
    """
    conn = _conn(db)
    needle = " ".join((text or "").split())
    if needle:
        return Page(tuple(_official_items(conn, match_officials(conn, needle, limit))), False)
    where, params = "", []
    order = "name COLLATE NOCASE ASC, id ASC"
    if before is not None:
        where, params = "WHERE (name COLLATE NOCASE, id) < (?, ?)", list(before)
        order = "name COLLATE NOCASE DESC, id DESC"
    elif after is not None:
        where, params = "WHERE (name COLLATE NOCASE, id) > (?, ?)", list(after)
    rows = conn.execute(
        f"SELECT id FROM officials {where} ORDER BY {order} LIMIT ?", (*params, limit + 1)
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
