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
  search letter by letter (each letter runs the search), clearing it;
- **officials**: cursor down, typing a name filter letter by letter, opening an official's
  meetings timeline (random officials, then the ``--runs`` officials with most meetings);
- **events**: cursor down, opening a comparison;
- **switching** views with 1, 2, 3.
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


def instrument(app) -> None:
    """Record the moment every query the app runs returns."""
    read = app.read

    def timed_read(query, *args, **kwargs):
        try:
            return read(query, *args, **kwargs)
        finally:
            READS.append(time.perf_counter())

    app.read = timed_read


async def timed2(pilot, *presses: str) -> tuple[float, float]:
    """(data ms, screen ms) for pressing ``presses``."""
    READS.clear()
    t0 = time.perf_counter()
    for key in presses:
        await pilot.press(key)
    handled = time.perf_counter()
    await pilot.app.workers.wait_for_complete()
    data = max(READS, default=handled)
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()  # a page the first one asked for
    await pilot.pause()
    return (data - t0) * 1000, (time.perf_counter() - t0) * 1000


async def timed(pilot, *presses: str) -> tuple[float, float]:
    return await timed2(pilot, *presses)


async def in_app(db: Path, runs: int, rnd: random.Random) -> None:
    from diplotui.tui.app import DiploApp

    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    surnames = [r[0].split()[-1] for r in conn.execute("SELECT name FROM officials ORDER BY random() LIMIT ?", (runs,))]
    busiest = [r[0] for r in conn.execute("SELECT name FROM officials ORDER BY n_events DESC LIMIT ?", (runs,))]
    words = ["talks", "minister", "summit", "security", "trade", "nuclear", "cooperation", "sanctions"]
    conn.close()
    app = DiploApp(db)
    instrument(app)
    async with app.run_test(size=(160, 48)) as pilot:
        await timed(pilot)
        results: dict[str, list[tuple[float, float]]] = {}

        def add(name: str, ms: tuple[float, float]) -> None:
            results.setdefault(name, []).append(ms)

        for _ in range(runs):
            add("articles: cursor down (j)", await timed(pilot, "j"))
        for _ in range(runs):
            add("articles: page down", await timed(pilot, "pagedown"))
        for _ in range(max(1, runs // 4)):  # to the oldest article and back: a page fetched each way
            add("articles: G (the last page) / g (first)", await timed(pilot, "G"))
            add("articles: G (the last page) / g (first)", await timed(pilot, "g"))
        for i in range(runs):
            word = words[i % len(words)]
            await timed(pilot, "slash")
            for letter in word:
                add("articles: search, each letter typed", await timed(pilot, letter))
            add("articles: search, Enter to the results", await timed(pilot, "enter"))
            add("articles: clear filters (c)", await timed(pilot, "c"))
        for _ in range(runs):
            add("switch view 1 -> 2 -> 3 (each)", await timed(pilot, "2"))
            add("switch view 1 -> 2 -> 3 (each)", await timed(pilot, "3"))
            add("switch view 1 -> 2 -> 3 (each)", await timed(pilot, "1"))
        await timed(pilot, "2")
        for name in surnames:
            # the filter, focused and empty, whatever had focus on the way back from a timeline
            # (letters typed into the list would be its keys: `e` exports)
            filt = app.screen.query_one("#filter")
            filt.value = ""
            filt.focus()
            await timed(pilot)
            for letter in name.lower():
                add("officials: filter, each letter typed", await timed(pilot, letter))
            add("officials: open the timeline (Enter)", await timed(pilot, "enter"))
            add("officials: timeline, G (the last meeting)", await timed(pilot, "G"))
            await timed(pilot, "escape")
        for name in busiest:  # timelines that fill more than a screen, as most people's do
            filt = app.screen.query_one("#filter")
            filt.value = name
            filt.focus()
            await timed(pilot)
            add("officials: open a long timeline (Enter)", await timed(pilot, "enter"))
            assert type(app.screen).__name__ == "OfficialScreen", f"Enter on {name!r} opened no timeline"
            await timed(pilot, "escape")
        app.screen.query_one("#filter").value = ""
        await timed(pilot, "escape")
        for _ in range(runs):
            add("officials: cursor down", await timed(pilot, "down"))
        await timed(pilot, "3")
        for _ in range(runs):
            add("events: cursor down (j)", await timed(pilot, "j"))
        for _ in range(runs):
            await timed(pilot, *["j"] * rnd.randrange(1, 5))
            add("events: open a comparison (Enter)", await timed(pilot, "enter"))
            await timed(pilot, "escape")
    # printed once the app has stopped: while it runs, Textual captures print()
    print(f"{'':44} {'data p50':>9} {'p95':>7}   {'screen p50':>10} {'p95':>7}  ms")
    for name, pairs in results.items():
        data = [d for d, _ in pairs]
        screen = [s for _, s in pairs]
        print(f"{name:44} {statistics.median(data):9.1f} {percentile(data, 95):7.1f}   "
              f"{statistics.median(screen):10.1f} {percentile(screen, 95):7.1f}  (n={len(pairs)})", flush=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("db", type=Path)
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--starts", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
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
    asyncio.run(in_app(args.db, args.runs, random.Random(args.seed)))
    print(f"peak resident memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
