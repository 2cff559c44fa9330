"""The base of diplotui's screens: a new screen laid out and drawn once, not twice."""

from __future__ import annotations

from textual import events
from textual.geometry import Size
from textual.screen import Screen


class View(Screen):
    """A Screen that skips the second layout and restyling Textual gives every new screen.

    A screen's first layout posts it a ``Resize`` (its size went from nothing to the
    terminal's). Textual's handler then lays the screen out again, and every screen under
    it too, although nothing changed size, and sets the breakpoint classes
    (``-narrow``/``-wide``) for the first time, which restyles every widget (a table
    restyled drops every cell it has rendered). On the 2-core machine that was 10–50 ms of
    each comparison and official opened. Here the breakpoint classes are set when the
    screen is made, before it is styled, and a ``Resize`` to the size the screen is
    already laid out at does nothing more; a real resize of the terminal (a new size)
    takes Textual's own path.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        try:
            size = self.app.size
        except RuntimeError:  # made outside a running app (Textual's NoActiveAppError)
            return
        self._breakpoints(size, update=False)  # not styled yet: nothing to restyle
        count = getattr(self.app, "_css_update_count", None)  # Textual internals: skipped without them
        if count is not None and any(getattr(self.app, "_screen_stacks", {}).values()):  # the app is styled (the first screen is styled with it)
            # Styled when registered, with the app's stylesheet as it is now. Textual takes a
            # new screen of a mode (a view's first visit) as styled before the last change of
            # the CSS and re-reads the whole stylesheet and restyles the screen shown, twice:
            # 20-45 ms of the first visit to a view.
            self._css_update_count = count

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        """A screen shown again (a view switched to, or back from a comparison) restyles every
        widget only if the app's CSS changed while it was hidden (a theme, say). Textual
        restyles on every view switch, and a restyled table drops every cell it has
        rendered: a switch between the three views drew each list from scratch."""
        if getattr(self, "_css_update_count", None) == getattr(self.app, "_css_update_count", -2):
            event.refresh_styles = False  # Textual's handler runs next with this event

    def _on_mount(self, event: events.Mount) -> None:
        self._breakpoints(self.app.size)  # the terminal resized since, or made outside the app
        # its widgets were styled as they were mounted, with the stylesheet as it is now (the
        # first view is mounted after the app's CSS is read: Textual leaves it counted as
        # unstyled, and restyles the app when the view is first switched back to)
        if (count := getattr(self.app, "_css_update_count", None)) is not None:
            self._css_update_count = count

    async def _on_resize(self, event: events.Resize) -> None:
        laid_out = getattr(getattr(self, "_compositor", None), "size", None)
        if laid_out != event.size or not hasattr(self, "_get_breakpoint_classes"):
            return  # Textual's handler runs next (a message's handlers run up the class hierarchy)
        event.stop()
        event.prevent_default()  # not Textual's
        self._breakpoints(event.size)

    def _breakpoints(self, size: Size, update: bool = True) -> None:
        """Textual's breakpoint classes for ``size`` (as its ``Screen._on_resize`` sets them)."""
        if not hasattr(self, "_get_breakpoint_classes"):
            return
        horizontal = (self.app.HORIZONTAL_BREAKPOINTS if self.HORIZONTAL_BREAKPOINTS is None
                      else self.HORIZONTAL_BREAKPOINTS) or []  # fmt: skip
        vertical = (self.app.VERTICAL_BREAKPOINTS if self.VERTICAL_BREAKPOINTS is None
                    else self.VERTICAL_BREAKPOINTS) or []  # fmt: skip
        if horizontal or vertical:
            classes = {name: False for _, name in (*horizontal, *vertical)}
            for name in self._get_breakpoint_classes(size.width, horizontal):
                classes[name] = True
            for name in self._get_breakpoint_classes(size.height, vertical):
                classes[name] = True
            self.update_classes(classes, update=update, animate=False)
