"""The text box of a filter or search typed into above a list."""

from __future__ import annotations

from textual.binding import Binding
from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input


class SearchBox(Input):
    """An ``Input`` whose letters repaint the box only, not the screen.

    Textual's ``Input`` sets its virtual size (the width of its text) at every change of its
    value, and a widget's virtual size asks for a layout of the screen. The box's own size is
    fixed by the stylesheet (one line, the screen's width), so the layout changes nothing, but
    it is a full layout of the screen, with a paint of its own a frame after the letter's.
    Here the virtual size is the box's alone: it bounds the box's own scrolling, which reads it
    directly, and it repaints the box. A box whose size is ``auto`` is still laid out again,
    as ``Input`` asks for that itself."""

    # Enter ends the typing in every view (the view's ``on_input_submitted``): the footer says so
    BINDINGS = [Binding("enter", "submit", "To the list", key_display="⏎", id="search.submit")]

    virtual_size = Reactive(Size(0, 0), layout=False)
