"""The app as people used to visidata, newsboat and Harlequin expect it (issue 23), by keys."""

from __future__ import annotations

import pytest
from textual.widgets import Input
from tui_support import keys, run_async, screen_text, settle, until

from diplotui.store.db import open_db, write_transaction
from diplotui.store.write import ArticleRow, Writer
from diplotui.tui.app import DiploApp, bindings_of
from diplotui.tui.article_screen import ArticleScreen
from diplotui.tui.articles_screen import ArticlesScreen, dates_text, parse_dates
from diplotui.tui.compare_screen import CompareScreen
from diplotui.tui.dialogs import ConfirmDialog, PromptDialog
from diplotui.tui.events_screen import EventsScreen
from diplotui.tui.help_screen import HelpScreen
from diplotui.tui.month_chart import month_series
from diplotui.tui.official_screen import OfficialScreen
from diplotui.tui.officials_screen import OfficialsScreen

# ---------------------------------------------------------------------------- 1. help


@pytest.mark.parametrize(("view", "terms"), [
    ("1", ["Off", "officials named in the article", "Mtg", "meetings the article reports"]),
    ("2", ["Art", "articles that name the official", "Mtg"]),
    ("3", ["Out", "outlets that reported the meeting"]),
])
@run_async
async def test_help_lists_the_keys_of_the_view_and_explains_its_columns(seeds_db, view, terms):
    app = DiploApp(seeds_db)
    async with app.run_test(size=(120, 60)) as pilot:
        await keys(pilot, view)
        below = app.screen
        shown = bindings_of(below)
        await keys(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for _key, description, _, _ in shown:  # what the footer and palette offer, and the list's keys
            assert description in text, description
        for term in ["Down", "Up", "First row", "Last row", "Open", "Help", "Back / quit", "quits at a list", *terms]:
            assert term in text, term
        await keys(pilot, "q")
        assert app.screen is below


# ---------------------------------------------------------------------------- 2. letters mean one thing


@run_async
async def test_officials_start_on_the_list_and_slash_starts_the_filter(seeds_db):
    app = DiploApp(seeds_db)
    async with app.run_test(size=(120, 35)) as pilot:
        await keys(pilot, "2")
        assert isinstance(app.screen, OfficialsScreen) and app.focused is app.screen.table
        await keys(pilot, "3")  # a view key, not a letter typed into a box
        assert isinstance(app.screen, EventsScreen)
        await keys(pilot, "2", "slash", *"blinken")
        assert app.screen.query_one("#filter", Input).value == "blinken"
        assert [o.name for o in app.screen.table.items] == ["Antony Blinken"]
        await keys(pilot, "enter")  # ends the filter: on the list, as in every view
        assert isinstance(app.screen, OfficialsScreen) and app.focused is app.screen.table
        await keys(pilot, "enter")
        assert isinstance(app.screen, OfficialScreen)
        await keys(pilot, "escape")
        assert app.focused is app.screen.table  # back on the list: "3" is a key again
        await keys(pilot, "3")
        assert isinstance(app.screen, EventsScreen)
        await keys(pilot, "2")
        assert app.screen.query_one("#filter", Input).value == "blinken"


@run_async
async def test_the_palette_holds_diplotui_actions_not_text_editing(seeds_db):
    app = DiploApp(seeds_db)
    async with app.run_test(size=(120, 35)) as pilot:
        await keys(pilot, "2", "slash")
        assert isinstance(app.focused, Input)
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Articles", "Officials", "Events", "Help", "Reload", "Export"} <= titles
        assert not {"Delete all to the left", "Move cursor left", "Cursor left", "Page Left"} & titles


# ---------------------------------------------------------------------------- 3. q goes back one level


@run_async
async def test_q_goes_back_one_level_and_quits_at_a_list(seeds_db):
    app = DiploApp(seeds_db)
    async with app.run_test(size=(120, 35)) as pilot:
        await keys(pilot, "2", "slash", *"blinken", "enter", "enter")
        assert isinstance(app.screen, OfficialScreen)
        await keys(pilot, "enter")  # the first meeting's comparison
        depth = len(app.screen_stack)
        await keys(pilot, "q")
        assert isinstance(app.screen, OfficialScreen) and len(app.screen_stack) == depth - 1
        await keys(pilot, "q")
        assert isinstance(app.screen, OfficialsScreen) and app.is_running
        await keys(pilot, "question_mark", "q")  # q closes the help, like Esc
        assert isinstance(app.screen, OfficialsScreen) and app.is_running
        await keys(pilot, "q")
        assert not app.is_running


@run_async
async def test_ctrl_c_quits_from_a_list_like_q(seeds_db):
    app = DiploApp(seeds_db)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        await keys(pilot, "enter")
        assert isinstance(app.screen, ArticleScreen)
        await keys(pilot, "ctrl+c")
        assert not app.is_running


# ---------------------------------------------------------------------------- 4. the date filter


def test_dates_round_trip_and_impossible_dates_are_refused():
    cases = [("2021..", ("2021", None)), ("..2016-04", (None, "2016-04")),
             ("2016-01..2016-12", ("2016-01", "2016-12")), ("2016-04-03", ("2016-04-03",) * 2)]
    for typed, expected in cases:
        assert parse_dates(typed) == expected
        assert dates_text(*expected) == typed
    for bad, why in [("2021-13", "month"), ("2021-02-30", "day"), ("21", "write 2016"), ("2017..2016", "before")]:
        with pytest.raises(ValueError, match=why):
            parse_dates(bad)


@run_async
async def test_the_date_dialog_shows_the_filter_as_typed_and_keeps_a_wrong_date(seeds_db):
    app = DiploApp(seeds_db)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        articles = app.screen

        async def press(*presses):  # the dialog's worker waits for the dialog: no settle() here
            for key in presses:
                await pilot.press(key)
                await pilot.pause()

        await press("d", *"2021..", "enter")
        await settle(pilot)
        assert (articles.filter.date_from, articles.filter.date_to) == ("2021", None)
        assert {a.published[:4] for a in articles.query_one("#articles").items} == {"2021"}
        await press("d")
        assert isinstance(app.screen, PromptDialog) and app.screen.query_one(Input).value == "2021.."
        await press("ctrl+u", *"2021-13", "enter")
        assert isinstance(app.screen, PromptDialog), "a wrong date closed the dialog"
        assert app.screen.query_one(Input).value == "2021-13"
        assert any("Not a date: 2021-13" in n.message and "month" in n.message for n in app._notifications)
        await press("escape")
        assert isinstance(app.screen, ArticlesScreen)
        assert (articles.filter.date_from, articles.filter.date_to) == ("2021", None)


# ---------------------------------------------------------------------------- 7. one word for one thing


def test_dates_and_headlines_as_people_write_them():
    from diplotui.store.api import date_words
    from diplotui.tui.safe import shorten

    expected = ["2016-04-03", "2016-04", "2016", "2 Apr (year unknown)", "Dec (year unknown)", "undated", "undated"]
    assert [date_words(d) for d in ("2016-04-03", "2016-04", "2016", "--04-02", "--12", "", None)] == expected
    assert shorten("Foreign ministers meet in Xiamen for talks", 30) == "Foreign ministers meet in…"
    assert shorten("Short enough", 30) == "Short enough"


@run_async
async def test_missing_and_partial_values_read_the_same_in_every_view(seeds_db):
    app = DiploApp(seeds_db)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "2 Apr ?" in text and "12 Dec ?" in text and "--04-02" not in text  # the list's short form
        assert "unknown outlet" in text and "undated" in text
        dates = [line.split()[0] for line in text.splitlines()[3:11]]
        assert "—" not in dates
        await keys(pilot, "3")
        events = app.screen.query_one("#events")
        row = next(i for i, e in enumerate(events.items) if e.place == "Xiamen")
        await keys(pilot, *["j"] * row, "enter")
        text = screen_text(app)
        assert "unknown outlet" in text and "(no outlet)" not in text
        await keys(pilot, "escape", "1", "slash", *'"foreign ministers"', "enter")
        assert '""' not in app.screen.query_one("#title").render().plain


# ---------------------------------------------------------------------------- 8. keys that do what they say


async def _open_xiamen_comparison(pilot):
    await keys(pilot, "3")
    events = pilot.app.screen.query_one("#events")
    row = next(i for i, e in enumerate(events.items) if e.place == "Xiamen")
    await keys(pilot, *["j"] * row, "enter")
    assert isinstance(pilot.app.screen, CompareScreen)
    return pilot.app.screen


@run_async
async def test_enter_in_the_facts_grid_and_in_a_report_opens_the_article(seeds_db):
    app = DiploApp(seeds_db)
    async with app.run_test(size=(160, 48)) as pilot:
        compare = await _open_xiamen_comparison(pilot)
        reports = compare.comparison.reports
        await keys(pilot, "l", "enter")  # the second report's column
        assert isinstance(app.screen, ArticleScreen) and app.screen.article_id == reports[1].article_id
        await keys(pilot, "escape", "f", "right", "right", "right")
        assert app.screen.query_one("#facts").cursor_coordinate.column == 3
        await keys(pilot, "enter")
        assert isinstance(app.screen, ArticleScreen) and app.screen.article_id == reports[2].article_id
        await keys(pilot, "escape", "h")  # the grid's cursor follows h/l to the report focused
        assert app.screen.query_one("#facts").cursor_coordinate.column == 2


@run_async
async def test_end_and_home_go_to_the_last_and_first_row(seeds_db):
    app = DiploApp(seeds_db)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#articles")
        await keys(pilot, "end")
        assert table.cursor_row == len(table.items) - 1 == 7
        await keys(pilot, "home")
        assert table.cursor_row == 0


@run_async
async def test_reader_j_k_walk_the_list_and_n_goes_from_hit_to_hit(seeds_db):
    app = DiploApp(seeds_db)
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        listed = [a.id for a in app.screen.query_one("#articles").items]
        await keys(pilot, "enter", "J")
        assert isinstance(app.screen, ArticleScreen) and app.screen.article_id == listed[1]
        await keys(pilot, "J", "K", "K")
        assert app.screen.article_id == listed[0]
        await keys(pilot, "escape")
        assert app.screen.query_one("#articles").cursor_row == 0
        await keys(pilot, "slash", *"talks", "enter", "enter")
        reader = app.screen
        assert len(reader.hits) >= 2
        body = reader.query_one("#body")
        assert body.scroll_y == 0
        await keys(pilot, "N")  # the last hit, further down the text
        assert body.scroll_y > 0 and "search hit" in screen_text(app)
        last = body.scroll_y
        await keys(pilot, "n")  # round to the first
        assert body.scroll_y < last


@run_async
async def test_the_reader_shows_and_copies_the_url(seeds_db):
    path = seeds_db
    db = open_db(path)
    with write_transaction(db):
        w = Writer(db)
        doc = w.save_document("/x/web.html", "web.html", 1, "web")
        w.add_article(doc, ArticleRow(1, "A page from the web", "Talks were held.", "w", outlet="Wire",
                                      published="2030-01-01", sort_key="2030-01-01",
                                      url="https://news.example/2030/talks"))
    db.close()
    app = DiploApp(path)
    copied = []
    app.copy_to_clipboard = copied.append
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        await keys(pilot, "enter")
        assert "https://news.example/2030/talks" in screen_text(app)
        await keys(pilot, "u")
        assert copied == ["https://news.example/2030/talks"]


# ---------------------------------------------------------------------------- 10. the export dialog


async def _until(pilot, condition):
    """Until ``condition()`` holds (a dialog's worker waits for the dialog: no settle())."""
    await until(pilot, condition)


@run_async
async def test_export_asks_before_replacing_and_a_failed_export_keeps_what_was_typed(seeds_db, tmp_path):
    app = DiploApp(seeds_db, export_dir=tmp_path)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)

        async def press(*presses):
            for key in presses:
                await pilot.press(key)
                await pilot.pause()

        async def dialog():
            await press("e")
            await _until(pilot, lambda: isinstance(app.screen, PromptDialog))
            return app.screen.query_one(Input).value

        proposed = await dialog()
        await press("enter")
        await _until(pilot, lambda: isinstance(app.screen, ArticlesScreen))
        target = tmp_path / "diplotui-search-all.md"
        assert proposed == str(target) and target.read_text().startswith("# Articles")
        target.write_text("MINE")
        assert await dialog() == proposed
        await press("enter")
        await _until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await press("n")  # not replaced: the path dialog again, with what was typed
        await _until(pilot, lambda: isinstance(app.screen, PromptDialog))
        assert app.screen.query_one(Input).value == proposed and target.read_text() == "MINE"
        await press("enter")
        await _until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await press("y")
        await _until(pilot, lambda: isinstance(app.screen, ArticlesScreen))
        assert target.read_text().startswith("# Articles")
        bad = f"{target}/inside-a-file.md"
        await dialog()
        await press("ctrl+u", *bad, "enter")
        await _until(pilot, lambda: any(n.title == "Export failed" for n in app._notifications))
        assert isinstance(app.screen, PromptDialog) and app.screen.query_one(Input).value == bad
        await press("escape")
        await _until(pilot, lambda: isinstance(app.screen, ArticlesScreen))


@run_async
async def test_one_view_exported_from_two_places_gets_one_file_name(seeds_db):
    app = DiploApp(seeds_db)
    async with app.run_test(size=(120, 35)) as pilot:
        await keys(pilot, "2", "slash", *"blinken", "escape")
        from_list = app.export_target()
        await keys(pilot, "enter")
        assert isinstance(app.screen, OfficialScreen)
        assert app.export_target() == from_list and from_list[2] == "Antony Blinken"


# ---------------------------------------------------------------------------- 12. the command palette


@run_async
async def test_the_palette_finds_officials_events_and_articles_by_name(seeds_db):
    app = DiploApp(seeds_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await keys(pilot, "ctrl+p", *"blinken")
        # the palette's search runs in the background: until its three kinds of hit are listed
        expected = ("Official: Antony Blinken", "Event: 2016-10-27 Tokyo", "Article: ")
        await until(pilot, lambda: all(hit in screen_text(app) for hit in expected), what=f"no {expected}")
        await keys(pilot, "enter")
        assert isinstance(app.screen, OfficialScreen) and app.screen.detail.official.name == "Antony Blinken"


# ---------------------------------------------------------------------------- 13. events: filter and total


@run_async
async def test_events_filter_by_participant_place_status_outlets_with_a_total(seeds_db):
    app = DiploApp(seeds_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await keys(pilot, "3")
        events = app.screen
        everything = len(events.table.items)
        assert f"{everything} events" in screen_text(app) and events.total == everything
        await keys(pilot, "slash", *"xiamen", "enter")
        assert {e.place for e in events.table.items} == {"Xiamen"} and app.focused is events.table
        await keys(pilot, "escape")  # clears the filter
        assert len(events.table.items) == everything
        await keys(pilot, "slash", *"blinken", "enter")
        assert len(events.table.items) == 4 and all("Antony Blinken" in e.participants for e in events.table.items)
        assert '"blinken"' in screen_text(app) and "4 events" in screen_text(app)
        await keys(pilot, "c", "m")
        assert events.table.items and all(e.n_outlets >= 2 for e in events.table.items)
        assert len(events.table.items) < everything and events.total == len(events.table.items)
        await keys(pilot, "m")
        await pilot.press("s")
        await _until(pilot, lambda: not isinstance(app.screen, type(events)))
        await pilot.press("j", "j", "enter")  # planned
        await settle(pilot)
        assert events.table.items and {e.status for e in events.table.items} == {"planned"}


# ---------------------------------------------------------------------------- 11. after a correction elsewhere


@run_async
async def test_reload_after_a_correction_in_another_shell_leaves_nothing_stale(seeds_db):
    from click.testing import CliRunner

    from diplotui.tui.cli import cli

    path = seeds_db
    app = DiploApp(path)
    async with app.run_test(size=(120, 35)) as pilot:
        await keys(pilot, "2", "slash", *"blinken", "enter", "enter")
        assert isinstance(app.screen, OfficialScreen) and app.screen.events
        result = CliRunner().invoke(cli, ["officials", "rename", "Antony Blinken", "Tony Blinken", "--db", str(path)])
        assert result.exit_code == 0, result.output
        await keys(pilot, "r")
        assert app.screen.detail.official.name == "Tony Blinken"
        await keys(pilot, "q")  # the list below was read again too
        assert [o.name for o in app.screen.table.items] == ["Tony Blinken"]


@run_async
async def test_an_official_gone_from_the_database_leaves_no_old_rows(seeds_db):
    app = DiploApp(seeds_db)
    async with app.run_test(size=(120, 35)) as pilot:
        await keys(pilot, "2", "slash", *"blinken", "enter", "enter")
        screen = app.screen
        assert screen.events
        screen.official_id = 10**9  # as after a merge into someone else
        await keys(pilot, "r")
        assert "no longer in the database" in screen_text(app)
        assert not screen.events and not screen.query_one("#official-articles").items


# ---------------------------------------------------------------------------- 9, 6. seen without colour, at 80×24


@run_async
async def test_the_focused_report_is_marked_without_colour(seeds_db):
    app = DiploApp(seeds_db)
    async with app.run_test(size=(160, 48)) as pilot:
        compare = await _open_xiamen_comparison(pilot)
        await keys(pilot, "l")
        second = compare.comparison.reports[1].outlet or "unknown outlet"
        text = screen_text(app)
        assert text.count("▶") == 1 and f"▶ {second}" in text
        assert compare.query("ReportColumn")[1].styles.border_top[0] == "heavy"


@pytest.mark.parametrize("view", ["1", "2", "3"])
@run_async
async def test_at_80x24_the_footer_shows_help_and_back(seeds_db, view):
    app = DiploApp(seeds_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, view)
        footer = screen_text(app).splitlines()[-1]
        assert "? Help" in footer and "q Back" in footer and "^p" in footer


# ---------------------------------------------------------------------------- 14. the user's keymap


@run_async
async def test_a_user_keymap_from_the_config_directory_rebinds_keys(seeds_db, tmp_path, monkeypatch):
    from diplotui.tui.keymap import KEYMAP_ENV

    config = tmp_path / "keymap.toml"
    config.write_text('"list.down" = "n, down"\n"app.back" = "x"\n"no.such" = "z"\n', encoding="utf-8")
    monkeypatch.setenv(KEYMAP_ENV, str(config))
    app = DiploApp(seeds_db)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#articles")
        await keys(pilot, "n", "n")
        assert table.cursor_row == 2
        # the palette and the help list the user's keys, not the default ones
        own = {(key, action) for key, _, _, action in bindings_of(app.screen, own=True)}
        assert ("n/↓", "cursor_down") in own and ("x", "back") in own, own
        assert not any(action == "cursor_down" and "j" in key.split("/") for key, action in own)
        assert any("no binding 'no.such'" in n.message for n in app._notifications)
        await keys(pilot, "enter", "x")  # x is back now
        assert isinstance(app.screen, ArticlesScreen)
        await keys(pilot, "x")
        assert not app.is_running


def test_a_broken_keymap_is_one_line_and_the_default_keys(tmp_path):
    from diplotui.tui.app import binding_ids
    from diplotui.tui.keymap import load_keymap

    bad = tmp_path / "keymap.toml"
    bad.write_text('"list.down" = \n', encoding="utf-8")
    keymap, problems = load_keymap(bad, binding_ids())
    assert keymap == {} and len(problems) == 1 and "not read" in problems[0] and "\n" not in problems[0]
    assert load_keymap(tmp_path / "missing.toml", binding_ids()) == ({}, [])


# ---------------------------------------------------------------------------- 15. at a glance


@run_async
async def test_an_official_at_a_glance_meetings_per_month_and_people_met_most(seeds_db):
    app = DiploApp(seeds_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await keys(pilot, "2", "slash", *"blinken", "enter", "enter")
        spark = app.screen.query_one("#per-month")
        dated = [e.date[:7] for e in app.screen.events if len(e.date) >= 7]
        # the seed texts date two of his four meetings: 2016-01 .. 2016-10, one bar a month
        assert sum(n for _, n in spark.months) == len(dated) == 2 and len(month_series(spark.months)) == 10
        assert "Met most Lim Sung-nam (3), Akitaka Saiki (2)" in screen_text(app)
        await keys(pilot, "3", "slash", *"blinken", "enter")
        assert sum(n for _, n in app.screen.query_one("#per-month").months) == 2


# ---------------------------------------------------------------------------- 5. widths by content


@run_async
async def test_at_80_columns_a_timeline_shows_every_column_within_the_screen(seeds_db):
    app = DiploApp(seeds_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "2", "slash", *"blinken", "enter", "enter")
        await settle(pilot)
        table = app.screen.query_one("#timeline")
        pad = 2 * table.cell_padding
        used = sum(c.width + pad for c in table.ordered_columns)
        assert used <= table.scrollable_content_region.width  # no column beyond the edge, no sideways scroll
        assert table.ordered_columns[-1].width >= 12  # "Reported by" shows, cut with "…" if need be


@run_async
async def test_comparison_columns_fill_the_screen_and_list_columns_fit_their_content(seeds_db):
    app = DiploApp(seeds_db)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        outlet = app.screen.query_one("#articles").ordered_columns[1]
        assert outlet.width == len("The Dong-A Ilbo")  # not cut at 14 ("The Korea Hera")
        compare = await _open_xiamen_comparison(pilot)
        widths = [c.outer_size.width for c in compare.query("ReportColumn")]
        assert len(widths) == 3 and sum(widths) >= 156
