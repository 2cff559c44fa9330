"""View 2: officials, filtered by name or alias as you type (fuzzy)."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input

from diplotui.store.api import (
    NO_COUNTRY,
    OfficialItem,
    official_end_key,
    official_key,
    officials_page,
    officials_per_country,
    officials_total,
)

from .articles_screen import more_status
from .footer import KeysFooter
from .paged_table import PagedTable
from .safe import cell, counted
from .search_box import SearchBox
from .sorting import SORT_BINDINGS, Counted, Frequencies, SortColumn, Sorted
from .title_bar import TitleBar
from .view import View

END = ("\U0010ffff", 2**62)


def official_row(o: OfficialItem):
    return (
        cell(o.name, 24), cell(o.country or "—", 14), cell(o.n_articles, style="dim"),
        cell(o.n_events, style="dim"), cell(o.title or "—", 40), cell(", ".join(o.aliases), 80),
    )


class OfficialsScreen(Sorted, Frequencies, View):
    AUTO_FOCUS = "PagedTable"  # focused from the start: a key typed while the app starts is a command, not search text
    LEGEND = [
        ("Art", "articles that name the official"),
        ("Mtg", "meetings (events) the official took part in"),
        ("Aliases", "other ways the name was written"),
        ("▼ ▲", "in the header: the column the list is sorted by, most first, or least first"),
    ]
    SORTS = [SortColumn("name", 0, False, "name"), SortColumn("articles", 2, True, "articles"),
             SortColumn("meetings", 3, True, "meetings")]
    BINDINGS = [
        Binding("slash", "filter", "Filter", key_display="/", id="officials.filter"),
        Binding("escape", "escape", "To the list / clear", id="officials.escape"),
        Binding("down", "move(1)", "Next", show=False, id="officials.next"),
        Binding("up", "move(-1)", "Previous", show=False, id="officials.previous"),
        *SORT_BINDINGS,
    ]
    FOOTER_ORDER = ("list.open", "officials.filter", "list.sort", "officials.escape")  # after ? and q

    def __init__(self) -> None:
        super().__init__()
        self.country: str | None = None  # only the officials of this country (NO_COUNTRY: not known)
        self.init_sort()


    total: int | None = None  # officials in the base, read apart from the first page

    def compose(self) -> ComposeResult:
        yield TitleBar(id="title")
        yield SearchBox(placeholder="/ filter: a name or alias (fuzzy); ↓/↑ move, Enter or Esc to the list",
                    id="filter")
        yield PagedTable(
            [("Name", 22), ("Country", 13), ("Art", 3), ("Mtg", 3), ("Title", 40), ("Aliases", None)],
            official_row, end_key=END, read=self.app.read, screen_size=self.app.size, id="officials",
        )
        yield KeysFooter()

    def on_mount(self) -> None:
        self.table.focus()  # letters are commands on arrival; ``/`` starts typing a name
        self.reload()

    @property
    def table(self) -> PagedTable:
        return self.query_one("#officials", PagedTable)

    def reload(self) -> None:
        text = self.query_one("#filter", Input).value
        sort, desc, country = self.sort, self.desc, self.country
        table = self.table
        table.fetch = lambda db, **paging: officials_page(db, text, sort=sort, desc=desc, country=country, **paging)
        table.key_of = official_key(sort)
        table.end_key = official_end_key(sort, desc)
        table.reload()
        if not text.strip() and country is None:
            self._count()

    @work(thread=True, exclusive=True, group="officials-total", exit_on_error=False, name="counting officials")
    def _count(self) -> None:
        total = self.app.read(officials_total)
        self.app.call_from_thread(self._counted, total)

    def _counted(self, total: int) -> None:
        self.total = total
        if self.table.items and not self.query_one("#filter", Input).value.strip() and self.country is None:
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
        elif not text and self.country is None and self.total is not None and self.total >= shown:
            status = counted(self.total, "official") + (f", {shown:,} shown" if shown < self.total else "")
        else:
            status = more_status(shown, below, above)
        if self.sort_words():
            status = f"{self.sort_words()} · {status}"
        detail = [(f"matching {text}" if '"' in text else f'matching "{text}"') if text else ""]
        if self.country is not None:
            detail.append(f"of {self.country or 'no known country'}")
        self.query_one(TitleBar).show("Officials", ", ".join(d for d in detail if d), status)
        self.refresh_bindings()  # Esc matters in the footer only with a filter to leave or clear

    def footer_idle(self) -> set[str]:
        """The keys that would do nothing now, or no more than another shown: the footer shows them
        last. Esc clears a filter from the list; in the box it does what Enter does."""
        box = self.query_one("#filter", Input)
        clears = not box.has_focus and (box.value or self.country is not None)
        return set() if clears else {"officials.escape"}

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
        elif self.country is not None:
            self.country = None
            self.reload()

    def counted_columns(self) -> list[Counted]:
        return [Counted("Officials per country", officials_per_country, "no known country", "all officials")]

    def filter_by(self, index: int, value) -> None:
        self.country = NO_COUNTRY if value is None else value
        self.reload()
