"""The key line at the bottom of every view: one widget drawing one line, ``?`` and ``q`` first."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.keys import KEY_NAME_REPLACEMENTS, key_to_character
from textual.screen import Screen
from textual.widget import Widget

FIRST = ("app.help", "app.back")  # binding ids shown first, so that 80 columns still show them
_UNICODE_NAMES = {short: name for name, short in KEY_NAME_REPLACEMENTS.items()}  # "slash": "solidus"


def typed_character(key: str) -> str | None:
    """The character a key types ("/" for "slash", which Textual's ``key_to_character`` misses)."""
    return key_to_character(key) or (key_to_character(_UNICODE_NAMES[key]) if key in _UNICODE_NAMES else None)


class KeysFooter(Widget):
    """The keys of the current screen, as Textual's ``Footer`` shows them, drawn as one line.

    Textual's ``Footer`` is a container with a widget per key, rebuilt (each key mounted,
    data-bound and restyled) whenever the screen's bindings change, which they do on every
    mount and focus change (figures in benchmarks/README.md, App). This footer is one
    widget; a change of bindings redraws its line only when the keys it shows differ, and
    never changes the layout. A click on a key presses it.
    """

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"footer-key--key", "footer-key--description", "footer--separator"}
    DEFAULT_CSS = """
    KeysFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        .footer-key--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .footer-key--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .footer--separator {
            color: $foreground 20%;
        }
    }
    """

    _shown: tuple | None = None
    _spans: list[tuple[int, int, str]] = []  # (first cell, cell after, key) of each key drawn

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def keys(self) -> tuple[list[tuple[str, str, bool]], tuple[str, str, bool] | None]:
        """(key shown, description, enabled) of the keys to show, and of the command palette's."""
        keys = []
        seen = set()
        ordered = []
        focused = self.screen.focused
        for node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if focused is not None and focused.check_consume_key(binding.key, typed_character(binding.key)):
                continue  # a text box has the focus: this key types its letter there ("/" in a search)
            if binding.show and binding.action not in seen:
                seen.add(binding.action)
                ordered.append((binding, enabled, node is self.app))
        # ? and q, then the keys that matter in this view (its FOOTER_ORDER), its other keys, the
        # app's (1/2/3, r, e), and last the keys that would do nothing now (``footer_idle``: c with
        # no filter, n/N with no search hit): what does not fit is dropped from the end, whole
        order = getattr(self.screen, "FOOTER_ORDER", ())
        idle_of = getattr(self.screen, "footer_idle", None)
        idle = idle_of() if idle_of is not None else set()

        def rank(k: tuple) -> tuple[int, int]:
            binding, _enabled, of_app = k
            if binding.id in FIRST:
                return 0, FIRST.index(binding.id)
            if binding.id in idle:
                return 4, 0
            if binding.id in order:
                return 1, order.index(binding.id)
            return (3 if of_app else 2), 0

        ordered.sort(key=rank)  # stable: keys of one rank keep the binding chain's order
        for binding, enabled, _ in ordered:
            keys.append((binding.key, self.app.get_key_display(binding), binding.description, enabled))
        palette = None
        found = self.screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
        if self.app.ENABLE_COMMAND_PALETTE and found is not None:
            _node, binding, enabled, _tooltip = found
            palette = (binding.key, self.app.get_key_display(binding), binding.description, enabled)
        return keys, palette

    def bindings_changed(self, screen: Screen) -> None:
        if screen is self.screen and self.is_attached:
            shown = self.keys()
            if shown != self._shown:
                self.refresh()

    def _key(self, key: str, display: str, description: str, enabled: bool, pad: str = " ") -> Text:
        key_style = self.get_component_rich_style("footer-key--key")
        description_style = self.get_component_rich_style("footer-key--description")
        out = Text.assemble((f"{pad}{display} ", key_style), (f"{description} ", description_style))
        if not enabled:
            out.stylize("dim")
        return out

    def render(self) -> Text:
        keys, palette = self._shown = self.keys()
        right = Text(end="")
        if getattr(self.app, "ingest_running", False):  # k9s-style: what runs beside the app
            right.append("⟳ ingest running ", style="bold")
        if palette is not None:
            right.append("▏", style=self.get_component_rich_style("footer--separator"))
            right.append_text(self._key(*palette, pad=""))
        room = max(self.size.width - right.cell_len, 0)
        more = Text.assemble((" … ", self.get_component_rich_style("footer--separator")),
                             ("? more ", self.get_component_rich_style("footer-key--description")))
        drawn = [self._key(*key, pad=" " if i == 0 else "") for i, key in enumerate(keys)]  # one space apart
        shown = len(drawn)
        while shown and sum(t.cell_len for t in drawn[:shown]) + (more.cell_len if shown < len(drawn) else 0) > room:
            shown -= 1  # a key that does not fit whole is left out, never cut
        line = Text(no_wrap=True, overflow="crop", end="")
        spans = []
        for key, text in zip(keys[:shown], drawn[:shown], strict=True):
            start = line.cell_len
            line.append_text(text)
            spans.append((start, line.cell_len, key[0]))
        if shown < len(drawn):
            start = line.cell_len
            line.append_text(more)
            spans.append((start, line.cell_len, "question_mark"))
        line.truncate(room, pad=True)
        if palette is not None:
            start = room + right.cell_len - self._key(*palette, pad="").cell_len
            spans.append((start, room + right.cell_len, palette[0]))
        line.append_text(right)
        self._spans = spans
        return line

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                event.stop()
                self.app.simulate_key(key)
                return
