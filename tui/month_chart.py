"""A one-line chart of counts per month, scaled from zero, with its span, peak and total in words."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from .safe import counted

BARS = " ▁▂▃▄▅▆▇█"  # a month with none is blank; the peak is a full block
MAX_CELLS = 60  # at most this many cells of bars, however wide the screen (one month is one cell)


def month_series(months: list[tuple[str, int]]) -> list[int]:
    """Counts per month from the first month to the last, months without any as 0."""
    if not months:
        return []
    counts = dict(months)
    year, month = map(int, months[0][0].split("-"))
    out = []
    while True:
        key = f"{year:04d}-{month:02d}"
        out.append(counts.get(key, 0))
        if key >= months[-1][0]:
            return out
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def bars(series: list[int], cells: int) -> tuple[str, int]:
    """The series drawn in at most ``cells`` cells (months summed in equal groups when there are
    more months than cells), each bar's height in proportion to its count from zero; and how
    many months one cell holds."""
    per = max(1, -(-len(series) // max(cells, 1)))
    groups = [sum(series[i : i + per]) for i in range(0, len(series), per)]
    peak = max(groups, default=0)
    if peak <= 0:
        return " " * len(groups), per
    top = len(BARS) - 1
    return "".join(BARS[-(-n * top // peak)] for n in groups), per  # any count > 0 shows at least ▁


class MonthChart(Widget):
    """``label  FIRST ▁▃█ LAST  peak N in MONTH · total``; "no dated NOUNs" when there is nothing."""

    DEFAULT_CSS = """
    MonthChart {
        height: 1;
    }
    """

    def __init__(self, label: str, noun: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.label = label
        self.noun = noun
        self.months: list[tuple[str, int]] = []
        self.known = False  # counts arrived (before: nothing is said)

    def show(self, months: list[tuple[str, int]]) -> None:
        self.months = [(m, n) for m, n in months if n > 0]
        self.known = True
        self.refresh()

    def render(self) -> Text:
        line = Text(f"{self.label} ", style="dim", no_wrap=True, overflow="ellipsis", end="")
        if not self.known:
            return line
        if not self.months:
            line.append(f"no dated {self.noun}s")
            return line
        series = month_series(self.months)
        first, last = self.months[0][0], self.months[-1][0]
        peak_month, peak = max(self.months, key=lambda mn: (mn[1], mn[0]))
        total = " · " + counted(sum(n for _, n in self.months), "dated " + self.noun)
        free = self.size.width - line.cell_len - len(first) - len(last) - 4
        for said in (total, ""):  # on a narrow screen the bars keep their room, the total goes
            single = f"peak {peak} in {peak_month}"
            drawn, per = bars(series, min(MAX_CELLS, max(free - len(single) - len(said), 1)))
            if per == 1:
                tail = single
            else:  # the bars are sums of ``per`` months: their peak is a cell's
                cells = [sum(series[i : i + per]) for i in range(0, len(series), per)]
                tail = f"{per} months a cell, peak {max(cells)}"
                drawn, per = bars(series, min(MAX_CELLS, max(free - len(tail) - len(said), 1)))
                cells = [sum(series[i : i + per]) for i in range(0, len(series), per)]
                tail = f"{per} months a cell, peak {max(cells)}" if per > 1 else single
            if len(drawn) >= min(len(series), 12) or not said:
                break
        line.append(f"{first} ")
        line.append(drawn, style="bold")
        line.append(f" {last}" if last != first else "")
        line.append(f"  {tail}{said}", style="dim")
        return line
