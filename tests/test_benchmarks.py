"""The benchmark scripts still run, and the scale generator's database is consistent."""

from __future__ import annotations

import importlib.util
import sqlite3
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def load(name: str):
    spec = importlib.util.spec_from_file_location(name, BENCHMARKS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def scale_db(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("scale") / "scale.db"
    assert load("make_scale_db").main(["--articles", "600", "--batch", "250", "--out", str(out)]) == 0
    return out


def test_generated_counts_match_the_rows(scale_db):
    conn = sqlite3.connect(scale_db)
    q = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
    assert q("SELECT count(*) FROM articles") == 600
    assert q("SELECT count(*) FROM outlets") == 40
    assert 2.9 < q("SELECT count(*) FROM mentions") / 600 < 3.5
    assert q("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'talks'") > 0
    assert q("SELECT max(n_outlets) FROM events") <= 8
    # as an ingest leaves a base: nothing left to derive or cluster again, every mention with
    # what its article gives the person as a whole
    assert q("SELECT count(*) FROM pending_resolution") == 0
    assert q("SELECT count(*) FROM mentions WHERE person_country IS NULL OR person_title IS NULL") == 0
    mismatches = [
        "SELECT count(*) FROM outlets o WHERE n_articles != (SELECT count(*) FROM articles WHERE outlet_id = o.id)",
        """SELECT count(*) FROM articles a
           WHERE n_officials != (SELECT count(DISTINCT official_id) FROM mentions WHERE article_id = a.id)
              OR n_meetings != (SELECT count(*) FROM reports WHERE article_id = a.id)""",
        """SELECT count(*) FROM events e
           WHERE n_reports != (SELECT count(*) FROM reports WHERE event_id = e.id)
              OR n_outlets != (SELECT count(DISTINCT a.outlet_id) FROM reports r
                               JOIN articles a ON a.id = r.article_id WHERE r.event_id = e.id)""",
        """SELECT count(*) FROM officials p
           WHERE n_mentions != (SELECT count(*) FROM mentions WHERE official_id = p.id)
              OR n_events != (SELECT count(*) FROM event_participants WHERE official_id = p.id)""",
        "SELECT count(*) FROM mentions m JOIN articles a ON a.id = m.article_id"
        " WHERE substr(a.body, m.start + 1, m.end - m.start) != m.text",
    ]
    for sql in mismatches:
        assert q(sql) == 0, sql


def test_bench_store_runs(scale_db, capsys):
    assert load("bench_store").main([str(scale_db), "--runs", "3"]) == 0
    out = capsys.readouterr().out
    assert "articles: newest, next page by key" in out and "p95 ms" in out


def test_bench_app_runs_every_view(scale_db, capsys):
    assert load("bench_app").main([str(scale_db), "--runs", "1", "--starts", "1"]) == 0
    out = capsys.readouterr().out
    actions = ("cold start", "articles: search, Enter", "officials: open a long timeline", "events: open a comparison")
    for action in actions:
        assert action in out
    assert "peak resident memory" in out


def test_bench_reading_runs(capsys):
    assert load("bench_reading").main(["--top", "2", "--random", "1"]) == 0
    out = capsys.readouterr().out
    assert "adversarial lines: 15 lines" in out and "random lines: 1 lines" in out and "read_text on a file" in out


def test_ingest_benchmark_runs_and_prints_its_ratio(capsys):
    assert load("bench_ingest").main(["--articles", "16", "--words", "150", "--processes", "1"]) == 0
    out = capsys.readouterr().out
    assert "ratio ingest / bare nlp.pipe, n_process=1" in out and "words/s" in out


def test_incremental_benchmark_adds_to_a_copy_of_the_base(scale_db, tmp_path, capsys):
    corpus = tmp_path / "corpus"
    assert load("make_corpus").main([str(corpus), "--articles", "12", "--words", "120"]) in (0, None)
    assert load("bench_incremental").main(["--base", str(scale_db), "--corpus", str(corpus), "--articles", "10",
                                           "--processes", "1", "--work", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "10 articles added, 610 after" in out and "ratio large / empty" in out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus"]  # the copy is gone, the base untouched
    assert sqlite3.connect(scale_db).execute("SELECT count(*) FROM articles").fetchone()[0] == 600


def _walk(conn, flt, limit: int) -> list[int]:
    from diplotui.store import api as q

    ids, page = [], q.articles_page(conn, flt, limit=limit)
    ids += [a.id for a in page.items]
    while page.more:
        page = q.articles_page(conn, flt, after=page.items[-1].key, limit=limit)
        ids += [a.id for a in page.items]
    return ids


def test_article_pages_match_a_plain_reading_of_the_filters(scale_db):
    """Every filter combination, paged by key both ways, gives exactly the rows a naive query gives.

    Searches walk the full-text index by its date-ordered keys and an official's articles
    come from the mentions index; this checks both against a brute-force reading.
    """
    from diplotui.store import api as q
    from diplotui.store.views.search import fts_query

    conn = sqlite3.connect(f"file:{scale_db}?mode=ro", uri=True)
    outlet = conn.execute("SELECT name FROM outlets ORDER BY n_articles DESC LIMIT 1 OFFSET 3").fetchone()[0]
    official = conn.execute("SELECT id FROM officials ORDER BY n_mentions DESC LIMIT 1").fetchone()[0]
    cases = [
        q.ArticleFilter(),
        q.ArticleFilter(text="talks"),
        q.ArticleFilter(text="minis"),
        q.ArticleFilter(text='"foreign minister"'),
        q.ArticleFilter(text="talks", outlet=outlet),
        q.ArticleFilter(text="talks", date_from="2013", date_to="2016-06"),
        q.ArticleFilter(date_from="2013-02", date_to="2016"),
        q.ArticleFilter(official_id=official),
        q.ArticleFilter(official_id=official, outlet=outlet, date_from="2012"),
        q.ArticleFilter(text="talks", official_id=official),
    ]
    for flt in cases:
        where, params = ["1"], []
        if flt.text:
            where.append("a.search_key IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
            params.append(fts_query(flt.text))
        if flt.outlet:
            where.append("a.outlet_id = (SELECT id FROM outlets WHERE name = ?)")
            params.append(flt.outlet)
        if flt.date_from:
            where.append("a.sort_key >= ?")
            params.append(flt.date_from)
        if flt.date_to:
            where.append("a.sort_key <= ?")
            params.append(flt.date_to + "\uffff")
        if flt.official_id:
            where.append("a.id IN (SELECT article_id FROM mentions WHERE official_id = ?)")
            params.append(flt.official_id)
        expected = [r[0] for r in conn.execute(
            f"SELECT a.id FROM articles a WHERE {' AND '.join(where)} ORDER BY a.sort_key DESC, a.id DESC", params
        )]
        assert expected, flt
        assert _walk(conn, flt, limit=37) == expected, flt
        last = q.articles_page(conn, flt, before=("", -1), limit=37)
        assert [a.id for a in last.items] == expected[-37:], flt
        if len(expected) > 40:
            back = q.articles_page(conn, flt, before=(last.items[0].key), limit=3)
            assert [a.id for a in back.items] == expected[-40:-37], flt


def test_timeline_pages_match_a_plain_reading(scale_db, tmp_path):
    """An official's timeline, paged by key both ways across the dated and undated runs,
    gives the events in date order with undated ones last, as a naive query does."""
    import shutil

    from diplotui.store import api as q

    db = tmp_path / "timeline.db"
    shutil.copy(scale_db, db)
    conn = sqlite3.connect(db)
    with conn:  # some meetings no outlet dated
        conn.execute("UPDATE events SET sort_key = '', date = NULL, date_partial = NULL WHERE id % 7 = 0")
        conn.execute("UPDATE event_participants SET sort_key = '' WHERE event_id % 7 = 0")
    official = conn.execute(
        "SELECT official_id FROM event_participants GROUP BY official_id ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()[0]
    expected = [r[0] for r in conn.execute(
        """SELECT e.id FROM events e JOIN event_participants ep ON ep.event_id = e.id WHERE ep.official_id = ?
           ORDER BY e.sort_key = '', e.sort_key, e.id""", (official,))]
    undated = [r[0] for r in conn.execute("SELECT id FROM events WHERE sort_key = ''")]
    assert len(expected) > 20 and set(expected) & set(undated) and set(expected) - set(undated)
    for limit in (3, 7, len(expected), len(expected) + 5):
        forward, page = [], q.official_timeline(conn, official, limit=limit)
        forward += [e.id for e in page.items]
        while page.more:
            page = q.official_timeline(conn, official, after=q.timeline_key(page.items[-1]), limit=limit)
            forward += [e.id for e in page.items]
        assert forward == expected, limit
        backward, page = [], q.official_timeline(conn, official, before=q.TIMELINE_END, limit=limit)
        backward = [e.id for e in page.items]
        while page.more:
            page = q.official_timeline(conn, official, before=q.timeline_key(page.items[0]), limit=limit)
            backward = [e.id for e in page.items] + backward
        assert backward == expected, limit


def test_bench_dask_runs(capsys):
    pytest.importorskip("distributed")
    assert load("bench_dask").main(["--articles", "12"]) == 0
    out = capsys.readouterr().out
    assert "dask local:2" in out and "throughput vs local -j 2" in out
