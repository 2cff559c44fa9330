"""View 3: events (meetings grouped across reports), newest first; Enter compares the reports."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen

from diplotui.store.queries import EventItem, events_page

from .footer import KeysFooter
from .paged_table import PagedTable
from .safe import cell, or_dash, when
from .title_bar import TitleBar


def event_row(e: EventItem):
    return (
        cell(when(e.date)), cell(or_dash(e.place), 30), cell(or_dash(e.status)),
        cell(e.n_outlets, style="dim"), cell(", ".join(e.participants) or "—", 120),
    )  # fmt: skip


class EventsScreen(Screen):
    LEGEND = [
        ("Out", "outlets that reported the meeting (reprints of one wire count once)"),
        ("Status", "held, planned or proposed, as most reports tell it"),
    ]
    def compose(self) -> ComposeResult:
        yield TitleBar(id="title")
        yield PagedTable(
            [("Date", 10), ("Place", 12), ("Status", 8), ("Out", 3), ("Participants", None)],
            event_row, end_key=("", -1), id="events",
        )  # fmt: skip
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one(TitleBar).show("Events")
        self.query_one("#events", PagedTable).focus()
        self.reload()

    def reload(self) -> None:
        table = self.query_one("#events", PagedTable)
        table.fetch = events_page
        table.reload()

    def on_paged_table_loaded(self, event: PagedTable.Loaded) -> None:
        status = "no events yet" if event.shown == 0 else f"{event.shown} shown"
        self.query_one(TitleBar).show("Events", "", status + (", more on scroll" if event.more else ""))

    def on_paged_table_chosen(self, event: PagedTable.Chosen) -> None:
        self.app.open_event(event.item.id)
