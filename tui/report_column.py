"""One report in the comparison: its source, its facts (marked), sentences and quotes."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from diplotui.store.api import EventComparison
from diplotui.store.text import one_line
from diplotui.store.why import ReportWhy

from .safe import block, cell, outlet_or, when

DIFFERS = "≠"
ONLY_HERE = "◆"


def source_label(outlet: str, published: str) -> str:
    return f"{outlet_or(outlet)} {when(published)}"


def fact_cell(comparison: EventComparison, name: str, index: int) -> Text:
    """One report's value of one fact, marked when the reports differ or only this one gives it."""
    fact = comparison.fact(name)
    value = fact.values[index]
    if value is None:
        return cell("—", style="dim")
    if name == "date":
        value = when(value)
    if fact.disagree:
        return Text.assemble((DIFFERS + " ", "bold"), cell(value, style="bold reverse"))
    if fact.single_source:
        return Text.assemble((ONLY_HERE + " ", "bold"), cell(value, style="bold"))
    return cell(value)


class ReportColumn(VerticalScroll, can_focus=True):
    BINDINGS = [
        Binding("enter", "open", "Open", tooltip="Open the article", id="column.open"),
        Binding("j", "scroll_down", "Scroll down", show=False, id="column.down"),
        Binding("k", "scroll_up", "Scroll up", show=False, id="column.up"),
    ]

    def __init__(self, comparison: EventComparison, index: int, reason: ReportWhy | None = None,
                 filled: bool = True) -> None:
        """``reason``: why resolution put this report in the event and the rules that made it, if recorded.
        ``filled=False`` leaves the column empty until :meth:`fill` (a column off screen)."""
        super().__init__(classes="report")
        self.comparison = comparison
        self.index = index
        self.reason = reason
        self.filled = filled

    def compose(self):
        yield Static(self._content() if self.filled else "")

    def fill(self) -> None:
        """Put the report's text in a column made empty (it comes into view)."""
        if not self.filled:
            self.filled = True
            self.query_one(Static).update(self._content())

    def on_mount(self) -> None:
        self._mark(False)

    def on_focus(self) -> None:
        self._mark(True)

    def on_blur(self) -> None:
        self._mark(False)

    def _mark(self, focused: bool) -> None:
        """The focused report is marked in its border's title too, not by colour alone (NO_COLOR)."""
        label = one_line(outlet_or(self.comparison.reports[self.index].outlet), 30)
        self.border_title = Text(f"▶ {label}", style="bold reverse") if focused else Text(label)

    def on_focus_in(self) -> None:
        self.fill()

    def action_open(self) -> None:
        self.app.open_article(self.comparison.reports[self.index].article_id)

    def _content(self) -> Text:
        r = self.comparison.reports[self.index]
        out = Text()
        out.append_text(cell(outlet_or(r.outlet), style="bold"))
        out.append("  ")
        out.append_text(cell(when(r.published)))
        out.append("\n")
        out.append_text(block(r.headline))
        out.append("\n")
        out.append_text(cell(f"{r.file} #{r.part}", style="dim"))
        if self.reason and self.reason.reason:
            out.append("\nWhy in this event ", style="dim")
            out.append_text(block(self.reason.reason))
        if self.reason and self.reason.rules:
            out.append("\nMade by rules ", style="dim")
            out.append_text(block(", ".join(self.reason.rules)))
        out.append("\n\n")
        for fact in self.comparison.facts:
            out.append(f"{fact.name:<13}", style="dim")
            out.append_text(fact_cell(self.comparison, fact.name, self.index))
            out.append("\n")
        out.append("\nSentences\n", style="bold underline")
        for sentence in r.sentences or ("(none)",):
            out.append("• ")
            out.append_text(block(sentence))
            out.append("\n")
        if r.quotes:
            out.append("\nQuotes\n", style="bold underline")
            for text, speaker in r.quotes:
                out.append("“")
                out.append_text(block(text))
                out.append("”")
                if speaker:
                    out.append(" — ")
                    out.append_text(cell(speaker))
                out.append("\n")
        return out
