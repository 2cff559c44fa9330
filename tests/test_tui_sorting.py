"""Sorting a list by a column, counting it by a column, and merging several marked events at once
(issue 33, "Beyond": visidata's [ ] and Shift+F, mutt's tags)."""

from __future__ import annotations

import json
import sqlite3

import pytest
from tui_support import keys, run_async, screen_text, settle, until, walk

from diplotui.store.api import (
    ArticleFilter,
    EventFilter,
    articles_page,
    end_key,
    event_end_key,
    event_key,
    events_page,
    events_per_place,
    official_end_key,
    official_key,
    officials_page,
    officials_per_country,
)
from diplotui.store.db import open_db
from diplotui.tui.app import DiploApp
from diplotui.tui.articles_screen import ArticlesScreen
from diplotui.tui.dialogs import ConfirmDialog
from diplotui.tui.events_screen import EventsScreen, describe
from diplotui.tui.officials_screen import OfficialsScreen
from diplotui.tui.sorting import FrequencyScreen

# ---------------------------------------------------------------------------- the store


@pytest.mark.parametrize("desc", [True, False])
@pytest.mark.parametrize("size", [1, 2, 5, 100])
def test_sorted_lists_page_by_value_and_id_both_ways(seeds_db, desc, size):
    db = open_db(seeds_db, readonly=True)
    try:
        order = "DESC" if desc else "ASC"
        cases = [
            (lambda **p: events_page(db, sort="outlets", desc=desc, **p), event_key("outlets"),
             event_end_key("outlets", desc), f"SELECT id FROM events ORDER BY n_outlets {order}, id {order}"),
            (lambda **p: events_page(db, desc=desc, **p), event_key("date"), event_end_key("date", desc),
             f"SELECT id FROM events ORDER BY sort_key {order}, id {order}"),
            (lambda **p: officials_page(db, sort="articles", desc=desc, **p), official_key("articles"),
             official_end_key("articles", desc), f"SELECT id FROM officials ORDER BY n_articles {order}, id {order}"),
            (lambda **p: officials_page(db, sort="meetings", desc=desc, **p), official_key("meetings"),
             official_end_key("meetings", desc), f"SELECT id FROM officials ORDER BY n_events {order}, id {order}"),
            (lambda **p: articles_page(db, desc=desc, **p), lambda a: a.key, end_key(False, desc),
             f"SELECT id FROM articles ORDER BY sort_key {order}, id {order}"),
            (lambda **p: articles_page(db, ArticleFilter(text="minister"), desc=desc, **p), lambda a: a.key,
             end_key(False, desc), f"""SELECT a.id FROM articles_fts f JOIN articles a ON a.search_key = f.rowid
                                       WHERE articles_fts MATCH 'minister' ORDER BY f.rowid {order}"""),
        ]
        for fetch, key_of, end, sql in cases:
            expected = [r[0] for r in db.execute(sql)]
            assert len(expected) > 3, sql
            forward, backward = walk(fetch, key_of, end, size)
            assert [x.id for x in forward] == expected, sql
            assert [x.id for x in backward] == expected, sql
        ties = [r[0] for r in db.execute("SELECT n_outlets FROM events")]
        assert len(set(ties)) < len(ties)  # the events sort has ties, paged by id
    finally:
        db.close()


PLANS = {
    "events by outlets": ("SELECT e.id FROM events e WHERE (e.n_outlets, e.id) < (?, ?) "
                          "ORDER BY e.n_outlets DESC, e.id DESC LIMIT 51", (3, 10**9)),
    "events of a place by date": ("SELECT e.id FROM events e WHERE e.place = ? AND (e.sort_key, e.id) < (?, ?) "
                                  "ORDER BY e.sort_key DESC, e.id DESC LIMIT 51", ("Tokyo", "9", 10**9)),
    "officials by articles": ("SELECT o.id FROM officials o WHERE (o.n_articles, o.id) < (?, ?) "
                              "ORDER BY o.n_articles DESC, o.id DESC LIMIT 51", (10**6, 10**9)),
    "officials by meetings": ("SELECT o.id FROM officials o WHERE (o.n_events, o.id) > (?, ?) "
                              "ORDER BY o.n_events ASC, o.id ASC LIMIT 51", (0, 0)),
    "officials of a country": ("SELECT o.id FROM officials o WHERE (o.country = ?) AND "
                               "(o.name COLLATE NOCASE, o.id) > (?, ?) ORDER BY o.name COLLATE NOCASE ASC, o.id ASC "
                               "LIMIT 51", ("Japan", "", 0)),
    "articles oldest first": ("SELECT a.id FROM articles a WHERE (a.sort_key, a.id) > (?, ?) "
                              "ORDER BY a.sort_key ASC, a.id ASC LIMIT 51", ("", 0)),
}


@pytest.mark.parametrize("name", sorted(PLANS))
def test_each_sort_walks_an_index_without_sorting(seeds_db, name):
    sql, params = PLANS[name]
    conn = sqlite3.connect(seeds_db)
    plan = " ".join(r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + sql, params))
    conn.close()
    assert "INDEX" in plan and "TEMP B-TREE" not in plan, plan


def test_counts_by_place_and_country_read_their_index(seeds_db):
    db = open_db(seeds_db, readonly=True)
    try:
        places = events_per_place(db)
        expected = db.execute("SELECT place, COUNT(*) FROM events GROUP BY place").fetchall()
        assert sorted(places, key=str) == sorted([(p or None, n) for p, n in expected], key=str)
        assert [n for _, n in places] == sorted((n for _, n in places), reverse=True)
        assert events_per_place(db, EventFilter(status="held")) == sorted(
            ((p or None, n) for p, n in db.execute("SELECT place, COUNT(*) FROM events WHERE status = 'held' "
                                                    "GROUP BY place")), key=lambda x: (-x[1], x[0] or ""))
        countries = officials_per_country(db)
        assert sum(n for _, n in countries) == db.execute("SELECT COUNT(*) FROM officials").fetchone()[0]
        for sql in ("SELECT place, COUNT(*) FROM events INDEXED BY events_place GROUP BY place",
                    "SELECT country, COUNT(*) FROM officials INDEXED BY officials_country GROUP BY country"):
            plan = " ".join(r[3] for r in db.execute("EXPLAIN QUERY PLAN " + sql))
            assert "COVERING INDEX" in plan and "TEMP B-TREE" not in plan, plan
    finally:
        db.close()


# ---------------------------------------------------------------------------- sorting in the app


def header(table) -> str:
    """The table's header line as drawn."""
    return "".join(segment.text for segment in table.render_line(0))


@run_async
async def test_events_sort_by_outlets_both_ways_and_back_to_dates(seeds_db):
    app = DiploApp(seeds_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await keys(pilot, "3")
        screen = app.screen
        assert isinstance(screen, EventsScreen)
        await until(pilot, lambda: screen.table.items)
        await keys(pilot, "right_square_bracket")
        await until(pilot, lambda: [e.n_outlets for e in screen.table.items][0] == 3)
        outlets = [(e.n_outlets, e.id) for e in screen.table.items]
        assert outlets == sorted(outlets, reverse=True) and len(outlets) == 15
        assert "▼Out" in header(screen.table) and "▼ outlets" in screen_text(app)
        await keys(pilot, "left_square_bracket")
        await until(pilot, lambda: screen.table.items[0].n_outlets == 1)
        outlets = [(e.n_outlets, e.id) for e in screen.table.items]
        assert outlets == sorted(outlets) and "▲Out" in header(screen.table) and "▲ outlets" in screen_text(app)
        await keys(pilot, "right_square_bracket")  # the next column: the list's own order again
        await until(pilot, lambda: "▲Out" not in header(screen.table))
        dates = [e.key for e in screen.table.items]
        assert dates == sorted(dates, reverse=True) and "▼" not in header(screen.table)


@run_async
async def test_officials_sort_by_articles_then_meetings(seeds_db):
    app = DiploApp(seeds_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await keys(pilot, "2")
        screen = app.screen
        assert isinstance(screen, OfficialsScreen)
        await until(pilot, lambda: screen.table.items)
        await keys(pilot, "right_square_bracket")
        await until(pilot, lambda: "▼Art" in header(screen.table))
        await settle(pilot)
        rows = [(o.n_articles, o.id) for o in screen.table.items]
        assert rows == sorted(rows, reverse=True) and len(rows) == 29
        await keys(pilot, "right_square_bracket")
        await until(pilot, lambda: "▼Mtg" in header(screen.table))
        await settle(pilot)
        rows = [(o.n_events, o.id) for o in screen.table.items]
        assert rows == sorted(rows, reverse=True) and rows[0][0] > rows[-1][0]
        assert "▼ meetings" in screen_text(app)


@run_async
async def test_articles_oldest_first_with_a_search_too(seeds_db):
    app = DiploApp(seeds_db)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, ArticlesScreen)
        table = screen.query_one("#articles")
        await until(pilot, lambda: table.items)
        newest = [a.key for a in table.items]
        await keys(pilot, "left_square_bracket")
        await until(pilot, lambda: [a.key for a in table.items] == newest[::-1])
        assert "▲Date" in header(table) and "▲ date" in screen_text(app)
        await keys(pilot, "slash", *"minister", "enter")
        await until(pilot, lambda: table.items and screen.filter.text == "minister")
        await settle(pilot)
        found = [a.key for a in table.items]
        assert found == sorted(found) and len(found) >= 2


# ---------------------------------------------------------------------------- counts by a column


@run_async
async def test_events_per_place_and_enter_filters_by_it(seeds_db):
    app = DiploApp(seeds_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "3")
        screen = app.screen
        await until(pilot, lambda: screen.table.items)
        await keys(pilot, "F")
        assert isinstance(app.screen, FrequencyScreen)
        freq = app.screen
        await until(pilot, lambda: freq.values)
        text = screen_text(app)
        assert "Events per place" in text and "Washington" in text and "no place" in text
        assert freq.values[:2] == [None, "Washington"]  # 6 without a place, then 4 in Washington
        await keys(pilot, "j", "enter")
        assert app.screen is screen and screen.filter.place == "Washington"
        await until(pilot, lambda: len(screen.table.items) == 4)
        assert {e.place for e in screen.table.items} == {"Washington"}
        assert "in Washington" in screen_text(app)
        await keys(pilot, "c", "F", "F")  # all events again, counted by the next column: per month
        await until(pilot, lambda: isinstance(app.screen, FrequencyScreen) and app.screen.index == 1
                    and app.screen.values)
        month = app.screen.values[0]
        await keys(pilot, "enter")
        await until(pilot, lambda: screen.table.items and screen.filter.date_from == month)
        assert all(e.sort_key.startswith(month) for e in screen.table.items)


@run_async
async def test_officials_per_country_and_articles_per_outlet(seeds_db):
    app = DiploApp(seeds_db)
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.screen.query_one("#articles")
        await until(pilot, lambda: table.items)
        await keys(pilot, "F")
        await until(pilot, lambda: isinstance(app.screen, FrequencyScreen) and app.screen.values)
        outlet = app.screen.values[0]
        await keys(pilot, "enter")
        await until(pilot, lambda: table.items and app.screen.filter.outlet == outlet)
        await settle(pilot)
        assert {a.outlet for a in table.items} == {outlet}
        await keys(pilot, "2")
        screen = app.screen
        await until(pilot, lambda: screen.table.items)
        await keys(pilot, "F")
        await until(pilot, lambda: isinstance(app.screen, FrequencyScreen) and app.screen.values)
        country = next(v for v in app.screen.values if v)
        await keys(pilot, *["j"] * app.screen.values.index(country), "enter")
        await until(pilot, lambda: screen.country == country)
        await settle(pilot)
        assert screen.table.items and {o.country for o in screen.table.items} == {country}
        assert f"of {country}" in screen_text(app)
        await keys(pilot, "escape")
        await until(pilot, lambda: len(screen.table.items) == 29)


# ---------------------------------------------------------------------------- bulk marks


def marks(table) -> list[int]:
    """The rows whose mark column shows the mark."""
    return [i for i in range(len(table.items)) if table.get_row_at(i)[0].plain == "*"]


@run_async
async def test_marked_events_merge_at_once_after_a_dialog_naming_them_all(seeds_db):
    before = sqlite3.connect(seeds_db)
    events_before = before.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    before.close()
    app = DiploApp(seeds_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "3")
        screen = app.screen
        await until(pilot, lambda: screen.table.items)
        await keys(pilot, "space", "space")  # marked, then unmarked
        assert marks(screen.table) == [] and not screen.marked
        await keys(pilot, "j", "space", "j", "space", "j", "j", "space", "k")
        assert marks(screen.table) == [1, 2, 4]
        chosen = [screen.table.items[i] for i in (1, 2, 4)]
        assert "3 marked" in screen_text(app)
        await keys(pilot, "M")
        assert isinstance(app.screen, ConfirmDialog)
        label = app.screen.query("Label").first()
        said = " ".join("".join(s.text for s in label.render_line(y)) for y in range(label.size.height))
        said = " ".join(said.split())
        for event in chosen:
            assert " ".join(describe(event).split()) in said
        await pilot.press("y")
        reports = sum(e.n_reports for e in chosen)
        # the cursor on the merged event, which holds their reports (re-clustering may add another)
        await until(pilot, lambda: not screen.marked and screen.table.current is not None
                    and screen.table.current.n_reports >= reports, what="the merge was not shown")
        await settle(pilot)
        assert marks(screen.table) == [] and "marked" not in screen_text(app)
        assert len(screen.table.items) <= events_before - 2
    conn = sqlite3.connect(seeds_db)
    rows = conn.execute("SELECT kind, payload FROM decisions").fetchall()
    conn.close()
    assert [kind for kind, _ in rows] == ["event_merge"]  # one decision, as a merge of two
    payload = json.loads(rows[0][1])
    assert len(payload["a"]) + len(payload["b"]) == reports
