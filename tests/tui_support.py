"""Helpers for the app tests: databases built once per session, and waiting for workers."""

from __future__ import annotations

import asyncio
import functools
import html
import re
import time
from collections.abc import Callable

from textual.pilot import Pilot
from textual.worker import WorkerCancelled

from diplotui.tui.app import DiploApp


async def settle(pilot: Pilot, rounds: int = 3) -> None:
    """Wait until queries started by the last key (and the ones they start) have finished."""
    for _ in range(rounds):
        await _workers_done(pilot)
        await pilot.pause()


async def _workers_done(pilot: Pilot) -> None:
    """Wait for every worker of the app, each on its own: a query replaced by a newer one (an
    exclusive worker, cancelled by the next) has finished as far as a test is concerned, and
    the others are still waited for. (``wait_for_complete`` raises at the first cancelled one
    and leaves the rest running: on a busy machine a key's query could be cancelled meanwhile.)
    A worker that failed still fails the test."""
    while running := [w for w in pilot.app.workers if not w.is_finished]:
        for worker in running:
            try:
                await worker.wait()
            except WorkerCancelled:
                pass


async def keys(pilot: Pilot, *presses: str) -> None:
    """Press keys one at a time, letting each one's query finish (like a person would)."""
    for key in presses:
        await pilot.press(key)
        await settle(pilot)


DEADLINE = 60.0  # seconds: a wait gives up only when something hangs, however busy the machine


async def until(pilot: Pilot, condition: Callable[[], bool], timeout: float = DEADLINE,
                what: str = "the app did not get there") -> None:
    """Wait, a frame at a time, until ``condition()`` holds: as soon as it does, and failing
    only past ``timeout`` seconds of wall clock (a count of short pauses ran out on a busy
    machine, where each pause takes longer)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} (waited {timeout:.0f} s)")
        await pilot.pause(0.02)


def wait_until(condition: Callable[[], bool], timeout: float = DEADLINE, what: str = "never happened") -> None:
    """``until`` for a test outside the app (a process, a file): poll until ``condition()``."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} (waited {timeout:.0f} s)")
        time.sleep(0.02)


def screen_text(app: DiploApp) -> str:
    """What the terminal shows, as plain text (from the SVG screenshot)."""
    svg = app.export_screenshot()
    lines = re.findall(r"<text[^>]*>(.*?)</text>", svg, flags=re.S)
    return html.unescape("".join(lines)).replace("\xa0", " ")


def run_async(test):
    """Run an ``async def`` test without an async pytest plugin."""

    @functools.wraps(test)
    def wrapper(*args, **kwargs):
        return asyncio.run(test(*args, **kwargs))

    return wrapper


def walk(fetch, key_of, end, size: int) -> tuple[list, list]:
    """Every row of a keyset-paged list, forward page by page, then backward from its end."""
    forward, after = [], None
    while True:
        page = fetch(after=after, limit=size)
        forward += page.items
        if not page.more:
            break
        after = key_of(page.items[-1])
    backward, before = [], end
    while True:
        page = fetch(before=before, limit=size)
        backward = list(page.items) + backward
        if not page.more:
            break
        before = key_of(page.items[0])
    return forward, backward
