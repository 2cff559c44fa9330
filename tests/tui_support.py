"""Helpers for the app tests: databases built once per session, and waiting for workers."""

from __future__ import annotations

import asyncio
import functools
import html
import re

from textual.pilot import Pilot

from diplotui.tui.app import DiploApp


async def settle(pilot: Pilot, rounds: int = 3) -> None:
    """Wait until queries started by the last key (and the ones they start) have finished."""
    for _ in range(rounds):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def keys(pilot: Pilot, *presses: str) -> None:
    """Press keys one at a time, letting each one's query finish (like a person would)."""
    for key in presses:
        await pilot.press(key)
        await settle(pilot)


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
