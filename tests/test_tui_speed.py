"""The app draws a new screen once (issue 23: a timeline or a comparison within 150 ms at 1M).

What made opening slow, each pinned by a test that fails when it comes back: a footer of a
widget per key rebuilt on each change, a second layout and restyling of every new screen,
tables dropping their rendered cells on their first layout or on a view switch."""

from __future__ import annotations

from collections import Counter

import pytest
from kb_builder import build_seed_db
from textual.widgets import DataTable
from tui_support import keys, run_async, settle

from diplotui.tui.app import DiploApp
from diplotui.tui.footer import KeysFooter
from diplotui.tui.help_screen import HelpScreen
from diplotui.tui.official_screen import OfficialScreen


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory):
    return build_seed_db(tmp_path_factory.mktemp("speed") / "seeds.db")


@pytest.fixture
def rendered(monkeypatch):
    """(table id, row, column, cursor) -> times DataTable rendered that cell."""
    counts: Counter = Counter()
    render = DataTable._render_cell

    def counting(self, row_index, column_index, base_style, width, cursor=False, hover=False):
        counts[(self.id, row_index, column_index, cursor)] += 1
        return render(self, row_index, column_index, base_style, width, cursor, hover)

    monkeypatch.setattr(DataTable, "_render_cell", counting)
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
        await keys(pilot, "2", "slash", *"blinken")
        rendered.clear()
        await keys(pilot, "enter")
        assert isinstance(app.screen, OfficialScreen)
        cells = {k: n for k, n in rendered.items() if k[0] in ("timeline", "official-articles")}
        assert cells and max(cells.values()) == 1, [k for k, n in cells.items() if n > 1][:5]


@run_async
async def test_switching_views_does_not_restyle_the_lists(seeds_db, monkeypatch):
    """A restyled table drops every cell it has drawn; a view shown again is as it was styled."""
    restyled = Counter()
    notify = DataTable.notify_style_update

    def counting(self):
        restyled[self.id] += 1
        return notify(self)

    monkeypatch.setattr(DataTable, "notify_style_update", counting)
    app = DiploApp(seeds_db)
    async with app.run_test(size=(160, 48)) as pilot:
        await keys(pilot, "2", "3", "1")
        restyled.clear()
        await keys(pilot, "2", "3", "1", "2")
        # each list was restyled on every switch to it (5 in these 4); a focus moving
        # (a blur restyles the table it leaves) may still restyle one
        assert sum(restyled.values()) <= 1, restyled
