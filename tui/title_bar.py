"""The line at the top of every view: where you are and what is shown (untrusted parts as Text)."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget


class TitleBar(Widget):
    """One line; a new title repaints it without a new layout of the screen, as its size never
    depends on the text. What does not fit is cut from the detail (a headline, a filter), never
    from the status after it ("3 search hits (n/N)", "2 marked (M merges them)"), which says
    what the keys do; a status too wide for the line is cut last, with "…"."""

    _line: Text = Text()
    _parts: tuple[str, str, str] = ("", "", "")

    def show(self, view: str, detail: str = "", status: str = "") -> None:
        parts = (view, " ".join(detail.split()), status)
        if parts != self._parts:
            self._parts = parts
            self._line = self._assemble(None)
            self.refresh()

    def _assemble(self, width: int | None) -> Text:
        view, detail, status = self._parts
        head = Text(view, style="bold")
        tail = Text("  ·  " + status, style="dim") if status else Text()
        if detail:
            room = None if width is None else width - head.cell_len - 2 - tail.cell_len
            shown = Text(detail)
            if room is not None and shown.cell_len > room:
                shown.truncate(max(room, 1), overflow="ellipsis")
            if room is None or room > 0:
                head.append("  ")
                head.append_text(shown)
        head.append_text(tail)
        if width is not None and head.cell_len > width:
            head.truncate(width, overflow="ellipsis")
        return head

    def render(self) -> Text:
        width = self.content_size.width
        return self._assemble(width) if width else self._line
