"""An event's reports side by side: a facts grid, then one scrollable column per report."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import HorizontalScroll
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from diplotui.store.api import EventComparison, event_comparison
from diplotui.store.why import ReportWhy, report_reasons

from .dialogs import ConfirmDialog
from .footer import KeysFooter
from .key_table import KeyTable
from .report_column import DIFFERS, ONLY_HERE, ReportColumn, fact_cell, source_label
from .safe import cell, counted, when
from .title_bar import TitleBar
from .view import View

COLUMN_MIN = 40  # a report column's least width (two fit side by side at 80 columns); narrower, its sentences
# become a few words a line
FACT_WIDTH = 14  # the facts grid's label column
GRID_MIN = 18  # a report's least width in the facts grid (an outlet and a date)


class CompareScreen(View):
    """Opened with its comparison already read (``DiploApp.open_event``), so that it is
    composed once, columns included, and focus lands once (mounting the columns after the
    screen is shown, and moving focus to them, costs several full restyles)."""

    AUTO_FOCUS = ".report"
    HELP_TITLE = "Compare"
    LEGEND = [
        (DIFFERS, "the reports differ on this fact"),
        (ONLY_HERE, "only this report gives this fact"),
        ("—", "the report does not say"),
    ]
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", show=False, id="compare.back"),
        Binding("l", "column(1)", "Next", tooltip="Next report", key_display="l/→", id="compare.next"),
        Binding("h", "column(-1)", "Prev", tooltip="Previous report", key_display="h/←", id="compare.previous"),
        Binding("right", "column(1)", "Next report", show=False),
        Binding("left", "column(-1)", "Previous report", show=False),
        Binding("f", "facts", "Facts", tooltip="Facts grid", id="compare.facts"),
        Binding("S", "split", "Split", tooltip="Split report out", key_display="S", id="compare.split"),
    ]

    def __init__(self, event_id: int, comparison: EventComparison | None,
                 reasons: dict[int, ReportWhy] | None = None) -> None:
        """``comparison`` as ``event_comparison`` read it: None when the event is not in the store;
        ``reasons`` why each report is in the event and the rules that made it (report id ->
        ReportWhy), as ``read_comparison`` reads them."""
        super().__init__()
        self.event_id = event_id
        self.comparison = comparison
        self.reasons = reasons or {}

    def compose(self) -> ComposeResult:
        c = self.comparison
        yield TitleBar(id="title")
        yield Static(_summary(c) if c else "", id="summary")
        yield KeyTable(id="facts", cursor_type="cell")
        with HorizontalScroll(id="columns"):
            if c is not None:
                width = self._column_width(self.app.size.width)  # known now: no second layout to fit them
                shown = -(-self.app.size.width // width)  # columns on screen; the others filled when scrolled to
                for i in range(len(c.reports)):
                    column = ReportColumn(c, i, self.reasons.get(c.reports[i].id), filled=i < shown)
                    column.styles.width = width
                    yield column
        yield KeysFooter()

    def on_mount(self) -> None:
        self._fill()
        self.watch(self.query_one("#columns"), "scroll_x", self._fill_shown, init=False)

    def _fill_shown(self) -> None:
        """Report columns are drawn when they come into view: laying out and drawing all of
        an event's eight reports took 170 ms of the UI thread (100k articles), three or four
        of them fit on screen."""
        row = self.query_one("#columns")
        left, right = row.scroll_x, row.scroll_x + row.size.width
        for column in self.query(ReportColumn):
            if not column.filled and column.virtual_region.x < right and column.virtual_region.right > left:
                column.fill()

    def on_resize(self) -> None:
        self._share_width()

    def _column_width(self, screen_width: int) -> int:
        """The report columns share the screen's width (at least COLUMN_MIN each, then scrolling)."""
        n = len(self.comparison.reports) if self.comparison else 0
        return max(COLUMN_MIN, screen_width // max(n, 1))

    def _grid_width(self, screen_width: int) -> int:
        """A report's column in the facts grid: the screen's width beside the Fact labels shared
        by the reports, at least GRID_MIN (then the grid scrolls sideways, the labels pinned)."""
        n = len(self.comparison.reports) if self.comparison else 1
        room = screen_width - FACT_WIDTH - 2 * (n + 1) - 2  # cell padding, the scrollbar
        return max(GRID_MIN, room // max(n, 1))

    def _share_width(self) -> None:
        if not self.size.width:
            return
        facts = self.query_one("#facts", KeyTable)
        grid = self._grid_width(self.size.width)
        if self.comparison and len(facts.ordered_columns) > 1 and facts.ordered_columns[1].width != grid:
            self._fill()
        width = self._column_width(self.size.width)
        for column in self.query(ReportColumn):
            if column.styles.width is None or column.styles.width.cells != width:  # unchanged: no new layout
                column.styles.width = width

    @work(thread=True, exclusive=True, exit_on_error=False, name="loading the comparison")
    def reload(self) -> tuple[EventComparison | None, dict[int, ReportWhy]]:
        return self.app.read(read_comparison, self.event_id)

    async def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.node is self and event.state == WorkerState.SUCCESS:
            self.comparison, self.reasons = event.worker.result
            await self.recompose()
            self._fill()
            self._share_width()
            self._focus_first()

    def _fill(self) -> None:
        """The title and the facts grid (a table is filled once mounted)."""
        c = self.comparison
        if c is None:
            self.query_one(TitleBar).show("Compare", "no longer in the database (its reports were regrouped?)")
            return
        e = c.event
        self.query_one(TitleBar).show(
            f"Event {e.id}", f"{when(e.date)} · {e.place or 'place unknown'} · {', '.join(e.participants)}",
            f"{counted(len(c.reports), 'report')} · {counted(c.n_sources, 'independent source')}",
        )
        facts = self.query_one("#facts", KeyTable)
        facts.clear(columns=True)
        facts.fixed_columns = 1  # the Fact labels stay when the grid scrolls sideways
        facts.add_column("Fact", width=FACT_WIDTH)
        width = self._grid_width(self.size.width or self.app.size.width)
        for r in c.reports:
            facts.add_column(cell(source_label(r.outlet, r.published), width), width=width)
        for f in c.facts:
            mark = DIFFERS if f.disagree else (ONLY_HERE if f.single_source else " ")
            facts.add_row(cell(f"{mark} {f.name}"), *(fact_cell(c, f.name, i) for i in range(len(c.reports))))

    def on_data_table_cell_selected(self, event) -> None:
        """Enter in the facts grid: the article of the report in that column."""
        event.stop()
        if self.comparison is None or not self.comparison.reports:
            return
        index = max(event.coordinate.column - 1, 0)
        self.app.open_article(self.comparison.reports[index].article_id)

    def on_data_table_cell_highlighted(self, event) -> None:
        """The report column under the grid's cursor comes into view (the grid follows h/l too)."""
        columns = list(self.query(ReportColumn))
        if event.coordinate.column >= 1 and columns:
            column = columns[min(event.coordinate.column - 1, len(columns) - 1)]
            column.fill()
            column.scroll_visible(animate=False)

    def _focus_first(self) -> None:
        (self.query(ReportColumn).first(None) or self.query_one("#facts")).focus()

    def action_column(self, delta: int) -> None:
        columns = list(self.query(ReportColumn))
        if not columns:
            return
        facts = self.query_one("#facts", KeyTable)
        if isinstance(self.focused, ReportColumn):
            index = columns.index(self.focused) + delta
        elif self.focused is facts:  # from the grid: the report beside the grid's cursor
            index = max(facts.cursor_coordinate.column - 1, 0) + delta
        else:
            index = 0
        target = columns[max(0, min(index, len(columns) - 1))]
        target.fill()
        target.focus()
        target.scroll_visible(animate=False)
        facts.move_cursor(column=target.index + 1, animate=False)  # the grid follows, to the same report

    def action_facts(self) -> None:
        self.query_one("#facts", KeyTable).focus()

    def _current_report(self) -> int | None:
        """The index of the report in focus: its column, or the grid's column under the cursor."""
        if isinstance(self.focused, ReportColumn):
            return self.focused.index
        facts = self.query_one("#facts", KeyTable)
        if self.focused is facts and self.comparison and facts.cursor_coordinate.column >= 1:
            return min(facts.cursor_coordinate.column - 1, len(self.comparison.reports) - 1)
        return None

    def action_split(self) -> None:
        """Move the report in focus out of this event, to an event of its own, once confirmed."""
        c = self.comparison
        index = self._current_report()
        if c is None or index is None:
            self.notify("Move to a report first (h/l), then S splits it out", severity="warning", timeout=4)
            return
        if len(c.reports) < 2:
            self.notify("This event has one report; there is nothing to split it from", severity="warning", timeout=4)
            return
        report = c.reports[index]

        def answered(yes: bool | None) -> None:
            if yes:
                self.app.correct_event("split", self.event_id, [report.id])

        question = (f"Split the report of {source_label(report.outlet, report.published)} out of this event, "
                    "into an event of its own?")
        self.app.push_screen(ConfirmDialog(question), answered)


def read_comparison(db, event_id: int) -> tuple[EventComparison | None, dict[int, ReportWhy]]:
    """The comparison of an event, why each of its reports is in it and the rules that made each,
    on one connection."""
    return event_comparison(db, event_id), report_reasons(db, event_id)


def _summary(c: EventComparison) -> Text:
    """What the reports differ on and which facts one report alone gives; each part said only
    when there is something to say ("one report only: nothing" read as if one report were all)."""
    if len(c.reports) == 1:
        return Text("Only one outlet reported this: nothing to compare it with yet.", style="bold")
    differ = [f.name for f in c.facts if f.disagree]
    single = [f.name for f in c.facts if f.single_source]
    summary = Text()
    if differ:
        summary.append(f"{DIFFERS} the reports differ on: ", style="bold")
        summary.append(", ".join(differ))
    else:
        summary.append(f"The {len(c.reports)} reports agree on every fact they give", style="bold")
    if single:
        summary.append(f"   {ONLY_HERE} only one report gives: ", style="bold")
        summary.append(", ".join(single))
    return summary
