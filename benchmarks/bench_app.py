"""The app at scale: cold start, keys in each view, filters as you type, timelines, comparisons.

    python benchmarks/bench_app.py DB [--runs 20] [--starts 5]

DB is a database from ``make_scale_db.py`` (or any diplotui database). Prints p50/p95
in milliseconds of two figures per action, and the resident memory at the end:

- **data**: from the keypress to the moment the data it asked for is in hand (the last
  query the key started has returned; for a key that needs no query, the key handled);
- **screen**: from the keypress until Textual is idle again with the result painted (the
  key pressed through Textual's Pilot, every worker it started waited for, then the
  screen refreshed). This includes Pilot's own waiting, a floor of tens of ms.

- **cold start**: wall clock from launching a fresh Python process to the first page of
  the articles list in the widget (``--starts`` times);
- **articles**: cursor down, page down, the next page loaded at the end of a page, typing a
  search letter by letter (the search runs once typing pauses), clearing it;
- **officials**: cursor down, typing a name filter letter by letter, opening an official's
  meetings timeline (random officials, then the ``--runs`` officials with most meetings);
- **why**: ``w`` on the pages of the ``--runs`` officials with most meetings (the evidence
  that made one person of their mentions);
- **events**: cursor down, opening a comparison;
- **switching** views with 1, 2, 3;
- **sort**: each list sorted by another column (``]``) and the other way (``[``), a page down and
  the last page (``G``) of the sorted list, and the counts by a column (``F``, then Esc):
  articles per outlet, officials per country, events per place and per month.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

START_PROBE = """
import sys, time, asyncio
from diplotui.tui.app import DiploApp
async def main():
    app = DiploApp(sys.argv[1])
    async with app.run_test(size=(160, 48)) as pilot:
        deadline = time.perf_counter() + 120
        while not app.screen.query("#articles") or not app.screen.query_one("#articles").items:
            if time.perf_counter() > deadline:
                print("no list painted in 120 s", flush=True)
                return
            await asyncio.sleep(0.002)
        print("painted", flush=True)
asyncio.run(main())
"""


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def report(name: str, ms: list[float]) -> None:
    print(f"{name:44} p50 {statistics.median(ms):8.1f}  p95 {percentile(ms, 95):8.1f}  ms  (n={len(ms)})", flush=True)


def cold_start(db: Path, n: int) -> list[float]:
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-c", START_PROBE, str(db)], stdout=subprocess.PIPE, text=True)
        line = proc.stdout.readline()
        out.append((time.perf_counter() - t0) * 1000)
        proc.wait()
        assert line.strip() == "painted", line
    return out


READS: list[float] = []  # when each query of the app returned (perf_counter)
PAINTS: list[float] = []  # when each update of the screen was rendered to terminal output
PAINT_CPU: list[float] = []  # the UI thread's CPU time at each of those moments
QUIET = 0.04  # seconds without a paint, a message or a worker after which a key's work is done


def instrument(app) -> None:
    """Record the moment every query the app runs returns, and every paint of the screen.

    Headless, Textual computes each screen update but does not turn it into terminal
    output; the hook does that too (and throws the text away), so a paint costs what it
    costs in a terminal.
    """
    from textual._compositor import CompositorUpdate

    read = app.read

    def timed_read(query, *args, **kwargs):
        try:
            return read(query, *args, **kwargs)
        finally:
            READS.append(time.perf_counter())

    app.read = timed_read
    display = app._display

    def timed_display(screen, renderable) -> None:
        display(screen, renderable)
        if renderable is not None and not app._batch_count:
            if isinstance(renderable, CompositorUpdate):
                renderable.render_segments(app.console)
            PAINTS.append(time.perf_counter())
            PAINT_CPU.append(time.thread_time())

    app._display = timed_display


def key_event(key: str):
    """The Key event a terminal's key press becomes (as Pilot builds it)."""
    import unicodedata

    from textual import events
    from textual.app import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key

    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    try:
        char = unicodedata.lookup(_get_unicode_name_from_key(REPLACED_KEYS.get(key, key)))
    except KeyError:
        char = key if len(key) == 1 else None
    return events.Key(key, char)


def busy(app, typing: bool = False) -> bool:
    """Whether anything is left to do: a worker, a message in a queue, a screen update, a
    search waiting for typing to pause (unless ``typing``: the next letter comes first)."""
    from textual.worker import WorkerState

    if any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in app.workers):
        return True
    screen = app.screen
    if not typing and getattr(screen, "search_pending", False):
        return True
    if screen._dirty_widgets or screen._layout_required or screen._repaint_required or screen._recompose_required:
        return True
    return any(not pump._message_queue.empty() for pump in (app, *screen.walk_children(with_self=True)))


async def settle(app, since: float, typing: bool = False) -> None:
    """Wait (outside the timing) until the app has been quiet for QUIET seconds."""
    deadline = time.perf_counter() + 60
    while time.perf_counter() < deadline:
        await asyncio.sleep(0.01)
        last = max(PAINTS[-1] if PAINTS else since, READS[-1] if READS else since, since)
        if time.perf_counter() - last >= QUIET and not busy(app, typing):
            return
    raise TimeoutError("the app did not settle in 60 s")


class Timer:
    """Times keys sent the way a terminal sends them, without Pilot's waits.

    A key is posted to the app as the driver posts it; **screen** is from then to the last
    paint before the app is quiet again (no worker running, no message queued, no update
    pending, nothing painted for QUIET s); **data** to the last query it started
    returning. The waiting for quiet is outside both figures. ``profile`` (a cProfile)
    runs only while keys are timed.
    """

    def __init__(self, app, profile=None) -> None:
        self.app = app
        self.profile = profile
        for box in app.screen.query("Input"):
            box.cursor_blink = False

    async def __call__(self, *keys: str, typing: bool = False) -> tuple[float, float, float]:
        """(data ms, screen ms, UI thread CPU ms to the last paint) of the last of ``keys``
        (the ones before it are let settle). ``typing``: a letter followed by another, whose
        search (run once typing pauses) is not waited for."""
        app = self.app
        for i, key in enumerate(keys):
            last = i == len(keys) - 1
            READS.clear()
            PAINTS.clear()
            PAINT_CPU.clear()
            if last and self.profile:
                self.profile.enable()
            c0 = time.thread_time()
            t0 = time.perf_counter()
            app.post_message(key_event(key))
            await settle(app, t0, typing)
            if last and self.profile:
                self.profile.disable()
            for box in app.screen.query("Input"):  # a blinking cursor paints twice a second
                box.cursor_blink = False
        if not keys:
            c0, t0 = time.thread_time(), time.perf_counter()
            await settle(app, t0)
        data = max(READS, default=t0)
        painted = max(PAINTS, default=t0)
        cpu = max(PAINT_CPU, default=c0)
        return (data - t0) * 1000, (painted - t0) * 1000, (cpu - c0) * 1000


SECTIONS = ("articles", "switch", "officials", "timeline", "why", "events", "compare", "sort")


async def in_app(db: Path, runs: int, rnd: random.Random, only: set[str], profile=None) -> None:
    from diplotui.tui.app import DiploApp

    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    surnames = [r[0].split()[-1] for r in conn.execute("SELECT name FROM officials ORDER BY random() LIMIT ?", (runs,))]
    busiest = [r[0] for r in conn.execute("SELECT name FROM officials ORDER BY n_events DESC LIMIT ?", (runs,))]
    words = ["talks", "minister", "summit", "security", "trade", "nuclear", "cooperation", "sanctions"]
    conn.close()
    app = DiploApp(db)
    instrument(app)
    results: dict[str, list[tuple[float, float, float]]] = {}

    def add(name: str, ms: tuple[float, float, float]) -> None:
        results.setdefault(name, []).append(ms)

    async with app.run_test(size=(160, 48)):
        timed = Timer(app, profile)
        await timed()
        if "articles" in only:
            for _ in range(runs):
                add("articles: cursor down (j)", await timed("j"))
            for _ in range(runs):
                add("articles: page down", await timed("pagedown"))
            for _ in range(max(1, runs // 4)):  # to the oldest article and back: a page fetched each way
                add("articles: G (the last page) / g (first)", await timed("G"))
                add("articles: G (the last page) / g (first)", await timed("g"))
            for i in range(runs):
                word = words[i % len(words)]
                await timed("slash")
                for letter in word[:-1]:  # at the pace the bench settles: 60-150 ms a letter
                    add("articles: search, each letter typed", await timed(letter, typing=True))
                add("articles: search, last letter to results", await timed(word[-1]))
                add("articles: search, Enter to the results", await timed("enter"))
                add("articles: clear filters (c)", await timed("c"))
        if "switch" in only:
            # the first visit to a view builds it and reads its first page, once a session
            add("switch view: first visit to 2, to 3", await timed("2"))
            add("switch view: first visit to 2, to 3", await timed("3"))
            await timed("1")
            for _ in range(runs):
                add("switch view 1 -> 2 -> 3 (each)", await timed("2"))
                add("switch view 1 -> 2 -> 3 (each)", await timed("3"))
                add("switch view 1 -> 2 -> 3 (each)", await timed("1"))
        await timed("2")
        if only & {"officials", "timeline"}:
            for name in surnames:
                # the filter, focused and empty, whatever had focus on the way back from a timeline
                # (letters typed into the list would be its keys: `e` exports)
                filt = app.screen.query_one("#filter")
                filt.value = ""
                filt.focus()
                await timed()
                for letter in name.lower():
                    add("officials: filter, each letter typed", await timed(letter))
                add("officials: filter, Enter to the list", await timed("enter"))
                add("officials: open the timeline (Enter)", await timed("enter"))
                add("officials: timeline, G (the last meeting)", await timed("G"))
                add("officials: timeline, Esc back to the list", await timed("escape"))
        if only & {"timeline", "why"}:
            for name in busiest:  # timelines that fill more than a screen, as most people's do
                filt = app.screen.query_one("#filter")
                filt.value = name
                filt.focus()
                await timed()
                await timed("enter")  # the filter ends on the list, as in every view
                opened = await timed("enter")
                assert type(app.screen).__name__ == "OfficialScreen", f"Enter on {name!r} opened no timeline"
                if "timeline" in only:
                    add("officials: open a long timeline (Enter)", opened)
                    add("officials: timeline, cursor down (j)", await timed("j"))
                if "why" in only:  # the evidence of the most mentioned officials
                    add("officials: w, why one person (busiest)", await timed("w"))
                    assert type(app.screen).__name__ == "WhyScreen", f"w on {name!r} showed no evidence"
                    await timed("escape")
                await timed("escape")
        app.screen.query_one("#filter").value = ""
        await timed("escape")
        if "officials" in only:
            for _ in range(runs):
                add("officials: cursor down", await timed("down"))
        await timed("3")
        if "events" in only:
            for _ in range(runs):
                add("events: cursor down (j)", await timed("j"))
        if "compare" in only:
            for _ in range(runs):
                await timed(*["j"] * rnd.randrange(1, 5))
                add("events: open a comparison (Enter)", await timed("enter"))
                assert type(app.screen).__name__ == "CompareScreen", "Enter opened no comparison"
                add("compare: next report (l)", await timed("l"))
                add("compare: Esc back to the list", await timed("escape"))
        if "sort" in only:
            await sorts(app, timed, runs, add)
    # printed once the app has stopped: while it runs, Textual captures print()
    print(f"{'':44} {'data p50':>9} {'p95':>7}   {'screen p50':>10} {'p95':>7}   {'UI CPU p50':>10} {'p95':>7}  ms")
    for name, rows in results.items():
        figures = []
        for column in zip(*rows, strict=True):
            figures += [statistics.median(column), percentile(list(column), 95)]
        print(f"{name:44} {figures[0]:9.1f} {figures[1]:7.1f}   {figures[2]:10.1f} {figures[3]:7.1f}   "
              f"{figures[4]:10.1f} {figures[5]:7.1f}  (n={len(rows)})", flush=True)

async def sorts(app, timed, runs: int, add) -> None:
    """Each list sorted by its other columns and back, paged, and counted by a column."""
    counts = {"articles": ["per outlet"], "officials": ["per country"], "events": ["per place", "per month"]}
    for view, name in (("1", "articles"), ("2", "officials"), ("3", "events")):
        await timed(view)
        screen = app.screen
        screen.query_one("#" + name).focus()
        await timed("c" if name != "officials" else "escape")  # no filter left from the sections before
        for _ in range(max(1, runs // 4)):
            for sort in screen.SORTS[1:]:  # ] to each other column, [ the other way
                add(f"{name}: ] sort by {sort.words}", await timed("right_square_bracket"))
                add(f"{name}: sorted, page down", await timed("pagedown"))
                add(f"{name}: sorted, G (the last page)", await timed("G"))
                add(f"{name}: [ the other way", await timed("left_square_bracket"))
            if len(screen.SORTS) == 1:
                add(f"{name}: [ oldest first", await timed("left_square_bracket"))
                add(f"{name}: sorted, page down", await timed("pagedown"))
                add(f"{name}: sorted, G (the last page)", await timed("G"))
            await timed("right_square_bracket")  # ] after the last column: the list's own order again
            for what in counts[name]:  # F opens the counts, F again counts by the next column
                add(f"{name}: F, counts {what}", await timed("F"))
            await timed("escape")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("db", type=Path)
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--starts", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--only", default=",".join(SECTIONS), help=f"comma-separated sections of {', '.join(SECTIONS)}")
    ap.add_argument("--profile", type=Path, metavar="FILE",
                    help="cProfile the timed keys (the UI thread only) and write the stats to FILE")
    args = ap.parse_args(argv)
    only = {s.strip() for s in args.only.split(",") if s.strip()}
    if only - set(SECTIONS):
        ap.error(f"unknown section(s): {', '.join(sorted(only - set(SECTIONS)))}")
    from diplotui.store.db import StoreError, open_db

    try:
        open_db(args.db, readonly=True).close()
    except StoreError as exc:  # e.g. an older schema, which the `diplotui` command upgrades, not DiploApp
        print(f"bench_app: {exc}", file=sys.stderr)
        return 2
    n = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True).execute("SELECT max(id) FROM articles").fetchone()[0]
    print(f"{args.db}: about {n} articles")
    if args.starts:
        report("cold start to the first painted list", cold_start(args.db, args.starts))
    profile = None
    if args.profile:
        import cProfile

        profile = cProfile.Profile()
    asyncio.run(in_app(args.db, args.runs, random.Random(args.seed), only, profile))
    if profile is not None:
        profile.dump_stats(args.profile)
        print(f"profile of the timed keys in {args.profile} (python -m pstats {args.profile})")
    print(f"peak resident memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
