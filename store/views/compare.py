"""An event's reports side by side, and the facts on which they differ."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..why import has_column
from .article import ReportView, _reports
from .common import _conn
from .events import _EVENT_COLS, EventItem, _event_items

FACTS = ("date", "place", "status", "participants", "kind", "mode")
_STAGE = {"proposed": 0, "planned": 1, "held": 2}  # the order a meeting's status moves in


@dataclass(frozen=True)
class Fact:
    """One fact across the reports of an event: each report's value (None when not given)."""

    name: str
    values: tuple[str | None, ...]  # one per report, in report order
    published: tuple[str | None, ...] = ()  # each report's publication date (full), for status

    @property
    def given(self) -> int:
        return sum(v is not None for v in self.values)

    @property
    def disagree(self) -> bool:
        """True when reports that give this fact do not all give the same value. A status is a
        moment's: a report published before another may call planned what the later one calls
        held (a preview, then the meeting) and they agree; only a report that says less of the
        meeting (planned) than an earlier or same-day one (held) disagrees with it (a report
        without a full publication date cannot be placed in time, so it disagrees with none)."""
        if self.name != "status" or not self.published:
            return len({v.casefold() for v in self.values if v is not None}) > 1
        told = [(v.casefold(), p) for v, p in zip(self.values, self.published, strict=True) if v is not None]
        for i, (a, pa) in enumerate(told):
            for b, pb in told[i + 1 :]:
                if a == b or not (pa and pb):
                    continue
                if pa != pb:
                    (early, _), (late, _) = sorted(((a, pa), (b, pb)), key=lambda x: x[1])
                    if _STAGE.get(early, -1) < _STAGE.get(late, -1):
                        continue  # the meeting moved on between the two reports
                return True
        return False

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
    published = tuple(r.published if r.published and len(r.published) == 10 else None for r in reports)
    facts = tuple(Fact(name, tuple(_fact_value(r, name) for r in reports), published) for name in FACTS)
    return EventComparison(_event_items(conn, rows)[0], reports, facts)


@dataclass(frozen=True)
class ReportReason:
    """One report of an event as ``diplotui events show`` lists it: what it says and why it is there."""

    id: int
    headline: str
    date: str  # as the report gives it (partial), "" when it gives none
    place: str
    status: str
    participants: tuple[str, ...]  # official names, alphabetical
    why: str | None


def event_reasons(db, event_id: int) -> list[ReportReason]:
    """The reports of an event in id order, with the reason each was grouped into it."""
    conn = _conn(db)
    out = []
    for rid, headline, date, place, status, why in conn.execute(
        """SELECT r.id, a.headline, COALESCE(r.date_partial, ''), COALESCE(r.place, ''), r.status, r.why
           FROM reports r JOIN articles a ON a.id = r.article_id WHERE r.event_id = ? ORDER BY r.id""",
        (event_id,),
    ).fetchall():
        people = tuple(n for (n,) in conn.execute(
            "SELECT o.name FROM report_participants p JOIN officials o ON o.id = p.official_id WHERE p.report_id = ?"
            " ORDER BY o.name", (rid,)))
        out.append(ReportReason(rid, headline, date, place, status, people, why))
    return out


def event_strength(db, event_id: int) -> str | None:
    """How strongly an event's reports hold together (``events.strength``; None before schema 10)."""
    conn = _conn(db)
    if not has_column(conn, "events", "strength"):
        return None
    row = conn.execute("SELECT strength FROM events WHERE id = ?", (event_id,)).fetchone()
    return row[0] if row else None


def event_exists(db, event_id: int) -> bool:
    return _conn(db).execute("SELECT 1 FROM events WHERE id = ?", (event_id,)).fetchone() is not None
