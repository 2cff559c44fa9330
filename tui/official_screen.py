"""One official: profile, aliases and titles over time, meetings timeline, articles."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from diplotui.store.api import (
    TIMELINE_END,
    EventItem,
    OfficialDetail,
    Page,
    counterparts,
    official_articles,
    official_detail,
    official_months,
    official_timeline,
    timeline_key,
)
from diplotui.store.why import NameEvidence, official_evidence, official_names

from .articles_screen import ARTICLE_COLUMNS, ARTICLE_LEGEND, HEADLINE_SHARE, article_row
from .footer import KeysFooter
from .month_chart import MonthChart
from .paged_table import PagedTable
from .safe import cell, counted, or_dash, outlet_or, when
from .title_bar import TitleBar
from .view import View
from .why_screen import WhyScreen


def timeline_row(e: EventItem, official_id: int):
    marks = {"planned": "○", "proposed": "?", "held": "●"}
    return (
        cell(when(e.date)), cell(", ".join(e.counterparts(official_id)) or "—", 60),
        cell(or_dash(e.place), 30), cell(f"{marks.get(e.status or '', ' ')} {e.status or '—'}"),
        cell(or_dash(e.kind)), cell(", ".join(outlet_or(o) for o in e.outlets)),
    )


@dataclass(frozen=True)
class OfficialView:
    """All an official's page shows when it opens, read at once (``read_official``)."""

    detail: OfficialDetail | None
    timeline: Page[EventItem]
    articles: Page
    months: list[tuple[str, int]]
    met: list[tuple[int, str, int]]
    names: tuple[NameEvidence, ...] = ()  # the ways the name was written, with why each is theirs


def read_official(db, official_id: int, rows: int) -> OfficialView:
    """The profile, the first ``rows`` meetings and articles, meetings per month and the people
    met most, on one connection."""
    return OfficialView(
        official_detail(db, official_id),
        official_timeline(db, official_id, limit=rows),
        official_articles(db, official_id, limit=rows),
        official_months(db, official_id),
        counterparts(db, official_id),
        official_names(db, official_id),
    )


class OfficialScreen(View):
    """Opened with its first screenful already read (``DiploApp.open_official``), so that it
    is drawn once with its profile, meetings and articles, not once per query as each
    arrives (five layouts and paints of the whole screen, about 150 ms of the UI thread on
    the 2-core machine)."""

    LEGEND = [
        ("● ○ ?", "a meeting held, planned, proposed"),
        ("Counterparts", "the other people at the meeting"),
        ("Reported by", "the outlets whose articles report it"),
        *ARTICLE_LEGEND[1:],
    ]
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", show=False, id="official.back"),
        Binding("tab", "app.focus_next", "Meetings / articles", id="official.focus"),
        Binding("a", "articles", "Articles", tooltip="In Articles view", id="official.articles"),
        Binding("w", "why", "Why", tooltip="Why one person", id="official.why"),
    ]
    FOOTER_ORDER = ("list.open", "official.articles", "official.why", "official.focus")  # after ? and q

    def __init__(self, official_id: int, view: OfficialView | None = None) -> None:
        """``view`` as ``read_official`` read it; None reads it once the screen is shown."""
        super().__init__()
        self.official_id = official_id
        self.detail: OfficialDetail | None = None
        self._view = view

    def compose(self) -> ComposeResult:
        yield TitleBar(id="title")
        yield Static(id="profile")
        yield MonthChart("Meetings per month", "meeting", id="per-month")
        yield Static(id="counterparts")
        size = self.app.size
        yield PagedTable(
            [("Date", 10), ("Counterparts", 22), ("Place", 10), ("Status", 10), ("Kind", 12), ("Reported by", None)],
            lambda e: timeline_row(e, self.official_id), end_key=TIMELINE_END, key_of=timeline_key,
            read=self.app.read, screen_size=size, id="timeline",
        )
        articles = PagedTable(ARTICLE_COLUMNS, article_row, end_key=("", -1), read=self.app.read, screen_size=size,
                              id="official-articles")
        articles.flex_share = HEADLINE_SHARE
        yield articles
        yield KeysFooter()

    def on_mount(self) -> None:
        timeline = self.query_one("#timeline", PagedTable)
        timeline.border_title = "Meetings"
        timeline.fetch = lambda db, **paging: official_timeline(db, self.official_id, **paging)
        articles = self.query_one("#official-articles", PagedTable)
        articles.border_title = "Articles"
        articles.fetch = lambda db, **paging: official_articles(db, self.official_id, **paging)
        timeline.focus()
        if self._view is not None:
            self._apply(self._view)
        else:
            self.reload()

    @property
    def events(self) -> list[EventItem]:
        """The meetings in the timeline now (a window of at most MAX_ROWS)."""
        return self.query_one("#timeline", PagedTable).items

    def reload(self) -> None:
        self._load(self.query_one("#timeline", PagedTable).first_rows())

    @work(thread=True, exclusive=True, exit_on_error=False, name="loading the official")
    def _load(self, rows: int) -> OfficialView:
        return self.app.read(read_official, self.official_id, rows)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.node is self and event.worker.group == "default" and event.state == WorkerState.SUCCESS:
            self._apply(event.worker.result)

    def _apply(self, view: OfficialView) -> None:
        self._show(view.detail, view.names)
        if view.detail is not None:
            self.query_one("#timeline", PagedTable).show_first(view.timeline)
            self.query_one("#official-articles", PagedTable).show_first(view.articles)
            self._show_glance(view.months, view.met)

    def _show_glance(self, months: list[tuple[str, int]], met: list[tuple[int, str, int]]) -> None:
        self.query_one("#per-month", MonthChart).show(months)
        line = Text("Met most ", style="dim")
        line.append_text(cell(", ".join(f"{name} ({n})" for _, name, n in met) or "nobody yet"))
        self.query_one("#counterparts", Static).update(line)

    def _show(self, detail: OfficialDetail | None, names: tuple[NameEvidence, ...] = ()) -> None:
        self.detail = detail
        if detail is None:  # merged into someone else or re-ingested away: nothing stale stays
            self.query_one(TitleBar).show("Official", "no longer in the database (merged or re-ingested?)")
            self.query_one("#profile", Static).update("This official is gone from the database; q or Esc goes back.")
            for table in self.query(PagedTable):
                table.fetch = None
                table.items = []
                table.clear()
            return
        o = detail.official
        counts = f"{counted(o.n_articles, 'article')} · {counted(o.n_events, 'meeting')}"
        self.query_one(TitleBar).show(f"Official {o.id}", o.name, counts)
        profile = Text()
        profile.append_text(cell(o.name, style="bold"))
        profile.append("  ")
        profile.append_text(cell(" · ".join(x for x in (o.country, o.title) if x)))
        if any(n.why for n in names):  # each name with the reason resolution gave for it
            profile.append("\nAlso written ", style="dim")
            # names that share a reason are listed together and the reason said once: the same
            # long reason three times filled five lines at 80 columns and left the meetings four
            by_reason: dict[str, list[str]] = {}
            for n in names:
                by_reason.setdefault(n.why or "", []).append(f"{n.name} ({n.articles})")
            written = (", ".join(names_) + (f": {why}" if why else "") for why, names_ in by_reason.items())
            profile.append_text(cell(" · ".join(written)))
        elif detail.aliases:
            profile.append("\nAlso written ", style="dim")
            profile.append_text(cell(", ".join(f"{a} ({n})" for a, n in detail.aliases)))
        for t in detail.titles:
            span = " to ".join(dict.fromkeys(when(x) for x in (t.first_seen, t.last_seen) if x)) or when(None)
            profile.append("\nTitle ", style="dim")
            profile.append_text(cell(f"{t.title} ({span}, {t.n}×)"))
        self.query_one("#profile", Static).update(profile)

    def on_paged_table_chosen(self, event: PagedTable.Chosen) -> None:
        if event.table.id == "timeline":
            self.app.open_event(event.item.id)
        else:
            self.app.open_article(event.item.id, event.table)

    def action_why(self) -> None:
        """The evidence that joined this official's mentions: names, countries and titles in the text."""
        if self.detail is not None:
            self._read_why(self.detail.official.name)

    @work(thread=True, exclusive=True, group="why", exit_on_error=False, name="reading the evidence")
    def _read_why(self, name: str) -> None:
        evidence = self.app.read(official_evidence, self.official_id)
        self.app.call_from_thread(lambda: self.app.push_screen(WhyScreen(name, evidence)))

    async def action_articles(self) -> None:
        if self.detail is not None:
            await self.app.show_articles_of(self.official_id, self.detail.official.name)
