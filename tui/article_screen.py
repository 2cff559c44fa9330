"""The reader: one article's text with officials and meeting sentences highlighted."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Static
from textual.worker import Worker, WorkerState

from diplotui.store.queries import ArticleDetail, article_detail

from .footer import KeysFooter
from .key_table import KeyTable
from .safe import cell, outlet_or, same_length, when
from .title_bar import TitleBar

NAME_STYLE = "bold underline"
MEETING_STYLE = "italic reverse"


def highlighted_body(article: ArticleDetail) -> Text:
    """The body with each mention and each meeting-report sentence styled, offsets intact."""
    text = Text(same_length(article.body))
    for report in article.reports:
        for sentence in report.sentences:
            start = article.body.find(sentence)
            if start >= 0:
                text.stylize(MEETING_STYLE, start, start + len(sentence))
    for m in article.mentions:
        if 0 <= m.start < m.end <= len(article.body):
            text.stylize(NAME_STYLE, m.start, m.end)
    return text


class ArticleScreen(Screen):
    HELP_TITLE = "Article"
    LEGEND = [
        ("◉", "an official named in the article (Enter opens their page)"),
        ("◆", "a meeting the article reports (Enter opens the comparison)"),
        ("bold underline", "a name in the text"),
        ("reversed", "a sentence reporting a meeting"),
    ]
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="reader.back"),
        Binding("tab", "app.focus_next", "Text / list", id="reader.focus"),
        Binding("j", "scroll(1)", "Scroll down", show=False, id="reader.down"),
        Binding("k", "scroll(-1)", "Scroll up", show=False, id="reader.up"),
        Binding("g", "top", "Top", show=False, id="reader.top"),
        Binding("G", "bottom", "Bottom", show=False, id="reader.bottom"),
    ]

    def __init__(self, article_id: int) -> None:
        super().__init__()
        self.article_id = article_id
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

    def _show(self, article: ArticleDetail | None) -> None:
        if article is None:
            self.query_one(TitleBar).show("Article", "not found (the database changed?)")
            return
        self.query_one(TitleBar).show("Article", article.headline)
        meta = Text()
        for label, value in (("Outlet", outlet_or(article.outlet)), ("Published", when(article.published)),
                             ("By", article.byline), ("Dateline", article.dateline),
                             ("File", f"{article.file} #{article.part}")):  # fmt: skip
            if value:
                meta.append(f"{label} ", style="dim")
                meta.append_text(cell(value, 60))
                meta.append("   ")
        self.query_one("#meta", Static).update(meta)
        self.query_one("#text", Static).update(highlighted_body(article))
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

    def action_scroll(self, lines: int) -> None:
        self.query_one("#body", VerticalScroll).scroll_relative(y=lines, animate=False)

    def action_top(self) -> None:
        self.query_one("#body", VerticalScroll).scroll_home(animate=False)

    def action_bottom(self) -> None:
        self.query_one("#body", VerticalScroll).scroll_end(animate=False)
