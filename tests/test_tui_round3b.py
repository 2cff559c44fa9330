"""The app, round 3 (issue 33), continued: empty states and totals (11), the comparison's
summary (7), the rules behind a report (why), undo (z) and one wording of a decision."""

from __future__ import annotations

import sqlite3

import pytest
from click.testing import CliRunner
from tui_support import keys, run_async, screen_text, settle, until

from diplotui.tui.app import DiploApp
from diplotui.tui.cli import cli
from diplotui.tui.compare_screen import CompareScreen
from diplotui.tui.dialogs import PromptDialog


def run_cli(*args: str):
    return CliRunner().invoke(cli, list(args))


def events_of(db) -> dict[int, int]:
    """report id -> event id."""
    return dict(sqlite3.connect(db).execute("SELECT id, event_id FROM reports").fetchall())


def notified(app, text: str) -> bool:
    return any(text in str(n.message) for n in app._notifications)


# ---------------------------------------------------------------------------- undo (z)


def regroup_everything(db) -> None:
    """Group every report again, as a later ingest's clustering does (the user's decisions win)."""
    from diplotui.extract.resolve import Resolver
    from diplotui.store.db import close_db, open_db, write_transaction
    from diplotui.store.write import Writer

    database = open_db(db)
    try:
        with write_transaction(database):
            w = Writer(database)
            Resolver(w).recluster_events(set(events_of(db)))
    finally:
        close_db(database)


@run_async
async def test_z_undoes_the_apps_last_correction_and_the_undo_survives_regrouping(seeds_db):
    before = events_of(seeds_db)
    app = DiploApp(seeds_db)
    async with app.run_test(size=(160, 48)) as pilot:
        await keys(pilot, "3")
        await until(pilot, lambda: len(app.screen.table.items) > 2)
        await keys(pilot, "z")  # nothing corrected yet
        await until(pilot, lambda: notified(app, "nothing to undo"))
        screen = app.screen
        first, second = screen.table.items[0], screen.table.items[1]
        a = {r for r, e in before.items() if e == first.id}
        b = {r for r, e in before.items() if e == second.id}
        await keys(pilot, "space", "j", "M", "y")
        await until(pilot, lambda: notified(app, "Merged into event"))
        merged = events_of(seeds_db)
        assert len({merged[r] for r in a | b}) == 1
        await keys(pilot, "z")
        await until(pilot, lambda: notified(app, "Undid the merge of"))
        await settle(pilot)
        undone = events_of(seeds_db)
        assert not {undone[r] for r in a} & {undone[r] for r in b}  # apart again
        message = next(str(n.message) for n in app._notifications if "Undid" in str(n.message))
        assert "\n" not in message and f"they are in event {undone[min(a | b)]} (" in message and " again" in message
        # the app's one correction is undone: nothing further back (the merge's question cleared
        # the first "nothing to undo" notice)
        said = sum("nothing to undo" in str(n.message) for n in app._notifications)
        await keys(pilot, "z")
        await until(pilot, lambda: sum("nothing to undo" in str(n.message) for n in app._notifications) == said + 1)
    kinds = [k for (k,) in sqlite3.connect(seeds_db).execute("SELECT kind FROM decisions ORDER BY id")]
    assert kinds == ["event_merge", "undo"]  # recorded like any decision
    regroup_everything(seeds_db)  # a later ingest groups the reports again: the merge stays undone
    regrouped = events_of(seeds_db)
    assert not {regrouped[r] for r in a} & {regrouped[r] for r in b}
    listed = run_cli("decisions", "--db", str(seeds_db)).output
    assert "undid decision 1 (events: merged" in listed


def partition(db) -> set[frozenset[int]]:
    """The reports grouped by event, whatever the events' ids."""
    groups: dict[int, set[int]] = {}
    for report, event in events_of(db).items():
        groups.setdefault(event, set()).add(report)
    return {frozenset(g) for g in groups.values()}


@run_async
async def test_z_undoes_a_split_made_in_the_app_but_not_a_correction_made_elsewhere(seeds_db):
    db = ["--db", str(seeds_db)]
    places = [run_cli("events", "list", place, *db).output.split()[0] for place in ("Xiamen", "Tokyo")]
    assert run_cli("events", "merge", *places, *db).exit_code == 0  # on the command line
    regroup_everything(seeds_db)  # the events as clustering makes them (the fixed base's are the gold's)
    grouped = partition(seeds_db)
    app = DiploApp(seeds_db)
    async with app.run_test(size=(160, 48)) as pilot:
        await keys(pilot, "3")
        await until(pilot, lambda: bool(app.screen.table.items))
        await keys(pilot, "z")  # the command line's merge is not the app's to undo
        await until(pilot, lambda: notified(app, "nothing to undo"))
        assert partition(seeds_db) == grouped
        row = next(i for i, e in enumerate(app.screen.table.items) if e.n_reports >= 2)
        await keys(pilot, *["j"] * row, "enter")
        await until(pilot, lambda: isinstance(app.screen, CompareScreen))
        await keys(pilot, "l", "S", "y")
        await until(pilot, lambda: notified(app, "Split out into event"))
        assert partition(seeds_db) != grouped
        await keys(pilot, "z")
        await until(pilot, lambda: notified(app, "Undid the split of 1 report"))
        assert partition(seeds_db) == grouped  # as before the split
    kinds = [k for (k,) in sqlite3.connect(seeds_db).execute("SELECT kind FROM decisions ORDER BY id")]
    assert kinds == ["event_merge", "event_split", "undo"]


# ---------------------------------------------------------------------------- one wording of a decision


def test_a_decision_is_described_in_one_place_and_the_command_line_uses_it():
    import diplotui.tui.cli as cli_module
    from diplotui.store.corrections import Decision

    assert not hasattr(cli_module, "_decision_words") and not hasattr(cli_module, "_reports_words")
    d = Decision(1, "event_merge", {"a": [["a.txt", 1, "x", "h"]], "b": [["b.txt", 2, "y", "h"]]}, "")
    assert d.describe() == "events: merged 1 report (a.txt#1) with 1 report (b.txt#2)"
    renamed = Decision(2, "rename", {"old_name": "Lena Marsk", "name": "Lena Marskova"}, "")
    assert renamed.describe() == "officials: renamed Lena Marsk to Lena Marskova"


def test_decisions_says_when_there_are_none(seeds_db):
    for command in (["decisions"], ["officials", "decisions"]):
        result = run_cli(*command, "--db", str(seeds_db))
        assert result.exit_code == 0 and "no decisions recorded yet" in result.output


# ---------------------------------------------------------------------------- 7. the comparison's summary


async def open_event_at(pilot, place: str) -> CompareScreen:
    await keys(pilot, "3")
    await until(pilot, lambda: any(e.place == place for e in pilot.app.screen.table.items))
    row = next(i for i, e in enumerate(pilot.app.screen.table.items) if e.place == place)
    await keys(pilot, *["j"] * row, "enter")
    await until(pilot, lambda: isinstance(pilot.app.screen, CompareScreen))
    return pilot.app.screen


def summary_of(screen: CompareScreen) -> str:
    return str(screen.query_one("#summary").render())


@run_async
async def test_the_summary_of_several_reports_says_only_what_there_is(seeds_db):
    app = DiploApp(seeds_db)
    async with app.run_test(size=(160, 48)) as pilot:
        said = summary_of(await open_event_at(pilot, "Xiamen"))  # three reports; each gives every fact it has
        assert "one report only" not in said and "nothing" not in said
        assert "≠ the reports differ on: participants" in said and "only one report gives" not in said
    with sqlite3.connect(seeds_db) as conn:  # two of the three reports no longer give the meeting's mode
        event = conn.execute("SELECT id FROM events WHERE place = 'Xiamen'").fetchone()[0]
        conn.execute("UPDATE reports SET mode = NULL WHERE event_id = ? AND id IN "
                     "(SELECT id FROM reports WHERE event_id = ? ORDER BY id LIMIT 2)", (event, event))
        conn.execute("UPDATE reports SET mode = 'in person' WHERE event_id = ? AND mode IS NULL AND id = "
                     "(SELECT max(id) FROM reports WHERE event_id = ?)", (event, event))
    app = DiploApp(seeds_db)
    async with app.run_test(size=(160, 48)) as pilot:
        said = summary_of(await open_event_at(pilot, "Xiamen"))
        assert "◆ only one report gives: mode" in said


# ---------------------------------------------------------------------------- the rules behind a report


@run_async
async def test_each_report_of_a_comparison_names_the_rules_that_made_it(seeds_db):
    with sqlite3.connect(seeds_db) as conn:
        conn.execute("""UPDATE reports SET why = 'same date, 2 shared participants',
                        rules = '["trigger.hosted-talks", "place.venue-without-city", "[b]x[/b]"]'""")
    app = DiploApp(seeds_db)
    async with app.run_test(size=(160, 48)) as pilot:
        await open_event_at(pilot, "Xiamen")
        await settle(pilot)
        text = screen_text(app)
        assert text.count("Made by rules trigger.hosted-talks,") == 3  # in each report's column
        assert text.count("Why in this event same date,") == 3
        assert "[b]x[/b]" in text  # as stored, never as markup


# ---------------------------------------------------------------------------- 11. totals and empty states

MANY = 140  # articles: more than a first page (FIRST rows and a screenful)
NO_OUTLET = 12  # of them, without an outlet (the outlets' counts do not hold them)
OFFICIALS = 90


@pytest.fixture(scope="module")
def many_db(tmp_path_factory):
    """Articles from two invented outlets and some from none, and officials of invented names."""
    import datetime as dt

    from diplotui.store.db import close_db, open_db, write_transaction
    from diplotui.store.write import ArticleRow, Writer

    path = tmp_path_factory.mktemp("totals") / "many.db"
    db = open_db(path)
    with write_transaction(db):
        w = Writer(db)
        for i in range(MANY):
            day = (dt.date(2021, 1, 1) + dt.timedelta(days=i)).isoformat()
            outlet = None if i < NO_OUTLET else ("Valdora Courier" if i % 2 else "Ostrel Daily")
            word = "harbour" if i % 40 == 0 else "river"
            doc = w.save_document(f"/n/{i}.txt", f"{i}.txt", 1, f"s{i}")
            w.add_article(doc, ArticleRow(1, f"Envoys talk about the {word} ({i})", f"The {word} was discussed.",
                                          f"m{i}", outlet=outlet, published=day, sort_key=day))
        for i in range(OFFICIALS):
            name = f"Lena Marsk{'abcdefghij'[i % 10]}{i:02d}"
            w.add_official(name, name.casefold(), name.split()[1].casefold(), "Valdora", "envoy")
    close_db(db)
    return path


def title_of(app) -> str:
    from diplotui.tui.title_bar import TitleBar

    return str(app.screen.query_one(TitleBar).render())


@pytest.mark.parametrize("size", [(80, 24), (120, 35)])
@run_async
async def test_articles_and_officials_show_the_bases_total_and_filters_say_when_there_are_more(many_db, size):
    app = DiploApp(many_db)
    async with app.run_test(size=size) as pilot:
        shown = lambda: len(app.screen.query_one("PagedTable").items)  # noqa: E731
        await until(pilot, lambda: f"{MANY} articles, " in title_of(app), what=title_of(app))
        assert f"{MANY} articles, {shown()} shown" in title_of(app) and shown() < MANY
        await keys(pilot, "slash", *"river", "enter")  # most articles: more than a page
        await until(pilot, lambda: "river" in title_of(app) and "more below" in title_of(app), what=title_of(app))
        assert f"{shown()} shown, more below" in title_of(app) and "articles," not in title_of(app)
        await keys(pilot, "escape", "escape", "slash", *"harbour", "enter")  # four articles: all shown
        await until(pilot, lambda: "harbour" in title_of(app) and "4 shown" in title_of(app), what=title_of(app))
        assert "more" not in title_of(app)
        await keys(pilot, "2")
        await until(pilot, lambda: f"{OFFICIALS} officials, " in title_of(app), what=title_of(app))
        assert f"{OFFICIALS} officials, {shown()} shown" in title_of(app)
        await keys(pilot, "slash", *"zzzzqx")
        await until(pilot, lambda: "no officials match" in title_of(app), what=title_of(app))
        await keys(pilot, "enter", "e")  # nothing to export from an empty list
        assert not isinstance(app.screen, PromptDialog)
        await until(pilot, lambda: notified(app, "Nothing to export"))


def test_ingest_of_files_that_hold_no_article_says_it_found_none(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "notes.txt").write_text("")
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n")
    result = run_cli("ingest", str(folder), "--db", str(tmp_path / "x.db"))
    assert result.exit_code == 1  # files were named and skipped, each with its reason: as any skipped file
    assert "found no articles in" in result.output and "every file was skipped" in result.output
    (folder / "talks.txt").write_text(
        "Valdora and Ostrel agree to reopen the river crossing\n\n"
        "Foreign Minister Lena Marsk of Valdora met her Ostrel counterpart Piet Harlow in the capital on Monday. "
        "The two ministers spent most of the afternoon on the crossing, which has been closed to lorries since "
        "the spring floods, and on the fees that traders pay at the border posts on either bank.\n\n"
        "Officials on both sides said the talks were frank and that engineers would inspect the bridge next "
        "week. A second round is planned for the autumn, when the harvest traffic is at its heaviest.\n"
    )
    again = run_cli("ingest", str(folder), "--db", str(tmp_path / "x.db"))
    assert "found no articles" not in again.output


# ---------------------------------------------------------------------------- a key typed while the app starts


@pytest.mark.parametrize("view", ["articles", "officials", "events"])
@run_async
async def test_a_lists_first_focus_is_the_list_not_its_search_box(seeds_db, monkeypatch, view):
    """The first focus is given when a view is composed, before its on_mount focuses the list: a
    key typed while a slow start is under way went to the search box ("3" searched for "3")."""
    from textual.widgets import Input

    from diplotui.tui.paged_table import PagedTable

    monkeypatch.setattr(PagedTable, "focus", lambda self, scroll_visible=True: self)  # on_mount's focus, not yet run
    app = DiploApp(seeds_db)
    async with app.run_test(size=(120, 35)) as pilot:
        await keys(pilot, {"articles": "1", "officials": "2", "events": "3"}[view])
        assert isinstance(app.screen.focused, PagedTable)
        assert all(not box.value for box in app.screen.query(Input))
