"""Read-only queries for the app and the exports: paged by key, returning small frozen dataclasses.

Every list is fetched a page at a time with keyset paging on an indexed sort key
(never OFFSET, never a COUNT(*) over a table); ``Page.more`` tells whether another page
exists in the direction fetched. Text comes back as stored; callers that show it must
pass it through :mod:`diplotui.store.text`.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Generic, TypeVar

import sqlite_utils

T = TypeVar("T")
Key = tuple[str, int]  # (sort_key, id): the position of a row in a keyset-paged list
PAGE = 200
FUZZY_WORDS = 50  # words of names kept per typed word when a filter finds few substring matches
FUZZY_MIN_SCORE = 75


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


# ---------------------------------------------------------------------------- search


MIN_PREFIX = 3
_PHRASE_OR_WORD = re.compile(r'"([^"]*)"|(\w+)', re.UNICODE)


def fts_query(text: str) -> str | None:
    """Turn what a user typed into a safe FTS5 query, or None when nothing is searchable.

    Words and "quoted phrases" become quoted FTS5 strings joined by AND, so no user
    input can be an FTS syntax error; the last bare word is a prefix (search as you type)
    once it has MIN_PREFIX characters: a one- or two-letter prefix stands for thousands of
    index terms whose match lists FTS5 would merge in full (seconds and hundreds of MB
    at a million articles), so it is searched as the word it is.
    """
    parts: list[str] = []
    last_is_word = False
    for match in _PHRASE_OR_WORD.finditer(text or ""):
        phrase, word = match.groups()
        words = re.findall(r"\w+", phrase if phrase is not None else word)
        if not words:
            continue
        parts.append('"' + " ".join(words) + '"')
        last_is_word = word is not None
    if not parts:
        return None
    if last_is_word and len(parts[-1]) - 2 >= MIN_PREFIX:
        parts[-1] += "*"
    return " ".join(parts)


# ---------------------------------------------------------------------------- articles


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
                                               self.date_to and f"to {self.date_to}") if x))  # fmt: skip
        if self.official_id is not None:
            parts.append(f"official #{self.official_id}")
        return ", ".join(parts)


@dataclass(frozen=True)
class ArticleItem:
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


def _keyset(alias: str, after: Key | None, before: Key | None, desc: bool,
            id_col: str = "id") -> tuple[str, list, str]:  # fmt: skip
    """WHERE fragment, params and ORDER BY for one page after or before a key."""
    sort, ident = f"{alias}.sort_key", f"{alias}.{id_col}"
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


def search_key(key: Key) -> int:
    """``(sort_key, id)`` as the one integer the search index orders by (schema migration 4)."""
    sort_key, article_id = key
    return (_date_number(sort_key, 0) << 32) | article_id


def _date_number(sort_key: str, pad: int) -> int:
    """'2016-04-03' -> 20160403; missing parts ('2016', '2016-04', '') are ``pad``."""
    parts = (sort_key or "").split("-")
    year = int(parts[0]) if parts[0].isdigit() else 0
    month = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else pad
    day = int(parts[2]) if len(parts) > 2 and parts[2].isdigit() else pad
    return year * 10000 + month * 100 + day


ARTICLE_COLS = """a.id, COALESCE(a.published, a.published_partial, ''), a.sort_key,
                  COALESCE(o.name, ''), a.headline, a.n_officials, a.n_meetings"""


def articles_page(
    db, flt: ArticleFilter = ArticleFilter(), *, after: Key | None = None,
    before: Key | None = None, limit: int = PAGE,
) -> Page[ArticleItem]:  # fmt: skip
    """A page of articles newest first, after (or before) a key, narrowed by ``flt``.

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
        if before is not None:
            where.append("f.rowid > ?")
            params.append(search_key(before))
        elif after is not None:
            where.append("f.rowid < ?")
            params.append(search_key(after))
        order = "f.rowid ASC" if before is not None else "f.rowid DESC"
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
        cond, key_params, order = _keyset(key, after, before, desc=True,
                                          id_col="article_id" if by_official else "id")  # fmt: skip
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


@dataclass(frozen=True)
class MentionView:
    official_id: int | None
    name: str  # the official's canonical name, or the person as extracted
    text: str  # as written
    start: int
    end: int
    title: str | None
    country: str | None


@dataclass(frozen=True)
class ArticleOfficial:
    """An official as one article names them."""

    official_id: int | None
    name: str
    as_written: tuple[str, ...]
    title: str | None
    country: str | None


@dataclass(frozen=True)
class ReportView:
    """What one article says about one meeting."""

    id: int
    article_id: int
    event_id: int | None
    outlet: str
    headline: str
    published: str
    file: str
    part: int
    date: str
    place: str | None
    status: str
    kind: str | None
    mode: str | None
    participants: tuple[str, ...]  # official names, as resolved
    named: tuple[str, ...]  # names as the article wrote them
    sentences: tuple[str, ...]
    quotes: tuple[tuple[str, str], ...]  # (text, speaker or "")
    wire: str | None = None  # the agency whose copy the outlet carried

    @property
    def source(self) -> str:
        """The independent source of the report: the wire for a reprint, else the outlet
        (an article with neither is a source of its own)."""
        return (self.wire or self.outlet or f"article {self.article_id}").lower()


@dataclass(frozen=True)
class ArticleDetail:
    id: int
    file: str
    part: int
    outlet: str
    published: str
    headline: str
    byline: str | None
    dateline: str | None
    url: str | None
    body: str
    mentions: tuple[MentionView, ...]
    officials: tuple[ArticleOfficial, ...]
    reports: tuple[ReportView, ...]


def _quotes(raw: str) -> tuple[tuple[str, str], ...]:
    out = []
    for q in json.loads(raw or "[]"):
        if isinstance(q, dict):
            speaker = q.get("speaker")
            out.append((str(q.get("text", "")), speaker if isinstance(speaker, str) else ""))
        else:
            out.append((str(q), ""))
    return tuple(out)


def _reports(conn: sqlite3.Connection, where: str, params: tuple) -> list[ReportView]:
    rows = conn.execute(
        f"""SELECT r.id, r.article_id, r.event_id, COALESCE(o.name, ''), a.headline,
                   COALESCE(a.published, a.published_partial, ''), d.name, a.part,
                   COALESCE(r.date, r.date_partial, ''), r.place, r.status, r.kind, r.mode,
                   r.named, r.sentences, r.quotes, a.wire
            FROM reports r JOIN articles a ON a.id = r.article_id
            JOIN documents d ON d.id = a.document_id
            LEFT JOIN outlets o ON o.id = a.outlet_id
            WHERE {where} ORDER BY a.sort_key, r.article_id, r.id""",
        params,
    ).fetchall()
    people: dict[int, list[str]] = defaultdict(list)
    ids = [r[0] for r in rows]
    for chunk in range(0, len(ids), 500):
        part = ids[chunk : chunk + 500]
        for rid, name in conn.execute(
            f"""SELECT rp.report_id, o.name FROM report_participants rp
                JOIN officials o ON o.id = rp.official_id
                WHERE rp.report_id IN ({",".join("?" * len(part))}) ORDER BY o.name""",
            part,
        ):
            people[rid].append(name)
    return [
        ReportView(
            id=r[0], article_id=r[1], event_id=r[2], outlet=r[3], headline=r[4], published=r[5],
            file=r[6], part=r[7], date=r[8], place=r[9], status=r[10], kind=r[11], mode=r[12],
            participants=tuple(people[r[0]]), named=tuple(json.loads(r[13] or "[]")),
            sentences=tuple(json.loads(r[14] or "[]")), quotes=_quotes(r[15]), wire=r[16],
        )
        for r in rows
    ]  # fmt: skip


def article_detail(db, article_id: int) -> ArticleDetail | None:
    """One article with its text, the officials it names (with offsets) and its meeting reports."""
    conn = _conn(db)
    row = conn.execute(
        """SELECT a.id, d.name, a.part, COALESCE(o.name, ''),
                  COALESCE(a.published, a.published_partial, ''), a.headline, a.byline, a.dateline,
                  COALESCE(a.url, d.url), a.body
           FROM articles a JOIN documents d ON d.id = a.document_id
           LEFT JOIN outlets o ON o.id = a.outlet_id WHERE a.id = ?""",
        (article_id,),
    ).fetchone()
    if row is None:
        return None
    mentions = tuple(
        MentionView(*m)
        for m in conn.execute(
            """SELECT m.official_id, COALESCE(o.name, m.person), m.text, m.start, m.end,
                      m.title, COALESCE(m.country, o.country)
               FROM mentions m LEFT JOIN officials o ON o.id = m.official_id
               WHERE m.article_id = ? ORDER BY m.start""",
            (article_id,),
        )
    )
    grouped: dict[tuple, dict] = {}
    for m in mentions:
        entry = grouped.setdefault(
            (m.official_id, m.name if m.official_id is None else ""),
            {"official_id": m.official_id, "name": m.name, "as_written": [], "title": None,
             "country": m.country},
        )  # fmt: skip
        if m.text not in entry["as_written"]:
            entry["as_written"].append(m.text)
        entry["title"] = entry["title"] or m.title
    officials = tuple(
        ArticleOfficial(e["official_id"], e["name"], tuple(e["as_written"]), e["title"], e["country"])
        for e in grouped.values()
    )
    reports = tuple(_reports(conn, "r.article_id = ?", (article_id,)))
    return ArticleDetail(*row, mentions=mentions, officials=officials, reports=reports)


# ---------------------------------------------------------------------------- officials


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

    @property
    def key(self) -> Key:
        return (self.name, self.id)


def _official_items(conn: sqlite3.Connection, ids: list[int]) -> list[OfficialItem]:
    """Officials by id, in the order given, with their aliases (other than the name)."""
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    rows = {
        r[0]: r
        for r in conn.execute(
            f"""SELECT id, name, country, title, n_mentions, n_articles, n_events
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
        OfficialItem(r[0], r[1], r[2], r[3], tuple(aliases[r[0]]), r[4], r[5], r[6])
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
        return Page(tuple(_official_items(conn, _match_officials(conn, needle, limit))), False)
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


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _match_officials(conn: sqlite3.Connection, needle: str, limit: int) -> list[int]:
    """Ids of officials whose name or an alias matches ``needle``: substrings, then fuzzy."""
    like = _like(needle)
    ids: list[int] = []
    for (oid,) in conn.execute(
        r"""SELECT id FROM (
                SELECT id, n_mentions FROM officials WHERE name LIKE ? ESCAPE '\'
                UNION
                SELECT o.id, o.n_mentions FROM aliases al JOIN officials o ON o.id = al.official_id
                WHERE al.alias LIKE ? ESCAPE '\')
            ORDER BY n_mentions DESC, id LIMIT ?""",
        (like, like, limit),
    ):
        ids.append(oid)
    if len(ids) >= limit or len(needle) < 3:
        return ids
    seen = set(ids)
    for oid in _fuzzy_officials(conn, needle):
        if oid not in seen:
            seen.add(oid)
            ids.append(oid)
            if len(ids) >= limit:
                break
    return ids


class _NameWords:
    """Every word of every official's name and aliases, with the officials it belongs to.

    A misspelt filter is matched word by word against this vocabulary (a few thousand
    distinct words even for a million articles) instead of scoring every name and alias.
    Built once per state of the database file and kept for the process.
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        from rapidfuzz import utils

        owners: dict[str, set[int]] = {}
        rows = conn.execute("SELECT official_id, alias FROM aliases UNION SELECT id, name FROM officials")
        for oid, name in rows:
            for word in utils.default_process(name).split():
                owners.setdefault(word, set()).add(oid)
        self.words = list(owners)
        self.owners = [owners[w] for w in self.words]


_NAME_WORDS: dict[tuple, _NameWords] = {}


def _file_state(path: str) -> tuple | None:
    """What changes whenever the database is written: the file's and its WAL's mtime and size."""
    try:
        files = [os.stat(path)] + ([os.stat(path + "-wal")] if os.path.exists(path + "-wal") else [])
    except OSError:
        return None
    return tuple((st.st_mtime_ns, st.st_size) for st in files)


def _name_words(conn: sqlite3.Connection) -> _NameWords:
    path = conn.execute("PRAGMA database_list").fetchone()[2]
    state = _file_state(path) if path else None
    if state is None:  # an in-memory database: no way to tell it changed
        return _NameWords(conn)
    key = (path, state)
    if key not in _NAME_WORDS:
        _NAME_WORDS.clear()
        _NAME_WORDS[key] = _NameWords(conn)
    return _NAME_WORDS[key]


def _fuzzy_officials(conn: sqlite3.Connection, needle: str) -> list[int]:
    """Officials with a word close to each word of ``needle``, the closest first."""
    from rapidfuzz import fuzz, process, utils

    typed = utils.default_process(needle).split()
    if not typed:
        return []
    vocab = _name_words(conn)
    scores: dict[int, list[float]] = {}
    for i, word in enumerate(typed):
        for _, score, index in process.extract(
            word, vocab.words, scorer=fuzz.ratio, score_cutoff=FUZZY_MIN_SCORE, limit=FUZZY_WORDS,
        ):  # fmt: skip
            for oid in vocab.owners[index]:
                best = scores.setdefault(oid, [0.0] * len(typed))
                best[i] = max(best[i], score)
    ranked = sorted(scores.items(), key=lambda kv: (-sum(s > 0 for s in kv[1]), -sum(kv[1]), kv[0]))
    return [oid for oid, _ in ranked]


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


# ---------------------------------------------------------------------------- events


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
    return [
        EventItem(
            id=r[0], date=r[1], sort_key=r[2], place=r[3], status=r[4], kind=r[5], mode=r[6],
            label=r[7], participants=tuple(n for n, _ in people[r[0]]),
            participant_ids=tuple(i for _, i in people[r[0]]), outlets=tuple(outlets_of[r[0]]),
            n_reports=r[8], n_outlets=r[9],
        )
        for r in rows
    ]  # fmt: skip


@dataclass(frozen=True)
class EventFilter:
    """What the events list shows: all, or narrowed by a participant's name or a place, a
    status, a least number of outlets, dates."""

    text: str = ""  # a participant's name or alias (fuzzy, as the Officials filter) or a place
    status: str | None = None
    min_outlets: int = 0
    date_from: str | None = None  # inclusive prefixes of ISO dates, as ArticleFilter's
    date_to: str | None = None

    def describe(self) -> str:
        text = self.text.strip()
        parts = [text if '"' in text else f'"{text}"'] if text else []
        if self.status:
            parts.append(self.status)
        if self.min_outlets > 1:
            parts.append(f"{self.min_outlets}+ outlets")
        if self.date_from and self.date_from == self.date_to:
            parts.append(self.date_from)
        elif self.date_from or self.date_to:
            parts.append(" ".join(x for x in (self.date_from and f"from {self.date_from}",
                                               self.date_to and f"to {self.date_to}") if x))  # fmt: skip
        return ", ".join(parts)


def _event_where(conn: sqlite3.Connection, flt: EventFilter) -> tuple[list[str], list]:
    where: list[str] = []
    params: list = []
    text = " ".join(flt.text.split())
    if text:
        ids = _match_officials(conn, text, 20)
        where.append(f"(e.place LIKE ? ESCAPE '\\' OR e.id IN (SELECT event_id FROM event_participants "
                     f"WHERE official_id IN ({','.join('?' * len(ids)) or 'NULL'})))")  # fmt: skip
        params += [_like(text), *ids]
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


def events_page(
    db, flt: EventFilter = EventFilter(), *, after: Key | None = None, before: Key | None = None, limit: int = PAGE
) -> Page[EventItem]:
    """A page of events, newest first, narrowed by ``flt``."""
    conn = _conn(db)
    where, params = _event_where(conn, flt)
    cond, key_params, order = _keyset("e", after, before, desc=True)
    if cond:
        where.append(cond)
        params += key_params
    rows = conn.execute(
        f"SELECT {_EVENT_COLS} FROM events e {'WHERE ' + ' AND '.join(where) if where else ''} ORDER BY {order} LIMIT ?",
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
                        params).fetchone()[0]  # fmt: skip


def events_per_month(db, flt: EventFilter = EventFilter()) -> list[tuple[str, int]]:
    """(YYYY-MM, events) for the dated events ``flt`` shows, oldest month first."""
    conn = _conn(db)
    where, params = _event_where(conn, flt)
    where.append("length(e.sort_key) >= 7")
    return conn.execute(f"SELECT substr(e.sort_key, 1, 7) m, COUNT(*) FROM events e WHERE {' AND '.join(where)} "
                        "GROUP BY m ORDER BY m", params).fetchall()  # fmt: skip


UNDATED = "~"  # the sort key undated events take in a timeline: after every date
TIMELINE_END: Key = (UNDATED, 2**62)  # beyond the last event of any timeline


def timeline_key(event: EventItem) -> Key:
    """An event's position in a timeline: by date, oldest first, undated events last."""
    return (event.sort_key or UNDATED, event.id)


def official_timeline(db, official_id: int, *, after: Key | None = None, before: Key | None = None,
                      limit: int = PAGE) -> Page[EventItem]:  # fmt: skip
    """A page of the events an official took part in, oldest first, undated events last.

    Keys are ``timeline_key``s. The dated and the undated events are two runs of the
    ``(official_id, sort_key, event_id)`` index, walked one after the other, so a page
    costs the same however many meetings the official has.
    """
    conn = _conn(db)
    base = f"SELECT {_EVENT_COLS} FROM event_participants ep JOIN events e ON e.id = ep.event_id WHERE ep.official_id = ?"
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
                                (official_id, *before, want)).fetchall()  # fmt: skip
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
    return _conn(db).execute(
        """SELECT o.id, o.name, COUNT(*) n FROM event_participants a
           JOIN event_participants b ON b.event_id = a.event_id AND b.official_id != a.official_id
           JOIN officials o ON o.id = b.official_id
           WHERE a.official_id = ? GROUP BY o.id ORDER BY n DESC, o.name LIMIT ?""",
        (official_id, limit),
    ).fetchall()


def official_articles(db, official_id: int, **paging) -> Page[ArticleItem]:
    """Articles naming an official, newest first."""
    return articles_page(db, ArticleFilter(official_id=official_id), **paging)


# ---------------------------------------------------------------------------- comparison


FACTS = ("date", "place", "status", "participants", "kind", "mode")


@dataclass(frozen=True)
class Fact:
    """One fact across the reports of an event: each report's value (None when not given)."""

    name: str
    values: tuple[str | None, ...]  # one per report, in report order

    @property
    def given(self) -> int:
        return sum(v is not None for v in self.values)

    @property
    def disagree(self) -> bool:
        """True when reports that give this fact do not all give the same value."""
        return len({v.casefold() for v in self.values if v is not None}) > 1

    @property
    def single_source(self) -> bool:
        """True when only one of several reports gives this fact."""
        return self.given == 1 and len(self.values) > 1


@dataclass(frozen=True)
class EventComparison:
    event: EventItem
    reports: tuple[ReportView, ...]
    facts: tuple[Fact, ...] = field(default_factory=tuple)

    def fact(self, name: str) -> Fact:
        return next(f for f in self.facts if f.name == name)

    @property
    def n_sources(self) -> int:
        """Independent sources among the reports: the reprints of one wire count once."""
        return len({r.source for r in self.reports})


def _fact_value(report: ReportView, name: str) -> str | None:
    if name == "participants":
        return ", ".join(report.participants) or None
    value = getattr(report, name)
    return value or None


def event_comparison(db, event_id: int) -> EventComparison | None:
    """An event with every report of it side by side and the facts on which they differ."""
    conn = _conn(db)
    rows = conn.execute(f"SELECT {_EVENT_COLS} FROM events e WHERE e.id = ?", (event_id,)).fetchall()
    if not rows:
        return None
    reports = tuple(_reports(conn, "r.event_id = ?", (event_id,)))
    facts = tuple(Fact(name, tuple(_fact_value(r, name) for r in reports)) for name in FACTS)
    return EventComparison(_event_items(conn, rows)[0], reports, facts)
