"""The ``?`` screen: every key that works in the view below, from the same bindings as the footer."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape", "dismiss", "Close help", id="help.close"),
        Binding("question_mark", "dismiss", "Close help", show=False, key_display="?"),
        Binding("q", "dismiss", "Close help", show=False),
        Binding("j", "scroll('down')", "Scroll down", show=False),
        Binding("k", "scroll('up')", "Scroll up", show=False),
    ]

    def __init__(self, rows: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static(self._table(), id="help-text")

    def _table(self) -> Table:
        table = Table.grid(padding=(0, 2))
        table.add_column(justify="right", style="bold", no_wrap=True)
        table.add_column()
        section = None
        for sec, key, description in self.rows:
            if sec != section:
                if section is not None:
                    table.add_row("", "")
                table.add_row(Text(""), Text(sec, style="bold underline"))
                section = sec
            table.add_row(Text(key), Text(description))
        table.add_row("", "")
        table.add_row(Text(""), Text("Esc, ? or q closes this help", style="italic"))
        return table

    def action_scroll(self, direction: str) -> None:
        box = self.query_one("#help-box", VerticalScroll)
        box.scroll_relative(y=1 if direction == "down" else -1, animate=False)

    def action_dismiss(self) -> None:
        self.dismiss(None)
