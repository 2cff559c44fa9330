"""The ``?`` screen: every key that works in the view below (from the same bindings as the
footer and the palette) and what the view's columns and marks mean."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KEY_WIDTH = 14


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape", "dismiss", "Close help", id="help.close"),
        Binding("question_mark", "dismiss", "Close help", show=False, key_display="?"),
        Binding("q", "dismiss", "Close help", show=False),
        Binding("j", "scroll(1)", "Scroll down", show=False),
        Binding("k", "scroll(-1)", "Scroll up", show=False),
    ]

    def __init__(self, title: str, rows: list[tuple[str, str, str]], legend: list[tuple[str, str]] = ()) -> None:
        """``rows`` are (section, keys, what they do); ``legend`` (term, meaning) for columns and marks."""
        super().__init__()
        self.title_text = title
        self.rows = rows
        self.legend = list(legend)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static(self.text(), id="help-text")

    def on_mount(self) -> None:
        self.query_one("#help-box").border_title = f"Help: {self.title_text}"

    def text(self) -> Table:
        """What the view's columns and marks mean, then its keys, then the keys that work everywhere."""
        table = Table.grid(padding=(0, 2))
        table.add_column(justify="right", style="bold", no_wrap=True, min_width=KEY_WIDTH)
        table.add_column(ratio=1)
        sections = ([("Columns and marks", term, meaning) for term, meaning in self.legend]
                    + [(sec, key, description) for sec, key, description in self.rows])
        section = None
        for sec, key, description in sections:
            if sec != section:
                if section is not None:
                    table.add_row("", "")
                table.add_row("", Text(sec, style="bold underline"))
                section = sec
            table.add_row(Text(key), Text(description))
        table.add_row("", "")
        table.add_row("", Text("q goes back one level and quits at a list (Articles, Officials, Events); "
                               "Ctrl+C quits from anywhere. Esc, ? or q closes this help; j/k scroll it.",
                               style="italic"))
        return table

    def action_scroll(self, lines: int) -> None:
        self.query_one("#help-box", VerticalScroll).scroll_relative(y=lines, animate=False)

    def action_dismiss(self) -> None:
        self.dismiss(None)
