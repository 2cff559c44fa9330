"""A DataTable that pages rows in by key from a query function, holding at most MAX_ROWS."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import Any

from rich.text import Text
from textual import work
from textual.coordinate import Coordinate
from textual.geometry import Size
from textual.message import Message
from textual.reactive import Reactive
from textual.scrollbar import ScrollBar
from textual.widgets import DataTable
from textual.worker import Worker, WorkerState

from diplotui.store.queries import PAGE, Key, Page

from .key_table import KeyTable

try:  # Textual's table internals, to drop rows in one pass; without them the table is refilled
    from textual._two_way_dict import TwoWayDict
    from textual.widgets._data_table import CellKey
except ImportError:  # another Textual version
    TwoWayDict = CellKey = None
_INTERNALS = ("_row_locations", "_data", "_updated_cells", "_update_count", "_require_update_dimensions")
# what DataTable's idle handler uses to measure new rows (``_size_rows_now``)
_MEASURE = ("_updated_cells", "_update_column_widths", "_require_update_dimensions", "_new_rows", "_update_dimensions",
            "_layout_required", "_scroll_update", "_total_row_height", "_row_label_column_width")

MAX_ROWS = 1000  # rows held at once; scrolling past either end pages in and drops the far end
EDGE = 10  # rows beyond a screenful from an end at which the next page is fetched
FIRST = 50  # at least this many rows in a first (or last) page; scrolling brings ``page_size`` more


FLEX_MIN = 12  # the flexible column is at least this wide
COLUMN_MIN = 8  # a column that gives way to it keeps at least this, or its label's width


def first_page_size(page_size: int, screen_height: int) -> int:
    """Rows to fetch for the first page: a screenful and a margin, not a whole page.

    Filling a table costs Textual about 1 ms a row, so a list, a search result or a
    timeline is on screen sooner with fewer rows; the cursor coming within a screenful and
    ``EDGE`` rows of the end fetches the next ``page_size``.
    """
    return min(page_size, max(FIRST, screen_height + 2 * EDGE))


class _ScrollBar(ScrollBar):
    """A scrollbar whose sizing neither lays the screen out again nor repaints it.

    A scrollbar's virtual size is its own (it has no children; its parent places it, and the
    layout that places it draws it), but Textual's is a layout-changing value, so a scrollbar
    shown for the first time cost its screen one more layout and paint, a frame after the
    first, and a repaint a frame after that."""

    virtual_size = Reactive(Size(0, 0), layout=False, repaint=False)

    def refresh(self, *regions, repaint: bool = True, layout: bool = False, recompose: bool = False):
        """Textual's, less the repaint its table asks for after setting the scrollbar's sizes
        (``_scroll_update``, at every layout of the table): a size that changed repaints the
        scrollbar already, and one that did not changes nothing, but the repaint was a paint
        of its own, a frame after the layout's."""
        if not (regions or layout or recompose) and sys._getframe(1).f_code.co_name == "_scroll_update":
            return self
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)


class PagedTable(KeyTable):
    """Rows from ``fetch(db, after=…, before=…, limit=…) -> Page``, rendered by ``render``.

    The owner passes ``read(query, *args, **kwargs)``, which runs a query function on a
    connection of its own (called from a worker thread), and the size of the screen (for
    the first page's size and the columns' widths until the table is laid out and knows
    its own); it sets ``fetch`` and calls :meth:`reload`, or hands the table a first page
    it read itself (:meth:`show_first`).
    The table posts ``Chosen`` on Enter, ``Highlighted`` on cursor moves and ``Loaded``
    when a page arrives.
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

    def __init__(
        self, columns: Sequence[tuple[str, int | None]], render: Callable[[Any], Sequence[Text]],
        end_key: Key, read: Callable[..., Any], screen_size: Size, page_size: int = PAGE,
        key_of: Callable[[Any], Key] | None = None, **kwargs,
    ) -> None:  # fmt: skip
        super().__init__(**kwargs)
        self.read = read
        self.screen_size = screen_size
        self.key_of = key_of or (lambda item: item.key)  # an item's position, as ``fetch`` takes it
        self._columns = columns
        self._render = render
        self.end_key = end_key  # the key beyond the last row, to fetch the last page
        self.page_size = page_size
        self.fetch: Callable[..., Page] | None = None
        self.items: list[Any] = []
        self.more_before = False
        self.more_after = False
        self._generation = 0
        self._pending: str | None = None
        self._widths = [len(label) for label, _ in columns]  # the widest cell of each column held
        self._fitted: tuple | None = None  # (width, widths) the columns were last fitted to
        self.flex_share = 0.0  # the least share of the row the flexible column has (a headline's 2/5)
        for label, _ in columns:
            self.add_column(label)  # as wide as the widest value held (each capped by its row renderer)

    @property
    def vertical_scrollbar(self) -> ScrollBar:
        """The vertical scrollbar (made on first use), as Textual's, but a ``_ScrollBar``; Textual's
        own where its internals differ from these."""
        if not hasattr(self, "_vertical_scrollbar") or not hasattr(self.app, "_start_widget"):
            return super().vertical_scrollbar
        if self._vertical_scrollbar is None:
            self._vertical_scrollbar = bar = _ScrollBar(vertical=True, name="vertical",
                                                        thickness=self.scrollbar_size_vertical)  # fmt: skip
            bar.display = False
            self.app._start_widget(self, bar)
        return self._vertical_scrollbar

    def _content_width(self) -> int:
        """The width rows have: known once laid out; before, the screen's less the table's
        border and padding, and its scrollbar when there are more rows than the screen is
        high. (A guess wrong for short tables costs one more fitting when laid out.)"""
        scrolls = self.styles.overflow_y == "scroll"  # set for the rows held (``_choose_overflow``)
        if self.size.width:  # less the scrollbar the next layout adds
            coming = scrolls and not self.show_vertical_scrollbar
            return self.scrollable_content_region.width - (self.styles.scrollbar_size_vertical if coming else 0)
        return self.screen_size.width - self.styles.gutter.width - (self.styles.scrollbar_size_vertical if scrolls else 0)

    def _choose_overflow(self) -> None:
        """A table with more rows than it can show has its scrollbar from the first layout, not
        added by a layout after it (and its scrollbar sized by one more): "scroll", not "auto".
        Before the first layout a table's height is not known, only that it has at most its
        share of the screen: one that overflows that surely needs the scrollbar."""
        header = self.header_height if self.show_header else 0
        if self.size.height:
            fits = self.size.height - header
        else:
            tables = len(self.screen.query(PagedTable)) if self.is_attached else 1
            fits = self.screen_size.height // max(1, tables) - header
        overflow = "scroll" if len(self.items) > fits else "auto"
        if self.styles.overflow_y != overflow:
            self.styles.overflow_y = overflow
        if overflow == "scroll" and not self.size.height:  # shown at the first layout, not changed by it
            self.set_reactive(PagedTable.show_vertical_scrollbar, True)

    def _fit_columns(self) -> None:
        """Columns as wide as their content; the flexible one (width None in ``columns``) takes
        what is left of the screen (at least ``FLEX_MIN`` cells, taken from the widest other
        columns on a narrow screen) and is cut with "…" beyond it.

        Fitted before the first layout (from the screen's width), so that the first page is
        laid out and drawn once, not drawn with Textual's widths and again with these."""
        self._choose_overflow()
        flex = [i for i, (_, width) in enumerate(self._columns) if width is None]
        width = self._content_width()
        if width <= 0:
            return
        fitted = (width, tuple(self._widths))
        if fitted == self._fitted:  # a resize or refill that changes nothing costs nothing
            return
        self._fitted = fitted
        pad = 2 * self.cell_padding
        widths = list(self._widths)
        flex = flex or [-1]
        room = width - sum(w + pad for i, w in enumerate(widths) if i != flex[0]) - pad
        least = max(FLEX_MIN, int(width * self.flex_share))
        if flex[0] >= 0 and room < least:  # a narrow screen: the widest other columns give way
            floor = [max(len(label), COLUMN_MIN) for label, _ in self._columns]
            for _ in range(least - room):
                i = max((k for k in range(len(widths)) if k != flex[0]), key=lambda k: (widths[k] - floor[k], -k))
                if widths[i] <= floor[i]:
                    break
                widths[i] -= 1  # its cells are cut with "…"
                room += 1
        for i, column in enumerate(self.ordered_columns):  # DataTable's own widths never shrink on clear()
            column.auto_width = False
            column.width = min(widths[i], max(room, FLEX_MIN)) if i == flex[0] else widths[i]
        self._clear_caches()  # cells rendered at the old widths (DataTable's caches do not key on width)
        self._require_update_dimensions = True
        self.refresh()

    def _measure(self, rows: list) -> list:
        """Rows as rendered, remembering each column's widest cell (the flexible column's fit)."""
        for row in rows:
            self._widths = [max(w, c.cell_len) for w, c in zip(self._widths, row, strict=True)]
        return rows

    def on_resize(self) -> None:
        self._fit_columns()

    def redraw(self, item: Any) -> None:
        """Render again the row of ``item`` if it is held (what its row shows changed, e.g. a mark)."""
        index = next((i for i, held in enumerate(self.items) if held is item), None)
        if index is None:
            return
        for column, value in enumerate(self._measure([self._render(item)])[0]):
            self.update_cell_at(Coordinate(index, column), value)
        self._fit_columns()

    @property
    def current(self) -> Any | None:
        if 0 <= self.cursor_row < len(self.items):
            return self.items[self.cursor_row]
        return None

    # ------------------------------------------------------------------ loading

    def reload(self) -> None:
        """Fetch the first page again (after the owner changed ``fetch``, or the database grew)."""
        self._generation += 1
        self._request("first", None)

    def first_rows(self) -> int:
        """How many rows a first page has: a screenful of this table and a margin."""
        return first_page_size(self.page_size, self.size.height or self.screen_size.height)

    def show_first(self, page: Page) -> None:
        """Show a first page the owner read (with ``fetch``'s first ``first_rows()`` rows), as if
        fetched: the owner reads everything a screen shows at once, and it is drawn once."""
        self._generation += 1
        self._pending = None
        self._apply("first", page)

    def _request(self, mode: str, key: Key | None) -> None:
        if self.fetch is None:
            return
        self._pending = mode
        scrolling = mode in ("after", "before")
        limit = self.page_size if scrolling else self.first_rows()
        self._load(self.fetch, mode, key, limit, self._generation)

    @work(thread=True, exclusive=True, group="page", exit_on_error=False, name="loading rows")
    def _load(self, fetch: Callable[..., Page], mode: str, key: Key | None, limit: int, generation: int):
        paging = {"first": {}, "after": {"after": key}, "before": {"before": key}, "last": {"before": key}}
        page = self.read(fetch, limit=limit, **paging[mode])
        return mode, generation, page

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.node is not self or event.worker.group != "page":
            return
        if event.state in (WorkerState.ERROR, WorkerState.CANCELLED):
            self._pending = None
        if event.state != WorkerState.SUCCESS:
            return
        mode, generation, page = event.worker.result
        if generation != self._generation:
            return
        self._pending = None
        self._apply(mode, page)

    def _apply(self, mode: str, page: Page) -> None:
        row = self.cursor_row
        items = list(page.items)
        refill, drop = True, 0
        if mode == "first":
            self.items, self.more_before, self.more_after, row = items, False, page.more, 0
        elif mode == "last":
            self.items, self.more_before, self.more_after = items, page.more, False
            row = len(items) - 1
        elif mode == "after":
            self.more_after = page.more
            drop = max(len(self.items) + len(items) - MAX_ROWS, 0)
            drop += drop % 2  # an even number, so that the zebra stripes stay on their rows
            if drop and not self._can_drop_rows():
                self.items, self.more_before, row = (self.items + items)[drop:], True, row - drop
            else:
                # rows added at the end and, past MAX_ROWS, dropped at the start: the table keeps
                # the rows it has (refilling it with MAX_ROWS rows is most of a key's time budget)
                self.items = (self.items + items)[drop:]
                count, fitted = getattr(self, "_update_count", None), self._fitted
                self.add_rows(self._measure([self._render(item) for item in items]))
                if drop:
                    self.more_before = True
                    self._drop_first_rows(drop)
                self._fit_columns()
                if not drop and self._fitted == fitted and count is not None and hasattr(self, "_offset_cache"):
                    # The rows on screen are as they were (same rows, same places, same column
                    # widths): DataTable's rendered lines, keyed by its count of changes, stay
                    # valid. Without this, every line on screen was rendered again after a page
                    # was fetched (20-30 ms); only the line offsets include the new rows.
                    self._update_count = count
                    self._offset_cache.clear()
                refill = False
        else:  # before
            self.items = items + self.items
            self.more_before = page.more
            row += len(items)
            if len(self.items) > MAX_ROWS:
                self.items, self.more_after = self.items[:MAX_ROWS], True
        if refill:
            self._fill(row)
        self._size_rows_now(appended=mode == "after" and not refill)
        self.post_message(self.Loaded(self, len(self.items), self.more_before or self.more_after))

    def _size_rows_now(self, appended: bool = False) -> None:
        """Give the table the height of its rows now, not when it is next idle.

        DataTable measures new rows (its ``virtual_size``) once its message queue is empty,
        which is after the screen holding it was laid out and drawn: a table taller than the
        screen then got its scrollbar in a second layout, one more frame and a paint per pass
        (three frames, 40-60 ms, after a view's or an official's first paint). Measured here,
        the first layout has the rows and the scrollbar (``_choose_overflow``, when the columns
        were fitted); the idle handler finds nothing left.
        """
        if not all(hasattr(self, name) for name in _MEASURE):
            return
        if self._updated_cells:
            updated, self._updated_cells = self._updated_cells.copy(), set()
            self._update_column_widths(updated)
        if self._require_update_dimensions:
            self._require_update_dimensions = False
            new_rows, self._new_rows = self._new_rows.copy(), set()
            was, layout_required = self.virtual_size, self._layout_required
            self._update_dimensions(new_rows)
            room = self.scrollable_content_region.width
            if (appended and not layout_required and self.size.height and self.show_vertical_scrollbar
                    and self.styles.overflow_y == "scroll"
                    and (self.virtual_size.width == was.width or max(self.virtual_size.width, was.width) <= room)):  # fmt: skip
                # rows added below, to a table that has its scrollbar and is no wider than the
                # screen (no sideways scrollbar either way): only the scrollbar changes (its
                # thumb), and the columns if they were refitted (repainted then); not the layout
                # of the screen, which a new virtual size asks for (one more frame, and a paint)
                self._layout_required = False
                self._scroll_update(self.virtual_size)
            elif self.size.height and self.show_vertical_scrollbar:
                self._scroll_update(self.virtual_size)  # the scrollbar drawn with the layout, not a frame later

    def _update_dimensions(self, new_rows) -> None:
        """DataTable's, without measuring every cell of the new rows for its columns' content
        widths, which columns of a fixed width (``_fit_columns`` sets them all) do not use:
        about 12 ms of a page of 200 rows. Rows of one line without labels, as this table
        adds, only add to the height."""
        rows = [self.rows.get(key) for key in new_rows]
        if (not all(hasattr(self, name) for name in _MEASURE) or any(column.auto_width for column in self.ordered_columns)
                or any(row is not None and (row.auto_height or row.label is not None) for row in rows)):  # fmt: skip
            super()._update_dimensions(new_rows)
            return
        width = sum(column.get_render_width(self) for column in self.columns.values()) + self._row_label_column_width
        self.virtual_size = Size(width, self._total_row_height + (self.header_height if self.show_header else 0))

    def _can_drop_rows(self) -> bool:
        """Whether this Textual's table has the internals ``_drop_first_rows`` edits."""
        return TwoWayDict is not None and all(hasattr(self, name) for name in _INTERNALS)

    def _drop_first_rows(self, n: int) -> None:
        """Remove the first ``n`` rows in one pass, the cursor and the view staying on the
        same rows (``DataTable.remove_row`` renumbers every row for each row removed)."""
        scroll_y, cursor = self.scroll_y, self.cursor_coordinate
        locations = self._row_locations
        dropped = [locations.get_key(i) for i in range(n)]
        kept = TwoWayDict({})
        for key in locations:
            index = locations.get(key)
            if index >= n:
                kept[key] = index - n
        self._row_locations = kept
        for key in dropped:
            for column_key in self._data.get(key, ()):
                self._updated_cells.discard(CellKey(key, column_key))
            del self.rows[key]
            del self._data[key]
        self._update_count += 1
        self._require_update_dimensions = True  # the rows are measured next (``_size_rows_now``)
        self.check_idle()
        self.refresh()
        self.scroll_to(y=max(0, scroll_y - n), animate=False, immediate=True)
        self.cursor_coordinate = Coordinate(max(0, cursor.row - n), cursor.column)

    def _fill(self, row: int) -> None:
        self.clear()
        self._widths = [len(label) for label, _ in self._columns]
        self.add_rows(self._measure([self._render(item) for item in self.items]))
        if self.items:
            self.move_cursor(row=max(0, min(row, len(self.items) - 1)), animate=False)
        self._fit_columns()

    # ------------------------------------------------------------------ cursor

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        item = self.current
        if item is None or event.cursor_row != self.cursor_row:
            return  # a stale event, e.g. row 0 highlighted while a page was being filled in
        self.post_message(self.Highlighted(self, item))
        if self._pending is None and self.items:
            margin = self.scrollable_content_region.height + EDGE  # so page up/down never stop short
            if self.more_after and event.cursor_row >= len(self.items) - margin:
                self._request("after", self.key_of(self.items[-1]))
            elif self.more_before and event.cursor_row < margin:
                self._request("before", self.key_of(self.items[0]))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if self.current is not None:
            self.post_message(self.Chosen(self, self.current))

    def action_first(self) -> None:
        if self.more_before:
            self._generation += 1
            self._request("first", None)
        else:
            self.move_cursor(row=0)

    def action_last(self) -> None:
        if self.more_after:
            self._generation += 1
            self._request("last", self.end_key)
        elif self.items:
            self.move_cursor(row=len(self.items) - 1)
