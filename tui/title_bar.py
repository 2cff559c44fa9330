"""The line at the top of every view: where you are and what is shown (untrusted parts as Text)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class TitleBar(Static):
    _line: Text | None = None

    def show(self, view: str, detail: str = "", status: str = "") -> None:
        line = Text(view, style="bold")
        if detail:
            line.append("  ")
            line.append(Text(" ".join(detail.split())))
        if status:
            line.append("  ·  " + status, style="dim")
        self._line = line
        self._fit()

    def on_resize(self) -> None:
        self._fit()  # shown before the first layout, or the terminal resized

    def _fit(self) -> None:
        """At most two lines of the title at the current width."""
        if self._line is not None:
            line = self._line.copy()
            line.truncate(max(self.size.width, 20) * 2, overflow="ellipsis")
            self.update(line)
