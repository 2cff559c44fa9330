"""The app, round 3 (issue 33): room for the headline, whole questions, view keys that go to
the list, the cursor after a merge, a footer that never cuts a word, an honest chart."""

from __future__ import annotations

import pytest
from textual.widgets import Input
from tui_support import keys, run_async, screen_text, settle, until

from diplotui.tui.app import DiploApp
from diplotui.tui.article_screen import ArticleScreen
from diplotui.tui.articles_screen import ArticlesScreen
from diplotui.tui.compare_screen import CompareScreen
from diplotui.tui.dialogs import ChoiceDialog, ConfirmDialog, PromptDialog
from diplotui.tui.events_screen import EventsScreen
from diplotui.tui.footer import KeysFooter
from diplotui.tui.month_chart import MAX_CELLS, MonthChart, bars
from diplotui.tui.official_screen import OfficialScreen
from diplotui.tui.officials_screen import OfficialsScreen


async def _until(pilot, condition):
    """Pause until ``condition()`` holds (a dialog's worker waits for the dialog: no settle())."""
    await until(pilot, condition)


def line_of(app, widget) -> str:
    return "".join(segment.text for segment in widget.render_line(0)).rstrip()


def lines_of(widget) -> str:
    """A widget's lines as one line of words (what a wrapped text says)."""
    text = " ".join("".join(s.text for s in widget.render_line(y)) for y in range(widget.size.height))
    return " ".join(text.split())


# ---------------------------------------------------------------------------- 1. the headline


@run_async
async def test_at_80_columns_the_headline_has_room_and_dates_are_short(seeds_db):
    app = DiploApp(seeds_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#articles")
        date, outlet, *_, headline = table.ordered_columns
        assert headline.width >= 36, [c.width for c in table.ordered_columns]
        assert date.width == 10 and outlet.width <= 18  # dates whole
        assert "2016-10-28" in screen_text(app)
        text = screen_text(app)
        assert "12 Dec ?" in text and "(year unknown)" not in text
        assert "Will South Korea and the US Begin Regu" in text


# ---------------------------------------------------------------------------- 2. whole questions


QUESTION = ("Merge 12 Mar (year unknown), Valdora, Lena Marsk, Piet Harlow, Oskar Tenvik and "
            "14 Mar (year unknown), Valdora, Lena Marsk, Piet Harlow, Ilse Varnhout into one event "
            "reported by Northwind Courier?")


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
@pytest.mark.parametrize("dialog", [ConfirmDialog, PromptDialog])
@run_async
async def test_a_dialog_shows_its_whole_question_wrapped(seeds_db, size, dialog):
    app = DiploApp(seeds_db)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        app.push_screen(dialog(QUESTION))
        await settle(pilot)
        label = app.screen.query("Label").first()
        box = app.screen.query_one(".dialog")
        assert lines_of(label) == QUESTION
        assert label.region.right <= box.content_region.right  # drawn inside the dialog, not cut by it
        assert box.size.width >= min(size[0] * 0.8, 90)


@run_async
async def test_the_merge_question_names_both_events(seeds_db):
    app = DiploApp(seeds_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "3", "space", "j", "M")
        assert isinstance(app.screen, ConfirmDialog)
        label = app.screen.query("Label").first()
        assert label.size.height >= 2  # wrapped, not cut
        assert lines_of(label).endswith("into one event?")


# ---------------------------------------------------------------------------- 3. view keys


@run_async
async def test_a_view_key_goes_to_that_views_list(seeds_db):
    app = DiploApp(seeds_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)  # the first page is in the list before Enter opens its first row
        await keys(pilot, "enter")
        assert isinstance(app.screen, ArticleScreen)
        await keys(pilot, "1")
        assert isinstance(app.screen, ArticlesScreen)
        await keys(pilot, "3", "enter")
        assert isinstance(app.screen, CompareScreen)
        await keys(pilot, "3")
        assert isinstance(app.screen, EventsScreen)
        await keys(pilot, "enter", "2", "3")  # no stale comparison comes back
        assert isinstance(app.screen, EventsScreen)
        await keys(pilot, "2", "slash", *"blinken", "enter", "enter")
        assert isinstance(app.screen, OfficialScreen)
        await keys(pilot, "2")
        assert isinstance(app.screen, OfficialsScreen)


@run_async
async def test_an_officials_articles_clear_an_old_search(seeds_db):
    app = DiploApp(seeds_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await keys(pilot, "slash", *"Xiamen", "enter")
        await keys(pilot, "2", "slash", *"blinken", "enter", "enter", "a")
        screen = app.screen
        assert isinstance(screen, ArticlesScreen)
        assert screen.query_one("#search", Input).value == ""
        assert screen.filter.text in (None, "") and screen.filter.official_id is not None


# ---------------------------------------------------------------------------- 4. after a merge


@run_async
async def test_after_a_merge_the_cursor_is_on_the_merged_event(seeds_db):
    app = DiploApp(seeds_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await keys(pilot, "3", "j", "j", "space", "j", "j", "j", "M", "y")
        for _ in range(50):
            await settle(pilot)
            if not app.screen.marked and not app.workers._workers:
                break
        await settle(pilot)
        screen = app.screen
        merged = screen.table.current
        assert screen.table.cursor_row != 0
        assert merged is not None and merged.n_reports >= 2
        await keys(pilot, "enter")
        assert isinstance(app.screen, CompareScreen) and app.screen.event_id == merged.id


# ---------------------------------------------------------------------------- 5. the footer


@pytest.mark.parametrize("view", [[], ["enter"], ["2"], ["3"], ["3", "enter"]])
@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
@run_async
async def test_the_footer_shows_whole_keys_and_says_when_there_are_more(seeds_db, size, view):
    app = DiploApp(seeds_db)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await keys(pilot, *view)
        footer = app.screen.query_one(KeysFooter)
        line = line_of(app, footer)
        shown, palette = footer.keys()
        rest = line
        drawn = 0
        for _key, display, description, _ in shown:
            whole = f"{display} {description}"
            if whole in rest:
                rest = rest.replace(whole, "", 1)
                drawn += 1
        rest = rest.replace("… ? more", "").replace("▏", "").replace(f"{palette[1]} {palette[2]}", "")
        assert rest.strip() == "", line  # nothing cut: only whole keys and the hint
        assert line.startswith(" ? Help q Back ")
        if drawn < len(shown):
            assert "… ? more" in line
        if size[0] == 160:
            for whole in ("1 Articles", "2 Officials", "3 Events", "r Reload", "e Export"):
                assert whole in line, line


# ---------------------------------------------------------------------------- 6. the chart


def test_bars_scale_from_zero_and_fit_their_cells():
    assert bars([1, 1], 60) == ("██", 1)  # equal months are equal full bars, not flat
    assert bars([0, 4, 2], 60)[0] == " █▄"
    drawn, per = bars([1] * 200, 60)
    assert len(drawn) <= 60 and per == 4


@run_async
async def test_the_chart_says_its_span_peak_and_total_and_when_nothing_is_dated(seeds_db):
    app = DiploApp(seeds_db)
    async with app.run_test(size=(160, 48)) as pilot:
        await keys(pilot, "2", "slash", *"blinken", "enter", "enter")
        line = line_of(app, app.screen.query_one(MonthChart))
        assert "Meetings per month 2016-01 █" in line and "2016-10" in line
        assert "peak 1 in 2016-10 · 2 dated meetings" in line
        await keys(pilot, "3")
        chart = app.screen.query_one(MonthChart)
        line = line_of(app, chart)
        assert "Events per month" in line and "peak" in line
        assert len(line.split("  ")[0].split(" ", 4)[-1]) <= MAX_CELLS + 20
        chart.show([])
        await settle(pilot)
        assert "no dated events" in line_of(app, chart)


# ---------------------------------------------------------------------------- 8, 9, 11. the command line


def run_cli(*args: str):
    from click.testing import CliRunner

    from diplotui.tui.cli import cli

    return CliRunner().invoke(cli, list(args))


def test_events_list_shows_ids_and_says_when_nothing_matches(seeds_db):
    result = run_cli("events", "list", "--db", str(seeds_db))
    assert result.exit_code == 0
    first = result.output.splitlines()[0].split()
    assert first[0].isdigit() and first[1] == "2021-04-03" and "Xiamen" in result.output
    shown = run_cli("events", "show", first[0], "--db", str(seeds_db))
    assert shown.exit_code == 0 and "Xiamen" in shown.output
    assert "no event matches 'Zorvath'" in run_cli("events", "list", "Zorvath", "--db", str(seeds_db)).output


def test_official_corrections_say_who_became_whom_and_same_name_records_nothing(seeds_db):
    db = ["--db", str(seeds_db)]
    assert "no decisions recorded yet" in run_cli("officials", "decisions", *db).output
    same = run_cli("officials", "rename", "Lim Sung-nam", "Lim Sung-nam", *db)
    assert same.exit_code == 0 and "nothing recorded" in same.output
    assert "no decisions recorded yet" in run_cli("officials", "decisions", *db).output
    merged = run_cli("officials", "merge", "Antony Blinken", "Akitaka Saiki", *db)
    assert merged.exit_code == 0
    assert "merged" in merged.output and "Akitaka Saiki into" in merged.output and "Antony Blinken" in merged.output
    events = run_cli("events", "list", "Xiamen", *db).output.split()
    assert run_cli("events", "merge", events[0], run_cli("events", "list", "Tokyo", *db).output.split()[0],
                   *db).exit_code == 0
    listed = run_cli("officials", "decisions", *db).output
    assert "officials: merged Akitaka Saiki into Antony Blinken" in listed
    assert "events: merged" in listed and "now in event" in listed and "Xiamen" in listed
    assert "report(s)" not in listed


def test_officials_list_says_when_nothing_matches(seeds_db):
    result = run_cli("officials", "list", "Zorvath", "--db", str(seeds_db))
    assert result.exit_code == 0 and "no official matches 'Zorvath'" in result.output
    assert "1 meeting" in run_cli("officials", "list", "--db", str(seeds_db)).output
    assert "1 meetings" not in run_cli("officials", "list", "--db", str(seeds_db)).output


def test_ingest_of_nothing_is_a_usage_error(tmp_path):
    db = ["--db", str(tmp_path / "x.db")]
    missing = run_cli("ingest", str(tmp_path / "nowhere"), *db)
    assert missing.exit_code == 2 and "no such file or folder" in missing.output
    (tmp_path / "empty").mkdir()
    empty = run_cli("ingest", str(tmp_path / "empty"), *db)
    assert empty.exit_code == 2 and "nothing to ingest" in empty.output


# ---------------------------------------------------------------------------- 8. ids on screen


@run_async
async def test_detail_views_show_their_ids(seeds_db):
    app = DiploApp(seeds_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)  # the first page is in the list before Enter opens its first row
        await keys(pilot, "enter")
        assert f"Article {app.screen.article_id}" in screen_text(app)
        await keys(pilot, "3", "enter")
        assert f"Event {app.screen.event_id}" in screen_text(app)
        await keys(pilot, "2", "enter")
        assert f"Official {app.screen.official_id}" in screen_text(app)


# ---------------------------------------------------------------------------- 11. empty states in the app


@run_async
async def test_an_empty_base_says_how_to_ingest_and_offers_no_export(tmp_path):
    from diplotui.store.db import open_db

    open_db(tmp_path / "empty.db").close()
    app = DiploApp(tmp_path / "empty.db")
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert "no articles yet: ingest some (diplotui ingest PATH)" in screen_text(app)
        await keys(pilot, "e")
        assert not isinstance(app.screen, PromptDialog)
        assert any("Nothing to export" in str(n.message) for n in app._notifications)
        await keys(pilot, "2")
        assert "no officials yet" in screen_text(app)
        await keys(pilot, "3")
        assert "no events yet: ingest" in screen_text(app)


# ---------------------------------------------------------------------------- 12. small things


@run_async
async def test_enter_in_a_filter_goes_to_the_list_in_every_view(seeds_db):
    app = DiploApp(seeds_db)
    async with app.run_test(size=(120, 40)) as pilot:
        for view, typed in (("1", "Xiamen"), ("2", "blinken"), ("3", "blinken")):
            await keys(pilot, view, "slash", *typed, "enter")
            assert app.screen.query_one("PagedTable").has_focus, view
            assert type(app.screen) in (ArticlesScreen, OfficialsScreen, EventsScreen)


@run_async
async def test_the_outlet_picker_finds_what_is_typed(seeds_db):
    app = DiploApp(seeds_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for typed, outlet in (("jiji", "Jiji Press"), ("dong", "The Dong-A Ilbo")):
            await pilot.press("o")  # the dialog's worker waits for the dialog: no settle() until it is gone
            await _until(pilot, lambda: isinstance(app.screen, ChoiceDialog) and app.screen.is_mounted)
            await pilot.press(*typed, "enter")
            await _until(pilot, lambda: isinstance(app.screen, ArticlesScreen))
            await settle(pilot)
            assert app.screen.filter.outlet == outlet


def test_keymap_says_missing_file_did_you_mean_and_a_hidden_palette(tmp_path, monkeypatch):
    from diplotui.tui.app import binding_ids
    from diplotui.tui.keymap import keymap_path, load_keymap

    monkeypatch.setenv("DIPLOTUI_KEYMAP", str(tmp_path / "nowhere.toml"))
    _, problems = load_keymap(keymap_path(), binding_ids())
    assert problems and "no such file" in problems[0]
    path = tmp_path / "keys.toml"
    path.write_text('"list.dwn" = "j"\n"list.up" = "k,up,ctrl+p"\n')
    _, problems = load_keymap(path, binding_ids())
    assert any("did you mean 'list.down'" in p for p in problems)
    assert any("ctrl+p" in p and "command palette" in p for p in problems)


@run_async
async def test_the_readers_side_panel_has_room_at_160(seeds_db):
    app = DiploApp(seeds_db)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)  # the first page is in the list before Enter opens its first row
        await keys(pilot, "enter")
        body, side = app.screen.query_one("#body"), app.screen.query_one("#entities")
        assert body.size.width <= 100 and side.size.width >= 58


def test_exports_say_unknown_outlet_as_the_screen_does(seeds_db):
    result = run_cli("export", "search", "China", "--db", str(seeds_db))
    assert result.exit_code == 0 and "unknown outlet" in result.output


# ---------------------------------------------------------------------------- 7. the comparison


def test_a_preview_and_a_later_report_agree_on_status():
    from diplotui.store.views.compare import Fact

    def status(values, published):
        return Fact("status", values, published).disagree

    assert not status(("planned", "held"), ("2026-03-01", "2026-03-05"))  # before, then after
    assert status(("held", "planned"), ("2026-03-01", "2026-03-05"))  # held, then planned again: no
    assert status(("planned", "held"), ("2026-03-05", "2026-03-05"))  # the same day
    assert not status(("planned", "held"), (None, "2026-03-05"))  # one cannot be placed in time
    assert Fact("place", ("Valdora", "Ostrel"), ("2026-03-01", "2026-03-05")).disagree


async def _open_event(pilot, place: str, n_reports: int | None = None):
    await keys(pilot, "3")
    screen = pilot.app.screen
    row = next(i for i, e in enumerate(screen.table.items)
               if e.place == place and (n_reports is None or e.n_reports == n_reports))
    await keys(pilot, *["j"] * row, "enter")
    assert isinstance(pilot.app.screen, CompareScreen)
    return pilot.app.screen


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
@run_async
async def test_the_facts_grid_shares_the_width_and_pins_the_fact_labels(seeds_db, size):
    app = DiploApp(seeds_db)
    async with app.run_test(size=size) as pilot:
        compare = await _open_event(pilot, "Xiamen")
        facts = compare.query_one("#facts")
        assert facts.fixed_columns == 1
        widths = [c.width for c in facts.ordered_columns]
        assert sum(w + 2 for w in widths) <= size[0]  # every report's column on screen
        if size[0] == 160:
            assert min(widths[1:]) >= len("≠ Chung Eui-yong, Wang Yi")  # participants not cut
        text = screen_text(app)
        assert "≠ status" not in text  # a preview (planned) and the reports after it (held) agree


@run_async
async def test_one_report_says_only_one_outlet_reported_it(seeds_db):
    app = DiploApp(seeds_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await keys(pilot, "3")
        row = next(i for i, e in enumerate(app.screen.table.items) if e.n_reports == 1)
        await keys(pilot, *["j"] * row, "enter")
        text = screen_text(app)
        assert "Only one outlet reported this" in text and "differ on: nothing" not in text


# ---------------------------------------------------------------------------- 10. ingest progress


def test_progress_counts_stored_files_never_read_ones_and_names_the_stages(capsys):
    from diplotui.extract.ingest import Summary
    from diplotui.tui.cli import _Progress

    summary = Summary()
    progress = _Progress(6)
    for name in "abcdef":
        progress(name, summary)  # read (and handed to extraction), not stored yet
    assert progress._done(summary) == 0
    summary.articles_added = 4
    progress.stage("stored", summary, 4)
    assert progress._done(summary) == 4
    progress.stage("grouping", summary)
    progress.close()
    said = capsys.readouterr().err
    assert "grouping officials and events" in said and "6/6 files stored" in said and "4 articles stored" in said


def test_ingest_says_its_stages_and_what_the_base_holds(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "one.txt").write_text(
        "Valdora and Ostrel agree on river talks\n\nMarch 3, 2026\n\nForeign Minister Lena Marsk of Valdora "
        "met her Ostrel counterpart Piet Harlow in Kessel on Tuesday to discuss the shared river.\n")
    (folder / "two.txt").write_text(
        "Harlow to visit Valdora next month\n\nMarch 9, 2026\n\nOstrel's foreign minister Piet Harlow will "
        "travel to Valdora in April to continue the river talks with Lena Marsk, officials said.\n")
    result = run_cli("ingest", str(folder), "--db", str(tmp_path / "x.db"), "--batch-size", "1", "-j", "1")
    assert result.exit_code == 0, result.output
    assert "grouping officials and events" in result.output
    assert "the database now holds 2 articles" in result.output


# ---------------------------------------------------------------------------- beyond: an ingest beside the app


@run_async
async def test_an_ingest_beside_the_app_shows_in_the_footer_and_r_is_offered_when_it_ends(seeds_db):
    import fcntl
    import os

    app = DiploApp(seeds_db)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        fd = os.open(seeds_db, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)  # as ``store.db.ingest_lock`` holds it
            app._watch_ingest()  # what the app does every INGEST_POLL seconds
            await settle(pilot)
            assert "⟳ ingest running" in line_of(app, app.screen.query_one(KeysFooter))
        finally:
            os.close(fd)
        app._watch_ingest()
        await settle(pilot)
        assert "ingest running" not in line_of(app, app.screen.query_one(KeysFooter))
        assert any("r reloads" in str(n.message) for n in app._notifications)
