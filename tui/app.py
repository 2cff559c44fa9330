"""The diplotui terminal app: three views (articles, officials, events) over a read-only store."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from diplotui.store.db import open_db
from diplotui.store.text import one_line

from .article_screen import ArticleScreen
from .articles_screen import ArticlesScreen
from .compare_screen import CompareScreen
from .events_screen import EventsScreen
from .help_screen import HelpScreen
from .official_screen import OfficialScreen
from .officials_screen import OfficialsScreen

HERE = Path(__file__).parent


class DiploApp(App):
    """Keyboard-driven explorer of the knowledge base at ``db_path`` (opened read-only per query)."""

    TITLE = "diplotui"
    CSS_PATH = sorted(HERE.glob("*.tcss"))
    MODES = {"articles": ArticlesScreen, "officials": OfficialsScreen, "events": EventsScreen}
    DEFAULT_MODE = "articles"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]
    BINDINGS = [
        Binding("1", "view('articles')", "Articles", id="view.articles"),
        Binding("2", "view('officials')", "Officials", id="view.officials"),
        Binding("3", "view('events')", "Events", id="view.events"),
        Binding("question_mark", "help", "Help", key_display="?", id="app.help"),
        Binding("ctrl+p", "command_palette", "Commands", key_display="^p", show=False, id="app.palette"),
        Binding("r", "reload", "Reload", id="app.reload"),
        Binding("q", "quit", "Quit", id="app.quit"),
    ]

    def __init__(self, db_path: str | Path):
        super().__init__()
        self.db_path = Path(db_path)

    def read(self, query: Callable[..., Any], *args, **kwargs) -> Any:
        """Run one query function on a fresh read-only connection (call from a worker thread)."""
        db = open_db(self.db_path, readonly=True)
        try:
            return query(db, *args, **kwargs)
        finally:
            db.close()

    # ------------------------------------------------------------------ navigation

    def action_view(self, mode: str) -> None:
        self.switch_mode(mode)

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(help_rows(self.screen)))

    def action_reload(self) -> None:
        reload = getattr(self.screen, "reload", None)
        if reload is not None:
            reload()
            self.notify("Reloaded from the database", timeout=2)

    def open_article(self, article_id: int) -> None:
        self.push_screen(ArticleScreen(article_id))

    def open_official(self, official_id: int) -> None:
        self.push_screen(OfficialScreen(official_id))

    def open_event(self, event_id: int) -> None:
        self.push_screen(CompareScreen(event_id))

    async def show_articles_of(self, official_id: int, name: str) -> None:
        """The articles view, filtered to one official."""
        await self.switch_mode("articles")
        screen = self.screen
        if isinstance(screen, ArticlesScreen):
            screen.show_official(official_id, name)

    # ------------------------------------------------------------------ commands and failures

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every key binding that applies here, as a palette command (one source for both)."""
        for key, description, node, action in bindings_of(screen):
            if action == "command_palette":
                continue
            yield SystemCommand(description, f"key {key}", partial(self.call_later, self.run_action, action, node))
        yield from super().get_system_commands(screen)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one place worker failures surface: loud, as an error notification."""
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            self.notify(
                one_line(f"{type(error).__name__}: {error}", 300),
                title=f"Failed: {event.worker.name or 'query'}",
                severity="error", timeout=10, markup=False,
            )  # fmt: skip


def bindings_of(screen: Screen) -> list[tuple[str, str, Any, str]]:
    """(key as shown, description, node, action) for each binding active on ``screen``."""
    out = []
    seen = set()
    for active in screen.active_bindings.values():
        binding = active.binding
        description = binding.description or binding.tooltip
        if not description or (description, binding.action) in seen:
            continue
        seen.add((description, binding.action))
        out.append((screen.app.get_key_display(binding), description, active.node, binding.action))
    return out


def help_rows(screen: Screen) -> list[tuple[str, str, str]]:
    """(section, key, description) rows for the help screen: this view first, then everywhere."""
    rows = []
    for key, description, node, _ in bindings_of(screen):
        section = "Everywhere" if node is screen.app else "This view"
        rows.append((section, key, description))
    rows.sort(key=lambda r: r[0] != "This view")
    return rows
