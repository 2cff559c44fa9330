"""The line at the top of every view: where you are and what is shown (untrusted parts as Text)."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget


class TitleBar(Widget):
    """One line (cut with "…" by its CSS); a new title repaints it without a new layout of the
    screen, as its size never depends on the text."""

    _line: Text = Text()

    def show(self, view: str, detail: str = "", status: str = "") -> None:
        line = Text(view, style="bold")
        if detail:
            line.append("  ")
            line.append(Text(" ".join(detail.split())))
        if status:
            line.append("  ·  " + status, style="dim")
        if line != self._line:
            self._line = line
            self.refresh()

    def render(self) -> Text:
        return self._line
