"""The app draws a new screen once (issue 23: a timeline or a comparison within 150 ms at 1M).

What made opening slow, each pinned by a test that fails when it comes back: a footer of a
widget per key rebuilt on each change, a second layout and restyling of every new screen,
tables dropping their rendered cells on their first layout or on a view switch."""

from __future__ import annotations

from collections import Counter

import pytest
from rich.text import Text
from textual.app import App
from textual.screen import Screen
from tui_support import keys, run_async, settle

from diplotui.store.api import Page
from diplotui.tui.app import DiploApp
from diplotui.tui.footer import KeysFooter
from diplotui.tui.help_screen import HelpScreen
from diplotui.tui.official_screen import OfficialScreen
from diplotui.tui.paged_table import PagedTable


@pytest.fixture
def rendered(monkeypatch):
    """(table id, row number, cursor) -> times a PagedTable drew that row's line."""
    counts: Counter = Counter()
    draw = PagedTable._row_segments

    def counting(self, row, number, cursor, *args):
        counts[(self.id, number, cursor)] += 1
        return draw(self, row, number, cursor, *args)

    monkeypatch.setattr(PagedTable, "_row_segments", counting)
    return counts


@run_async
async def test_the_footer_is_one_widget_and_a_click_on_a_key_presses_it(seeds_db):
    app = DiploApp(seeds_db)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        footer = app.screen.query_one(KeysFooter)
        assert not footer.children  # no widget per key to mount and restyle
        await pilot.click(KeysFooter, offset=(2, 0))  # " ? Help"
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)


@run_async
async def test_an_official_page_draws_each_cell_once(seeds_db, rendered):
    app = DiploApp(seeds_db)
    async with app.run_test(size=(160, 48)) as pilot:
        await keys(pilot, "2", "slash", *"blinken", "enter")  # the filter ends on the list
        rendered.clear()
        await keys(pilot, "enter")
        assert isinstance(app.screen, OfficialScreen)
        cells = {k: n for k, n in rendered.items() if k[0] in ("timeline", "official-articles")}
        assert cells and max(cells.values()) == 1, [k for k, n in cells.items() if n > 1][:5]


@run_async
async def test_switching_views_draws_no_line_of_the_lists_again(seeds_db, rendered):
    """A list shown again (a view switched to) is painted from the lines it drew before:
    a restyle that changes no style of the table keeps them."""
    app = DiploApp(seeds_db)
    async with app.run_test(size=(160, 48)) as pilot:
        await keys(pilot, "2", "3", "1")
        rendered.clear()
        await keys(pilot, "2", "3", "1", "2")
        assert not rendered, rendered


class _OneTable(App):
    """A screen with two tables, as an official's page has, given their rows before the first layout."""

    def __init__(self, rows: tuple[int, int]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self):
        for i in range(2):
            yield PagedTable([("N", None)], lambda n: (Text(str(n)),), end_key=(0,), read=None,
                             screen_size=self.size, id=f"t{i}")

    def on_mount(self) -> None:
        for table, n in zip(self.query(PagedTable), self.rows, strict=True):
            table.show_first(Page(tuple(range(n)), more=False))


@run_async
async def test_a_table_given_more_rows_than_fit_has_its_scrollbar_from_its_first_layout(monkeypatch):
    """A scrollbar that appears at the first layout lays the screen out again, and its own
    sizing once more: a frame and a paint each after the first, on every official's page.
    A screen whose table overflows is laid out as often as one whose tables fit."""
    shown, layouts = {}, Counter()
    render_lines, refresh_layout = PagedTable.render_lines, Screen._refresh_layout

    def lines(self, crop):
        strips = render_lines(self, crop)
        shown.setdefault(self, []).append(bool(self.bar_cells))
        return strips

    def layout(self, *args, **kwargs):
        layouts[rows] += 1
        return refresh_layout(self, *args, **kwargs)

    monkeypatch.setattr(PagedTable, "render_lines", lines)
    monkeypatch.setattr(Screen, "_refresh_layout", layout)
    for rows in [(60, 3), (3, 3)]:
        app = _OneTable(rows)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            t0, t1 = app.query(PagedTable)
            assert t0.bar_shown == (rows[0] > t0.size.height - 1)
            assert not t1.bar_shown
            assert shown[t0][0] == t0.bar_shown  # drawn with its first paint
    assert all(len(set(paints)) == 1 for paints in shown.values()), shown
    assert layouts[(60, 3)] == layouts[(3, 3)], layouts


@run_async
async def test_a_first_visit_to_a_view_neither_rereads_the_stylesheet_nor_holds_the_screen_back(seeds_db, monkeypatch):
    """Textual re-read and re-applied the whole stylesheet twice on a view's first visit
    (20-45 ms at 1M), and every switch held the screen's updates back 50 ms. A theme changed
    while a view is hidden still restyles it when it is shown."""
    rereads = []
    refresh_css = App.refresh_css
    monkeypatch.setattr(App, "refresh_css", lambda self, *a, **k: (rereads.append(1), refresh_css(self, *a, **k))[1])
    app = DiploApp(seeds_db)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        rereads.clear()
        for view in ("officials", "events", "articles", "officials"):
            app.action_view(view)
            assert app._batch_count == 0  # drawn as soon as it is ready, not 50 ms later
            await settle(pilot)
        assert rereads == []
        officials = app.screen
        before = officials.query_one("#officials").styles.background
        await keys(pilot, "3")
        app.theme = "textual-light" if app.theme != "textual-light" else "nord"
        await settle(pilot)
        await keys(pilot, "2")
        assert app.screen is officials and officials.query_one("#officials").styles.background != before


@run_async
async def test_a_letter_typed_in_the_search_box_repaints_the_box_alone(seeds_db, monkeypatch):
    """A letter used to lay the screen out (the box's virtual size changed), and the layout sized
    and repainted the list's scrollbar: a second paint of the list, a frame after the letter's.
    (The search runs once typing pauses: until then the list does not change. The list draws its
    scrollbar with its lines: there is no scrollbar widget to repaint apart.)"""
    layouts = Counter()
    refresh_layout = Screen._refresh_layout

    def layout(self, *args, **kwargs):
        layouts["screen"] += 1
        return refresh_layout(self, *args, **kwargs)

    app = DiploApp(seeds_db)
    async with app.run_test(size=(120, 9)) as pilot:  # 8 articles, room for 5
        await keys(pilot, "slash")
        table = app.screen.query_one("#articles", PagedTable)
        assert table.bar_shown, table.row_count  # the list overflows: it has a scrollbar
        search = app.screen.query_one("#search")
        search.cursor_blink = False
        monkeypatch.setattr(Screen, "_refresh_layout", layout)
        for letter in "tal":
            await pilot.press(letter)
            await pilot.pause()
        assert search.value == "tal"
        assert not layouts, layouts
