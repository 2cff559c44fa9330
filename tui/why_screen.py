"""``w`` on an official's page: the evidence that made one person of their mentions."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from diplotui.store.text import one_line
from diplotui.store.why import OfficialEvidence

from .safe import cell


class WhyScreen(ModalScreen[None]):
    """The names of an official with why each is theirs, and the countries and titles the
    articles attach to them (votes for who they are: a wrong one in a few articles is outvoted)."""

    BINDINGS = [
        Binding("escape", "dismiss", "Close", id="why.close"),
        Binding("q,w", "dismiss", "Close", show=False),
        Binding("j", "scroll(1)", "Scroll down", show=False),
        Binding("k", "scroll(-1)", "Scroll up", show=False),
    ]

    def __init__(self, name: str, evidence: OfficialEvidence) -> None:
        super().__init__()
        self.official_name = name
        self.evidence = evidence

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static(self.text(), id="help-text")

    def on_mount(self) -> None:
        self.query_one("#help-box").border_title = Text("Why one official: ") + cell(self.official_name, 60)

    def text(self) -> Table:
        e = self.evidence
        table = Table.grid(padding=(0, 2))
        table.add_column(justify="right", no_wrap=True, min_width=8)
        table.add_column(ratio=1)
        table.add_row("", Text("Names (articles, and why each is this person)", style="bold underline"))
        for name in e.names:
            line = Text(one_line(name.name), style="bold")  # wraps: the reason is read whole at 80 columns
            reason = f"  {name.why}" if name.why else "  (no reason recorded)"
            line.append_text(Text(reason, style="" if name.why else "dim"))
            table.add_row(Text(f"{name.articles:,}"), line)
        for heading, rows in (("Countries the articles give them (mentions)", e.countries),
                              ("Titles the articles give them (mentions)", e.titles)):
            table.add_row("", "")
            table.add_row("", Text(heading, style="bold underline"))
            for value, n in rows:
                table.add_row(Text(f"{n:,}"), cell(value))
            if not rows:
                table.add_row("", Text("none recorded", style="dim"))
        if e.sampled:
            table.add_row("", Text(f"Counted in the newest {e.counted:,} of {e.mentions:,} mentions", style="dim"))
            table.add_row("", Text(f"({e.mentions - e.counted:,} more, older, not counted)", style="dim"))
        table.add_row("", "")
        table.add_row("", Text("Countries and titles are votes: one article that attaches the wrong one does "
                               "not split a person. Esc, q or w closes this.", style="italic"))
        return table

    def action_scroll(self, lines: int) -> None:
        self.query_one("#help-box", VerticalScroll).scroll_relative(y=lines, animate=False)

    def action_dismiss(self) -> None:
        self.dismiss(None)
