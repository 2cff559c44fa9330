"""A list of rows paged in by key from a query function, holding at most MAX_ROWS.

Drawn with Textual's Line API (a ``ScrollView`` that renders one line at a time, as Toolong
does for files of millions of lines), through Textual's public API only: the rows held are
Python objects and their cells, and only the lines on screen are rendered. It looks and
behaves as a ``DataTable`` with a row cursor and zebra stripes (its keys, its component
classes, its cells' padding and styles), without DataTable's per-cell bookkeeping: rows
are added at the end or dropped at the start without renumbering the others, and a line
drawn once is kept until what it shows changes.

It draws its vertical scrollbar itself, as the last columns of its lines (Textual's own bar
with ``overflow-y: hidden``: none), in the colours and shape of Textual's and answering the
mouse as it does. Textual's bar is a widget of its own that Textual repaints after every layout
of the screen, changed or not: a paint of the screen one frame later (Esc from a comparison
lays the list's screen out twice); a bar drawn with the lines is painted with them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.padding import Padding
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events, work
from textual.binding import Binding
from textual.geometry import Region, Size, Spacing
from textual.message import Message
from textual.renderables.styled import Styled
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBarRender
from textual.strip import Strip
from textual.worker import Worker, WorkerState

from diplotui.store.api import PAGE, Key, Page

from .key_table import LIST_BINDINGS

MAX_ROWS = 1000  # rows held at once; scrolling past either end pages in and drops the far end
EDGE = 10  # rows beyond a screenful from an end at which the next page is fetched
FIRST = 50  # at least this many rows in a first (or last) page; scrolling brings ``page_size`` more
BAR = 2  # the scrollbar's width: Textual's (``scrollbar-size-vertical``)
LINES_KEPT = 4000  # rendered lines kept (a few screens of each look: cursor, stripes, focus)

FLEX_MIN = 12  # the flexible column is at least this wide
COLUMN_MIN = 8  # a column that gives way to it keeps at least this, or its label's width


def first_page_size(page_size: int, screen_height: int) -> int:
    """Rows to fetch for the first page: a screenful and a margin, not a whole page.

    A list, a search result or a timeline is on screen sooner with fewer rows; the cursor
    coming within a screenful and ``EDGE`` rows of the end fetches the next ``page_size``.
    """
    return min(page_size, max(FIRST, screen_height + 2 * EDGE))


@dataclass
class Column:
    """A column: its label and the width of its cells (without the padding on each side)."""

    label: str
    width: int


class TableKeys(ScrollView):
    """DataTable's keys with a row cursor: the same actions and descriptions, so that the footer
    and the help list a table's keys as they did (``PagedTable`` implements the actions)."""

    BINDINGS = [
        Binding("enter", "select_cursor", "Select", show=False),
        Binding("up", "cursor_up", "Cursor up", show=False),
        Binding("down", "cursor_down", "Cursor down", show=False),
        Binding("right", "cursor_right", "Cursor right", show=False),
        Binding("left", "cursor_left", "Cursor left", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("ctrl+home", "scroll_top", "Top", show=False),
        Binding("ctrl+end", "scroll_bottom", "Bottom", show=False),
        Binding("home", "scroll_home", "Home", show=False),
        Binding("end", "scroll_end", "End", show=False),
    ]


class PagedTable(TableKeys, can_focus=True):
    """Rows from ``fetch(db, after=…, before=…, limit=…) -> Page``, rendered by ``render``.

    The owner passes ``read(query, *args, **kwargs)``, which runs a query function on a
    connection of its own (called from a worker thread), and the size of the screen (for
    the first page's size and the columns' widths until the table is laid out and knows
    its own); it sets ``fetch`` and calls :meth:`reload`, or hands the table a first page
    it read itself (:meth:`show_first`).
    The table posts ``Chosen`` on Enter (or a click on the cursor's row), ``Highlighted``
    on cursor moves and ``Loaded`` when a page arrives.
    """

    ALLOW_SELECT = False

    # the keys people know from newsboat and visidata: j/k, g/G (over DataTable's, as
    # Textual merges a class's bindings over its base's: Enter opens, Home and End go to the
    # first and last rows)
    BINDINGS = LIST_BINDINGS

    # DataTable's component classes and look, for a table with a row cursor and no fixed rows
    COMPONENT_CLASSES = {
        "datatable--cursor",
        "datatable--hover",
        "datatable--header",
        "datatable--header-cursor",
        "datatable--header-hover",
        "datatable--odd-row",
        "datatable--even-row",
    }

    DEFAULT_CSS = """
    PagedTable {
        background: $surface;
        color: $foreground;
        height: auto;
        max-height: 100%;
        overflow-y: hidden;  /* the table draws its scrollbar (``BAR``) */

        &:focus {
            background-tint: $foreground 5%;
            & > .datatable--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .datatable--header {
                background-tint: $foreground 5%;
            }
        }
        &:dark {
            & > .datatable--even-row {
                background: $surface-darken-1 40%;
            }
        }
        & > .datatable--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &:ansi > .datatable--header {
            background: ansi_bright_blue;
            color: ansi_default;
        }
        & > .datatable--odd-row {
        }
        & > .datatable--even-row {
            background: $surface-lighten-1 50%;
        }
        & > .datatable--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .datatable--header-cursor {
            background: $accent-darken-1;
            color: $foreground;
        }
        & > .datatable--header-hover {
            background: $accent 30%;
        }
        & > .datatable--hover {
            background: $block-hover-background;
        }
    }
    """

    class Chosen(Message):
        def __init__(self, table: PagedTable, item: Any) -> None:
            super().__init__()
            self.table = table
            self.item = item

        @property
        def control(self) -> PagedTable:
            return self.table

    class Highlighted(Chosen):
        pass

    class Loaded(Message):
        def __init__(self, table: PagedTable, shown: int, more: bool) -> None:
            super().__init__()
            self.table = table
            self.shown = shown
            self.more = more

        @property
        def control(self) -> PagedTable:
            return self.table

    show_header = True
    header_height = 1
    cell_padding = 1  # cells on each side of a cell's text
    zebra_stripes = True

    def __init__(
        self, columns: Sequence[tuple[str, int | None]], render: Callable[[Any], Sequence[Text]],
        end_key: Key, read: Callable[..., Any], screen_size: Size, page_size: int = PAGE,
        key_of: Callable[[Any], Key] | None = None, **kwargs,
    ) -> None:
        super().__init__(**kwargs)
        self.read = read
        self.screen_size = screen_size
        self.key_of = key_of or (lambda item: item.key)  # an item's position, as ``fetch`` takes it
        self.column_spec = list(columns)
        self.render_row = render
        self.end_key = end_key  # the key beyond the last row, to fetch the last page
        self.page_size = page_size
        self.fetch: Callable[..., Page] | None = None
        self.items: list[Any] = []
        self.cells: list[Sequence[Text]] = []  # each held item's cells, as ``render`` gave them
        self.more_before = False
        self.more_after = False
        self.cursor_row = 0
        self.hover_row = -2  # the row under the mouse (-1 the header), shown while the mouse moves
        self.hover_shown = False
        self.dropped = 0  # rows dropped at the start since the last fill: a row's number is this + its index
        self.generation = 0  # the fetch a page answers; a page of an older one is not shown
        self.pending: str | None = None
        self.content_widths = [len(label) for label, _ in columns]  # the widest cell of each column held
        self.ordered_columns = [Column(label, w) for (label, _), w in zip(columns, self.content_widths, strict=True)]
        self.fitted: tuple | None = None  # (width, widths) the columns were last fitted to
        self.flex_share = 0.0  # the least share of the row the flexible column has (a headline's 2/5)
        self.lines: dict[tuple, Strip] = {}  # rendered lines, by what they show
        self.looks: tuple = ()  # the styles of this paint (``render_lines``), a line's key
        self.paint: dict[str, Style] = {}  # the same by name
        self.scrolls = False  # more rows than fit: the scrollbar is shown from the first layout (``_choose_overflow``)
        self.bar_cells: list[Segment] = []  # the scrollbar's cell on each line, as drawn at the last paint
        self.bar_strips: list[Strip] = []  # the same as drawn
        self.bar_key: tuple | None = None  # what ``bar_cells`` were drawn for
        self.bar_hover = False  # the mouse is over the scrollbar
        self.bar_grab: tuple[float, float] | None = None  # dragging the thumb: (mouse's screen y, scroll_y) at the grab
        self.set_reactive(PagedTable.virtual_size, Size(self.table_width, self.header_height))  # the header

    # ------------------------------------------------------------------ what is held

    @property
    def row_count(self) -> int:
        return len(self.items)

    @property
    def current(self) -> Any | None:
        if 0 <= self.cursor_row < len(self.items):
            return self.items[self.cursor_row]
        return None

    def get_row_at(self, index: int) -> list[Text]:
        """The cells of the row at ``index`` (of the rows held)."""
        return list(self.cells[index])

    def clear(self) -> PagedTable:
        """Hold no rows (the columns stay), the cursor and the view at the top."""
        self.items, self.cells = [], []
        self.cursor_row = self.dropped = 0
        self.lines.clear()
        self.scroll_to(0, 0, animate=False, force=True)
        self.refresh()
        return self

    def _measure(self, rows: list) -> list:
        """Rows as rendered, remembering each column's widest cell (the flexible column's fit)."""
        for row in rows:
            self.content_widths = [max(w, c.cell_len) for w, c in zip(self.content_widths, row, strict=True)]
        return rows

    def redraw(self, item: Any) -> None:
        """Render again the row of ``item`` if it is held (what its row shows changed, e.g. a mark)."""
        index = next((i for i, held in enumerate(self.items) if held is item), None)
        if index is None:
            return
        self.cells[index] = self._measure([self.render_row(item)])[0]
        number = self.dropped + index
        for key in [key for key in self.lines if key[0] == number]:
            del self.lines[key]
        self._fit_columns()
        self.refresh_row(index)

    sort_mark: tuple[int, str] | None = None  # (column, "▼" or "▲") the header marks as the sort

    def mark_sorted(self, index: int | None, desc: bool) -> None:
        """Show in the header the column the rows are sorted by ("▼Out": most first), or none.

        The arrow takes the cell of padding before the label, so no column changes width: a
        wider column would lay the whole screen out again (four times the CPU of the key)."""
        mark = None if index is None else (index, "▼" if desc else "▲")
        if mark != self.sort_mark:
            self.sort_mark = mark
            for key in [key for key in self.lines if key[0] == -1]:
                del self.lines[key]
            self.refresh(Region(0, 0, self.size.width, self.header_height))

    # ------------------------------------------------------------------ size and columns

    @property
    def table_width(self) -> int:
        return sum(column.width + 2 * self.cell_padding for column in self.ordered_columns)

    def _set_virtual_size(self, appended: bool = False) -> None:
        """The table's size: its columns' widths, and a line per row and the header.

        Rows added below a table that already has its scrollbar and is no wider than its
        room change the scrollbar's thumb only: set here, without laying the screen out
        again (a new virtual size asks for a layout: one more frame, and a paint)."""
        bar = BAR if self.bar_shown else 0
        size = Size(self.table_width + bar, len(self.items) + (self.header_height if self.show_header else 0))
        if size == self.virtual_size:
            return
        if (appended and self.size.height and self.scrolls and size.width == self.virtual_size.width
                and size.width <= self.size.width):
            self.set_reactive(PagedTable.virtual_size, size)
            self.refresh(Region(self.size.width - BAR, 0, BAR, self.size.height))
        else:
            self.virtual_size = size

    def _content_width(self) -> int:
        """The width rows have: known once laid out; before, the screen's less the table's
        border and padding, and its scrollbar when there are more rows than the screen is
        high. (A guess wrong for short tables costs one more fitting when laid out.)"""
        if self.size.width:
            return self.size.width - (BAR if self.bar_shown else 0)
        return self.screen_size.width - self.styles.gutter.width - (BAR if self.scrolls else 0)

    @property
    def bar_shown(self) -> bool:
        """The table shows its scrollbar: it has more rows than fit (as Textual's "scroll", or its
        "auto" once laid out)."""
        if self.scrolls:
            return True
        header = self.header_height if self.show_header else 0
        return bool(self.size.height) and len(self.items) + header > self.size.height

    def _choose_overflow(self) -> None:
        """A table with more rows than it can show has its scrollbar from the first fitting of its
        columns, not added after its first layout (columns fitted and drawn again).
        Before the first layout a table's height is not known, only that it has at most its
        share of the screen: one that overflows that surely needs the scrollbar."""
        header = self.header_height if self.show_header else 0
        if self.size.height:
            fits = self.size.height - header
        else:
            tables = len(self.screen.query(PagedTable)) if self.is_attached else 1
            fits = self.screen_size.height // max(1, tables) - header
        self.scrolls = len(self.items) > fits

    def _fit_columns(self) -> None:
        """Columns as wide as their content; the flexible one (width None in ``columns``) takes
        what is left of the screen (at least ``FLEX_MIN`` cells, taken from the widest other
        columns on a narrow screen) and is cut with "…" beyond it.

        Fitted before the first layout (from the screen's width), so that the first page is
        laid out and drawn once, not drawn at one width and again at another."""
        self._choose_overflow()
        flex = [i for i, (_, width) in enumerate(self.column_spec) if width is None]
        width = self._content_width()
        if width <= 0:
            widths = list(self.content_widths)  # not fitted yet: as wide as their content
        else:
            fitted = (width, tuple(self.content_widths))
            if fitted == self.fitted:  # a resize or refill that changes nothing costs nothing
                return
            self.fitted = fitted
            pad = 2 * self.cell_padding
            widths = list(self.content_widths)
            flex = flex or [-1]
            room = width - sum(w + pad for i, w in enumerate(widths) if i != flex[0]) - pad
            least = max(FLEX_MIN, int(width * self.flex_share))
            if flex[0] >= 0 and room < least:  # a narrow screen: the widest other columns give way
                floor = [max(len(label), COLUMN_MIN) for label, _ in self.column_spec]
                for _ in range(least - room):
                    i = max((k for k in range(len(widths)) if k != flex[0]), key=lambda k: (widths[k] - floor[k], -k))
                    if widths[i] <= floor[i]:
                        break
                    widths[i] -= 1  # its cells are cut with "…"
                    room += 1
            if flex[0] >= 0:
                widths[flex[0]] = min(widths[flex[0]], max(room, FLEX_MIN))
        if widths != [column.width for column in self.ordered_columns]:
            for column, w in zip(self.ordered_columns, widths, strict=True):
                column.width = w
            self.lines.clear()  # lines drawn at the old widths
            self.refresh()

    def on_resize(self) -> None:
        self._fit_columns()
        self._set_virtual_size()

    # ------------------------------------------------------------------ drawing

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self.looks = ()  # read again at the next paint; lines are kept if their styles did not change

    def render_lines(self, crop: Region) -> list[Strip]:
        """The lines in ``crop``, with the styles of this paint (the cursor's, the stripes', which
        change with focus and theme), read once for all its lines: a line is drawn again only
        when one of them changed."""
        rows = {name: self.get_component_styles(name).rich_style
                for name in ("datatable--header", "datatable--even-row", "datatable--odd-row")}
        looks = {name: self.get_component_rich_style(name) for name in
                 ("datatable--cursor", "datatable--hover", "datatable--header-cursor", "datatable--header-hover")}
        self.paint = {**rows, **looks, "base": self.rich_style}
        self.looks = (self.has_focus, *self.paint.values())
        if self.bar_shown:
            bar_key = (self.looks, self.bar_hover, self.bar_grab is not None, self.virtual_size.height,
                       self.size.height, int(self.scroll_y * 8))
            if bar_key != self.bar_key:  # a paint of a row or two (the cursor's moves) keeps the bar
                self.bar_key, self.bar_cells = bar_key, self._bar_cells()
                self.bar_strips = [Strip([Segment(cell.text, Style(color=cell.style.color, bgcolor=cell.style.bgcolor,
                                                                   reverse=cell.style.reverse))], BAR)
                                   for cell in self.bar_cells]  # drawn without their actions
        else:
            self.bar_key, self.bar_cells, self.bar_strips = None, [], []
        return super().render_lines(crop)

    def _bar_cells(self) -> list[Segment]:
        """The scrollbar's cell on each line, as Textual's ``ScrollBar`` draws it: its colours (when
        hovered, when dragged) over the table's background, and its thumb for the rows held and the
        view. Each cell keeps the action Textual gives it (``@mouse.down``), read on a click."""
        styles = self.styles
        if self.bar_grab is not None:
            back, color = styles.scrollbar_background_active, styles.scrollbar_color_active
        elif self.bar_hover:
            back, color = styles.scrollbar_background_hover, styles.scrollbar_color_hover
        else:
            back, color = styles.scrollbar_background, styles.scrollbar_color
        if back.a < 1:
            back = self.background_colors[0] + back
        color = back + color
        height = self.size.height
        virtual, window = self.virtual_size.height, height
        if self.screen.styles.scrollbar_color.a == 0:  # no thumb (as Textual's)
            virtual = window = 0
        bar = ScrollBarRender.render_bar(
            size=height, virtual_size=virtual, window_size=window if window < virtual else 0,
            position=int(self.scroll_y * 8) / 8, thickness=BAR, back_color=back.rich_color, bar_color=color.rich_color)
        return list(bar.segments)

    def render_line(self, y: int) -> Strip:
        """A row's line (kept), and the scrollbar's cell on its right."""
        strip = self._row_line(y, self.size.width - (BAR if self.bar_cells else 0))
        if self.bar_cells and y < len(self.bar_strips):
            strip = Strip.join([strip, self.bar_strips[y]])
        return strip

    def _row_line(self, y: int, width: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        base = self.paint["base"]
        header = self.header_height if self.show_header else 0
        row = -1 if y < header else y - header + scroll_y
        if row >= len(self.items):
            return Strip.blank(width, base)
        cursor = row == self.cursor_row
        hover = self.hover_shown and row == self.hover_row
        number = -1 if row < 0 else self.dropped + row  # a row's number stays as rows above are dropped
        key = (number, row % 2, cursor, hover, scroll_x, width, self.looks)
        strip = self.lines.get(key)
        if strip is None:
            if len(self.lines) >= LINES_KEPT:
                self.lines.clear()
            segments = self._row_segments(row, number, cursor, hover, width)
            strip = Strip(segments).crop(scroll_x, scroll_x + width).adjust_cell_length(width, base).simplify()
            self.lines[key] = strip
        return strip

    def _row_segments(self, row: int, number: int, cursor: bool, hover: bool, width: int) -> list[Segment]:
        """A row's line (the header's for row -1) as DataTable draws it: each cell padded and
        styled with the row's stripe (or the header's) and, on the cursor's row, the cursor's
        colours over the cell's own; the line filled out to the table's width."""
        paint = self.paint
        header = row < 0
        if header:
            row_style = paint["datatable--header"]
            cells: Sequence[Text] = [Text(column.label) for column in self.ordered_columns]
        else:
            stripe = "datatable--odd-row" if row % 2 else "datatable--even-row"
            row_style = paint[stripe] if self.zebra_stripes else paint["base"]
            cells = self.cells[row]
        look = Style()
        if hover:
            look += paint["datatable--hover"]
            if header:
                look += paint["datatable--header-hover"]
        if cursor:
            look += paint["datatable--cursor"]
            if header:
                look += paint["datatable--header-cursor"]
        post = Style.from_color(color=look.color)  # the cursor's text colour over the cell's own
        console, pad = self.app.console, self.cell_padding
        segments: list[Segment] = []
        sorted_by, arrow = self.sort_mark if header and self.sort_mark and pad else (-1, "")
        for index, (cell, column) in enumerate(zip(cells, self.ordered_columns, strict=True)):
            cell_width = column.width + 2 * pad
            options = self.app.console_options.update_dimensions(cell_width, 1).update(no_wrap=True)
            style = row_style + Style.from_meta({"row": number, "column": index}) + look
            padded = Padding(cell, (0, pad))
            if index == sorted_by:  # the sort's arrow in the padding before the label
                padded = Padding(Text(arrow) + cell, (0, pad, 0, pad - 1))
            lines = console.render_lines(Styled(padded, pre_style=style, post_style=post), options)
            segments.extend(lines[0])
        fill = row_style + look + Style.from_meta({"row": number, "column": 0, "out_of_bounds": True})
        segments.append(Segment(" " * max(0, width - self.table_width), fill))
        return segments

    def refresh_row(self, index: int) -> None:
        """Paint again the line of the row at ``index`` (of the rows held), if on screen."""
        header = self.header_height if self.show_header else 0
        y = index + header - round(self.scroll_y)
        if header <= y < self.size.height:
            self.refresh(Region(0, y, self.size.width, 1))

    # ------------------------------------------------------------------ loading

    def reload(self) -> None:
        """Fetch the first page again (after the owner changed ``fetch``, or the database grew)."""
        self.generation += 1
        self._request("first", None)

    def first_rows(self) -> int:
        """How many rows a first page has: a screenful of this table and a margin."""
        return first_page_size(self.page_size, self.size.height or self.screen_size.height)

    def show_first(self, page: Page) -> None:
        """Show a first page the owner read (with ``fetch``'s first ``first_rows()`` rows), as if
        fetched: the owner reads everything a screen shows at once, and it is drawn once."""
        self.generation += 1
        self.pending = None
        self._apply("first", page)

    def _request(self, mode: str, key: Key | None) -> None:
        if self.fetch is None:
            return
        self.pending = mode
        scrolling = mode in ("after", "before")
        limit = self.page_size if scrolling else self.first_rows()
        self._load(self.fetch, mode, key, limit, self.generation)

    @work(thread=True, exclusive=True, group="page", exit_on_error=False, name="loading rows")
    def _load(self, fetch: Callable[..., Page], mode: str, key: Key | None, limit: int, generation: int):
        paging = {"first": {}, "after": {"after": key}, "before": {"before": key}, "last": {"before": key}}
        page = self.read(fetch, limit=limit, **paging[mode])
        return mode, generation, page

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.node is not self or event.worker.group != "page":
            return
        if event.state in (WorkerState.ERROR, WorkerState.CANCELLED):
            self.pending = None
        if event.state != WorkerState.SUCCESS:
            return
        mode, generation, page = event.worker.result
        if generation != self.generation:
            return
        self.pending = None
        self._apply(mode, page)

    def _apply(self, mode: str, page: Page) -> None:
        row = self.cursor_row
        items = list(page.items)
        if mode == "first":
            self.items, self.more_before, self.more_after = items, False, page.more
            self._fill(0)
        elif mode == "last":
            self.items, self.more_before, self.more_after = items, page.more, False
            self._fill(len(items) - 1)
        elif mode == "after":
            # rows added at the end and, past MAX_ROWS, dropped at the start; the rows on
            # screen keep their lines (a row's number does not change with the rows dropped)
            self.more_after = page.more
            drop = max(len(self.items) + len(items) - MAX_ROWS, 0)
            drop += drop % 2  # an even number, so that the zebra stripes stay on their rows
            self.items = (self.items + items)[drop:]
            self.cells = (self.cells + self._measure([self.render_row(item) for item in items]))[drop:]
            self._fit_columns()
            if drop:
                self.more_before = True
                self.dropped += drop
                self.cursor_row = max(0, row - drop)
                scroll_y = self.scroll_y
                self._set_virtual_size(appended=True)
                self.scroll_to(y=max(0, scroll_y - drop), animate=False, force=True)
            else:
                self._set_virtual_size(appended=True)
        else:  # before
            self.items = items + self.items
            self.more_before = page.more
            if len(self.items) > MAX_ROWS:
                self.items, self.more_after = self.items[:MAX_ROWS], True
            self._fill(row + len(items))
        self.post_message(self.Loaded(self, len(self.items), self.more_before or self.more_after))

    def _fill(self, row: int) -> None:
        """Show ``items`` from scratch, the cursor on ``row``."""
        items = self.items
        self.clear()
        self.items = items
        self.content_widths = [len(label) for label, _ in self.column_spec]
        self.cells = self._measure([self.render_row(item) for item in items])
        self._fit_columns()
        self._set_virtual_size()
        if items:
            self.move_cursor(row=max(0, min(row, len(items) - 1)))

    # ------------------------------------------------------------------ cursor

    @property
    def cursor_region(self) -> Region:
        """The cursor's row, in the table's virtual space (under the header)."""
        header = self.header_height if self.show_header else 0
        return Region(round(self.scroll_x), self.cursor_row + header, max(1, self.table_width), 1)

    def scroll_cursor_into_view(self, animate: bool = False) -> None:
        header = self.header_height if self.show_header else 0
        self.scroll_to_region(self.cursor_region, animate=animate, spacing=Spacing(header, 0, 0, 0), force=True,
                              immediate=True)

    def move_cursor(self, *, row: int | None = None, animate: bool = False, scroll: bool = True) -> None:
        """Put the cursor on ``row`` (kept within the rows held); a new row is highlighted."""
        old = self.cursor_row
        new = old if row is None else max(0, min(row, len(self.items) - 1))
        self.cursor_row = new
        if scroll:
            self.scroll_cursor_into_view(animate=animate)
        if new != old:
            self.refresh_row(old)
            self.refresh_row(new)
            self._highlighted()

    def _highlighted(self) -> None:
        """The cursor is on a new row: tell the owner, and page in rows if it nears an end."""
        item = self.current
        if item is None:
            return
        self.post_message(self.Highlighted(self, item))
        if self.pending is None:
            margin = self.scrollable_content_region.height + EDGE  # so page up/down never stop short
            if self.more_after and self.cursor_row >= len(self.items) - margin:
                self._request("after", self.key_of(self.items[-1]))
            elif self.more_before and self.cursor_row < margin:
                self._request("before", self.key_of(self.items[0]))

    def _hide_hover(self) -> None:
        if self.hover_shown:
            self.hover_shown = False
            self.refresh_row(self.hover_row)

    # ------------------------------------------------------------------ the scrollbar and the mouse

    def _bar_at(self, event: events.MouseEvent) -> int | None:
        """The line of the scrollbar under the mouse, or None if it is not over the scrollbar."""
        offset = event.get_content_offset(self)
        if offset is None or not self.bar_cells or offset.x < self.size.width - BAR or offset.y >= len(self.bar_cells):
            return None
        return offset.y

    def _repaint_bar(self) -> None:
        self.refresh(Region(self.size.width - BAR, 0, BAR, self.size.height))

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if round(old_value) == round(new_value) and old_value != new_value and self.bar_cells:
            self._repaint_bar()  # the thumb moves by eighths of a line; the lines did not change

    def on_mouse_down(self, event: events.MouseDown) -> None:
        """As on Textual's scrollbar: a press above the thumb or below it scrolls a page, on the
        thumb grabs it (the mouse's moves drag it until released)."""
        y = self._bar_at(event)
        if y is None:
            return
        event.stop()
        action = self.bar_cells[y].style.meta.get("@mouse.down")
        page = self.scrollable_content_region.height
        if action == "scroll_up":
            self.scroll_relative(y=-page, animate=False, force=True)
        elif action == "scroll_down":
            self.scroll_relative(y=page, animate=False, force=True)
        elif action == "grab":
            self.capture_mouse()
            self.bar_grab = (event.screen_y, self.scroll_y)
            self._repaint_bar()

    def _release_bar(self) -> None:
        if self.bar_grab is not None:
            self.bar_grab = None
            self._repaint_bar()

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self.bar_grab is not None:
            self.release_mouse()
            self._release_bar()
            event.stop()

    def on_mouse_release(self, event: events.MouseRelease) -> None:
        self._release_bar()

    def _wheel(self, event: events.MouseScrollDown | events.MouseScrollUp, lines: float) -> None:
        """The wheel scrolls the view as Textual's does (a list that fits lets its container have it)."""
        if not (event.ctrl or event.shift) and self.bar_shown:
            self.scroll_relative(y=lines, animate=False, force=True)
            event.stop()

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        self._wheel(event, self.app.scroll_sensitivity_y)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        self._wheel(event, -self.app.scroll_sensitivity_y)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self.bar_grab is not None:  # dragging the thumb: the view follows the mouse
            start_y, start_scroll = self.bar_grab
            window = self.scrollable_content_region.height
            if window:
                y = start_scroll + (event.screen_y - start_y) * (self.virtual_size.height / window)
                self.scroll_to(y=y, animate=False, force=True)
            event.stop()
            return
        on_bar = self._bar_at(event) is not None
        if on_bar != self.bar_hover:
            self.bar_hover = on_bar
            self._repaint_bar()
        if on_bar:
            self._hide_hover()
            return
        offset = event.get_content_offset(self)
        header = self.header_height if self.show_header else 0
        row = -2 if offset is None else (-1 if offset.y < header else offset.y - header + round(self.scroll_y))
        if (row, True) != (self.hover_row, self.hover_shown):
            self._hide_hover()
            self.hover_row, self.hover_shown = row, True
            self.refresh_row(row)

    def on_leave(self, event: events.Leave) -> None:
        self._hide_hover()
        if self.bar_hover:
            self.bar_hover = False
            self._repaint_bar()

    def on_click(self, event: events.Click) -> None:
        """A click on a row puts the cursor on it; a click on the cursor's row chooses it."""
        if self._bar_at(event) is not None:
            event.stop()
            return
        offset = event.get_content_offset(self)
        header = self.header_height if self.show_header else 0
        if offset is None or offset.y < header:
            return
        row = offset.y - header + round(self.scroll_y)
        if row >= len(self.items):
            return
        event.stop()
        if row == self.cursor_row:
            self.action_select_cursor()
        else:
            self.move_cursor(row=row)

    def action_cursor_up(self) -> None:
        self._hide_hover()
        self.move_cursor(row=self.cursor_row - 1)

    def action_cursor_down(self) -> None:
        self._hide_hover()
        self.move_cursor(row=self.cursor_row + 1)

    def action_cursor_left(self) -> None:
        self._hide_hover()
        self.scroll_left(animate=False)

    def action_cursor_right(self) -> None:
        self._hide_hover()
        self.scroll_right(animate=False)

    def action_page_down(self) -> None:
        """A screenful down: the view and the cursor move by its height (as DataTable's)."""
        self._hide_hover()
        height = self.scrollable_content_region.height - (self.header_height if self.show_header else 0)
        target = min(self.cursor_row + height, len(self.items) - 1)
        self.scroll_relative(y=height, animate=False, force=True)
        self.move_cursor(row=target, scroll=False)

    def action_page_up(self) -> None:
        self._hide_hover()
        height = self.scrollable_content_region.height - (self.header_height if self.show_header else 0)
        target = max(self.cursor_row - height, 0)
        self.scroll_relative(y=-height, animate=False, force=True)
        self.move_cursor(row=target, scroll=False)

    def action_scroll_top(self) -> None:
        self.action_first()

    def action_scroll_bottom(self) -> None:
        self.action_last()

    def action_scroll_home(self) -> None:
        self.scroll_to(x=0, animate=False)

    def action_scroll_end(self) -> None:
        self.scroll_to(x=self.max_scroll_x, animate=False)

    def action_select_cursor(self) -> None:
        self._hide_hover()
        if self.current is not None:
            self.post_message(self.Chosen(self, self.current))

    def action_first(self) -> None:
        if self.more_before:
            self.generation += 1
            self._request("first", None)
        else:
            self.move_cursor(row=0)

    def action_last(self) -> None:
        if self.more_after:
            self.generation += 1
            self._request("last", self.end_key)
        elif self.items:
            self.move_cursor(row=len(self.items) - 1)
