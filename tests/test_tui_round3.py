"""The app, round 3 (issue 33): room for the headline, whole questions, view keys that go to
the list, the cursor after a merge, a footer that never cuts a word, an honest chart."""

from __future__ import annotations

import shutil

import pytest
from kb_builder import build_seed_db
from textual.widgets import Input
from tui_support import keys, run_async, screen_text, settle

from diplotui.tui.app import DiploApp
from diplotui.tui.article_screen import ArticleScreen
from diplotui.tui.articles_screen import ArticlesScreen
from diplotui.tui.compare_screen import CompareScreen
from diplotui.tui.dialogs import ConfirmDialog, PromptDialog
from diplotui.tui.events_screen import EventsScreen
from diplotui.tui.footer import KeysFooter
from diplotui.tui.month_chart import MAX_CELLS, MonthChart, bars
from diplotui.tui.official_screen import OfficialScreen
from diplotui.tui.officials_screen import OfficialsScreen


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory):
    return build_seed_db(tmp_path_factory.mktemp("round3") / "seeds.db")


@pytest.fixture
def own_db(seeds_db, tmp_path):
    """A copy of the fixed base that a test may correct."""
    return shutil.copy(seeds_db, tmp_path / "own.db")


def line_of(app, widget) -> str:
    return "".join(segment.text for segment in widget.render_line(0)).rstrip()


def lines_of(widget) -> str:
    """A widget's lines as one line of words (what a wrapped text says)."""
    text = " ".join("".join(s.text for s in widget.render_line(y)) for y in range(widget.size.height))
    return " ".join(text.split())


# ---------------------------------------------------------------------------- 1. the headline


@run_async
async def test_at_80_columns_the_headline_has_half_the_row_and_dates_are_short(seeds_db):
    app = DiploApp(seeds_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#articles")
        date, outlet, *_, headline = table.ordered_columns
        assert headline.width >= 38, [c.width for c in table.ordered_columns]
        assert date.width <= 10 and outlet.width <= 18
        text = screen_text(app)
        assert "12 Dec ?" in text and "(year unknown)" not in text
        assert "Will South Korea and the US Begin Regul" in text


# ---------------------------------------------------------------------------- 2. whole questions


QUESTION = ("Merge 12 Mar (year unknown), Valdora, Lena Marsk, Piet Harlow, Oskar Tenvik and "
            "14 Mar (year unknown), Valdora, Lena Marsk, Piet Harlow, Ilse Varnhout into one event "
            "reported by Northwind Courier?")  # fmt: skip


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
async def test_the_merge_question_names_both_events(own_db):
    app = DiploApp(own_db)
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
        await keys(pilot, "2", "slash", *"blinken", "enter")
        assert isinstance(app.screen, OfficialScreen)
        await keys(pilot, "2")
        assert isinstance(app.screen, OfficialsScreen)


@run_async
async def test_an_officials_articles_clear_an_old_search(seeds_db):
    app = DiploApp(seeds_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await keys(pilot, "slash", *"Xiamen", "enter")
        await keys(pilot, "2", "slash", *"blinken", "enter", "a")
        screen = app.screen
        assert isinstance(screen, ArticlesScreen)
        assert screen.query_one("#search", Input).value == ""
        assert screen.filter.text in (None, "") and screen.filter.official_id is not None


# ---------------------------------------------------------------------------- 4. after a merge


@run_async
async def test_after_a_merge_the_cursor_is_on_the_merged_event(own_db):
    app = DiploApp(own_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await keys(pilot, "3", "j", "j", "space", "j", "j", "j", "M", "y")
        for _ in range(50):
            await settle(pilot)
            if app.screen.marked is None and not app.workers._workers:
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
        await keys(pilot, "2", "slash", *"blinken", "enter")
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


def test_official_corrections_say_who_became_whom_and_same_name_records_nothing(own_db):
    db = ["--db", str(own_db)]
    assert "no corrections recorded yet" in run_cli("officials", "decisions", *db).output
    same = run_cli("officials", "rename", "Lim Sung-nam", "Lim Sung-nam", *db)
    assert same.exit_code == 0 and "nothing recorded" in same.output
    assert "no corrections recorded yet" in run_cli("officials", "decisions", *db).output
    merged = run_cli("officials", "merge", "Antony Blinken", "Akitaka Saiki", *db)
    assert merged.exit_code == 0
    assert "merged" in merged.output and "Akitaka Saiki into" in merged.output and "Antony Blinken" in merged.output
    events = run_cli("events", "list", "Xiamen", *db).output.split()
    assert run_cli("events", "merge", events[0], run_cli("events", "list", "Tokyo", *db).output.split()[0],
                   *db).exit_code == 0  # fmt: skip
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
