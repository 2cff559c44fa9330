"""The app tests' wait for queries (``tui_support.settle``): a query replaced by a newer one
counts as finished, and the newer one is still waited for."""

from __future__ import annotations

import asyncio

from textual.app import App
from tui_support import run_async, settle


class _Queries(App):
    """An app whose queries run as exclusive workers of one group, as the lists' pages do."""

    def __init__(self) -> None:
        super().__init__()
        self.done: list[str] = []
        self.release = asyncio.Event()

    async def query(self, name: str) -> None:
        await self.release.wait()  # the query's work, until the test lets it end
        self.done.append(name)

    def start(self, name: str) -> None:
        self.run_worker(self.query(name), group="page", exclusive=True)


@run_async
async def test_settle_takes_a_replaced_query_as_finished_and_waits_for_the_newer_one():
    app = _Queries()
    async with app.run_test() as pilot:
        app.start("first")
        await pilot.pause()
        # while the test waits, a newer query replaces the first (a key handled meanwhile)
        app.call_later(app.start, "second")
        app.call_later(app.release.set)
        await settle(pilot)
        assert app.done == ["second"]
        assert all(w.is_finished for w in app.workers)
