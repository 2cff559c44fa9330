"""One article as the reader shows it: its text, the officials it names and its meeting reports."""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from dataclasses import dataclass

from .common import _conn


@dataclass(frozen=True)
class MentionView:
    official_id: int | None
    name: str  # the official's canonical name, or the person as extracted
    text: str  # as written
    start: int
    end: int
    title: str | None
    country: str | None


@dataclass(frozen=True)
class ArticleOfficial:
    """An official as one article names them."""

    official_id: int | None
    name: str
    as_written: tuple[str, ...]
    title: str | None
    country: str | None


@dataclass(frozen=True)
class ReportView:
    """What one article says about one meeting."""

    id: int
    article_id: int
    event_id: int | None
    outlet: str
    headline: str
    published: str
    file: str
    part: int
    date: str
    place: str | None
    status: str
    kind: str | None
    mode: str | None
    participants: tuple[str, ...]  # official names, as resolved
    named: tuple[str, ...]  # names as the article wrote them
    sentences: tuple[str, ...]
    quotes: tuple[tuple[str, str], ...]  # (text, speaker or "")
    wire: str | None = None  # the agency whose copy the outlet carried

    @property
    def source(self) -> str:
        """The independent source of the report: the wire for a reprint, else the outlet
        (an article with neither is a source of its own)."""
        return (self.wire or self.outlet or f"article {self.article_id}").lower()


@dataclass(frozen=True)
class ArticleDetail:
    """One article whole, as the reader and the exports show it (``articles.ArticleItem`` is
    its list row: the text and the officials are read only for the one article opened)."""

    id: int
    file: str
    part: int
    outlet: str
    published: str
    headline: str
    byline: str | None
    dateline: str | None
    url: str | None
    body: str
    mentions: tuple[MentionView, ...]
    officials: tuple[ArticleOfficial, ...]
    reports: tuple[ReportView, ...]


def _quotes(raw: str) -> tuple[tuple[str, str], ...]:
    out = []
    for q in json.loads(raw or "[]"):
        if isinstance(q, dict):
            speaker = q.get("speaker")
            out.append((str(q.get("text", "")), speaker if isinstance(speaker, str) else ""))
        else:
            out.append((str(q), ""))
    return tuple(out)


def _reports(conn: sqlite3.Connection, where: str, params: tuple) -> list[ReportView]:
    rows = conn.execute(
        f"""SELECT r.id, r.article_id, r.event_id, COALESCE(o.name, ''), a.headline,
                   COALESCE(a.published, a.published_partial, ''), d.name, a.part,
                   COALESCE(r.date, r.date_partial, ''), r.place, r.status, r.kind, r.mode,
                   r.named, r.sentences, r.quotes, a.wire
            FROM reports r JOIN articles a ON a.id = r.article_id
            JOIN documents d ON d.id = a.document_id
            LEFT JOIN outlets o ON o.id = a.outlet_id
            WHERE {where} ORDER BY a.sort_key, r.article_id, r.id""",
        params,
    ).fetchall()
    people: dict[int, list[str]] = defaultdict(list)
    ids = [r[0] for r in rows]
    for chunk in range(0, len(ids), 500):
        part = ids[chunk : chunk + 500]
        for rid, name in conn.execute(
            f"""SELECT rp.report_id, o.name FROM report_participants rp
                JOIN officials o ON o.id = rp.official_id
                WHERE rp.report_id IN ({",".join("?" * len(part))}) ORDER BY o.name""",
            part,
        ):
            people[rid].append(name)
    return [
        ReportView(
            id=r[0], article_id=r[1], event_id=r[2], outlet=r[3], headline=r[4], published=r[5],
            file=r[6], part=r[7], date=r[8], place=r[9], status=r[10], kind=r[11], mode=r[12],
            participants=tuple(people[r[0]]), named=tuple(json.loads(r[13] or "[]")),
            sentences=tuple(json.loads(r[14] or "[]")), quotes=_quotes(r[15]), wire=r[16],
        )
        for r in rows
    ]


def article_detail(db, article_id: int) -> ArticleDetail | None:
    """One article with its text, the officials it names (with offsets) and its meeting reports."""
    conn = _conn(db)
    row = conn.execute(
        """SELECT a.id, d.name, a.part, COALESCE(o.name, ''),
                  COALESCE(a.published, a.published_partial, ''), a.headline, a.byline, a.dateline,
                  COALESCE(a.url, d.url), a.body
           FROM articles a JOIN documents d ON d.id = a.document_id
           LEFT JOIN outlets o ON o.id = a.outlet_id WHERE a.id = ?""",
        (article_id,),
    ).fetchone()
    if row is None:
        return None
    mentions = tuple(
        MentionView(*m)
        for m in conn.execute(
            """SELECT m.official_id, COALESCE(o.name, m.person), m.text, m.start, m.end,
                      m.title, COALESCE(m.country, o.country)
               FROM mentions m LEFT JOIN officials o ON o.id = m.official_id
               WHERE m.article_id = ? ORDER BY m.start""",
            (article_id,),
        )
    )
    grouped: dict[tuple, dict] = {}
    for m in mentions:
        entry = grouped.setdefault(
            (m.official_id, m.name if m.official_id is None else ""),
            {"official_id": m.official_id, "name": m.name, "as_written": [], "title": None,
             "country": m.country},
        )
        if m.text not in entry["as_written"]:
            entry["as_written"].append(m.text)
        entry["title"] = entry["title"] or m.title
    officials = tuple(
        ArticleOfficial(e["official_id"], e["name"], tuple(e["as_written"]), e["title"], e["country"])
        for e in grouped.values()
    )
    reports = tuple(_reports(conn, "r.article_id = ?", (article_id,)))
    return ArticleDetail(*row, mentions=mentions, officials=officials, reports=reports)



def article_files(db, ids: list[int]) -> dict[int, str]:
    """Each article's file as exports cite it: the document's name, with ``#part`` after the first."""
    conn = _conn(db)
    out: dict[int, str] = {}
    for chunk in range(0, len(ids), 500):
        part = ids[chunk : chunk + 500]
        for aid, name, part_no in conn.execute(
            f"""SELECT a.id, d.name, a.part FROM articles a JOIN documents d ON d.id = a.document_id
                WHERE a.id IN ({",".join("?" * len(part))})""", part):
            out[aid] = f"{name}#{part_no}" if part_no > 1 else name
    return out
