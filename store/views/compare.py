"""An event's reports side by side, and the facts on which they differ."""

from __future__ import annotations

from dataclasses import dataclass, field

from .article import ReportView, _reports
from .common import _conn
from .events import _EVENT_COLS, EventItem, _event_items

FACTS = ("date", "place", "status", "participants", "kind", "mode")


@dataclass(frozen=True)
class Fact:
    """One fact across the reports of an event: each report's value (None when not given)."""

    name: str
    values: tuple[str | None, ...]  # one per report, in report order

    @property
    def given(self) -> int:
        return sum(v is not None for v in self.values)

    @property
    def disagree(self) -> bool:
        """True when reports that give this fact do not all give the same value."""
        return len({v.casefold() for v in self.values if v is not None}) > 1

    @property
    def single_source(self) -> bool:
        """True when only one of several reports gives this fact."""
        return self.given == 1 and len(self.values) > 1


@dataclass(frozen=True)
class EventComparison:
    event: EventItem
    reports: tuple[ReportView, ...]
    facts: tuple[Fact, ...] = field(default_factory=tuple)

    def fact(self, name: str) -> Fact:
        return next(f for f in self.facts if f.name == name)

    @property
    def n_sources(self) -> int:
        """Independent sources among the reports: the reprints of one wire count once."""
        return len({r.source for r in self.reports})


def _fact_value(report: ReportView, name: str) -> str | None:
    if name == "participants":
        return ", ".join(report.participants) or None
    value = getattr(report, name)
    return value or None


def event_comparison(db, event_id: int) -> EventComparison | None:
    """An event with every report of it side by side and the facts on which they differ."""
    conn = _conn(db)
    rows = conn.execute(f"SELECT {_EVENT_COLS} FROM events e WHERE e.id = ?", (event_id,)).fetchall()
    if not rows:
        return None
    reports = tuple(_reports(conn, "r.event_id = ?", (event_id,)))
    facts = tuple(Fact(name, tuple(_fact_value(r, name) for r in reports)) for name in FACTS)
    return EventComparison(_event_items(conn, rows)[0], reports, facts)
