"""The reader: one article's text with officials and meeting sentences highlighted."""

from __future__ import annotations

import re

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Static
from textual.worker import Worker, WorkerState

from diplotui.store.api import ArticleDetail, article_detail
from diplotui.store.text import one_line

from .footer import KeysFooter
from .key_table import KeyTable
from .paged_table import PagedTable
from .safe import cell, counted, outlet_or, same_length, when
from .title_bar import TitleBar
from .view import View

NAME_STYLE = "bold underline"
MEETING_STYLE = "italic reverse"
HIT_STYLE = "black on yellow"


def search_pattern(search: str) -> re.Pattern | None:
    """The words and "phrases" of a list search as one pattern over the text (the last word
    a prefix, as the search takes it), or None when nothing was searched."""
    parts = []
    for phrase, word in re.findall(r'"([^"]*)"|(\w+)', search or ""):
        words = re.findall(r"\w+", phrase or word)
        if words:
            parts.append(r"\b" + r"\W+".join(map(re.escape, words)))
    if not parts:
        return None
    return re.compile("|".join(f"(?:{p})" for p in parts), re.IGNORECASE)


def search_hits(body: str, search: str) -> list[tuple[int, int]]:
    pattern = search_pattern(search)
    return [m.span() for m in pattern.finditer(body)] if pattern else []


def highlighted_body(article: ArticleDetail, hits: list[tuple[int, int]] = ()) -> Text:
    """The body with each mention, meeting-report sentence and search hit styled, offsets intact."""
    text = Text(same_length(article.body))
    for report in article.reports:
        for sentence in report.sentences:
            start = article.body.find(sentence)
            if start >= 0:
                text.stylize(MEETING_STYLE, start, start + len(sentence))
    for m in article.mentions:
        if 0 <= m.start < m.end <= len(article.body):
            text.stylize(NAME_STYLE, m.start, m.end)
    for start, end in hits:
        text.stylize(HIT_STYLE, start, end)
    return text


class ArticleScreen(View):
    HELP_TITLE = "Article"
    LEGEND = [
        ("◉", "an official named in the article (Enter opens their page)"),
        ("◆", "a meeting the article reports (Enter opens the comparison)"),
        ("bold underline", "a name in the text"),
        ("reversed", "a sentence reporting a meeting"),
    ]
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", show=False, id="reader.back"),
        Binding("tab", "app.focus_next", "Text / list", id="reader.focus"),
        Binding("j", "scroll(1)", "Scroll down", show=False, id="reader.down"),
        Binding("k", "scroll(-1)", "Scroll up", show=False, id="reader.up"),
        Binding("g", "top", "Top", show=False, id="reader.top"),
        Binding("G", "bottom", "Bottom", show=False, id="reader.bottom"),
        Binding("J", "sibling(1)", "Next", tooltip="Next article", id="reader.next"),
        Binding("K", "sibling(-1)", "Prev", tooltip="Previous article", id="reader.previous"),
        Binding("n", "hit(1)", "Next hit", tooltip="Next search hit", id="reader.next_hit"),
        Binding("N", "hit(-1)", "Prev hit", tooltip="Previous search hit", id="reader.previous_hit"),
        Binding("u", "copy_url", "URL", tooltip="Copy the URL", id="reader.url"),
    ]
    # the footer's order after ? and q: reading on along the list, the search's hits, the side list
    FOOTER_ORDER = ("reader.next", "reader.previous", "reader.next_hit", "reader.previous_hit", "reader.url",
                    "reader.focus")

    def __init__(self, article_id: int, source: PagedTable | None = None, search: str = "") -> None:
        super().__init__()
        self.article_id = article_id
        self.source = source  # the list the article was opened from: J/K move along it
        self.search = search
        self.article: ArticleDetail | None = None
        self.hits: list[tuple[int, int]] = []
        self.hit = -1
        self.targets: list[tuple[str, int | None]] = []

    def compose(self) -> ComposeResult:
        yield TitleBar(id="title")
        yield Static(id="meta")
        with Horizontal(id="reader"):
            with VerticalScroll(id="body"):
                yield Static(id="text")
            yield KeyTable(id="entities")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one(TitleBar).show("Article", "loading…")
        table = self.query_one("#entities", DataTable)
        table.add_column("", width=3)
        table.add_column("Official / meeting", width=24)
        table.add_column("As written / status")
        self.query_one("#body").focus()
        self.reload()

    @work(thread=True, exclusive=True, exit_on_error=False, name="loading the article")
    def reload(self) -> ArticleDetail | None:
        return self.app.read(article_detail, self.article_id)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.node is self and event.state == WorkerState.SUCCESS:
            self._show(event.worker.result)

    def footer_idle(self) -> set[str]:
        """The keys that would do nothing now (the footer shows them last): n/N with no search hit,
        u with no URL, J/K opened from no list."""
        idle = set() if self.hits else {"reader.next_hit", "reader.previous_hit"}
        if self.article is None or not self.article.url:
            idle.add("reader.url")
        if self.source is None:
            idle |= {"reader.next", "reader.previous"}
        return idle

    def _show(self, article: ArticleDetail | None) -> None:
        self.article = article
        self.hits = search_hits(article.body, self.search) if article is not None else []
        self.refresh_bindings()  # the footer's idle keys follow the article shown
        if article is None:
            self.query_one(TitleBar).show("Article", "no longer in the database (its file re-ingested?)")
            self.query_one("#meta", Static).update("")
            self.query_one("#text", Static).update("This article is gone from the database; q or Esc goes back.")
            self.query_one("#entities", DataTable).clear()
            self.targets = []
            return
        self.hits, self.hit = search_hits(article.body, self.search), -1
        found = f"{counted(len(self.hits), 'search hit')} (n/N)" if self.search.strip() else ""
        self.query_one(TitleBar).show(f"Article {article.id}", article.headline, found)
        meta = Text()
        for label, value in (("Outlet", outlet_or(article.outlet)), ("Published", when(article.published)),
                             ("By", article.byline), ("Dateline", article.dateline),
                             ("File", f"{article.file} #{article.part}"), ("URL", article.url)):
            if value:
                meta.append(f"{label} ", style="dim")
                meta.append_text(cell(value, 200 if label == "URL" else 60))
                meta.append("   ")
        self.query_one("#meta", Static).update(meta)
        self.query_one("#text", Static).update(highlighted_body(article, self.hits))
        self.query_one("#body", VerticalScroll).scroll_home(animate=False)
        table = self.query_one("#entities", DataTable)
        table.clear()
        self.targets = []
        for o in article.officials:
            table.add_row(cell("◉"), cell(o.name), cell(", ".join(o.as_written) + (f" — {o.title}" if o.title else "")))
            self.targets.append(("official", o.official_id))
        for r in article.reports:
            who = ", ".join(r.participants) or ", ".join(r.named)
            table.add_row(cell("◆"), cell(f"{when(r.date)} {r.place or ''}"), cell(f"{r.status}: {who}"))
            self.targets.append(("event", r.event_id))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        kind, target = self.targets[event.cursor_row]
        if target is None:
            self.app.notify("Not linked to an official or event", severity="warning")
        elif kind == "official":
            self.app.open_official(target)
        else:
            self.app.open_event(target)

    def action_sibling(self, delta: int) -> None:
        """J/K: the next or previous article of the list this one was opened from (newsboat's J/K)."""
        table = self.source
        if table is None or not table.is_attached:
            self.app.notify("Opened from no list: J/K read the next article of a list", severity="warning", timeout=3)
            return
        row = table.cursor_row + delta
        if not 0 <= row < len(table.items):
            self.app.notify("No more articles in the list" if delta > 0 else "This is the first article", timeout=3)
            return
        table.move_cursor(row=row, animate=False)  # the list pages in more rows as its cursor nears the end
        self.article_id = table.items[row].id
        self.query_one(TitleBar).show("Article", "loading…")
        self.reload()

    def action_hit(self, delta: int) -> None:
        """n/N: scroll to the next or previous place the list's search words occur."""
        if not self.hits:
            self.app.notify("No search hits here (search the list with /, then open an article)", timeout=3)
            return
        n = len(self.hits)
        self.hit = (self.hit + delta) % n if self.hit >= 0 else (0 if delta > 0 else n - 1)
        line = self._line_of(self.hits[self.hit][0])
        self.query_one("#body", VerticalScroll).scroll_to(y=max(line - 2, 0), animate=False)
        self.query_one(TitleBar).show(f"Article {self.article_id}", self.article.headline if self.article else "",
                                      f"search hit {self.hit + 1} of {len(self.hits)} (n/N)")

    def _line_of(self, offset: int) -> int:
        """The line of the wrapped body on which character ``offset`` is shown."""
        static = self.query_one("#text", Static)
        body = self.article.body if self.article else ""
        lines = Text(same_length(body)).wrap(self.app.console, max(static.content_region.width, 1))
        pos = 0
        for i, line in enumerate(lines):
            piece = line.plain.strip()
            start = body.find(piece, pos) if piece else pos
            if start < 0:
                continue
            pos = start + len(piece)
            if offset < pos:
                return i
        return max(len(lines) - 1, 0)

    def action_copy_url(self) -> None:
        url = self.article.url if self.article else None
        if not url:
            self.app.notify("This article has no URL (it was read from a file)", timeout=3)
            return
        self.app.copy_to_clipboard(url)  # OSC 52; the URL is also on screen, under the title
        self.app.notify(one_line(url, 300), title="URL copied (if your terminal allows OSC 52)", timeout=5,
                        markup=False)

    def action_scroll(self, lines: int) -> None:
        self.query_one("#body", VerticalScroll).scroll_relative(y=lines, animate=False)

    def action_top(self) -> None:
        self.query_one("#body", VerticalScroll).scroll_home(animate=False)

    def action_bottom(self) -> None:
        self.query_one("#body", VerticalScroll).scroll_end(animate=False)
