"""The app, round 3's leftovers (issue 33): the footer puts the keys of the view first (sorting on
a list), and the articles list sorts by outlet."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from tui_support import keys, run_async, screen_text, settle, until, walk

from diplotui.store.api import OUTLET_END, ArticleFilter, articles_by_outlet, outlet_key
from diplotui.store.db import close_db, open_db, write_transaction
from diplotui.store.write import ArticleRow, Writer
from diplotui.tui.app import DiploApp
from diplotui.tui.article_screen import ArticleScreen
from diplotui.tui.articles_screen import ArticlesScreen
from diplotui.tui.footer import KeysFooter

# invented outlets, in more than one case (a name sorts without its case), and articles of none
OUTLETS = ["Valdora Courier", "ostrel Daily", "Brannick Post", "Zemlin Herald", None]
ARTICLES = 75


@pytest.fixture(scope="module")
def outlets_db(tmp_path_factory):
    """Articles of four invented outlets and of none, some on one day (ties), some undated."""
    path = tmp_path_factory.mktemp("round4") / "outlets.db"
    db = open_db(path)
    with write_transaction(db):
        w = Writer(db)
        for i in range(ARTICLES):
            outlet = OUTLETS[(i * 7) % len(OUTLETS)]
            day = "" if i % 11 == 0 else (dt.date(2019, 5, 1) + dt.timedelta(days=i // 3)).isoformat()
            word = "harbour" if i % 5 == 0 else "river"
            doc = w.save_document(f"/n/{i}.txt", f"{i}.txt", 1, f"s{i}")
            w.add_article(doc, ArticleRow(1, f"Envoys of Valdora talk about the {word} ({i})",
                                          f"The {word} was discussed.", f"m{i}", outlet=outlet,
                                          published=day or None, sort_key=day))
    close_db(db)
    return path


def walk_ids(fetch, end, size: int) -> tuple[list[int], list[int]]:
    """Every row's id, page by page forward, then backward from the list's end."""
    forward, backward = walk(fetch, outlet_key, end, size)
    return [a.id for a in forward], [a.id for a in backward]


# ---------------------------------------------------------------------------- articles by outlet


@pytest.mark.parametrize("desc", [False, True])
@pytest.mark.parametrize("size", [1, 2, 5, 100])
def test_articles_by_outlet_page_both_ways_as_a_plain_sort_does(outlets_db, desc, size):
    db = open_db(outlets_db, readonly=True)
    try:
        order = "DESC" if desc else "ASC"
        cases = [
            (ArticleFilter(), ""),
            (ArticleFilter(date_from="2019-05-05", date_to="2019-05"), "AND a.sort_key BETWEEN '2019-05-05' AND "
                                                                         "'2019-05\uffff'"),
            (ArticleFilter(outlet="OSTREL DAILY"), "AND o.name = 'ostrel Daily'"),
        ]
        for flt, where in cases:
            expected = [r[0] for r in db.execute(
                f"""SELECT a.id FROM articles a LEFT JOIN outlets o ON o.id = a.outlet_id WHERE 1 {where}
                    ORDER BY o.name IS NULL, o.name COLLATE NOCASE {order}, a.sort_key DESC, a.id DESC""")]
            assert len(expected) > 5, flt
            fetch = lambda flt=flt, **p: articles_by_outlet(db, flt, desc=desc, **p)  # noqa: E731
            forward, backward = walk_ids(fetch, OUTLET_END, size)
            assert forward == expected, flt
            assert backward == expected, flt
    finally:
        db.close()


def test_articles_by_outlet_read_each_outlet_along_its_index(outlets_db):
    conn = sqlite3.connect(outlets_db)
    statements = []
    conn.set_trace_callback(statements.append)
    db = open_db(outlets_db, readonly=True)
    try:
        articles_by_outlet(conn, limit=30)
        first = articles_by_outlet(db, limit=30)
        articles_by_outlet(conn, after=outlet_key(first.items[-1]), limit=30)
    finally:
        db.close()
    reads = [s for s in statements if "FROM articles" in s]
    assert reads
    for sql in reads:
        assert "OFFSET" not in sql.upper() and "COUNT(" not in sql.upper()
        plan = " ".join(r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + sql))
        assert "articles_outlet" in plan and "TEMP B-TREE" not in plan, plan
    conn.close()


def test_a_search_is_not_sorted_by_outlet_in_the_store(outlets_db):
    db = open_db(outlets_db, readonly=True)
    try:
        with pytest.raises(ValueError):
            articles_by_outlet(db, ArticleFilter(text="river"))
    finally:
        db.close()


def column_of(app, name: str) -> list[str]:
    table = app.screen.query_one("#articles")
    return [getattr(item, name) for item in table.items]


@run_async
async def test_right_bracket_sorts_articles_by_outlet_and_left_bracket_reverses(outlets_db):
    app = DiploApp(outlets_db)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ArticlesScreen)
        await keys(pilot, "right_square_bracket")
        outlets = column_of(app, "outlet")
        assert outlets == sorted(outlets, key=lambda o: (o == "", o.casefold()))  # of no outlet: last
        assert outlets[0] == "Brannick Post" and "ostrel Daily" in outlets
        text = screen_text(app)
        assert "▲Outlet" in text and "▲ outlet" in text
        await keys(pilot, "left_square_bracket")
        outlets = column_of(app, "outlet")
        assert outlets[0] == "Zemlin Herald" and "▼Outlet" in screen_text(app)
        await keys(pilot, "G")  # the last page is read backward from the end
        assert column_of(app, "outlet")[-1] == ""
        await keys(pilot, "right_square_bracket")  # round again: newest first
        dates = column_of(app, "sort_key")
        assert dates == sorted(dates, reverse=True)


@run_async
async def test_a_search_stays_in_date_order_and_says_why(outlets_db):
    app = DiploApp(outlets_db)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        await keys(pilot, "right_square_bracket", "slash", *"harbour", "enter")
        await until(pilot, lambda: app.screen.filter.text == "harbour" and app.screen.sort == "date")
        await settle(pilot)
        dates = column_of(app, "sort_key")
        assert len(dates) > 3 and dates == sorted(dates, reverse=True)
        assert "listed by date" in " ".join(str(n.message) for n in app._notifications)
        await keys(pilot, "c", "right_square_bracket")
        assert app.screen.sort == "outlet"


# ---------------------------------------------------------------------------- the footer's order


def footer_line(app) -> str:
    footer = app.screen.query_one(KeysFooter)
    return "".join(segment.text for segment in footer.render_line(0)).rstrip()


@pytest.mark.parametrize("view", ["1", "2", "3"])
@run_async
async def test_at_80_columns_the_footer_shows_the_sort_of_every_list(seeds_db, view):
    app = DiploApp(seeds_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await keys(pilot, view)
        line = footer_line(app)
        assert "] Sort" in line and "⏎ Open" in line, line
        assert line.index("⏎ Open") < line.index("] Sort") < line.index("… ? more"), line


@run_async
async def test_the_footer_puts_what_would_do_nothing_last(seeds_db):
    app = DiploApp(seeds_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "c Clear" not in footer_line(app)  # nothing to clear: o and d come first
        assert "o Outlet" in footer_line(app)
        await keys(pilot, "slash")
        line = footer_line(app)
        assert "⏎ To the list" in line and "/ Search" not in line, line  # "/" types a slash there
        await keys(pilot, *"talks", "enter")
        await until(pilot, lambda: "c Clear" in footer_line(app), what=footer_line(app))
        line = footer_line(app)
        assert "/ Search c Clear o Outlet" in line, line  # a search's one order: ] would only say so
        await keys(pilot, "c")
        await until(pilot, lambda: "c Clear" not in footer_line(app), what=footer_line(app))
        await keys(pilot, "enter")  # the reader, opened from no search: J/K first, not n/N
        assert isinstance(app.screen, ArticleScreen)
        line = footer_line(app)
        assert "J Next" in line and "K Prev" in line and "n Next hit" not in line, line
        await keys(pilot, "3")
        assert "M Merge" not in footer_line(app)  # nothing marked: M would only say so
        await keys(pilot, "space")
        line = footer_line(app)
        assert "space Mark M Merge" in line, line


# ---------------------------------------------------------------------------- F: the counts


@pytest.mark.parametrize("view", ["1", "2", "3"])
@run_async
async def test_the_counts_dialog_opens_filled_not_counting(seeds_db, view):
    """F reads the counts first and opens the dialog with them (laid out and drawn once): while
    the read is held back, no empty "counting…" dialog is shown."""
    import threading

    from diplotui.tui.sorting import FrequencyScreen

    gate, waiting = threading.Event(), threading.Event()

    class HeldApp(DiploApp):
        hold = False

        def read(self, query, *args, **kwargs):
            if self.hold:
                waiting.set()
                gate.wait(30)  # a count at a large base, released by the test
            return super().read(query, *args, **kwargs)

    app = HeldApp(seeds_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await keys(pilot, view)
        app.hold = True
        await pilot.press("F")
        await until(pilot, waiting.is_set)
        await pilot.pause(0.1)
        held_screen = app.screen
        app.hold = False
        gate.set()
        assert not isinstance(held_screen, FrequencyScreen)  # no dialog until its counts are read
        await until(pilot, lambda: isinstance(app.screen, FrequencyScreen))
        table = app.screen.query_one("#frequency-table")
        title = str(app.screen.query_one("#frequency-title").render())
        assert table.row_count > 0 and "counting" not in title and " values" in title, title
        await keys(pilot, "F")  # the next column (events: per month) is counted in the open dialog
        await settle(pilot)
        assert app.screen.query_one("#frequency-table").row_count > 0


# ---------------------------------------------------------------------------- the title line


@run_async
async def test_at_80_columns_the_title_cuts_the_headline_not_the_search_hits(seeds_db):
    app = DiploApp(seeds_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await keys(pilot, "slash", *"Korea", "enter", "enter")
        assert isinstance(app.screen, ArticleScreen)
        title = app.screen.query_one("#title")
        line = "".join(s.text for s in title.render_line(0)).rstrip()
        assert line.endswith("search hits (n/N)") and "…" in line, line  # the headline gave way
        await keys(pilot, "n")
        line = "".join(s.text for s in title.render_line(0)).rstrip()
        assert "search hit 1 of" in line and line.endswith("(n/N)"), line
        assert len(line) <= 80


# ---------------------------------------------------------------------------- an official's names


REASON = "weak: a given name alike, an initial, or a surname written as it sounds in Valdora"


@run_async
async def test_names_sharing_a_reason_say_it_once_and_the_titles_still_show(seeds_db, tmp_path):
    import shutil

    from diplotui.tui.official_screen import OfficialScreen

    own = shutil.copy(seeds_db, tmp_path / "own.db")
    conn = sqlite3.connect(own)
    (official,) = conn.execute("SELECT official_id FROM aliases GROUP BY official_id HAVING count(*) >= 3 "
                               "AND official_id IN (SELECT official_id FROM official_titles) LIMIT 1").fetchone()
    conn.execute("UPDATE aliases SET why = ? WHERE official_id = ?", (REASON, official))
    conn.commit()
    conn.close()
    app = DiploApp(own)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_official(official)
        await until(pilot, lambda: isinstance(app.screen, OfficialScreen) and app.screen.detail is not None)
        await settle(pilot)
        text = " ".join(screen_text(app).split())
        assert text.count("surname written as it sounds") == 1, text
        assert "Title " in text, text  # the titles are not pushed out of the profile's lines


@run_async
async def test_why_one_official_shows_each_reason_whole_at_80_columns(seeds_db, tmp_path):
    import shutil

    from diplotui.tui.official_screen import OfficialScreen
    from diplotui.tui.why_screen import WhyScreen

    own = shutil.copy(seeds_db, tmp_path / "own.db")
    conn = sqlite3.connect(own)
    (official,) = conn.execute("SELECT official_id FROM aliases GROUP BY official_id HAVING count(*) >= 2 "
                               "LIMIT 1").fetchone()
    conn.execute("UPDATE aliases SET why = ? WHERE official_id = ?", (REASON, official))
    conn.commit()
    conn.close()
    app = DiploApp(own)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_official(official)
        await until(pilot, lambda: isinstance(app.screen, OfficialScreen) and app.screen.detail is not None)
        await keys(pilot, "w")
        await until(pilot, lambda: isinstance(app.screen, WhyScreen))
        await settle(pilot)
        text = " ".join(screen_text(app).replace("│", " ").split())
        assert text.count("surname written as it sounds in Valdora") >= 2, text  # wrapped, not cut


# ---------------------------------------------------------------------------- the comparison


@run_async
async def test_at_80_columns_two_reports_are_side_by_side_whole(seeds_db):
    from diplotui.tui.compare_screen import CompareScreen

    conn = sqlite3.connect(seeds_db)
    (event,) = conn.execute("SELECT id FROM events WHERE n_reports >= 2 ORDER BY id LIMIT 1").fetchone()
    conn.close()
    app = DiploApp(seeds_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_event(event)
        await until(pilot, lambda: isinstance(app.screen, CompareScreen))
        await settle(pilot)
        columns = list(app.screen.query("ReportColumn"))
        assert len(columns) >= 2
        # the first two are whole on screen, the third scrolled to (a two-report event: no scrolling)
        assert sum(c.outer_size.width for c in columns[:2]) <= 80, [c.outer_size.width for c in columns]


@run_async
async def test_a_question_before_a_correction_is_not_hidden_by_earlier_notices(seeds_db):
    from diplotui.tui.dialogs import ConfirmDialog

    app = DiploApp(seeds_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await keys(pilot, "3")
        app.notify("Undid the merge of 5 reports: a long notice of what was done, over several lines "
                   "at 80 columns, as an undo gives", timeout=30)
        await keys(pilot, "space", "j", "M")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await settle(pilot)
        assert not app._notifications
        text = " ".join(screen_text(app).replace("│", " ").split())
        assert "Undid the merge" not in text and "into one event?" in text, text


@run_async
async def test_at_80_columns_the_title_says_what_M_does_with_one_mark(seeds_db):
    app = DiploApp(seeds_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await keys(pilot, "3", "space")
        title = app.screen.query_one("#title")
        line = "".join(s.text for s in title.render_line(0)).rstrip()
        assert line.endswith("1 marked (M merges it with the event under the cursor)"), line


@run_async
async def test_the_apps_own_correction_is_not_taken_for_an_ingest_beside_it(seeds_db, tmp_path, monkeypatch):
    import shutil

    import diplotui.extract.corrections as corrections
    from diplotui.tui.app import ingest_holds

    own = shutil.copy(seeds_db, tmp_path / "own.db")
    app = DiploApp(own)
    real = corrections.merge_events
    seen = []

    def merge_while_the_app_polls(w, *args, **kwargs):
        seen.append(ingest_holds(own))  # the lock is held now, by the correction
        app.call_from_thread(app._watch_ingest)  # the poll the app makes every INGEST_POLL seconds
        return real(w, *args, **kwargs)

    monkeypatch.setattr(corrections, "merge_events", merge_while_the_app_polls)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await keys(pilot, "3", "space", "j", "M", "y")
        await until(pilot, lambda: any("Merged" in str(n.message) for n in app._notifications))
        await settle(pilot)
        assert seen == [True]
        assert not any("ingest is writing" in str(n.message) for n in app._notifications), list(app._notifications)
        assert "ingest running" not in footer_line(app)


@run_async
async def test_the_counts_dialog_opened_at_once_on_a_new_view_shows_the_view_behind_it(seeds_db):
    from diplotui.tui.sorting import FrequencyScreen

    app = DiploApp(seeds_db)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("3", "F")  # F before the events list was ever drawn
        await until(pilot, lambda: isinstance(app.screen, FrequencyScreen))
        await settle(pilot)
        assert "Participants" in screen_text(app)  # the list's header, dimmed behind the dialog
