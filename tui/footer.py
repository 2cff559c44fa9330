"""Textual's footer, with ``?`` and ``q`` first, rebuilt only when the keys it shows change."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

FIRST = ("app.help", "app.back")  # binding ids shown first, so that 80 columns still show them


class KeysFooter(Footer):
    """A :class:`Footer` that shows help and back/quit first and skips rebuilding when the
    shown keys are the same as before.

    The stock footer recomposes (a widget per key, each restyled) on every change of the
    screen's bindings, which fires on each focus change and mount: a noticeable part of
    opening a view with several focusable widgets (figures in benchmarks/README.md, App).
    """

    _shown: tuple | None = None

    def _keys(self) -> tuple:
        return tuple(
            (binding.key, binding.description, binding.action, enabled, tooltip)
            for _node, binding, enabled, tooltip in self.screen.active_bindings.values()
            if binding.show or binding.action == "command_palette"
        )

    def compose(self):
        if not self._bindings_ready:
            return
        self._shown = self._keys()
        active = self.screen.active_bindings
        keys: list = []
        seen = set()
        for _node, binding, enabled, tooltip in active.values():
            if binding.show and binding.action not in seen:
                seen.add(binding.action)
                keys.append((binding, enabled, tooltip))
        keys.sort(key=lambda k: FIRST.index(k[0].id) if k[0].id in FIRST else len(FIRST))
        self.styles.grid_size_columns = len(keys)
        for binding, enabled, tooltip in keys:
            yield FooterKey(binding.key, self.app.get_key_display(binding), binding.description, binding.action,
                            disabled=not enabled, tooltip=tooltip).data_bind(compact=Footer.compact)  # fmt: skip
        palette = active.get(self.app.COMMAND_PALETTE_BINDING)
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE and palette is not None:
            _node, binding, enabled, tooltip = palette
            yield FooterKey(binding.key, self.app.get_key_display(binding), binding.description, binding.action,
                            classes="-command-palette", disabled=not enabled,
                            tooltip=binding.tooltip or binding.description)  # fmt: skip

    def bindings_changed(self, screen: Screen) -> None:
        if self._shown is not None and screen is self.screen and self.is_attached and self._keys() == self._shown:
            return
        super().bindings_changed(screen)
