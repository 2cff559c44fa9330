"""Event corrections from the app (issue 22, point 4) and why the store says what it says (point 5)."""

from __future__ import annotations

import fcntl
import os
import sqlite3
import subprocess
import sys

from tui_support import keys, run_async, screen_text, settle, until

from diplotui.tui.app import DiploApp
from diplotui.tui.compare_screen import CompareScreen
from diplotui.tui.dialogs import ConfirmDialog
from diplotui.tui.events_screen import EventsScreen
from diplotui.tui.official_screen import OfficialScreen
from diplotui.tui.why_screen import WhyScreen


def events_of(db) -> dict[int, int]:
    """report id -> event id."""
    return dict(sqlite3.connect(db).execute("SELECT id, event_id FROM reports").fetchall())


async def _until(pilot, condition):
    await until(pilot, condition)


def _notified(app, text: str) -> bool:
    return any(text in n.message for n in app._notifications)


# ---------------------------------------------------------------------------- merge


@run_async
async def test_space_marks_an_event_and_M_merges_it_with_another_once_confirmed(seeds_db):
    before = events_of(seeds_db)
    n_before = sqlite3.connect(seeds_db).execute("SELECT count(*) FROM events").fetchone()[0]
    app = DiploApp(seeds_db)
    async with app.run_test(size=(160, 40)) as pilot:
        await keys(pilot, "3")
        screen = app.screen
        assert isinstance(screen, EventsScreen)
        first, second = screen.table.items[0], screen.table.items[1]
        await keys(pilot, "M")  # nothing marked yet: says how, changes nothing
        assert _notified(app, "Mark an event first")
        await keys(pilot, "space")
        assert list(screen.marked.values()) == [first] and "* " in screen_text(app) and "M merges" in screen_text(app)
        await keys(pilot, "M")  # the marked event itself
        assert _notified(app, "That is the marked event")
        await keys(pilot, "j", "M")
        assert isinstance(app.screen, ConfirmDialog)
        await keys(pilot, "n")  # declined: nothing written, the mark stays
        assert events_of(seeds_db) == before and list(screen.marked.values()) == [first]
        await keys(pilot, "M", "y")
        await _until(pilot, lambda: _notified(app, "Merged into event"))
        await settle(pilot)
        after = events_of(seeds_db)
        merged = {r for r, e in before.items() if e in (first.id, second.id)}
        assert len({after[r] for r in merged}) == 1  # their reports are one event now
        assert not screen.marked  # spent
        n_events = sqlite3.connect(seeds_db).execute("SELECT count(*) FROM events").fetchone()[0]
        assert n_events < n_before and len(screen.table.items) == n_events  # the list read again
    decisions = sqlite3.connect(seeds_db).execute("SELECT kind FROM decisions").fetchall()
    assert ("event_merge",) in decisions  # recorded, so that every later ingest keeps it


@run_async
async def test_a_merge_while_an_ingest_holds_the_lock_is_refused_in_one_line_and_writes_nothing(seeds_db):
    before = events_of(seeds_db)
    app = DiploApp(seeds_db)
    fd = os.open(seeds_db, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # as `diplotui ingest` holds it
        async with app.run_test(size=(160, 40)) as pilot:
            await keys(pilot, "3", "space", "j", "M", "y")
            await _until(pilot, lambda: _notified(app, "an ingest is writing"))
            message = next(n.message for n in app._notifications if "ingest" in n.message)
            assert "\n" not in message
            assert app.screen.marked  # nothing lost: the mark is still there
    finally:
        os.close(fd)
    assert events_of(seeds_db) == before
    assert sqlite3.connect(seeds_db).execute("SELECT count(*) FROM decisions").fetchone() == (0,)


def test_a_merge_in_the_app_does_not_import_spacy(seeds_db):
    """The correction code runs in the app's process; spaCy must stay out of it."""
    code = f"""
import asyncio, sys
sys.path.insert(0, {str(os.path.dirname(__file__))!r})
from tui_support import keys, until
from diplotui.tui.app import DiploApp

async def main():
    app = DiploApp({str(seeds_db)!r})
    async with app.run_test(size=(160, 40)) as pilot:
        await keys(pilot, "3", "space", "j", "M", "y")
        try:
            await until(pilot, lambda: any("Merged into event" in n.message for n in app._notifications))
        except AssertionError:
            sys.exit(3)
    sys.exit(2 if "spacy" in sys.modules else 0)

asyncio.run(main())
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, (done.returncode, done.stderr[-2000:])


# ---------------------------------------------------------------------------- split


@run_async
async def test_S_in_a_comparison_splits_the_focused_report_out_once_confirmed(seeds_db):
    before = events_of(seeds_db)
    app = DiploApp(seeds_db)
    async with app.run_test(size=(160, 48)) as pilot:
        await keys(pilot, "3", "enter")  # the newest event, reported three times
        screen = app.screen
        assert isinstance(screen, CompareScreen) and len(screen.comparison.reports) == 3
        event_id = screen.event_id
        await keys(pilot, "l")  # the second report
        report = screen.comparison.reports[1]
        screen_reports = screen.comparison.reports
        await keys(pilot, "S")
        assert isinstance(app.screen, ConfirmDialog)
        await keys(pilot, "escape")  # declined
        assert events_of(seeds_db) == before
        await keys(pilot, "S", "y")
        await _until(pilot, lambda: _notified(app, "Split out into event"))
        await settle(pilot)
        after = events_of(seeds_db)
        others = [r.id for r in screen_reports if r.id != report.id]
        assert all(after[report.id] != after[r] for r in others)  # an event of its own
        left = sum(e == event_id for e in after.values())  # (resolution regroups the rest as it sees them)
        assert (len(screen.comparison.reports) if screen.comparison else 0) == left  # the comparison read again
    decisions = sqlite3.connect(seeds_db).execute("SELECT kind FROM decisions").fetchall()
    assert ("event_split",) in decisions


# ---------------------------------------------------------------------------- why


async def _open_official_page(pilot, app, oid: int) -> None:
    app.open_official(oid)
    await _until(pilot, lambda: isinstance(app.screen, OfficialScreen))
    await settle(pilot)


async def _press_why(pilot, app) -> None:
    await keys(pilot, "w")
    await _until(pilot, lambda: isinstance(app.screen, WhyScreen))


@run_async
async def test_the_comparison_says_why_each_report_is_in_the_event(seeds_db):
    with sqlite3.connect(seeds_db) as conn:
        conn.execute("UPDATE reports SET why = '2 shared participants, same date, [b]same[/b] place'")
    app = DiploApp(seeds_db)
    async with app.run_test(size=(160, 48)) as pilot:
        await keys(pilot, "3", "enter")
        text = screen_text(app)
        assert text.count("Why in this event 2 shared participants,") == 3  # in each report's column
        assert "[b]same[/b] place" in text  # as written, never as markup


@run_async
async def test_the_official_page_gives_each_name_its_reason_and_w_the_evidence(seeds_db):
    with sqlite3.connect(seeds_db) as conn:
        oid = conn.execute("SELECT official_id FROM aliases GROUP BY official_id ORDER BY count(*) DESC").fetchone()[0]
        name = conn.execute("SELECT name FROM officials WHERE id = ?", (oid,)).fetchone()[0]
        conn.execute("UPDATE aliases SET why = 'same full name (spelling variants)' WHERE official_id = ?", (oid,))
        ids = [r[0] for r in conn.execute("SELECT id FROM mentions WHERE official_id = ?", (oid,))]
        conn.executemany("UPDATE mentions SET person_country = ?, person_title = 'Foreign Minister' WHERE id = ?",
                         [("Ruritania" if i else "Elbonia", m) for i, m in enumerate(ids)])
    app = DiploApp(seeds_db)
    async with app.run_test(size=(160, 48)) as pilot:
        await _open_official_page(pilot, app, oid)
        assert "same full name (spelling variants)" in screen_text(app)
        await _press_why(pilot, app)
        text = screen_text(app)
        assert name in text and "Ruritania" in text and "Foreign Minister" in text
        if len(ids) > 1:
            assert text.index("Ruritania") < text.index("Elbonia")  # most mentions first
        await keys(pilot, "escape")
        assert isinstance(app.screen, OfficialScreen)


def _busiest_with_context(db) -> tuple[int, list[int]]:
    """The official with most mentions, and their mention ids newest first, the newest two
    given "Ruritania", the others "Elbonia" (more of them: the older majority)."""
    with sqlite3.connect(db) as conn:
        oid = conn.execute("SELECT official_id FROM mentions GROUP BY official_id ORDER BY count(*) DESC").fetchone()[0]
        ids = [r[0] for r in conn.execute("SELECT id FROM mentions WHERE official_id = ? "
                                          "ORDER BY sort_key DESC, article_id DESC", (oid,))]
        conn.executemany("UPDATE mentions SET sort_key = ?, person_country = ? WHERE id = ?",
                         [(f"2030-01-{31 - i:02d}", "Ruritania" if i < 2 else "Elbonia", m)
                          for i, m in enumerate(ids)])
        conn.execute("UPDATE officials SET n_mentions = ? WHERE id = ?", (len(ids), oid))
    return oid, ids


def test_the_evidence_is_counted_in_the_most_recent_mentions_and_says_so(seeds_db):
    from diplotui.store.db import open_db
    from diplotui.store.why import official_evidence

    oid, ids = _busiest_with_context(seeds_db)
    assert len(ids) >= 5
    db = open_db(seeds_db, readonly=True)
    whole = official_evidence(db, oid)
    assert not whole.sampled and whole.counted == whole.mentions == len(ids)
    assert whole.countries == (("Elbonia", len(ids) - 2), ("Ruritania", 2))
    newest = official_evidence(db, oid, sample=3)  # the two newest and one more
    assert newest.sampled and (newest.counted, newest.mentions) == (3, len(ids))
    assert newest.countries == (("Ruritania", 2), ("Elbonia", 1))


@run_async
async def test_w_says_when_the_evidence_is_counted_in_the_most_recent_mentions_only(seeds_db, monkeypatch):
    from diplotui.store import why

    oid, ids = _busiest_with_context(seeds_db)
    monkeypatch.setattr(why, "EVIDENCE_MENTIONS", 3)
    app = DiploApp(seeds_db)
    async with app.run_test(size=(160, 48)) as pilot:
        await _open_official_page(pilot, app, oid)
        await _press_why(pilot, app)
        text = screen_text(app)
        assert f"Counted in the newest 3 of {len(ids)} mentions" in text
        assert f"({len(ids) - 3} more, older, not counted)" in text
        assert text.index("Ruritania") < text.index("Elbonia")


@run_async
async def test_a_base_without_reasons_for_names_shows_the_names_alone(seeds_db):
    """Before schema 9 there is no aliases.why: the page and `w` still work."""
    with sqlite3.connect(seeds_db) as conn:
        oid = conn.execute("SELECT official_id FROM aliases GROUP BY official_id ORDER BY count(*) DESC").fetchone()[0]
        conn.execute("ALTER TABLE aliases DROP COLUMN why")  # as a base written before the column
    app = DiploApp(seeds_db)
    async with app.run_test(size=(160, 48)) as pilot:
        await _open_official_page(pilot, app, oid)
        assert "Also written" in screen_text(app)
        await _press_why(pilot, app)
        assert "no reason recorded" in screen_text(app)


# ---------------------------------------------------------------------------- speed


@run_async
async def test_report_columns_off_screen_are_drawn_when_they_come_into_view(seeds_db):
    app = DiploApp(seeds_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "3", "enter")  # three reports, two columns fit in 80
        columns = list(app.screen.query("ReportColumn"))
        assert [c.filled for c in columns] == [True, True, False]
        await keys(pilot, "l", "l")
        assert columns[2].filled and app.focused is columns[2]
        assert columns[2].comparison.reports[2].headline.split()[0] in screen_text(app)
        await keys(pilot, "h", "h")
        app.screen.query_one("#columns").scroll_end(animate=False)  # scrolled to, not focused
        await settle(pilot)
        assert all(c.filled for c in columns)
