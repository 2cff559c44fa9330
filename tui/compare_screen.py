"""An event's reports side by side: a facts grid, then one scrollable column per report."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import HorizontalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual.worker import Worker, WorkerState

from diplotui.store.queries import EventComparison, event_comparison

from .key_table import KeyTable
from .report_column import DIFFERS, ONLY_HERE, ReportColumn, fact_cell, source_label
from .safe import cell, or_dash
from .title_bar import TitleBar


class CompareScreen(Screen):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="compare.back"),
        Binding("l", "column(1)", "Next report", key_display="l/→", id="compare.next"),
        Binding("h", "column(-1)", "Previous report", key_display="h/←", id="compare.previous"),
        Binding("right", "column(1)", "Next report", show=False),
        Binding("left", "column(-1)", "Previous report", show=False),
        Binding("f", "facts", "Facts grid", id="compare.facts"),
    ]

    def __init__(self, event_id: int) -> None:
        super().__init__()
        self.event_id = event_id
        self.comparison: EventComparison | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar(id="title")
        yield Static(id="summary")
        yield KeyTable(id="facts", cursor_type="cell")
        yield HorizontalScroll(id="columns")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(TitleBar).show("Compare", "loading…")
        self.reload()

    @work(thread=True, exclusive=True, exit_on_error=False, name="loading the comparison")
    def reload(self) -> EventComparison | None:
        return self.app.read(event_comparison, self.event_id)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.node is self and event.state == WorkerState.SUCCESS:
            self._show(event.worker.result)

    def _show(self, c: EventComparison | None) -> None:
        self.comparison = c
        if c is None:
            self.query_one(TitleBar).show("Compare", "event not found (the database changed?)")
            return
        e = c.event
        self.query_one(TitleBar).show(
            "Compare", f"{or_dash(e.date)} · {e.place or 'place unknown'} · {', '.join(e.participants)}",
            f"{len(c.reports)} reports · {e.n_outlets} outlets",
        )
        differ = [f.name for f in c.facts if f.disagree]
        single = [f.name for f in c.facts if f.single_source]
        summary = Text()
        summary.append(f"{DIFFERS} reports differ on: ", style="bold")
        summary.append(", ".join(differ) or "nothing")
        summary.append(f"   {ONLY_HERE} one report only: ", style="bold")
        summary.append(", ".join(single) or "nothing")
        self.query_one("#summary", Static).update(summary)

        facts = self.query_one("#facts", KeyTable)
        facts.clear(columns=True)
        facts.add_column("Fact", width=14)
        for r in c.reports:
            facts.add_column(cell(source_label(r.outlet, r.published), 26), width=26)
        for f in c.facts:
            mark = DIFFERS if f.disagree else (ONLY_HERE if f.single_source else " ")
            facts.add_row(cell(f"{mark} {f.name}"), *(fact_cell(c, f.name, i) for i in range(len(c.reports))))

        columns = self.query_one("#columns", HorizontalScroll)
        columns.remove_children()
        columns.mount_all(ReportColumn(c, i) for i in range(len(c.reports)))
        self.call_after_refresh(self._focus_first)

    def _focus_first(self) -> None:
        first = self.query(ReportColumn).first(None) if self.query(ReportColumn) else None
        (first or self.query_one("#facts")).focus()

    def action_column(self, delta: int) -> None:
        columns = list(self.query(ReportColumn))
        if not columns:
            return
        current = self.focused if isinstance(self.focused, ReportColumn) else None
        index = columns.index(current) + delta if current else 0
        target = columns[max(0, min(index, len(columns) - 1))]
        target.focus()
        target.scroll_visible(animate=False)

    def action_facts(self) -> None:
        self.query_one("#facts", KeyTable).focus()
