"""Time the SQL each list view needs, on a database made by make_scale_db.py.

    python benchmarks/bench_store.py /tmp/scale100k.db [--runs 50] [--seed 1]

Each query runs ``--runs`` times with varied parameters (random keys, outlets, officials,
events, search terms drawn from the database) on a read-only connection, as the app opens
it; times are from execute to the last row fetched. The query plan of each is printed, and
a full scan of a big table is flagged with ``!!`` and a sort in a temporary B-tree with ``~~``.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from diplotui.store.db import StoreError, open_db

BIG = {"articles", "mentions", "reports", "events", "event_participants", "report_participants",
       "aliases", "official_titles", "officials", "documents"}
PAGE = 100

ARTICLE_COLS = """a.id, a.sort_key, COALESCE(a.published, a.published_partial, ''), o.name,
                  a.headline, a.n_officials, a.n_meetings"""
QUERIES: dict[str, str] = {
    "articles: newest, first page": f"""
        SELECT {ARTICLE_COLS} FROM articles a LEFT JOIN outlets o ON o.id = a.outlet_id
        ORDER BY a.sort_key DESC, a.id DESC LIMIT {PAGE}""",
    "articles: newest, next page by key": f"""
        SELECT {ARTICLE_COLS} FROM articles a LEFT JOIN outlets o ON o.id = a.outlet_id
        WHERE (a.sort_key, a.id) < (?, ?) ORDER BY a.sort_key DESC, a.id DESC LIMIT {PAGE}""",
    "articles: one outlet, first page": f"""
        SELECT {ARTICLE_COLS} FROM articles a LEFT JOIN outlets o ON o.id = a.outlet_id
        WHERE a.outlet_id = ? ORDER BY a.sort_key DESC, a.id DESC LIMIT {PAGE}""",
    "articles: one outlet, next page by key": f"""
        SELECT {ARTICLE_COLS} FROM articles a LEFT JOIN outlets o ON o.id = a.outlet_id
        WHERE a.outlet_id = ? AND (a.sort_key, a.id) < (?, ?)
        ORDER BY a.sort_key DESC, a.id DESC LIMIT {PAGE}""",
    "search: rare term, ranked": f"""
        SELECT {ARTICLE_COLS} FROM articles_fts f JOIN articles a ON a.id = (f.rowid & 4294967295)
        LEFT JOIN outlets o ON o.id = a.outlet_id
        WHERE articles_fts MATCH ? ORDER BY f.rank LIMIT {PAGE}""",
    "search: common term, ranked": f"""
        SELECT {ARTICLE_COLS} FROM articles_fts f JOIN articles a ON a.id = (f.rowid & 4294967295)
        LEFT JOIN outlets o ON o.id = a.outlet_id
        WHERE articles_fts MATCH ? ORDER BY f.rank LIMIT {PAGE}""",
    "search: common term, newest first (the app's order)": f"""
        SELECT {ARTICLE_COLS} FROM articles_fts f JOIN articles a ON a.id = (f.rowid & 4294967295)
        LEFT JOIN outlets o ON o.id = a.outlet_id
        WHERE articles_fts MATCH ? ORDER BY f.rowid DESC LIMIT {PAGE}""",
    "search: common term, ranked among newest 5,000 matches": f"""
        SELECT {ARTICLE_COLS} FROM (
            SELECT rowid AS id, rank FROM articles_fts WHERE articles_fts MATCH ?
            ORDER BY rowid DESC LIMIT 5000) f
        JOIN articles a ON a.id = (f.id & 4294967295) LEFT JOIN outlets o ON o.id = a.outlet_id
        ORDER BY f.rank LIMIT {PAGE}""",
    "search: two terms, ranked": f"""
        SELECT {ARTICLE_COLS} FROM articles_fts f JOIN articles a ON a.id = (f.rowid & 4294967295)
        LEFT JOIN outlets o ON o.id = a.outlet_id
        WHERE articles_fts MATCH ? ORDER BY f.rank LIMIT {PAGE}""",
    "search: prefix while typing, ranked": f"""
        SELECT {ARTICLE_COLS} FROM articles_fts f JOIN articles a ON a.id = (f.rowid & 4294967295)
        LEFT JOIN outlets o ON o.id = a.outlet_id
        WHERE articles_fts MATCH ? ORDER BY f.rank LIMIT {PAGE}""",
    "officials: name prefix": f"""
        SELECT id, name, country, title, n_mentions, n_events FROM officials
        WHERE name LIKE ? ORDER BY name COLLATE NOCASE LIMIT {PAGE}""",
    "officials: most mentioned first": f"""
        SELECT id, name, country, title, n_mentions, n_events FROM officials
        ORDER BY n_mentions DESC, id LIMIT {PAGE}""",
    "official: events by date (random official)": f"""
        SELECT e.id, e.date, e.place, e.status, e.kind, e.label, e.n_reports, e.n_outlets
        FROM event_participants ep JOIN events e ON e.id = ep.event_id
        WHERE ep.official_id = ? ORDER BY ep.sort_key, ep.event_id LIMIT {PAGE}""",
    "official: events by date (most active)": f"""
        SELECT e.id, e.date, e.place, e.status, e.kind, e.label, e.n_reports, e.n_outlets
        FROM event_participants ep JOIN events e ON e.id = ep.event_id
        WHERE ep.official_id = ? ORDER BY ep.sort_key, ep.event_id LIMIT {PAGE}""",
    "official: mentions, newest first (most mentioned)": f"""
        SELECT m.article_id, m.sort_key, o.name, a.headline, m.text, m.title
        FROM mentions m JOIN articles a ON a.id = m.article_id
        LEFT JOIN outlets o ON o.id = a.outlet_id
        WHERE m.official_id = ? ORDER BY m.sort_key DESC, m.article_id DESC LIMIT {PAGE}""",
    "events: newest, next page by key": f"""
        SELECT id, date, place, status, kind, label, n_reports, n_outlets FROM events
        WHERE (sort_key, id) < (?, ?) ORDER BY sort_key DESC, id DESC LIMIT {PAGE}""",
    "event: reports with outlet": """
        SELECT r.id, r.date, r.status, r.place, r.sentences, a.id, a.published, a.headline, o.name
        FROM reports r JOIN articles a ON a.id = r.article_id
        LEFT JOIN outlets o ON o.id = a.outlet_id
        WHERE r.event_id = ? ORDER BY o.name, r.id""",
    "event: report participants": """
        SELECT rp.report_id, p.id, p.name FROM reports r
        JOIN report_participants rp ON rp.report_id = r.id JOIN officials p ON p.id = rp.official_id
        WHERE r.event_id = ? ORDER BY rp.report_id, p.name""",
}


@dataclass
class Samples:
    """Parameters drawn from the database so that every run asks for something different."""

    article_keys: list[tuple]
    outlets: list[int]
    outlet_keys: list[tuple]
    officials: list[int]
    top_active: int
    top_mentioned: int
    events: list[int]
    event_keys: list[tuple]
    surnames: list[str]
    prefixes: list[str]


def draw(conn, rnd: random.Random, n: int) -> Samples:
    def ids(table: str) -> list[int]:
        hi = conn.execute(f"SELECT max(id) FROM {table}").fetchone()[0]
        return [rnd.randint(1, hi) for _ in range(n)]

    def keys(table: str, extra: str = "") -> list[tuple]:
        return [conn.execute(f"SELECT sort_key, id{extra} FROM {table} WHERE id >= ? LIMIT 1", (i,)).fetchone()
                for i in ids(table)]

    article_keys = keys("articles", ", outlet_id")
    names = [conn.execute("SELECT name FROM officials WHERE id = ?", (i,)).fetchone()[0] for i in ids("officials")]
    return Samples(
        article_keys=[k[:2] for k in article_keys],
        outlets=[rnd.choice(conn.execute("SELECT id FROM outlets").fetchall())[0] for _ in range(n)],
        outlet_keys=[(k[2], k[0], k[1]) for k in article_keys],
        officials=ids("officials"),
        top_active=conn.execute("SELECT id FROM officials ORDER BY n_events DESC LIMIT 1").fetchone()[0],
        top_mentioned=conn.execute("SELECT id FROM officials ORDER BY n_mentions DESC LIMIT 1").fetchone()[0],
        events=ids("events"),
        event_keys=keys("events"),
        surnames=[name.split()[-1] for name in names],
        prefixes=[name[: rnd.choice((1, 2, 3))] for name in names],
    )


COMMON = ["talks", "minister", "said", "cooperation", "security", "trade"]
PAIRS = ["nuclear talks", "trade tariffs", "foreign minister", "maritime disputes", "climate security"]


def params(s: Samples) -> dict[str, Callable[[int], tuple]]:
    return {
        "articles: newest, first page": lambda i: (),
        "articles: newest, next page by key": lambda i: s.article_keys[i],
        "articles: one outlet, first page": lambda i: (s.outlets[i],),
        "articles: one outlet, next page by key": lambda i: s.outlet_keys[i],
        "search: rare term, ranked": lambda i: (f'"{s.surnames[i]}"',),
        "search: common term, ranked": lambda i: (COMMON[i % len(COMMON)],),
        "search: common term, newest first (the app's order)": lambda i: (COMMON[i % len(COMMON)],),
        "search: common term, ranked among newest 5,000 matches": lambda i: (COMMON[i % len(COMMON)],),
        "search: two terms, ranked": lambda i: (PAIRS[i % len(PAIRS)],),
        "search: prefix while typing, ranked": lambda i: (f'"{s.surnames[i][:3]}"*',),
        "officials: name prefix": lambda i: (s.prefixes[i].replace("%", "") + "%",),
        "officials: most mentioned first": lambda i: (),
        "official: events by date (random official)": lambda i: (s.officials[i],),
        "official: events by date (most active)": lambda i: (s.top_active,),
        "official: mentions, newest first (most mentioned)": lambda i: (s.top_mentioned,),
        "events: newest, next page by key": lambda i: s.event_keys[i],
        "event: reports with outlet": lambda i: (s.events[i],),
        "event: report participants": lambda i: (s.events[i],),
    }


def app_calls(db, s: Samples) -> dict[str, Callable[[int], object]]:
    """The read functions the app calls (``diplotui.store.api``), with the same samples."""
    from diplotui.store import api as q

    outlets = dict(db.conn.execute("SELECT id, name FROM outlets").fetchall())
    official_keys = [db.conn.execute("SELECT name, id FROM officials WHERE id = ?", (i,)).fetchone()
                     for i in s.officials]
    return {
        "articles_page: first page": lambda i: q.articles_page(db),
        "articles_page: after a key": lambda i: q.articles_page(db, after=s.article_keys[i]),
        "articles_page: outlet": lambda i: q.articles_page(db, q.ArticleFilter(outlet=outlets[s.outlets[i]])),
        "articles_page: year": lambda i: q.articles_page(db, q.ArticleFilter(date_from=s.article_keys[i][0][:4],
                                                                             date_to=s.article_keys[i][0][:4])),
        "articles_page: search rare word": lambda i: q.articles_page(db, q.ArticleFilter(text=s.surnames[i])),
        "articles_page: search common word": lambda i: q.articles_page(db, q.ArticleFilter(text=COMMON[i % 6])),
        "articles_page: search while typing": lambda i: q.articles_page(db, q.ArticleFilter(text=s.surnames[i][:3])),
        "articles_page: official (random)": lambda i: q.articles_page(db, q.ArticleFilter(official_id=s.officials[i])),
        "articles_page: official (most mentioned)": lambda i: q.official_articles(db, s.top_mentioned),
        "article_detail": lambda i: q.article_detail(db, s.article_keys[i][1]),
        "officials_page: first page": lambda i: q.officials_page(db),
        "officials_page: after a key": lambda i: q.officials_page(db, after=official_keys[i]),
        "officials_page: filter substring": lambda i: q.officials_page(db, s.surnames[i][1:5]),
        "officials_page: filter misspelt (fuzzy)": lambda i: q.officials_page(db, s.surnames[i][::-1]),
        "official_detail": lambda i: q.official_detail(db, s.officials[i]),
        "official_timeline (random)": lambda i: q.official_timeline(db, s.officials[i]),
        "official_timeline (most active)": lambda i: q.official_timeline(db, s.top_active),
        "official_timeline (most active, last page)": lambda i: q.official_timeline(db, s.top_active,
                                                                                    before=q.TIMELINE_END),
        "events_page: first page": lambda i: q.events_page(db),
        "events_page: after a key": lambda i: q.events_page(db, after=s.event_keys[i]),
        "event_comparison": lambda i: q.event_comparison(db, s.events[i]),
    }


def tables_by_alias(sql: str) -> dict[str, str]:
    out = {}
    for table, alias in re.findall(r"(?:FROM|JOIN)\s+(\w+)(?:\s+(?!ON\b|WHERE\b|JOIN\b|LEFT\b|ORDER\b)(\w+))?", sql):
        out[alias or table] = table
        out[table] = table
    return out


def plan_lines(conn, sql: str, args: tuple) -> list[tuple[str, str]]:
    """The query plan, each line with a mark: ``!!`` a full scan of a big table, ``~~`` a sort
    in a temporary B-tree (as costly as the rows matched), else blank."""
    aliases = tables_by_alias(sql)
    lines = []
    for row in conn.execute("EXPLAIN QUERY PLAN " + sql, args):
        detail = row[-1]
        m = re.match(r"SCAN (\w+)", detail)
        table = aliases.get(m.group(1), m.group(1)) if m else None
        full_scan = bool(m) and table in BIG and "INDEX" not in detail
        index_scan = bool(m) and table in BIG and "INDEX" in detail
        note = " (whole index in order; cheap only because of LIMIT)" if index_scan else ""
        lines.append((detail + note, "!!" if full_scan else "~~" if "TEMP B-TREE" in detail else "  "))
    return lines


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("db", type=Path)
    ap.add_argument("--runs", type=int, default=50)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--sql-only", action="store_true", help="skip the app's read functions")
    ap.add_argument("--app-only", action="store_true", help="skip the SQL of the list views")
    ap.add_argument("--quiet-plans", action="store_true", help="print only flagged plan lines")
    args = ap.parse_args(argv)
    try:
        db = open_db(args.db, readonly=True)
    except StoreError as exc:  # e.g. an older schema, which the `diplotui` command upgrades
        print(f"bench_store: {exc}", file=sys.stderr)
        return 2
    conn = db.conn
    rnd = random.Random(args.seed)
    n_articles = conn.execute("SELECT max(id) FROM articles").fetchone()[0]
    samples = draw(conn, rnd, args.runs)
    argsets = params(samples)
    print(f"{args.db}: ~{n_articles:,} articles, {args.runs} runs per query, page = {PAGE} rows\n")
    results = []
    for name, sql in QUERIES.items() if not args.app_only else ():
        make = argsets[name]
        plan = plan_lines(conn, sql, make(0))
        times, rows = [], 0
        for i in range(args.runs):
            t = time.perf_counter()
            rows += len(conn.execute(sql, make(i)).fetchall())
            times.append((time.perf_counter() - t) * 1000)
        results.append((name, percentile(times, 50), percentile(times, 95), max(times), rows / args.runs))
        print(f"{name}")
        for line, mark in plan:
            if mark.strip() or not args.quiet_plans:
                print(f"   {mark} {line}")
    if results:
        print(f"\n{'SQL of the list views':<56} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'rows':>6}")
    for name, p50, p95, worst, rows in results:
        print(f"{name:<56} {p50:8.2f} {p95:8.2f} {worst:8.2f} {rows:6.0f}")
    if not args.sql_only:
        print(f"\n{'app read functions (diplotui.store.api)':<56} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
        for name, call in app_calls(db, samples).items():
            times = []
            for i in range(args.runs):
                t = time.perf_counter()
                call(i)
                times.append((time.perf_counter() - t) * 1000)
            print(f"{name:<56} {percentile(times, 50):8.2f} {percentile(times, 95):8.2f} {max(times):8.2f}",
                  flush=True)
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
