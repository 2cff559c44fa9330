"""Textual's footer, rebuilt only when the keys it shows change."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class KeysFooter(Footer):
    """A :class:`Footer` that skips rebuilding when the shown keys are the same as before.

    The stock footer recomposes (a widget per key, each restyled) on every change of the
    screen's bindings, which fires on each focus change and mount: when a comparison
    opened, that was 70 of its 430 ms to screen (Pilot, 100k articles).
    """

    _shown: tuple | None = None

    def _keys(self) -> tuple:
        return tuple(
            (binding.key, binding.description, binding.action, enabled, tooltip)
            for _node, binding, enabled, tooltip in self.screen.active_bindings.values()
            if binding.show or binding.action == "command_palette"
        )

    def compose(self):
        if self._bindings_ready:
            self._shown = self._keys()
        yield from super().compose()

    def bindings_changed(self, screen: Screen) -> None:
        if self._shown is not None and screen is self.screen and self.is_attached and self._keys() == self._shown:
            return
        super().bindings_changed(screen)
