"""``diplotui dump``: the whole knowledge base as one JSON object (the data contract)."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator

import sqlite_utils

from .text import body_title
from .why import has_column


def _rows(db: sqlite_utils.Database, sql: str, params: tuple = ()) -> Iterator[dict]:
    cur = db.conn.execute(sql, params)
    names = [d[0] for d in cur.description]
    for row in cur:
        yield dict(zip(names, row, strict=True))


def dump(db: sqlite_utils.Database) -> dict:
    """Articles, officials and events in the shape documented in the README."""
    mentions: dict[int, dict[int, dict]] = defaultdict(dict)
    titles_of: dict[tuple[int, int], list[tuple[str, int]]] = defaultdict(list)
    for m in _rows(db, "SELECT article_id, official_id, text, title, start FROM mentions "
                       "WHERE official_id IS NOT NULL ORDER BY article_id, start"):
        entry = mentions[m["article_id"]].setdefault(
            m["official_id"], {"official_id": str(m["official_id"]), "as_written": [], "title": None}
        )
        if m["text"] not in entry["as_written"]:
            entry["as_written"].append(m["text"])
        if m["title"]:
            titles_of[(m["article_id"], m["official_id"])].append((m["title"], m["start"]))
    for (article_id, official_id), found in titles_of.items():
        # (a mention in the headline has a negative start)
        mentions[article_id][official_id]["title"] = body_title([(t, start >= 0) for t, start in found])

    articles = []
    for a in _rows(db, """SELECT a.id, d.name AS file, a.part, o.name AS outlet, a.published,
                                 a.published_partial, a.published_precision, a.headline, a.byline,
                                 a.dateline, COALESCE(a.url, d.url) AS url, a.wire, a.published_source
                          FROM articles a JOIN documents d ON d.id = a.document_id
                          LEFT JOIN outlets o ON o.id = a.outlet_id
                          ORDER BY d.name, a.part"""):
        aid = a.pop("id")
        articles.append({"id": str(aid), **a, "officials": list(mentions[aid].values())})

    aliases: dict[int, list[str]] = defaultdict(list)
    for r in _rows(db, "SELECT official_id, alias FROM aliases ORDER BY official_id, n DESC, alias"):
        aliases[r["official_id"]].append(r["alias"])
    titles: dict[int, list[str]] = defaultdict(list)
    for r in _rows(db, "SELECT official_id, title FROM official_titles "
                       "ORDER BY official_id, first_seen IS NULL, first_seen, title"):
        titles[r["official_id"]].append(r["title"])
    strength = ", strength" if has_column(db.conn, "officials", "strength") else ""
    officials = [
        {"id": str(o["id"]), "name": o["name"],
         "aliases": [a for a in aliases[o["id"]] if a != o["name"]],
         "country": o["country"], "titles": titles[o["id"]], "strength": o.get("strength")}
        for o in _rows(db, f"SELECT id, name, country{strength} FROM officials ORDER BY name")
    ]

    report_people: dict[int, list[str]] = defaultdict(list)
    for r in _rows(db, "SELECT report_id, official_id FROM report_participants ORDER BY report_id, official_id"):
        report_people[r["report_id"]].append(str(r["official_id"]))
    reports: dict[int, list[dict]] = defaultdict(list)
    for r in _rows(db, """SELECT id, event_id, article_id, date, date_partial, date_precision, place,
                                 status, mode, kind, sentences, quotes, why, rules
                          FROM reports WHERE event_id IS NOT NULL ORDER BY event_id, id"""):
        reports[r["event_id"]].append({
            "article_id": str(r["article_id"]), "participants": report_people[r["id"]],
            "date": r["date"], "date_partial": r["date_partial"], "date_precision": r["date_precision"],
            "place": r["place"], "status": r["status"], "mode": r["mode"], "kind": r["kind"],
            "sentences": json.loads(r["sentences"]), "quotes": json.loads(r["quotes"]), "why": r["why"],
            "rules": json.loads(r["rules"] or "[]"),
        })
    event_people: dict[int, list[str]] = defaultdict(list)
    for r in _rows(db, "SELECT event_id, official_id FROM event_participants ORDER BY event_id, official_id"):
        event_people[r["event_id"]].append(str(r["official_id"]))
    events = [
        {"id": str(e["id"]), "date": e["date"], "date_partial": e["date_partial"],
         "date_precision": e["date_precision"], "place": e["place"], "status": e["status"],
         "kind": e["kind"], "mode": e["mode"], "level": e["level"], "strength": e.get("strength"),
         "participants": event_people[e["id"]], "reports": reports[e["id"]]}
        for e in _rows(db, "SELECT * FROM events ORDER BY sort_key, id")
    ]
    return {"articles": articles, "officials": officials, "events": events}
