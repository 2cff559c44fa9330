"""The read queries behind the app and the exports, on the seed database."""

from __future__ import annotations

import sqlite3

import pytest

from diplotui.store import api as q
from diplotui.store.db import open_db
from diplotui.store.views.search import fts_query


@pytest.fixture(scope="module")
def db(seeds_master):
    database = open_db(seeds_master, readonly=True)  # read only: the shared base stays as built
    yield database
    database.close()


def _official(db, text):
    items = q.officials_page(db, text).items
    assert items, text
    return items[0]


@pytest.mark.parametrize(
    "typed",
    ['"', "(", "AND", "OR NOT", "*", "x*y", 'a" OR "b', "NEAR(a b)", "[/]", "-x", "^", ":", "'", "\x1b[2J"],
)
def test_search_never_raises_on_user_text(db, typed):
    q.articles_page(db, q.ArticleFilter(text=typed))


def test_fts_query_quotes_words_and_prefixes_the_last():
    assert fts_query('xia') == '"xia"*'
    assert fts_query('"foreign minister" wang') == '"foreign minister" "wang"*'
    assert fts_query("  ()*  ") is None
    assert fts_query('xi') == '"xi"'  # too short a prefix to expand: searched as a word


def test_search_finds_the_xiamen_articles(db):
    heads = [a.headline for a in q.articles_page(db, q.ArticleFilter(text="Xiamen")).items]
    assert "China, ROK foreign ministers meet in Xiamen" in heads
    assert len(heads) >= 2


def test_article_paging_by_key_both_ways(db):
    everything = [a.id for a in q.articles_page(db).items]
    first = q.articles_page(db, limit=3)
    second = q.articles_page(db, after=first.items[-1].key, limit=3)
    assert first.more and [a.id for a in first.items + second.items] == everything[:6]
    back = q.articles_page(db, before=second.items[0].key, limit=3)
    assert [a.id for a in back.items] == everything[:3] and not back.more
    last = q.articles_page(db, before=("", -1), limit=2)
    assert [a.id for a in last.items] == everything[-2:]


def test_article_filters(db):
    yonhap = q.articles_page(db, q.ArticleFilter(outlet="Yonhap")).items
    assert yonhap and {a.outlet for a in yonhap} == {"Yonhap"}
    in_2016 = q.articles_page(db, q.ArticleFilter(date_from="2016", date_to="2016")).items
    assert in_2016 and all(a.published.startswith("2016") for a in in_2016)
    blinken = _official(db, "blinken")
    mine = q.official_articles(db, blinken.id).items
    assert len(mine) == blinken.n_articles


def test_officials_filter_is_fuzzy_and_shows_aliases(db):
    exact = _official(db, "blinken")
    assert exact.name == "Antony Blinken" and "Tony Blinken" in exact.aliases
    assert _official(db, "Tony Blinkin").id == exact.id
    assert q.officials_page(db, "%_\\").items == ()


def test_officials_paging_by_name(db):
    names = [o.name for o in q.officials_page(db).items]
    first = q.officials_page(db, limit=4)
    second = q.officials_page(db, after=first.items[-1].key, limit=4)
    assert [o.name for o in first.items + second.items] == names[:8]
    assert names == sorted(names, key=str.lower)


def test_timeline_in_date_order(db):
    blinken = _official(db, "blinken")
    events = q.official_timeline(db, blinken.id).items
    # dated meetings first, in date order, then those no text dates (the Seoul meeting
    # "this month" and the 2+2, whose article gives neither day nor place)
    assert [(e.date, e.place, e.status) for e in events] == [
        ("2016-01-16", "Tokyo", "held"), ("2016-10-27", "Tokyo", "held"),
        ("", "Seoul", "planned"), ("", None, "held")]
    detail = q.official_detail(db, blinken.id)
    assert ("Tony Blinken", 2) in detail.aliases
    assert {t.title for t in detail.titles} >= {"Secretary of State", "Deputy Secretary of State"}


def test_xiamen_comparison_status_is_told_at_two_moments_not_a_difference(db):
    xiamen = next(e for e in q.events_page(db).items if e.place == "Xiamen")
    c = q.event_comparison(db, xiamen.id)
    outlets = sorted(r.outlet for r in c.reports)
    assert outlets == ["", "CGTN", "Reuters"]
    status = dict(zip((r.outlet for r in c.reports), c.fact("status").values, strict=True))
    assert status == {"CGTN": "planned", "Reuters": "held", "": "held"}
    # CGTN's preview (planned) was published on 3 April, the report of the meeting (held) on the
    # 4th, Reuters' is undated: they tell two moments, so they do not disagree (issue 33, item 7)
    assert not c.fact("status").disagree and not c.fact("place").disagree
    assert all(r.sentences for r in c.reports)


def test_article_detail_has_mentions_with_offsets(db):
    first = q.articles_page(db, q.ArticleFilter(text="Xiamen")).items[0]
    detail = q.article_detail(db, first.id)
    assert detail.mentions and detail.reports
    for m in detail.mentions:
        assert detail.body[m.start : m.end] == m.text
    assert q.article_detail(db, 10**9) is None


def test_queries_page_by_key_without_offset_or_count(db):
    """Every statement the queries run, traced: no OFFSET, no COUNT(*)."""
    conn = sqlite3.connect(db.conn.execute("PRAGMA database_list").fetchone()[2])
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    first = q.articles_page(conn, q.ArticleFilter(text="Korea"), limit=2)
    q.articles_page(conn, after=first.items[-1].key, limit=2)
    q.officials_page(conn, after=q.officials_page(conn, limit=2).items[-1].key)
    q.officials_page(conn, "blinkn")
    event = q.events_page(conn).items[0]
    q.event_comparison(conn, event.id)
    q.official_timeline(conn, event.participant_ids[0])
    q.article_detail(conn, first.items[0].id)
    sql = " ".join(statements).upper()
    assert statements and " OFFSET " not in sql and "COUNT(*)" not in sql


def test_counterparts_are_ranked_by_meetings_together_then_name(db):
    from collections import Counter

    from diplotui.store.views.events import counterparts

    conn = db.conn if hasattr(db, "conn") else db
    pairs = conn.execute("SELECT event_id, official_id FROM event_participants").fetchall()
    names = dict(conn.execute("SELECT id, name FROM officials").fetchall())
    by_event: dict[int, set[int]] = {}
    for event_id, official_id in pairs:
        by_event.setdefault(event_id, set()).add(official_id)
    checked = 0
    for official_id in {o for _, o in pairs}:
        met = Counter(other for people in by_event.values() if official_id in people
                      for other in people - {official_id})
        expected = sorted(((o, names[o], n) for o, n in met.items()), key=lambda r: (-r[2], r[1]))[:3]
        assert counterparts(db, official_id, limit=3) == expected, official_id
        checked += bool(expected)
    assert checked >= 5


def test_events_per_month_counts_each_month_of_the_index_as_grouping_every_event_does(tmp_path, monkeypatch):
    from diplotui.store.views import events

    db = open_db(tmp_path / "months.db")
    keys = ["", "", "2019", "2019-12", "2019-12-31", "2020-01-01", "2020-01", "2020", "2020-03-15", "2021-02-28"]
    db.conn.executemany("INSERT INTO events(sort_key) VALUES (?)", [(k,) for k in keys])
    db.conn.commit()
    expected = [("2019-12", 2), ("2020-01", 2), ("2020-03", 1), ("2021-02", 1)]  # partial and undated left out
    assert q.events_per_month(db) == expected
    assert q.events_per_month(db, q.EventFilter(status="held")) == []  # a filter: grouped (no status here)
    monkeypatch.setattr(events, "MONTHS_BY_RANGE", 3)  # a span too long for one count a month: grouped
    assert q.events_per_month(db) == expected
    db.conn.execute("DELETE FROM events WHERE length(sort_key) >= 7")
    assert q.events_per_month(db) == []
