"""The app driven by keys (Pilot) on the seed database: each view's flows, help, hostile text."""

from __future__ import annotations

import datetime as dt
import io
import sys
from itertools import pairwise

import pytest
from rich.console import Console
from textual import events
from tui_support import DEADLINE, keys, run_async, screen_text, settle, until

from diplotui.store.db import open_db, write_transaction
from diplotui.store.write import ArticleRow, Writer
from diplotui.tui.app import DiploApp, bindings_of
from diplotui.tui.article_screen import ArticleScreen
from diplotui.tui.articles_screen import ArticlesScreen
from diplotui.tui.compare_screen import CompareScreen
from diplotui.tui.help_screen import HelpScreen
from diplotui.tui.official_screen import OfficialScreen
from diplotui.tui.officials_screen import OfficialsScreen
from diplotui.tui.paged_table import PagedTable


@run_async
async def test_articles_search_and_reader(seeds_db):
    app = DiploApp(seeds_db)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#articles")
        assert len(table.items) == 8
        await keys(pilot, "slash", *"Xiamen", "enter")
        assert {a.headline for a in table.items} >= {"China, ROK foreign ministers meet in Xiamen"}
        assert len(table.items) < 8 and table.has_focus
        await keys(pilot, "j", "k", "enter")
        assert isinstance(app.screen, ArticleScreen)
        text = screen_text(app)
        assert "Chung Eui-yong" in text and "Xiamen" in text
        body = app.screen.query_one("#text").render()
        assert any("underline" in str(span.style) for span in body.spans)
        await keys(pilot, "tab", "enter")
        assert isinstance(app.screen, OfficialScreen)
        await keys(pilot, "escape", "escape")
        assert not isinstance(app.screen, ArticleScreen)


@run_async
async def test_officials_filter_timeline_and_compare(seeds_db):
    app = DiploApp(seeds_db)
    async with app.run_test(size=(120, 35)) as pilot:
        await keys(pilot, "2", "slash", *"blinken")
        assert isinstance(app.screen, OfficialsScreen)
        assert [o.name for o in app.screen.table.items] == ["Antony Blinken"]
        await keys(pilot, "enter", "enter")  # the filter ends on the list; Enter there opens
        assert isinstance(app.screen, OfficialScreen)
        assert [(e.date, e.place) for e in app.screen.events] == [
            ("2016-01-16", "Tokyo"), ("2016-10-27", "Tokyo"), ("", "Seoul"), ("", None)]
        assert "Tony Blinken" in screen_text(app)
        await keys(pilot, "G", "enter")
        assert isinstance(app.screen, CompareScreen)
        await keys(pilot, "escape", "a")
        assert app.screen.filter.official_id is not None
        assert len(app.screen.query_one("#articles").items) == 4


@run_async
async def test_xiamen_compare_has_three_columns_and_marks_what_differs(seeds_db):
    app = DiploApp(seeds_db)
    async with app.run_test(size=(160, 48)) as pilot:
        await keys(pilot, "3")
        events = app.screen.query_one("#events")
        row = next(i for i, e in enumerate(events.items) if e.place == "Xiamen")
        await keys(pilot, *["j"] * row, "enter")
        assert isinstance(app.screen, CompareScreen)
        columns = list(app.screen.query("ReportColumn"))
        assert len(columns) == 3
        text = screen_text(app)
        # CGTN's preview (planned, 3 Apr) and the report of 4 Apr (held) tell two moments: no ≠
        assert "≠ planned" not in text and "reports differ on: participants" in text
        assert "CGTN" in text and "Reuters" in text and "unknown outlet" in text
        assert app.focused is columns[0]  # the first report, ready for l/h and j/k
        await keys(pilot, "l", "l")
        assert app.focused is columns[2]
        await keys(pilot, "h")
        assert app.focused is columns[1]
        await keys(pilot, "r")  # read again: the same comparison, focus back on the first report
        assert isinstance(app.screen, CompareScreen) and len(app.screen.query("ReportColumn")) == 3
        assert app.focused is app.screen.query("ReportColumn").first()
        assert "reports differ on: participants" in screen_text(app)


@pytest.mark.parametrize("view", ["1", "2", "3"])
@run_async
async def test_every_binding_is_in_the_help_screen(seeds_db, view):
    app = DiploApp(seeds_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await keys(pilot, view)
        screen = app.screen
        expected = {(key, description) for key, description, _, _ in bindings_of(screen)}
        declared = {b.description for cls in (type(app), type(screen)) for b in cls.BINDINGS
                    if b.description and b.show}
        await keys(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        console = Console(width=200, record=True, file=io.StringIO())
        console.print(app.screen.text())
        text = console.export_text()
        for key, description in expected:
            assert description in text and key in text, (key, description)
        for description in declared:
            assert description in text, description
        await keys(pilot, "escape")
        assert app.screen is screen


@run_async
async def test_every_binding_is_a_palette_command(seeds_db):
    app = DiploApp(seeds_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Articles", "Officials", "Events", "Help", "Reload", "Search"} <= titles
        await keys(pilot, "ctrl+p", *"officials", "enter")
        assert isinstance(app.screen, OfficialsScreen)


@run_async
async def test_reload_sees_new_articles(seeds_db):
    path = seeds_db
    app = DiploApp(path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        before = len(app.screen.query_one("#articles").items)
        _add_article(path, "A later article about talks", "Body text.", published="2030-01-01")
        await keys(pilot, "r")
        items = app.screen.query_one("#articles").items
        assert len(items) == before + 1 and items[0].headline == "A later article about talks"


HOSTILE = "[/] [bold red]x[/] [@click=app.quit]q[/] [link=https://example.com]l[/link]"


def _add_article(path, headline, body, published=None):
    db = open_db(path)
    with write_transaction(db):
        w = Writer(db)
        doc = w.save_document(f"/x/{headline}.txt", "hostile.txt", 1, headline)
        aid = w.add_article(doc, ArticleRow(1, headline, body, headline, outlet="[i]Outlet[/i]",
                                            published=published, sort_key=published or ""))
        oid = w.add_official(HOSTILE, "h", "h", "[b]Nowhere[/b]", "[red]Minister[/]")
        w.add_alias(oid, HOSTILE, "h")
        start = body.find("[bold")
        w.add_mentions([(aid, oid, HOSTILE, body[start : start + 14], start, start + 14, body, None, None, "")])
        eid = w.add_event()
        w.add_report(aid, eid, [oid], status="held", place="[/]", sentences='["[/] \\u001b[2J said"]',
                     quotes='[{"text": "[bold]q[/]", "speaker": "[/]"}]')
        w.update_event(eid, [oid], place="[/]", status="held", sort_key="2030-01-01", n_reports=1, n_outlets=1)
        w.refresh_official_counts([oid])
    db.close()


@run_async
async def test_hostile_text_is_shown_literally(seeds_db):
    path = seeds_db
    body = f"Before {HOSTILE} and \x1b[2J then \x9b31m and \x07 bell.\nSecond line [/]"
    _add_article(path, HOSTILE, body, published="2030-01-01")
    app = DiploApp(path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert "[bold red]x[/]" in screen_text(app)
        await keys(pilot, "slash", *"[/] [bold", "enter")
        await keys(pilot, "g", "enter")
        assert isinstance(app.screen, ArticleScreen)
        text = screen_text(app)
        assert "[@click=app.quit]q[/]" in text and "[link=https://example.com]l[/link]" in text
        assert "Second line [/]" in text and "\x1b" not in text and "[i]Outlet[/i]" in text
        await keys(pilot, "tab", "enter")
        assert isinstance(app.screen, OfficialScreen)
        assert "[red]Minister[/]" in screen_text(app) and "1 article · 1 meeting" in screen_text(app)
        await keys(pilot, "3", "enter")
        assert "[bold]q[/]" in screen_text(app) and "1 report · 1 independent source" in screen_text(app)
        app.notify(HOSTILE, markup=False)
        await keys(pilot, "2", "slash", *"[/]")
        assert app.is_running


def test_the_app_does_not_import_spacy(seeds_db):
    import subprocess

    code = (
        "import sys, diplotui.tui.app, diplotui.store.api;"
        "sys.exit(1 if 'spacy' in sys.modules or any(m.startswith('diplotui.extract') for m in sys.modules) else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


LONG = 1250  # articles: more than the table holds at once (MAX_ROWS)


@pytest.fixture(scope="module")
def long_db(tmp_path_factory):
    """One article a day from 2020 on, so newest first is the reverse of insertion."""
    path = tmp_path_factory.mktemp("paging") / "long.db"
    db = open_db(path)
    with write_transaction(db):
        w = Writer(db)
        for i in range(LONG):
            day = (dt.date(2020, 1, 1) + dt.timedelta(days=i)).isoformat()
            doc = w.save_document(f"/x/{i}.txt", f"{i}.txt", 1, f"h{i}")
            w.add_article(doc, ArticleRow(1, f"Article {i:04d}", "Talks were held.", f"c{i}", outlet="Wire",
                                          published=day, sort_key=day))
    db.close()
    return path


@run_async
async def test_a_long_list_pages_in_both_ways_through_a_bounded_window(long_db):
    """Past MAX_ROWS the first rows are dropped (the table is not refilled), and the cursor
    walks the whole list a screenful at a time both ways."""
    from diplotui.store.api import PAGE
    from diplotui.tui.paged_table import MAX_ROWS

    newest_first = [f"Article {i:04d}" for i in reversed(range(LONG))]
    app = DiploApp(long_db)
    async with app.run_test(size=(100, 60)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#articles")

        def position() -> int:
            """The cursor's place in the whole list, after checking the rows held are a run of it."""
            heads = [a.headline for a in table.items]
            start = newest_first.index(heads[0])
            assert heads == newest_first[start : start + len(heads)] and len(heads) <= MAX_ROWS
            assert table.more_before == (start > 0) and table.more_after == (start + len(heads) < LONG)
            # the table shows what is held, and the cursor's row is on screen
            assert table.row_count == len(heads)
            assert table.current.headline in str(table.get_row_at(table.cursor_row))
            assert table.scroll_y <= table.cursor_row < table.scroll_y + table.scrollable_content_region.height
            return newest_first.index(table.current.headline)

        assert position() == 0 and 60 <= len(table.items) < PAGE  # a screenful to start with, not a page
        refills = []
        clear = table.clear
        table.clear = lambda *a, **k: (refills.append(1), clear(*a, **k))[1]
        walked = [position()]
        while walked[-1] < LONG - 1:
            await keys(pilot, "pagedown")
            walked.append(position())
            assert walked[-1] > walked[-2], "page down did not move"
        # past MAX_ROWS the first rows are dropped, not the table refilled (most of a key's time)
        assert refills == []
        steps = [b - a for a, b in pairwise(walked)]  # a screenful each, but the last one
        assert steps[0] > 20 and set(steps[:-1]) == {steps[0]}
        assert table.more_before  # the newest rows were dropped on the way down
        walked = [position()]
        while walked[-1] > 0:
            await keys(pilot, "pageup")
            walked.append(position())
            assert walked[-1] < walked[-2], "page up did not move"
        assert {a - b for a, b in pairwise(walked[:-1])} == {steps[0]}
        assert table.more_after
        await keys(pilot, "G")
        assert position() == LONG - 1 and len(table.items) < PAGE
        await keys(pilot, "g")
        assert position() == 0


@run_async
async def test_rows_fetched_at_the_end_of_a_list_neither_lay_the_screen_out_nor_redraw_the_rows_on_screen(
        long_db, monkeypatch):
    """The rows on screen stay as they are when a page arrives below them (or past MAX_ROWS,
    the first rows are dropped above them): drawing them again and laying the screen out
    again had a page down that fetched take twice as long as another."""
    from collections import Counter

    from textual.screen import Screen

    from diplotui.tui.paged_table import PagedTable

    layouts, drawn = [], Counter()
    refresh_layout, draw_row = Screen._refresh_layout, PagedTable._row_segments
    monkeypatch.setattr(Screen, "_refresh_layout",
                        lambda self, *a, **k: (layouts.append(1), refresh_layout(self, *a, **k))[1])
    monkeypatch.setattr(PagedTable, "_row_segments", lambda self, row, number, cursor, *a: (
        drawn.update([(self.id, number, cursor)]), draw_row(self, row, number, cursor, *a))[1])
    app = DiploApp(long_db)
    async with app.run_test(size=(100, 60)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#articles")
        fetched = 0
        while not table.more_before:  # down to past MAX_ROWS, where the first rows are dropped
            first, held = table.items[0], len(table.items)
            layouts.clear()
            drawn.clear()
            await keys(pilot, "pagedown")
            if len(table.items) != held or table.items[0] is not first:
                fetched += 1
                assert layouts == []
                assert table.bar_cells == table._bar_cells()  # its scrollbar drawn for the rows held now
                # no row drawn twice, also when the first rows were dropped (the rows on screen
                # moved up, but their lines are the ones drawn before)
                assert drawn and max(drawn.values()) == 1, [k for k, n in drawn.items() if n > 1][:3]
        assert fetched >= 4


@run_async
async def test_search_runs_once_typing_pauses_not_at_every_letter(seeds_db, monkeypatch):
    from diplotui.tui import articles_screen

    app = DiploApp(seeds_db)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        screen, table = app.screen, app.screen.query_one("#articles")
        searched: list[str] = []
        fetch = articles_screen.articles_page

        def counting_page(db, flt, **paging):
            searched.append(flt.text)
            return fetch(db, flt, **paging)

        articles_screen.articles_page = counting_page
        try:
            # typed faster than the pause: on a busy machine a key can take longer than the
            # real pause, so while typing the pause is one that only a hang reaches
            with monkeypatch.context() as typing:
                typing.setattr(articles_screen, "SEARCH_PAUSE", DEADLINE)
                await pilot.press("slash", *"xiame")
                await settle(pilot)
            assert searched == [] and screen.search_pending and len(table.items) == 8
            await pilot.press("n")  # the last letter, then typing pauses: the search starts
            await until(pilot, lambda: not screen.search_pending, what="typing paused and nothing was searched")
            await settle(pilot)
            assert searched == ["xiamen"] and not screen.search_pending
            assert len(table.items) < 8
            await pilot.press(*"zz", "enter")  # Enter searches at once, without the pause
            await settle(pilot)
            assert searched == ["xiamen", "xiamenzz"] and table.has_focus and len(table.items) == 0
        finally:
            articles_screen.articles_page = fetch


@run_async
async def test_the_lists_scrollbar_answers_the_wheel_a_click_and_a_drag(long_db):
    """The list draws its scrollbar itself: the wheel, a click above or below the thumb and a drag
    of the thumb scroll the view (not the cursor), as on Textual's bar; a click on the bar chooses no row."""
    app = DiploApp(long_db)
    async with app.run_test(size=(100, 14)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#articles", PagedTable)
        assert table.bar_shown and table.scroll_y == 0 and table.cursor_row == 0
        left, top = table.content_region.x, table.content_region.y
        bar_x = left - table.region.x + table.size.width - 1  # the bar's last column, from the table's corner
        step = app.scroll_sensitivity_y

        def wheel(kind, x=bar_x - 20, y=3):
            return kind(table, x, y, 0, 1, 0, False, False, False, screen_x=left + x, screen_y=top + y)

        table.post_message(wheel(events.MouseScrollDown))
        await settle(pilot)
        assert table.scroll_y == step
        table.post_message(wheel(events.MouseScrollUp))
        await settle(pilot)
        assert table.scroll_y == 0

        page = table.scrollable_content_region.height
        await pilot.click(table, offset=(bar_x, table.size.height - 1))  # below the thumb: a page down
        await settle(pilot)
        assert table.scroll_y == page and table.cursor_row == 0 and isinstance(app.screen, ArticlesScreen)

        thumb = [y for y, cell in enumerate(table.bar_cells) if cell.style.meta.get("@mouse.down") == "grab"]
        assert thumb and thumb[0] > 0, thumb
        await pilot.mouse_down(table, offset=(bar_x, thumb[0]))
        await pilot.hover(table, offset=(bar_x, thumb[0] + 5))  # drag the thumb 5 lines down
        await pilot.mouse_up(table, offset=(bar_x, thumb[0] + 5))
        await settle(pilot)
        dragged = page + 5 * table.virtual_size.height / page
        assert abs(table.scroll_y - dragged) <= 1, (table.scroll_y, dragged)
        assert table.cursor_row == 0 and table.bar_grab is None

        before = table.scroll_y
        await pilot.click(table, offset=(bar_x, 0))  # above the thumb: a page up
        await settle(pilot)
        assert table.scroll_y == max(0, before - page) and table.cursor_row == 0
