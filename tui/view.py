"""The base of diplotui's screens: a new screen laid out and drawn once, not twice."""

from __future__ import annotations

from textual import events
from textual.geometry import Size
from textual.screen import Screen


def breakpoint_class(dimension: int, breakpoints: list[tuple[int, str]]) -> str | None:
    """The class of the widest breakpoint ``dimension`` reaches (as Textual picks it)."""
    for threshold, name in sorted(breakpoints, reverse=True):
        if dimension >= threshold:
            return name
    return None


class View(Screen):
    """A Screen that skips the second layout and restyling Textual gives every new screen.

    A screen's first layout posts it a ``Resize`` (its size went from nothing to the
    terminal's). Textual's handler then lays the screen out again, and every screen under
    it too, although nothing changed size, and sets the breakpoint classes
    (``-narrow``/``-wide``) for the first time, which restyles every widget. On the 2-core
    machine that was 10–50 ms of each comparison and official opened. Here the breakpoint
    classes are set when the screen is made, before it is styled, and a ``Resize`` to the
    size the screen is already laid out at does nothing more; a real resize of the terminal
    (a new size) takes Textual's own path.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.styled_look: tuple | None = None  # the app's look (``DiploApp.look``) when styled
        try:
            size = self.app.size
        except RuntimeError:  # made outside a running app (Textual's NoActiveAppError)
            return
        self.set_breakpoints(size, update=False)  # not styled yet: nothing to restyle
        self.styled_look = self.app_look()  # styled when registered, with the app's stylesheet as it is now

    def app_look(self) -> tuple | None:
        look = getattr(self.app, "look", None)
        return look() if look is not None else None

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        """A screen shown again (a view switched to, or back from a comparison) restyles every
        widget only if the app's look changed while it was hidden (a theme, say). Textual
        restyles every widget of a screen each time it is shown."""
        look = self.app_look()
        if look is not None and look == self.styled_look:
            event.refresh_styles = False  # Textual's handler runs next with this event
        self.styled_look = look

    def on_mount(self, event: events.Mount) -> None:
        self.set_breakpoints(self.app.size)  # the terminal resized since, or made outside the app

    def on_resize(self, event: events.Resize) -> None:
        if self.outer_size != event.size:
            return  # Textual's handler runs next (a message's handlers run up the class hierarchy)
        event.stop()
        event.prevent_default()  # not Textual's
        self.set_breakpoints(event.size)

    def set_breakpoints(self, size: Size, update: bool = True) -> None:
        """Textual's breakpoint classes for ``size`` (as Textual's own resize handler sets them)."""
        horizontal = (self.app.HORIZONTAL_BREAKPOINTS if self.HORIZONTAL_BREAKPOINTS is None
                      else self.HORIZONTAL_BREAKPOINTS) or []
        vertical = (self.app.VERTICAL_BREAKPOINTS if self.VERTICAL_BREAKPOINTS is None
                    else self.VERTICAL_BREAKPOINTS) or []
        if horizontal or vertical:
            classes = {name: False for _, name in (*horizontal, *vertical)}
            for name in (breakpoint_class(size.width, horizontal), breakpoint_class(size.height, vertical)):
                if name is not None:
                    classes[name] = True
            self.update_classes(classes, update=update, animate=False)
