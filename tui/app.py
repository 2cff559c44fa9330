"""The diplotui terminal app: three views (articles, officials, events) over a read-only store."""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.worker import Worker, WorkerState, get_current_worker

from diplotui.store.api import PAGE, EventItem, OfficialItem
from diplotui.store.db import open_db
from diplotui.store.text import one_line

from .article_screen import ArticleScreen
from .articles_screen import ArticlesScreen
from .compare_screen import CompareScreen, read_comparison
from .dialogs import ConfirmDialog, PromptDialog
from .events_screen import EventsScreen
from .finder import Finder
from .footer import KeysFooter
from .help_screen import HelpScreen
from .keymap import keymap_path, load_keymap
from .official_screen import OfficialScreen, read_official
from .officials_screen import OfficialsScreen
from .paged_table import PagedTable, first_page_size

HERE = Path(__file__).parent
INGEST_POLL = 2.0  # seconds between two looks at whether an ingest holds the database
PROC_LOCKS = Path("/proc/locks")


def _file_id(path: Path) -> tuple[int, int, int] | None:
    """(device major, minor, inode) of ``path``, as /proc/locks names a file."""
    try:
        st = path.stat()
    except OSError:
        return None
    return os.major(st.st_dev), os.minor(st.st_dev), st.st_ino


def ingest_watchable(path: Path) -> bool:
    """Whether the app can see an ingest's lock (Linux lists every lock in /proc/locks)."""
    return PROC_LOCKS.exists() and _file_id(path) is not None


def ingest_holds(path: Path) -> bool:
    """Whether an ingest holds ``path`` (its ``flock``, see ``store.db.ingest_lock``). Read from
    /proc/locks rather than by trying the lock, which could make a starting ingest wait."""
    wanted = _file_id(path)
    try:
        lines = PROC_LOCKS.read_text().splitlines()
    except OSError:
        return False
    for line in lines:
        parts = line.split()
        if len(parts) >= 6 and "FLOCK" in parts and "WRITE" in parts:
            where = next((p for p in parts if p.count(":") == 2), "")
            try:
                major, minor, inode = where.split(":")
                if (int(major, 16), int(minor, 16), int(inode)) == wanted:
                    return True
            except ValueError:
                continue
    return False
EXPORT_DIR_ENV = "DIPLOTUI_EXPORT_DIR"
IDLE_GC = 1.0  # seconds without a key or a click after which a full garbage collection may run


class DiploApp(App):
    """Keyboard-driven explorer of the knowledge base at ``db_path`` (opened read-only per query)."""

    TITLE = "diplotui"
    CSS_PATH = sorted(HERE.glob("*.tcss"))
    COMMANDS = App.COMMANDS | {Finder}
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
        Binding("e", "export", "Export", id="app.export"),
        Binding("y", "copy_markdown", "Copy as Markdown", show=False, id="app.copy"),
        Binding("z", "undo", "Undo", tooltip="Undo the last correction", show=False, id="app.undo"),
        Binding("q", "back", "Back", tooltip="Back / quit", id="app.back"),
        Binding("ctrl+c", "quit", "Quit", key_display="^c", show=False, id="app.quit"),
    ]

    def __init__(self, db_path: str | Path, export_dir: str | Path | None = None):
        super().__init__()
        self.db_path = Path(db_path)
        self.export_dir = Path(export_dir or os.environ.get(EXPORT_DIR_ENV) or Path.cwd()).expanduser()
        keymap, self._keymap_problems = load_keymap(keymap_path(), binding_ids())
        self.user_keymap = keymap  # binding id -> keys (``own_bindings`` lists them)
        if keymap:
            self.set_keymap(keymap)

    ingest_running = False  # an ingest holds this database (shown in the footer)
    correcting = False  # the app's own correction holds the ingest lock (``tui/corrections.py``)

    def on_mount(self) -> None:
        self.css_look = self.look()  # the stylesheet was read at start-up with this look
        self._collect_garbage_when_idle()
        if ingest_watchable(self.db_path):
            self.set_interval(INGEST_POLL, self._watch_ingest)
        for problem in self._keymap_problems:
            self.notify(problem, title="Keymap", severity="warning", timeout=10, markup=False)

    # ------------------------------------------------------------------ garbage collection

    def _collect_garbage_when_idle(self) -> None:
        """Full garbage collections while nobody is pressing keys, and short ones in between.

        Python's full (generation 2) collections walk every object alive, Textual's caches
        of rendered lines included: 50-130 ms each on the 2-core machine, a dozen or more
        in a few minutes of use, each in whatever key was being handled. Here Python makes
        no full collection on its own (young objects are collected as usual). As often as
        it would (every ten collections of the middle generation), the objects made since
        the last one are collected and what survives is set aside (``gc.freeze``), which
        walks only those; once the keyboard has been quiet for IDLE_GC seconds, everything
        is collected, set-aside objects included, and what survives set aside again.
        """
        gc.freeze()  # modules, Textual, the first view
        young, middle, _ = gc.get_threshold()
        gc.set_threshold(young, middle, 1_000_000)  # no automatic full collection
        self._last_input = time.monotonic()
        self._collected = True  # nothing made since the last full collection
        self.set_interval(IDLE_GC / 4, self._collect)

    def _collect(self) -> None:
        if not self._collected and time.monotonic() - self._last_input >= IDLE_GC:
            self._collected = True
            gc.unfreeze()  # what was alive then may be garbage now
            gc.collect()
            gc.freeze()
        elif gc.get_count()[2] >= 10:  # due (young collections since the last full one)
            gc.collect()  # the objects not set aside only
            gc.freeze()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown)):
            self._last_input = time.monotonic()
            self._collected = False
        await super().on_event(event)

    # ------------------------------------------------------------------ an ingest beside the app

    def _watch_ingest(self) -> None:
        if self.correcting:  # the lock seen is the app's own, for the correction it is writing
            return
        running = ingest_holds(self.db_path)
        if running == self.ingest_running:
            return
        self.ingest_running = running
        for screen in self.screen_stack:
            for footer in screen.query(KeysFooter):
                footer.refresh()
        if running:
            self.notify("An ingest is writing to this database; corrections wait for it", timeout=4)
        else:
            self.notify("The ingest has finished: r reloads what it added", title="Ingest done", timeout=15)

    # ------------------------------------------------------------------ reading

    def read(self, query: Callable[..., Any], *args, **kwargs) -> Any:
        """Run one query function on a fresh read-only connection (call from a worker thread)."""
        db = open_db(self.db_path, readonly=True)
        try:
            return query(db, *args, **kwargs)
        finally:
            db.close()

    # ------------------------------------------------------------------ navigation

    def action_view(self, mode: str):
        """A view's key goes to that view's list (as in newsboat and k9s): from its reader,
        official page or comparison too, and never back to a stale page of an earlier visit.
        (Textual switches modes and pops screens at once; the awaitable waits for the drawing.)"""
        done = self.switch_mode(mode) if self.current_mode != mode else None
        while len(self.screen_stack) > 1:
            done = self.pop_screen()
        return done

    switching_view = False
    css_look: tuple | None = None  # the look (``look``) the stylesheet was last read with

    def look(self) -> tuple:
        """What the app's CSS depends on beyond its files: the theme and its variables' source."""
        return (self.theme, self.ansi_color)

    def switch_mode(self, mode: str):
        """Textual's, without holding the screen's updates back 50 ms (``delay_update``) to mask
        the change: a view seen before is drawn at once (5 ms instead of 55), a view's first
        visit as soon as it is composed and again when its rows arrive."""
        self.switching_view = True
        try:
            return super().switch_mode(mode)
        finally:
            self.switching_view = False

    def delay_update(self, delay: float = 0.05) -> None:
        if not self.switching_view:
            super().delay_update(delay)

    def refresh_css(self, animate: bool = True) -> None:
        """Textual's, but not on a view switch when the look is the one the stylesheet was read
        with: Textual re-reads and re-applies the whole stylesheet on a view's first visit
        (20-45 ms at 1M) although nothing changed. A view styled with another look (a theme
        chosen while it was hidden) is restyled when shown (``View.on_screen_resume``)."""
        if self.switching_view and self.css_look == self.look():
            return
        self.css_look = self.look()
        super().refresh_css(animate)

    def action_back(self) -> None:
        """``q``: one level back (reader, official, comparison, dialog); at a list, quit, as
        newsboat and visidata do (Ctrl+C and Ctrl+Q quit from anywhere, without asking too)."""
        if len(self.screen_stack) > 1:
            self.pop_screen()
        else:
            self.exit()

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            screen = self.screen
            title = type(screen).__name__.removesuffix("Screen")
            self.push_screen(HelpScreen(getattr(screen, "HELP_TITLE", title), help_rows(screen),
                                        getattr(screen, "LEGEND", [])))

    def action_reload(self) -> None:
        """Read again what this screen and the ones under it show (an ingest or a correction
        may have run in another shell), so going back never shows what is gone."""
        if self._reload_views():
            self.notify("Reloaded from the database", timeout=2)

    def _reload_views(self) -> bool:
        reloaded = False
        for screen in self.screen_stack:
            reload = getattr(screen, "reload", None)
            if reload is not None:
                reload()
                reloaded = True
        return reloaded

    # ------------------------------------------------------------------ corrections

    def correct_event(self, kind: str, *args) -> None:
        """``merge`` (event a, event b) or ``split`` (event, [report ids]), as ``diplotui events
        merge/split`` does; then every view shown is read again. A refused correction says why
        in one line and changes nothing."""
        self._correct_event(kind, *args)

    @work(thread=True, exclusive=True, group="correction", exit_on_error=False, name="correcting events")
    def _correct_event(self, kind: str, *args) -> None:
        from .corrections import CorrectionFailed, correct_event

        try:
            self.correcting = True  # its own hold of the ingest lock is not an ingest beside the app
            event_id = correct_event(self.db_path, kind, *args)
        except CorrectionFailed as exc:
            self.call_from_thread(self.notify, one_line(str(exc), 300), title="Not corrected", severity="error",
                                  timeout=8, markup=False)
            return
        finally:
            self.correcting = False
        done = f"Merged into event {event_id}" if kind == "merge" else f"Split out into event {event_id}"
        if kind == "merge" and len(args) > 2:
            done += f" ({len(args)} events)"
        self.call_from_thread(self._corrected, done, event_id)

    def action_undo(self) -> None:
        """``z`` (lazygit's): take back the app's last correction still in effect, recorded as a
        decision like the correction was; the notice says what was undone."""
        self._undo()

    @work(thread=True, exclusive=True, group="correction", exit_on_error=False, name="undoing a correction")
    def _undo(self) -> None:
        from .corrections import CorrectionFailed, undo_correction

        try:
            self.correcting = True
            what, events = undo_correction(self.db_path)
        except CorrectionFailed as exc:
            nothing = str(exc).startswith("nothing to undo")
            title, severity = ("Undo", "warning") if nothing else ("Not undone", "error")
            self.call_from_thread(self.notify, one_line(str(exc), 300), title=title, severity=severity, timeout=6,
                                  markup=False)
            return
        finally:
            self.correcting = False
        self.call_from_thread(self._corrected, what, events[0] if events else None, "Undone")

    def _corrected(self, message: str, event_id: int | None = None, title: str = "Corrected") -> None:
        for screen in self.screen_stack:
            corrected = getattr(screen, "corrected", None)
            if corrected is not None:
                corrected(event_id)
        self._reload_views()
        self.notify(message + " (recorded: every later ingest keeps it)", title=title, timeout=8, markup=False)

    def open_article(self, article_id: int, source: PagedTable | None = None, search: str = "") -> None:
        """The reader; ``source`` is the list it was opened from (J/K read its next/previous
        article), ``search`` what was searched for (highlighted; n/N go from hit to hit)."""
        self.push_screen(ArticleScreen(article_id, source, search))

    def open_official(self, official_id: int) -> None:
        """An official's page, read first (its first screenful), then shown (see ``OfficialScreen``)."""
        self._open_official(official_id, first_page_size(PAGE, self.size.height))

    @work(thread=True, exclusive=True, group="open-official", exit_on_error=False, name="loading the official")
    def _open_official(self, official_id: int, rows: int) -> None:
        view = self.read(read_official, official_id, rows)
        if not get_current_worker().is_cancelled:  # Enter pressed again, on another official
            self.call_from_thread(lambda: self.push_screen(OfficialScreen(official_id, view)))

    def open_event(self, event_id: int) -> None:
        """The comparison of an event, read first, then shown (see ``CompareScreen``)."""
        self._open_event(event_id)

    @work(thread=True, exclusive=True, group="open-event", exit_on_error=False, name="loading the comparison")
    def _open_event(self, event_id: int) -> None:
        comparison, reasons = self.read(read_comparison, event_id)
        if not get_current_worker().is_cancelled:  # Enter pressed again, on another event
            self.call_from_thread(lambda: self.push_screen(CompareScreen(event_id, comparison, reasons)))

    async def show_articles_of(self, official_id: int, name: str) -> None:
        """The articles view, filtered to one official."""
        done = self.action_view("articles")
        if done is not None:
            await done
        screen = self.screen
        if isinstance(screen, ArticlesScreen):
            screen.show_official(official_id, name)

    # ------------------------------------------------------------------ export

    def export_target(self) -> tuple[str, Any, str] | None:
        """(kind, id or filter, label) of what the current view shows, for ``e`` and ``y``."""
        screen = self.screen
        if isinstance(screen, ArticleScreen):
            return "article", screen.article_id, ""
        if isinstance(screen, OfficialScreen):  # named as from the Officials list: one view, one file name
            return "official", screen.official_id, screen.detail.official.name if screen.detail else ""
        if isinstance(screen, CompareScreen):
            return "event", screen.event_id, ""
        if isinstance(screen, ArticlesScreen):
            if not screen.query_one("#articles", PagedTable).items:
                return None  # no article to export
            return "search", screen.filter, screen.official_name if screen.filter.official_id is not None else ""
        lists = isinstance(screen, (OfficialsScreen, EventsScreen))
        table = next(iter(screen.query(PagedTable)), None) if lists else None
        item = table.current if table is not None else None
        if isinstance(item, OfficialItem):
            return "official", item.id, item.name
        if isinstance(item, EventItem):
            return "event", item.id, ""
        return None

    def action_export(self) -> None:
        self._start_export("file", "Nothing to export here")

    def action_copy_markdown(self) -> None:
        self._start_export("clipboard", "Nothing to copy here")

    def _start_export(self, to: str, nothing: str) -> None:
        target = self.export_target()
        if target is None:
            self.notify(nothing, severity="warning", timeout=3)
            return
        self.run_worker(partial(self._build_export, *target, to), thread=True, name=f"export to {to}", group="export")

    def _build_export(self, kind: str, target: Any, label: str, to: str) -> None:
        from .export import default_name, export_md

        text = self.read(export_md, kind, target)
        if to == "clipboard":
            self.call_from_thread(self._copy, text)
        else:
            path = self.export_dir / default_name(kind, target, label)
            self.call_from_thread(self._ask_path, text, str(path))

    def _copy(self, text: str) -> None:
        self.copy_to_clipboard(text)  # OSC 52: the terminal (also over SSH) puts it on the clipboard
        self.notify(f"Copied {len(text):,} characters of Markdown (if your terminal allows OSC 52)", timeout=4)

    def _ask_path(self, text: str, typed: str) -> None:
        """Ask where to write; an existing file is replaced only when the user says so, and a
        failed write says why and asks again with what was typed. (Callbacks, not a worker
        waiting on the dialog, so nothing stays running while the dialog is open.)"""
        from .export import ExportExists, ExportWriteError, write_export

        def write(path: str, overwrite: bool) -> None:
            try:
                written = write_export(path, text, overwrite=overwrite, database=self.db_path, make_dirs=True)
            except ExportExists:
                self.push_screen(ConfirmDialog(f"{path} exists. Replace it?"),
                                 lambda yes: write(path, True) if yes else self._ask_path(text, path))
                return
            except ExportWriteError as exc:
                self.notify(one_line(str(exc), 300), title="Export failed", severity="error", timeout=8, markup=False)
                self._ask_path(text, path)
                return
            self.notify(one_line(str(written), 300), title="Exported", timeout=6, markup=False)

        self.push_screen(PromptDialog("Export Markdown to (Enter to write, Esc to cancel)", typed),
                         lambda path: write(path, False) if path else None)

    # ------------------------------------------------------------------ commands and failures

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every key binding that applies here, as a palette command (one source for both)."""
        for key, description, node, action in bindings_of(screen, own=True):
            if action == "command_palette":
                continue
            yield SystemCommand(description, f"key {key}", partial(self.call_later, self.run_action, action, node))
        yield SystemCommand("Theme", "Change the colours", self.action_change_theme)
        yield SystemCommand("Screenshot", "Save an SVG screenshot of the screen", lambda: self.deliver_screenshot())

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one place worker failures surface: loud, as an error notification."""
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            self.notify(
                one_line(f"{type(error).__name__}: {error}", 300),
                title=f"Failed: {event.worker.name or 'query'}",
                severity="error", timeout=10, markup=False,
            )


# Textual's own bindings that say nothing useful in a list of rows (a row has no sideways
# cursor) or that every screen has; they still work, they are only not listed
_UNLISTED = {"cursor_left", "cursor_right", "page_left", "page_right", "scroll_home", "scroll_end",
             "scroll_top", "scroll_bottom",
             "app.focus_previous", "screen.copy_text"}


def own_bindings(node: Any, keymap: dict[str, str]) -> list[Binding]:
    """diplotui's bindings (those with an id) of ``node``, one per key, with the user's keys.

    As Textual merges a class's BINDINGS over its bases' (a key bound again replaces the
    base's binding of that key) and applies a keymap (a binding with its id in the keymap has
    the keymap's keys instead of its own), from the classes' public ``BINDINGS``."""
    by_key: dict[str, Binding] = {}
    for cls in reversed(type(node).__mro__):
        for binding in Binding.make_bindings(cls.__dict__.get("BINDINGS", ())):
            by_key[binding.key] = binding
    found, remapped = [], set()
    for binding in by_key.values():
        if binding.id is None or binding.id in remapped:
            continue
        if binding.id in keymap:  # its keys are the keymap's (once, for all the keys it had)
            remapped.add(binding.id)
            found += Binding.make_bindings([replace(binding, key=keymap[binding.id])])
        else:
            found.append(binding)
    return found


def bindings_of(screen: Screen, own: bool = False) -> list[tuple[str, str, Any, str]]:
    """(keys as shown, description, node, action) for each action bound on ``screen`` now.

    Keys bound to one action of one widget are one row ("j/↓ Down"), described by
    diplotui's binding (one with an id) where there is one. ``own`` keeps only diplotui's
    bindings, leaving out the widgets' own (an Input's "Delete all to the left").
    """
    rows: dict[tuple[str, int], list] = {}
    if own:  # every binding of the focused widget's chain, also keys an Input would take as text
        chain = screen.focused.ancestors_with_self if screen.focused is not None else [screen, screen.app]
        keymap = getattr(screen.app, "user_keymap", {})
        found = [(node, b) for node in chain for b in own_bindings(node, keymap)]
    else:
        found = [(active.node, active.binding) for active in screen.active_bindings.values()]
    for node, binding in found:
        description = binding.tooltip or binding.description  # the footer's short word, or more
        ours = binding.id is not None
        if not description or (own and not ours):
            continue
        if not ours and (binding.action in _UNLISTED or (binding.action == "app.focus_next" and node is screen)):
            continue
        row = rows.setdefault((binding.action, id(node)), [[], description, node, binding.action, ours])
        if ours and not row[4]:
            row[1], row[4] = description, True
        shown = screen.app.get_key_display(binding)
        if shown not in (k for _, k in row[0]):
            row[0].append((not ours, shown))
    return [("/".join(k for _, k in sorted(keys, key=lambda x: (x[0], len(x[1]) > 1))), description, node, action)
            for keys, description, node, action, _ in rows.values()]


def binding_ids() -> set[str]:
    """The id of every binding of the app, its views and widgets (what a keymap may name)."""
    from textual.dom import DOMNode

    ids = set()
    pending = [DiploApp, *DOMNode.__subclasses__()]
    while pending:
        cls = pending.pop()
        pending += cls.__subclasses__()
        if cls.__module__.startswith("diplotui."):
            ids |= {b.id for b in cls.BINDINGS if isinstance(b, Binding) and b.id}
    return ids


def help_rows(screen: Screen) -> list[tuple[str, str, str]]:
    """(section, keys, description) rows for the help screen: this view first, then everywhere."""
    rows = []
    for key, description, node, _ in bindings_of(screen):
        section = "Everywhere" if node is screen.app else "This view"
        rows.append((section, key, description))
    rows.sort(key=lambda r: r[0] != "This view")
    return rows
