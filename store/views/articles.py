"""The articles list: filters, one row per article, keyset pages newest first; the outlets."""

from __future__ import annotations

from dataclasses import dataclass

from .common import PAGE, Key, Page, _conn, _keyset
from .search import _date_number, fts_query, search_key


@dataclass(frozen=True)
class ArticleFilter:
    """What the articles list shows: all, or narrowed by search text, outlet, dates, official."""

    text: str = ""
    outlet: str | None = None
    date_from: str | None = None  # inclusive prefix of an ISO date: 2016, 2016-04, 2016-04-03
    date_to: str | None = None
    official_id: int | None = None

    def describe(self) -> str:
        parts = []
        text = self.text.strip()
        if text:
            parts.append(text if '"' in text else f'"{text}"')  # a typed "phrase" keeps its own quotes
        if self.outlet:
            parts.append(f"outlet {self.outlet}")
        if self.date_from and self.date_from == self.date_to:
            parts.append(self.date_from)
        elif self.date_from or self.date_to:
            parts.append(" ".join(x for x in (self.date_from and f"from {self.date_from}",
                                               self.date_to and f"to {self.date_to}") if x))
        if self.official_id is not None:
            parts.append(f"official #{self.official_id}")
        return ", ".join(parts)


@dataclass(frozen=True)
class ArticleItem:
    """An article as a list row: no text, so a page of 200 reads only indexed columns.
    ``article.ArticleDetail`` is the whole article, for the reader and exports."""

    id: int
    published: str  # full or partial date as given, "" when unknown
    sort_key: str
    outlet: str
    headline: str
    n_officials: int
    n_meetings: int

    @property
    def key(self) -> Key:
        return (self.sort_key, self.id)



ARTICLE_COLS = """a.id, COALESCE(a.published, a.published_partial, ''), a.sort_key,
                  COALESCE(o.name, ''), a.headline, a.n_officials, a.n_meetings"""


def articles_page(
    db, flt: ArticleFilter = ArticleFilter(), *, after: Key | None = None,
    before: Key | None = None, limit: int = PAGE, desc: bool = True,
) -> Page[ArticleItem]:
    """A page of articles newest first (oldest first when not ``desc``: the same indexes
    walked the other way), after (or before) a key, narrowed by ``flt``.

    A search walks the full-text index itself newest first (its rowids are search keys
    in date order), so the first page of a word found in every article costs as little
    as that of a rare one: no query here reads or sorts all the matches.
    """
    where: list[str] = []
    params: list = []
    if flt.outlet:
        where.append("a.outlet_id = (SELECT id FROM outlets WHERE name = ?)")
        params.append(flt.outlet)
    query = fts_query(flt.text)
    by_official = flt.official_id is not None and not query
    if flt.official_id is not None and query:
        where.append("a.id IN (SELECT article_id FROM mentions WHERE official_id = ?)")
        params.append(flt.official_id)
    distinct = ""
    if query:
        where.append("articles_fts MATCH ?")
        params.append(query)
        if flt.date_from:
            where.append("f.rowid >= ?")
            params.append(_date_number(flt.date_from, 0) << 32)
        if flt.date_to:
            where.append("f.rowid <= ?")
            params.append((_date_number(flt.date_to, 99) << 32) | 0xFFFFFFFF)
        back, ahead = (">", "<") if desc else ("<", ">")
        if before is not None:
            where.append(f"f.rowid {back} ?")
            params.append(search_key(before))
        elif after is not None:
            where.append(f"f.rowid {ahead} ?")
            params.append(search_key(after))
        order = "f.rowid ASC" if (before is not None) == desc else "f.rowid DESC"
        source = "articles_fts f JOIN articles a ON a.id = (f.rowid & 4294967295)"
    else:
        # an official's articles are read from their mentions, already in date order
        key = "m" if by_official else "a"
        if by_official:
            where.append("m.official_id = ?")
            params.append(flt.official_id)
        if flt.date_from:
            where.append(f"{key}.sort_key >= ?")
            params.append(flt.date_from)
        if flt.date_to:
            where.append(f"{key}.sort_key <= ?")
            params.append(flt.date_to + "\uffff")
        cond, key_params, order = _keyset(key, after, before, desc=desc,
                                          id_col="article_id" if by_official else "id")
        source = "articles a"
        if by_official:
            source, distinct = "mentions m JOIN articles a ON a.id = m.article_id", "DISTINCT "
        if cond:
            where.append(cond)
            params += key_params
    sql = f"""SELECT {distinct}{ARTICLE_COLS} FROM {source} LEFT JOIN outlets o ON o.id = a.outlet_id
              {"WHERE " + " AND ".join(where) if where else ""}
              ORDER BY {order} LIMIT ?"""
    rows = _conn(db).execute(sql, (*params, limit + 1)).fetchall()
    items = [ArticleItem(*r) for r in rows[:limit]]
    if before is not None:
        items.reverse()
    return Page(tuple(items), len(rows) > limit)


def outlets(db) -> list[tuple[str, int]]:
    """Every outlet with its number of articles, most prolific first (a small table)."""
    return _conn(db).execute(
        "SELECT name, n_articles FROM outlets WHERE n_articles > 0 ORDER BY n_articles DESC, name"
    ).fetchall()


def articles_total(db) -> int:
    """How many articles the base holds, from the counts the store keeps: each outlet's
    ``n_articles`` (a few dozen rows), and the articles whose outlet is unknown, a range of the
    ``articles_outlet`` index (empty when every outlet is known). Never a count of the articles
    table, which reads all of it (50 ms at 30k articles, seconds at 1M)."""
    conn = _conn(db)
    (known,) = conn.execute("SELECT coalesce(sum(n_articles), 0) FROM outlets").fetchone()
    (unknown,) = conn.execute("SELECT count(*) FROM articles WHERE outlet_id IS NULL").fetchone()
    return known + unknown
