"""View 2: officials, filtered by name or alias as you type (fuzzy)."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input

from diplotui.store.api import OfficialItem, officials_page, officials_total

from .articles_screen import more_status
from .footer import KeysFooter
from .paged_table import PagedTable
from .safe import cell, counted
from .search_box import SearchBox
from .title_bar import TitleBar
from .view import View

END = ("\U0010ffff", 2**62)


def official_row(o: OfficialItem):
    return (
        cell(o.name, 24), cell(o.country or "—", 14), cell(o.n_articles, style="dim"),
        cell(o.n_events, style="dim"), cell(o.title or "—", 40), cell(", ".join(o.aliases), 80),
    )  # fmt: skip


class OfficialsScreen(View):
    AUTO_FOCUS = "PagedTable"  # focused from the start: a key typed while the app starts is a command, not search text
    LEGEND = [
        ("Art", "articles that name the official"),
        ("Mtg", "meetings (events) the official took part in"),
        ("Aliases", "other ways the name was written"),
    ]
    BINDINGS = [
        Binding("slash", "filter", "Filter", key_display="/", id="officials.filter"),
        Binding("escape", "escape", "To the list / clear", id="officials.escape"),
        Binding("down", "move(1)", "Next", show=False, id="officials.next"),
        Binding("up", "move(-1)", "Previous", show=False, id="officials.previous"),
    ]


    total: int | None = None  # officials in the base, read apart from the first page

    def compose(self) -> ComposeResult:
        yield TitleBar(id="title")
        yield SearchBox(placeholder="/ filter: a name or alias (fuzzy); ↓/↑ move, Enter opens, Esc to the list",
                    id="filter")  # fmt: skip
        yield PagedTable(
            [("Name", 22), ("Country", 13), ("Art", 3), ("Mtg", 3), ("Title", 40), ("Aliases", None)],
            official_row, end_key=END, read=self.app.read, screen_size=self.app.size, id="officials",
        )  # fmt: skip
        yield KeysFooter()

    def on_mount(self) -> None:
        self.table.focus()  # letters are commands on arrival; ``/`` starts typing a name
        self.reload()

    @property
    def table(self) -> PagedTable:
        return self.query_one("#officials", PagedTable)

    def reload(self) -> None:
        text = self.query_one("#filter", Input).value
        self.table.fetch = lambda db, **paging: officials_page(db, text, **paging)
        self.table.reload()
        if not text.strip():
            self._count()

    @work(thread=True, exclusive=True, group="officials-total", exit_on_error=False, name="counting officials")
    def _count(self) -> None:
        total = self.app.read(officials_total)
        self.app.call_from_thread(self._counted, total)

    def _counted(self, total: int) -> None:
        self.total = total
        if self.table.items and not self.query_one("#filter", Input).value.strip():
            self._title(len(self.table.items), self.table.more_after, self.table.more_before)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.reload()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter ends the filter and goes to the list, as in every view (Enter there opens)."""
        self.table.focus()

    def on_paged_table_loaded(self, event: PagedTable.Loaded) -> None:
        self._title(event.shown, event.table.more_after, event.table.more_before)

    def _title(self, shown: int, below: bool, above: bool) -> None:
        """The rows shown, out of the base's officials when nothing is filtered (a filter's matches
        are not counted: "more below" says there are more); how to ingest in an empty base."""
        text = self.query_one("#filter", Input).value.strip()
        if shown == 0:
            status = "no officials match" if text else "no officials yet: ingest articles (diplotui ingest PATH)"
        elif not text and self.total is not None and self.total >= shown:
            status = counted(self.total, "official") + (f", {shown:,} shown" if shown < self.total else "")
        else:
            status = more_status(shown, below, above)
        matching = (f"matching {text}" if '"' in text else f'matching "{text}"') if text else ""
        self.query_one(TitleBar).show("Officials", matching, status)

    def on_paged_table_chosen(self, event: PagedTable.Chosen) -> None:
        self.app.open_official(event.item.id)

    def action_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_move(self, delta: int) -> None:
        if delta > 0:
            self.table.action_cursor_down()
        else:
            self.table.action_cursor_up()

    def action_escape(self) -> None:
        filt = self.query_one("#filter", Input)
        if filt.has_focus:
            self.table.focus()
        elif filt.value:
            filt.value = ""
