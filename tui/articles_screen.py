"""View 1: articles newest first, narrowed by search as you type, outlet, dates or official."""

from __future__ import annotations

import asyncio
import datetime as dt
import re
from dataclasses import replace

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.timer import Timer
from textual.widgets import Input

from diplotui.store.api import (
    OUTLET_END,
    ArticleFilter,
    ArticleItem,
    articles_by_outlet,
    articles_page,
    articles_total,
    end_key,
    outlet_key,
    outlets,
)

from .dialogs import ChoiceDialog, PromptDialog
from .footer import KeysFooter
from .paged_table import PagedTable
from .safe import cell, counted, outlet_or, short_when, shorten
from .search_box import SearchBox
from .sorting import SORT_BINDINGS, Counted, Frequencies, SortColumn, Sorted
from .title_bar import TitleBar
from .view import View

SEARCH_PAUSE = 0.15  # seconds of no typing after which the search box's text is searched
_DATE = re.compile(r"(\d{4})(?:-(\d\d)(?:-(\d\d))?)?")


def check_date(text: str) -> str:
    """A year, year-month or full date as typed, or ValueError saying what is wrong with it."""
    m = _DATE.fullmatch(text)
    if m is None:
        raise ValueError(f"Not a date: {text} (write 2016, 2016-04 or 2016-04-03)")
    year, month, day = (int(g) if g else None for g in m.groups())
    try:
        dt.date(year, month or 1, day or 1)
    except ValueError as exc:
        raise ValueError(f"Not a date: {text} ({exc})") from None
    return text


def parse_dates(typed: str) -> tuple[str | None, str | None]:
    """``FROM..TO`` (either may be empty) or one date (that day, month or year) as (from, to)."""
    start, sep, end = typed.strip().partition("..")
    start, end = start.strip() or None, end.strip() or None
    if not sep:
        end = start
    for d in (start, end):
        if d:
            check_date(d)
    if start and end and start > end:
        raise ValueError(f"The range ends before it starts: {start}..{end}")
    return start, end


def dates_text(start: str | None, end: str | None) -> str:
    """The inverse of ``parse_dates``: what the dialog shows for a filter (round-trips)."""
    if not start and not end:
        return ""
    return start if start == end else f"{start or ''}..{end or ''}"


async def ask_dates(app, start: str | None, end: str | None,
                    placeholder: str = "") -> tuple[str | None, str | None] | None:
    """The date dialog, opened on the filter as it stands: the new (from, to), or None when
    cancelled. A wrong date is said, and the dialog comes back with what was typed."""
    typed = dates_text(start, end)
    while True:
        typed = await app.push_screen_wait(
            PromptDialog("Dates: FROM..TO (2016, 2016-04, 2016-04-03; either may be empty)", typed,
                         placeholder)
        )
        if typed is None:
            return None
        try:
            return parse_dates(typed)
        except ValueError as exc:
            app.notify(str(exc), title="Dates", severity="error", timeout=6, markup=False)


def more_status(shown: int, below: bool, above: bool) -> str:
    """"50 shown", and where there are more rows: "more below" (or above, scrolled far down)."""
    more = ", more below" if below else ", more above" if above else ""
    return f"{shown:,} shown{more}"


HEADLINE_SHARE = 0.4  # the headline keeps at least this share of a row: the other columns give way
OUTLET_CELL = 18  # an outlet's name in a list is cut here: the headline is what the list is for


def article_row(a: ArticleItem):
    return (
        cell(short_when(a.published)), cell(outlet_or(a.outlet), OUTLET_CELL), cell(a.n_officials, style="dim"),
        cell(a.n_meetings, style="dim"), cell(shorten(a.headline, 200)),
    )


ARTICLE_COLUMNS = [("Date", 10), ("Outlet", 14), ("Off", 3), ("Mtg", 3), ("Headline", None)]


ARTICLE_LEGEND = [
    ("Date", "publication date; a date printed without its year reads \"2 Apr ?\" (year unknown)"),
    ("Off", "officials named in the article"),
    ("Mtg", "meetings the article reports"),
]


class ArticlesScreen(Sorted, Frequencies, View):
    AUTO_FOCUS = "PagedTable"  # focused from the start: a key typed while the app starts is a command, not search text
    LEGEND = [*ARTICLE_LEGEND, ("▼ ▲", "in the header: the column the list is sorted by (] the next column, "
                                       "[ the other way round); by outlet, each outlet's articles newest first")]
    SORTS = [SortColumn("date", 0, True, "date"), SortColumn("outlet", 1, False, "outlet")]
    BINDINGS = [
        Binding("slash", "search", "Search", key_display="/", id="articles.search"),
        Binding("o", "outlet", "Outlet", id="articles.outlet"),
        Binding("d", "dates", "Dates", id="articles.dates"),
        Binding("c", "clear", "Clear", tooltip="Clear filters", id="articles.clear"),
        Binding("escape", "escape", "Back to list / clear", show=False, id="articles.escape"),
        *SORT_BINDINGS,
    ]
    # the footer's order after ? and q: what a list of articles is used for first
    FOOTER_ORDER = ("list.open", "articles.search", "list.sort", "articles.clear", "articles.outlet",
                    "articles.dates")

    def __init__(self) -> None:
        super().__init__()
        self.filter = ArticleFilter()
        self.official_name: str | None = None
        self._search_timer: Timer | None = None
        self.total: int | None = None  # articles in the base, read apart from the first page
        self._shown: tuple[int, bool, bool] | None = None  # rows held, more below, more above; None: loading
        self.init_sort()

    def compose(self) -> ComposeResult:
        yield TitleBar(id="title")
        yield SearchBox(placeholder="/ search: words, \"a phrase\"; Enter or Esc to the list", id="search")
        table = PagedTable(ARTICLE_COLUMNS, article_row, end_key=("", -1), read=self.app.read,
                           screen_size=self.app.size, id="articles")
        table.flex_share = HEADLINE_SHARE
        yield table
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#articles", PagedTable).focus()
        self.reload()

    @property
    def table(self) -> PagedTable:
        return self.query_one("#articles", PagedTable)

    def reload(self) -> None:
        table = self.table
        flt, desc = self.filter, self.desc
        if self.sort == "outlet" and not self.outlet_sortable:
            self.notify("A search or an official's articles are listed by date; sort by outlet on the "
                        "whole list (c clears), or with an outlet or dates", title="Sort", timeout=5)
            self.set_sort(self.SORTS[0].name, self.SORTS[0].desc)  # reads the list again
            return
        if self.sort == "outlet":
            table.fetch = lambda db, **paging: articles_by_outlet(db, flt, desc=desc, **paging)
            table.key_of, table.end_key = outlet_key, OUTLET_END
        else:
            table.fetch = lambda db, **paging: articles_page(db, flt, desc=desc, **paging)
            table.key_of, table.end_key = (lambda item: item.key), end_key(False, desc)
        table.reload()
        self._shown = None
        if self.filter == ArticleFilter():
            self._count()
        self._title()
        self.refresh_bindings()  # c (clear) matters in the footer only while something is filtered

    @property
    def outlet_sortable(self) -> bool:
        """Whether the list can be sorted by outlet: not a search, nor an official's articles (each
        is read in its own order; sorting a common word's matches by outlet would read them all)."""
        return not self.filter.text.strip() and self.filter.official_id is None

    def footer_idle(self) -> set[str]:
        """The keys that would do nothing now: the footer shows them last."""
        idle = {"articles.clear"} if self.filter == ArticleFilter() else set()
        return idle if self.outlet_sortable else idle | {"list.sort"}  # a search has one order, [ reverses it

    @work(thread=True, exclusive=True, group="articles-total", exit_on_error=False, name="counting articles")
    def _count(self) -> None:
        """The base's articles, from the outlets' counts (``articles_total``), after the first page."""
        total = self.app.read(articles_total)
        self.app.call_from_thread(self._counted, total)

    def _counted(self, total: int) -> None:
        self.total = total
        self._title()

    def _title(self) -> None:
        described = self.filter.describe()
        if self.official_name and self.filter.official_id is not None:
            described = described.replace(f"official #{self.filter.official_id}", self.official_name)
        status = self._status()
        if self.sort_words():
            status = f"{self.sort_words()} · {status}" if status else self.sort_words()
        self.query_one(TitleBar).show("Articles", described, status)

    def _status(self) -> str:
        """The rows shown, out of the base's total when nothing is filtered (a filter's matches are
        not counted: "more below" says there are more); how to ingest in an empty base."""
        if self._shown is None:
            return ""
        shown, below, above = self._shown
        if shown == 0:
            filtered = self.filter != ArticleFilter()
            return "no articles match" if filtered else "no articles yet: ingest some (diplotui ingest PATH)"
        if self.filter == ArticleFilter() and self.total is not None and self.total >= shown:
            return counted(self.total, "article") + (f", {shown:,} shown" if shown < self.total else "")
        return more_status(shown, below, above)

    def set_filter(self, flt: ArticleFilter) -> None:
        self.filter = flt
        self.reload()

    def show_official(self, official_id: int, name: str) -> None:
        self._cancel_search()
        self.query_one("#search", Input).value = ""  # the official's articles, not an old search's
        self.official_name = name
        self.set_filter(ArticleFilter(official_id=official_id))

    # ------------------------------------------------------------------ events

    def on_paged_table_loaded(self, event: PagedTable.Loaded) -> None:
        self._shown = (event.shown, event.table.more_after, event.table.more_before)
        self._title()

    def on_paged_table_chosen(self, event: PagedTable.Chosen) -> None:
        self.app.open_article(event.item.id, event.table, self.filter.text)

    @property
    def search_pending(self) -> bool:
        """Whether text typed in the search box waits for the pause before it is searched."""
        return self._search_timer is not None

    def on_input_changed(self, event: Input.Changed) -> None:
        # Search once typing pauses, not at every letter: a prefix query at a million
        # articles takes up to ~150 ms, and "minister" typed at speed would run six of them,
        # each holding the GIL while the next letter waits to be drawn.
        if event.input.id == "search":
            self._cancel_search()
            if event.value != self.filter.text:
                self._search_timer = self.set_timer(SEARCH_PAUSE, self.search_now)

    def _cancel_search(self) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
            self._search_timer = None

    def search_now(self) -> None:
        """Search for what the box holds now (at the pause, or on Enter/Esc)."""
        self._cancel_search()
        text = self.query_one("#search", Input).value
        if text != self.filter.text:
            self.set_filter(replace(self.filter, text=text))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.search_now()
        self.query_one("#articles", PagedTable).focus()

    # ------------------------------------------------------------------ actions

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_escape(self) -> None:
        if self.query_one("#search", Input).has_focus:
            self.search_now()
            self.query_one("#articles", PagedTable).focus()
        elif self.filter != ArticleFilter():
            self.action_clear()

    def action_clear(self) -> None:
        self._cancel_search()
        self.query_one("#search", Input).value = ""
        self.official_name = None
        self.set_filter(ArticleFilter())

    def counted_columns(self) -> list[Counted]:
        return [Counted("Articles per outlet", outlets, note="all articles, whatever the filter")]

    def filter_by(self, index: int, value) -> None:
        self.set_filter(replace(self.filter, outlet=value))

    @work(exclusive=True, group="dialog", exit_on_error=False, name="outlet filter")
    async def action_outlet(self) -> None:
        names = await asyncio.to_thread(self.app.read, outlets)
        choices = [("", "All outlets")] + [(name, f"{name} ({n})") for name, n in names]
        chosen = await self.app.push_screen_wait(ChoiceDialog("Show articles from", choices, find=True))
        if chosen is not None:
            self.set_filter(replace(self.filter, outlet=chosen or None))

    @work(exclusive=True, group="dialog", exit_on_error=False, name="date filter")
    async def action_dates(self) -> None:
        dates = await ask_dates(self.app, self.filter.date_from, self.filter.date_to, "2016-01..2016-12")
        if dates is not None:
            self.set_filter(replace(self.filter, date_from=dates[0], date_to=dates[1]))
