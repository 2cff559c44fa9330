"""A DataTable with the keys people know from newsboat and visidata: j/k, g/G."""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.widgets import DataTable

# the keys people know from newsboat and visidata: j/k, g/G, Enter opens; shared by every list
# (KeyTable here, PagedTable), each of which has the four actions
LIST_BINDINGS = [
    Binding("j", "cursor_down", "Down", show=False, id="list.down"),
    Binding("k", "cursor_up", "Up", show=False, id="list.up"),
    Binding("g,home", "first", "First row", show=False, id="list.first"),
    Binding("G,end", "last", "Last row", show=False, id="list.last"),
    Binding("enter", "select_cursor", "Open", id="list.open"),
]


class KeyTable(DataTable):
    BINDINGS = LIST_BINDINGS

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("cursor_type", "row")
        kwargs.setdefault("zebra_stripes", True)
        super().__init__(**kwargs)

    def on_resize(self, event: events.Resize) -> None:
        """Keep the rendered cells when the table's size changes.

        DataTable's own handler drops every rendered cell on any resize, including the one
        a table gets when it is first laid out, so every table on a new screen was drawn
        twice (a third of the time to open an official's page). A cell's rendering depends
        on its column's width, not on the table's; whoever changes a column's width drops
        the rendered cells. (The lists are ``PagedTable``s, which draw their own lines.)
        """
        event.prevent_default()  # DataTable's handler, next up the class hierarchy

    def action_first(self) -> None:
        self.move_cursor(row=0)

    def action_last(self) -> None:
        if self.row_count:
            self.move_cursor(row=self.row_count - 1)
