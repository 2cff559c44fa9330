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


# The articles list sorted by outlet: the outlets by name (A to Z, or Z to A reversed), each
# outlet's articles newest first, and the articles of no known outlet last either way. A row's
# key is (outlet name, "" for none; sort key; id). A page is read outlet by outlet, each a walk of
# the ``articles_outlet`` index (outlet_id, sort_key DESC, id DESC) from the key, until it is full:
# no query sorts or counts the articles, and the outlets are a small table read whole.
OutletKey = tuple[str, str, int]
OUTLET_END: OutletKey = ("", "", -1)  # beyond the last row (the oldest of no known outlet), either way


def outlet_key(item: ArticleItem) -> OutletKey:
    """An article's position in the list sorted by outlet (the key ``articles_by_outlet`` pages by)."""
    return (item.outlet, item.sort_key, item.id)


def articles_by_outlet(
    db, flt: ArticleFilter = ArticleFilter(), *, after: OutletKey | None = None,
    before: OutletKey | None = None, limit: int = PAGE, desc: bool = False,
) -> Page[ArticleItem]:
    """A page of articles sorted by outlet (Z to A when ``desc``), each outlet's newest first,
    after (or before) a key of ``outlet_key``, narrowed by ``flt``'s outlet and dates. A search
    or an official's articles are read in their own order (``articles_page``): sorting all the
    matches of a common word by outlet would read every one of them."""
    if fts_query(flt.text) or flt.official_id is not None:
        raise ValueError("articles are sorted by outlet without a search or an official")
    conn = _conn(db)
    named = conn.execute(
        "SELECT id, name FROM outlets WHERE n_articles > 0 ORDER BY name COLLATE NOCASE" + (" DESC" if desc else "")
    ).fetchall()
    if flt.outlet is not None:
        named = [(i, n) for i, n in named if n.casefold() == flt.outlet.casefold()]
    # the segments of the list in order: (outlet id, name), None's the articles of no known outlet
    segments: list[tuple[int | None, str]] = [*named] + ([] if flt.outlet else [(None, "")])
    backward = before is not None
    key = before if backward else after
    if key is not None:  # the list goes on in the key's outlet, then the outlets beyond it
        fold = key[0].casefold()
        at = next((i for i, (_, name) in enumerate(segments) if name.casefold() == fold), None)
        if at is not None:
            segments = segments[at::-1] if backward else segments[at:]
        else:  # the key's outlet is not in the list (gone, or filtered out): from where its name sorts
            later = [s for s in segments if s[0] is None or (fold and (s[1].casefold() > fold) != desc)]
            segments = [s for s in segments if s not in later][::-1] if backward else later
            key = None
    elif backward:
        segments = segments[::-1]
    dates, date_params = [], []
    if flt.date_from:
        dates.append("a.sort_key >= ?")
        date_params.append(flt.date_from)
    if flt.date_to:
        dates.append("a.sort_key <= ?")
        date_params.append(flt.date_to + "\uffff")
    rows: list[tuple] = []
    for n, (outlet_id, _name) in enumerate(segments):
        where = [*dates, "a.outlet_id IS NULL" if outlet_id is None else "a.outlet_id = ?"]
        params = [*date_params] + ([] if outlet_id is None else [outlet_id])
        if n == 0 and key is not None:
            where.append("(a.sort_key, a.id) > (?, ?)" if backward else "(a.sort_key, a.id) < (?, ?)")
            params += [key[1], key[2]]
        order = "ASC" if backward else "DESC"
        rows += conn.execute(
            f"""SELECT {ARTICLE_COLS} FROM articles a LEFT JOIN outlets o ON o.id = a.outlet_id
                WHERE {" AND ".join(where)} ORDER BY a.sort_key {order}, a.id {order} LIMIT ?""",
            (*params, limit + 1 - len(rows)),
        ).fetchall()
        if len(rows) > limit:
            break
    items = [ArticleItem(*r) for r in rows[:limit]]
    if backward:
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
