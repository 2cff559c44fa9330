"""The line at the top of every view: where you are and what is shown (untrusted parts as Text)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class TitleBar(Static):
    def show(self, view: str, detail: str = "", status: str = "") -> None:
        line = Text(view, style="bold")
        if detail:
            line.append("  ")
            line.append(Text(" ".join(detail.split())))
        if status:
            line.append("  ·  " + status, style="dim")
        line.truncate(max(self.size.width, 20) * 2, overflow="ellipsis")
        self.update(line)
