"""Sorting a list by one of its columns (``]`` the next column, ``[`` the other way round), and
counting its rows by the values of a column (``F``, visidata's frequency sheet).

A list sorts only by the columns the store can page in that order from an index (the
``*_SORTS`` of ``diplotui.store.views``); the header marks the column ("▼Out": most first) and
the title says it ("▼ outlets").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label

from .key_table import KeyTable
from .safe import cell

SORT_BINDINGS = [
    Binding("right_square_bracket", "sort_next", "Sort", key_display="]",
            tooltip="Sort by the next column", id="list.sort"),
    Binding("left_square_bracket", "sort_reverse", "Reverse the sort", key_display="[", show=False,
            id="list.sort_reverse"),
    # after the view's own keys in the footer (it shows at 160 columns, under "? more" at 80)
    Binding("F", "frequency", "Count", key_display="F", tooltip="Count rows by a column", id="list.frequency"),
]


@dataclass(frozen=True)
class SortColumn:
    """A way a list can be sorted: the store's name for it, the table column it marks (None: the
    list's own order, not marked), the direction it starts in, and its name in the title."""

    name: str
    column: int | None
    desc: bool
    words: str


class Sorted:
    """A view whose list sorts by the columns of ``SORTS`` (the first is its own order).

    The view's ``reload`` reads ``self.sort`` and ``self.desc``; ``sort_words`` goes in its title."""

    SORTS: list[SortColumn] = []
    sort: str
    desc: bool

    def init_sort(self) -> None:
        self.sort, self.desc = self.SORTS[0].name, self.SORTS[0].desc

    @property
    def sort_column(self) -> SortColumn:
        return next(s for s in self.SORTS if s.name == self.sort)

    def sort_words(self) -> str:
        """The sort for the title: "" for the list's own order, else "▼ outlets"."""
        first = self.SORTS[0]
        if (self.sort, self.desc) == (first.name, first.desc):
            return ""
        return ("▼ " if self.desc else "▲ ") + self.sort_column.words

    def set_sort(self, name: str, desc: bool) -> None:
        self.sort, self.desc = name, desc
        first = self.SORTS[0]
        column = self.sort_column.column
        own = (name, desc) == (first.name, first.desc)
        self.table.mark_sorted(None if own else column, desc)
        self.reload()

    def action_sort_next(self) -> None:
        names = [s.name for s in self.SORTS]
        nxt = self.SORTS[(names.index(self.sort) + 1) % len(self.SORTS)]
        self.set_sort(nxt.name, nxt.desc)

    def action_sort_reverse(self) -> None:
        self.set_sort(self.sort, not self.desc)


@dataclass(frozen=True)
class Counted:
    """A column a list can be counted by: its title ("Events per place"), the query of (value,
    rows) pairs (run with ``app.read``), and what a value is called when it is missing."""

    title: str
    query: Callable[..., list[tuple[Any, int]]]
    missing: str = "unknown"
    note: str = ""  # a word on what is counted ("all articles, whatever the filter")


class FrequencyScreen(ModalScreen[tuple[int, Any] | None]):
    """The rows of a list counted by the values of a column, most first: Enter answers (the
    column's index, the value) for the list to filter by, ``F`` or Tab counts by the next column,
    Esc or q closes."""

    BINDINGS = [
        Binding("escape,q", "cancel", "Close", id="frequency.close"),
        Binding("F,tab", "next_column", "Next column", key_display="F", id="frequency.next"),
    ]

    def __init__(self, columns: list[Counted], index: int = 0, rows: list[tuple[Any, int]] | None = None) -> None:
        """``rows``: the counts of ``columns[index]`` already read (``Frequencies.action_frequency``),
        so that the dialog is laid out and drawn once, filled; None reads them once it is shown."""
        super().__init__()
        self.columns = columns
        self.index = index
        self.values: list[Any] = []
        self._rows = rows

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="frequency"):
            title = Label(id="frequency-title")
            yield title
            table = KeyTable(id="frequency-table")
            table.add_columns("Value", "Rows", "")
            if self._rows is not None:  # filled before its first layout: laid out and drawn once
                self._fill(title, table, self._rows)
            yield table
            yield Label(Text("Enter filters the list by the value · F next column · Esc closes", style="dim"))

    def on_mount(self) -> None:
        self.query_one(KeyTable).focus()
        if self._rows is None:
            self.load()
        self._rows = None

    @property
    def counted(self) -> Counted:
        return self.columns[self.index]

    def load(self) -> None:
        self.query_one("#frequency-title", Label).update(Text(self.counted.title + " (counting…)", style="bold"))
        self._read(self.index)

    @work(thread=True, exclusive=True, group="frequency", exit_on_error=False, name="counting rows")
    def _read(self, index: int) -> None:
        rows = self.app.read(self.columns[index].query)
        self.app.call_from_thread(self._show, index, rows)

    def _show(self, index: int, rows: list[tuple[Any, int]]) -> None:
        if index != self.index or not self.is_attached:
            return
        table = self.query_one(KeyTable)
        table.clear()
        self._fill(self.query_one("#frequency-title", Label), table, rows)
        table.move_cursor(row=0)

    def _fill(self, label: Label, table: KeyTable, rows: list[tuple[Any, int]]) -> None:
        counted = self.counted
        title = Text(f"{counted.title}: {len(rows)} values", style="bold")
        if counted.note:
            title.append(f" ({counted.note})", style="dim")
        label.update(title)
        self.values = [value for value, _ in rows]
        peak = max((n for _, n in rows), default=0)
        for value, n in rows:
            bar = "█" * max(1, round(20 * n / peak)) if peak else ""
            name = cell(value if value not in (None, "") else counted.missing, 60,
                        style="" if value not in (None, "") else "italic dim")
            table.add_row(name, Text(f"{n:,}", justify="right"), Text(bar, style="dim"))

    def on_data_table_row_selected(self, event) -> None:
        event.stop()
        row = event.cursor_row
        if 0 <= row < len(self.values):
            self.dismiss((self.index, self.values[row]))

    def action_next_column(self) -> None:
        if len(self.columns) > 1:
            self.index = (self.index + 1) % len(self.columns)
            self.load()

    def action_cancel(self) -> None:
        self.dismiss(None)


class Frequencies:
    """A view whose list can be counted by the columns ``counted_columns()`` gives; ``filter_by``
    narrows the list to the value chosen."""

    def counted_columns(self) -> list[Counted]:
        raise NotImplementedError

    def filter_by(self, index: int, value: Any) -> None:
        raise NotImplementedError

    @work(thread=True, exclusive=True, group="frequency", exit_on_error=False, name="counting rows")
    def action_frequency(self) -> None:
        """The counts by the first column, read before the dialog opens: a dialog drawn empty
        ("counting…") and then filled costs the UI thread two layouts and paints of the dialog
        over the dimmed view, where the count itself is a few milliseconds (benchmarks/README.md)."""
        columns = self.counted_columns()
        rows = self.app.read(columns[0].query)
        self.app.call_from_thread(self._open_counts, columns, rows)

    def _open_counts(self, columns: list[Counted], rows: list[tuple[Any, int]]) -> None:
        def chosen(answer: tuple[int, Any] | None) -> None:
            if answer is not None:
                self.filter_by(*answer)

        if self.is_current:  # not if another view or dialog came first while counting
            self.app.push_screen(FrequencyScreen(columns, rows=rows), chosen)
