"""View 3: events (meetings grouped across reports), newest first, narrowed by a participant
or place (``/``), status, outlets and dates; Enter compares the reports."""

from __future__ import annotations

from dataclasses import replace

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input

from diplotui.store.api import (
    EventFilter,
    EventItem,
    event_end_key,
    event_key,
    events_count,
    events_page,
    events_per_month,
    events_per_place,
)
from diplotui.store.text import one_line
from diplotui.store.views.counts import FILTERED_SCOPE

from .articles_screen import ask_dates
from .dialogs import ChoiceDialog, ConfirmDialog
from .footer import KeysFooter
from .month_chart import MonthChart
from .paged_table import PagedTable
from .safe import cell, counted, or_dash, short_when, when
from .search_box import SearchBox
from .sorting import SORT_BINDINGS, Counted, Frequencies, SortColumn, Sorted
from .title_bar import TitleBar
from .view import View

MARK = "*"  # an event marked for a merge (mutt's and newsboat's tag)
WEAK_MARK = "?"  # an event whose reports hold together weakly: worth checking first


def event_row(e: EventItem, marked: bool = False):
    return (
        cell(MARK if marked else "", style="bold"),
        cell(short_when(e.date), style="bold" if marked else ""),
        cell(or_dash(e.place), 30), cell(or_dash(e.status) + (f" {WEAK_MARK}" if e.weak else "")),
        cell(e.n_outlets, style="dim"), cell(", ".join(e.participants) or "—", 120),
    )


class EventsScreen(Sorted, Frequencies, View):
    AUTO_FOCUS = "PagedTable"  # focused from the start: a key typed while the app starts is a command, not search text
    LEGEND = [
        ("Out", "outlets that reported the meeting (reprints of one wire count once)"),
        ("Status", "held, planned or proposed, as most reports tell it"),
        ("▁▃█", "events per month for the current filter, oldest month on the left, from zero to the peak"),
        (MARK, "an event marked for a merge (space marks or unmarks; M merges the marked events, or the one "
               "marked with the event under the cursor)"),
        ("▼ ▲", "in the header: the column the list is sorted by, most (or newest) first, or least first"),
        (WEAK_MARK, "after the status: a weak event (a report joined on its people alone, or fits several events)"),
    ]
    BINDINGS = [
        Binding("slash", "filter", "Filter", key_display="/", id="events.filter"),
        Binding("s", "status", "Status", id="events.status"),
        Binding("m", "multi", "2+ outlets", id="events.multi"),
        Binding("d", "dates", "Dates", id="events.dates"),
        Binding("c", "clear", "Clear", tooltip="Clear filters", id="events.clear"),
        Binding("space", "mark", "Mark", tooltip="Mark for merge", key_display="space", id="events.mark"),
        Binding("M", "merge", "Merge", tooltip="Merge the marked events", key_display="M", id="events.merge"),
        Binding("escape", "escape", "To the list / clear", show=False, id="events.escape"),
        *SORT_BINDINGS,
    ]
    SORTS = [SortColumn("date", 1, True, "date"), SortColumn("outlets", 4, True, "outlets")]
    # the footer's order after ? and q: open, narrow, sort, then the marks a merge takes
    FOOTER_ORDER = ("list.open", "events.filter", "list.sort", "events.mark", "events.merge", "events.clear",
                    "events.multi", "events.status", "events.dates")

    def __init__(self) -> None:
        super().__init__()
        self.filter = EventFilter()
        self.total: int | None = None
        self._shown = (0, False)  # rows held, more to scroll to
        # the events marked for a merge (M), in the order marked; one marked is merged with the
        # event under the cursor
        self.marked: dict[int, EventItem] = {}
        self.init_sort()
        self._cursor_to: int | None = None  # an event the cursor goes to when the list is next read

    def compose(self) -> ComposeResult:
        yield TitleBar(id="title")
        yield SearchBox(placeholder="/ filter: a participant (fuzzy) or a place; Enter or Esc to the list", id="filter")
        yield MonthChart("Events per month", "event", id="per-month")
        yield PagedTable(
            [("", 1), ("Date", 10), ("Place", 12), ("Status", 8), ("Out", 3), ("Participants", None)],
            self._row, end_key=("", -1), read=self.app.read, screen_size=self.app.size, id="events",
        )
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one(TitleBar).show("Events")
        self.table.focus()
        self.reload()

    @property
    def table(self) -> PagedTable:
        return self.query_one("#events", PagedTable)

    def _row(self, e: EventItem):
        return event_row(e, e.id in self.marked)

    def reload(self) -> None:
        flt, sort, desc = self.filter, self.sort, self.desc
        table = self.table
        table.fetch = lambda db, **paging: events_page(db, flt, sort=sort, desc=desc, **paging)
        table.key_of = event_key(sort)
        table.end_key = event_end_key(sort, desc)
        table.reload()
        self._title()
        self.total = None
        self._count(flt)

    def set_filter(self, flt: EventFilter) -> None:
        if flt != self.filter:
            self.filter = flt
            self.reload()

    @work(thread=True, exclusive=True, group="events-count", exit_on_error=False, name="counting events")
    def _count(self, flt: EventFilter) -> None:
        """The total and the events per month, after the first page (which does not wait for them)."""
        total = self.app.read(events_count, flt)
        months = self.app.read(events_per_month, flt)
        self.app.call_from_thread(self._counted, flt, total, months)

    def _counted(self, flt: EventFilter, total: int, months: list[tuple[str, int]]) -> None:
        if flt != self.filter:
            return
        self.total = total
        self.query_one("#per-month", MonthChart).show(months)
        self._title()

    def _title(self) -> None:
        shown, more = self._shown
        if self.total == 0 or (shown == 0 and not more):
            status = ("no events match" if self.filter != EventFilter()
                      else "no events yet: ingest articles (diplotui ingest PATH)")
        elif self.total is None:
            status = f"{shown} shown" + (", more on scroll" if more else "")
        else:
            status = counted(self.total, "event") + (f", {shown} shown" if shown < self.total else "")
        if self.sort_words():
            status = f"{self.sort_words()} · {status}"
        if len(self.marked) == 1:  # the row shows which (*): the title says what M does, first
            status += " · 1 marked (M merges it with the event under the cursor)"
        elif self.marked:
            status += f" · {len(self.marked)} marked (M merges them)"
        self.query_one(TitleBar).show("Events", self.filter.describe(), status)
        self.refresh_bindings()  # M and c matter in the footer only with a mark or a filter

    def footer_idle(self) -> set[str]:
        """The keys that would do nothing now: the footer shows them last."""
        idle = set() if self.marked else {"events.merge"}
        return idle | ({"events.clear"} if self.filter == EventFilter() else set())

    def on_paged_table_loaded(self, event: PagedTable.Loaded) -> None:
        self._shown = (event.shown, event.more)
        self._title()
        if self._cursor_to is not None:
            row = next((i for i, e in enumerate(self.table.items) if e.id == self._cursor_to), None)
            self._cursor_to = None
            if row is not None:
                self.table.move_cursor(row=row, animate=False)

    def on_paged_table_chosen(self, event: PagedTable.Chosen) -> None:
        self.app.open_event(event.item.id)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.set_filter(replace(self.filter, text=event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.table.focus()

    # ------------------------------------------------------------------ actions

    def action_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_escape(self) -> None:
        box = self.query_one("#filter", Input)
        if box.has_focus:
            self.table.focus()
        elif self.filter != EventFilter():
            self.action_clear()

    def action_clear(self) -> None:
        self.query_one("#filter", Input).value = ""
        self.set_filter(EventFilter())

    def action_multi(self) -> None:
        """Only the meetings two or more outlets reported (those worth comparing), or all again."""
        self.set_filter(replace(self.filter, min_outlets=0 if self.filter.min_outlets > 1 else 2))

    @work(exclusive=True, group="dialog", exit_on_error=False, name="status filter")
    async def action_status(self) -> None:
        choices = [("", "Any status"), ("held", "held"), ("planned", "planned"), ("proposed", "proposed")]
        chosen = await self.app.push_screen_wait(ChoiceDialog("Show events", choices))
        if chosen is not None:
            self.set_filter(replace(self.filter, status=chosen or None))

    @work(exclusive=True, group="dialog", exit_on_error=False, name="date filter")
    async def action_dates(self) -> None:
        dates = await ask_dates(self.app, self.filter.date_from, self.filter.date_to)
        if dates is not None:
            self.set_filter(replace(self.filter, date_from=dates[0], date_to=dates[1]))

    # ------------------------------------------------------------------ corrections

    def action_mark(self) -> None:
        """Mark the event under the cursor for a merge (again: unmark it); any number may be marked."""
        item = self.table.current
        if item is None:
            return
        if item.id in self.marked:
            del self.marked[item.id]
        else:
            self.marked[item.id] = item
        self.table.redraw(item)
        self._title()
        if len(self.marked) == 1 and item.id in self.marked:
            self.notify("Marked; mark more with space, or M on another event merges the two", timeout=3)

    def action_merge(self) -> None:
        """Merge the marked events (two or more), or the one marked with the event under the
        cursor, into one event (they report one meeting), once confirmed by a dialog naming them all."""
        item = self.table.current
        if item is None:
            return
        if not self.marked:
            self.notify("Mark an event first (space; mark several to merge them all), then press M",
                        severity="warning", timeout=4)
            return
        events = list(self.marked.values())
        if len(events) == 1:
            if events[0].id == item.id:
                self.notify("That is the marked event; mark another (space) or press M on another one",
                            severity="warning", timeout=4)
                return
            events.append(item)
        ids = [e.id for e in events]

        def answered(yes: bool | None) -> None:
            if yes:
                self.app.correct_event("merge", *ids)

        if len(events) == 2:
            question = f"Merge {describe(events[0])} and {describe(events[1])} into one event?"
        else:
            question = f"Merge these {len(events)} events into one event? " + "; ".join(
                f"({n}) {describe(e)}" for n, e in enumerate(events, start=1))
        self.app.push_screen(ConfirmDialog(question), answered)

    def corrected(self, event_id: int | None = None) -> None:
        """A correction was made: the mark is spent (its event may be gone), and the cursor goes
        to the event the correction left (the merged one) once the list is read again."""
        self.marked = {}
        self._cursor_to = event_id


    # ------------------------------------------------------------------ counts by a column

    def counted_columns(self) -> list[Counted]:
        flt = self.filter
        return [
            Counted("Events per place", lambda db: events_per_place(db, flt), "no place",
                    f"of the newest {FILTERED_SCOPE:,} events the filter keeps" if flt != EventFilter() else ""),
            Counted("Events per month", lambda db: events_per_month(db, flt)[::-1], note="dated events, newest first"),
        ]

    def filter_by(self, index: int, value) -> None:
        if value in (None, ""):
            self.notify("The list cannot be narrowed to events without a place", severity="warning", timeout=4)
        elif index == 0:
            self.set_filter(replace(self.filter, place=value))
        else:
            self.set_filter(replace(self.filter, date_from=value, date_to=value))


def describe(e: EventItem) -> str:
    """An event in a few words for a dialog or a title: its date, place and first participants."""
    people = ", ".join(e.participants[:3]) + (" …" if len(e.participants) > 3 else "")
    return one_line(f"{when(e.date)}, {e.place or 'place unknown'}, {people or 'no participants'}", 120)
