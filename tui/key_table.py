"""A DataTable with the keys people know from newsboat and visidata: j/k, g/G."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import DataTable


class KeyTable(DataTable):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="list.down"),
        Binding("k", "cursor_up", "Up", show=False, id="list.up"),
        Binding("g,home", "first", "First row", show=False, id="list.first"),
        Binding("G,end", "last", "Last row", show=False, id="list.last"),
        Binding("enter", "select_cursor", "Open", id="list.open"),
    ]

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("cursor_type", "row")
        kwargs.setdefault("zebra_stripes", True)
        super().__init__(**kwargs)

    def action_first(self) -> None:
        self.move_cursor(row=0)

    def action_last(self) -> None:
        if self.row_count:
            self.move_cursor(row=self.row_count - 1)
