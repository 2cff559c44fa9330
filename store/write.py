"""Writers used by ingest: documents, outlets and articles. The only code that writes SQL."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

import sqlite_utils


@dataclass
class DocumentState:
    """What the store already knows about a file: new, unchanged, changed, or a copy of another."""

    status: str  # "new" | "unchanged" | "changed" | "duplicate"
    document_id: int | None = None
    duplicate_of: int | None = None


@dataclass
class ArticleRow:
    """An article as the writer stores it: its date flattened to the columns (full, partial,
    precision, sort key) and its content hash computed. The store's input, apart from
    ``extract.read.Article`` because the store does not import extract."""

    part: int
    headline: str
    body: str
    content_hash: str
    outlet: str | None = None
    byline: str | None = None
    dateline: str | None = None
    published: str | None = None
    published_partial: str | None = None
    published_precision: str | None = None
    sort_key: str = ""
    url: str | None = None
    wire: str | None = None  # the agency whose copy a site's page carries
    published_source: str | None = None  # text, url, metadata or inferred


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


# SQLite's page cache for a writing connection, in KiB (SQLite's default is 2 MB). Resolution
# reads the mentions and reports of whole surname blocks and time spans again at each
# clustering, and ingest writes to several indexes per article: with 2 MB their pages were
# read from the file again and again (the last clustering of 2,000 articles took 15% more CPU).
WRITER_CACHE_KIB = 65536


class Writer:
    """Writes one document and its articles at a time; the caller owns the transaction."""

    def __init__(self, db: sqlite_utils.Database):
        self.db = db
        self.conn = db.conn
        self.conn.execute(f"PRAGMA cache_size = -{WRITER_CACHE_KIB}")
        self._outlets: dict[str, int] = {}

    def document_state(self, path: str, sha256: str) -> DocumentState:
        row = self.conn.execute(
            "SELECT id, sha256, duplicate_of FROM documents WHERE path = ?", (path,)
        ).fetchone()
        if row and row[1] == sha256:
            return DocumentState("unchanged", row[0], row[2])
        twin = self.conn.execute(
            "SELECT id FROM documents WHERE sha256 = ? AND path != ? AND duplicate_of IS NULL LIMIT 1",
            (sha256, path),
        ).fetchone()
        if twin:
            return DocumentState("duplicate", row[0] if row else None, twin[0])
        return DocumentState("changed" if row else "new", row[0] if row else None)

    def has_document(self, path: str) -> bool:
        """Whether a document (a file path or a URL) has been ingested."""
        return self.conn.execute("SELECT 1 FROM documents WHERE path = ?", (path,)).fetchone() is not None

    def article_stored_elsewhere(self, content_hash: str, document_id: int | None) -> bool:
        """Whether a document other than ``document_id`` already holds an article with this text."""
        return self.conn.execute(
            "SELECT 1 FROM articles WHERE content_hash = ? AND document_id IS NOT ? LIMIT 1",
            (content_hash, document_id),
        ).fetchone() is not None

    def stored_copies(self, content_hash: str, document_id: int | None = None) -> list[dict]:
        """The stored articles with this text outside ``document_id`` (its metadata, for a copy
        of the story that arrives again from another source), oldest first."""
        cur = self.conn.execute(
            """SELECT a.id, a.document_id, a.part, a.headline, o.name AS outlet, a.byline, a.dateline,
                      a.published_partial, a.published_source, a.url, a.wire
               FROM articles a LEFT JOIN outlets o ON o.id = a.outlet_id
               WHERE a.content_hash = ? AND a.document_id IS NOT ? ORDER BY a.id""",
            (content_hash, document_id),
        )
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur]

    def article_dependents(self, article_id: int) -> tuple[list[int], list[int]]:
        """Events and officials one article feeds (to refresh after it is superseded)."""
        events = [r[0] for r in self.conn.execute(
            "SELECT DISTINCT event_id FROM reports WHERE article_id = ? AND event_id IS NOT NULL", (article_id,))]
        officials = [r[0] for r in self.conn.execute(
            "SELECT DISTINCT official_id FROM mentions WHERE article_id = ? AND official_id IS NOT NULL",
            (article_id,))]
        return events, officials

    def supersede(self, article_id: int, by_document: int) -> None:
        """Remove a stored article that a copy with more metadata (in ``by_document``) replaces;
        its document now holds the story under the new copy (as a file whose copy was not
        stored), so removing the new copy's document hands the story back."""
        row = self.conn.execute("SELECT document_id, part, content_hash, outlet_id FROM articles WHERE id = ?",
                                (article_id,)).fetchone()
        if row is None:
            return
        document_id, part, digest, outlet_id = row
        if outlet_id is not None:
            self.conn.execute("UPDATE outlets SET n_articles = n_articles - 1 WHERE id = ?", (outlet_id,))
        self.conn.execute("DELETE FROM articles WHERE id = ?", (article_id,))
        if document_id != by_document:
            self.conn.execute("INSERT OR IGNORE INTO held_articles VALUES (?, ?, ?)", (document_id, digest, part))

    def outlet_id(self, name: str | None) -> int | None:
        if not name:
            return None
        key = name.lower()
        if key not in self._outlets:
            self.conn.execute("INSERT OR IGNORE INTO outlets(name) VALUES (?)", (name,))
            self._outlets[key] = self.conn.execute(
                "SELECT id FROM outlets WHERE name = ?", (name,)
            ).fetchone()[0]
        return self._outlets[key]

    def remove_document_articles(self, document_id: int) -> int:
        """Delete a document's articles (mentions and reports cascade); return how many."""
        self.conn.execute(
            """UPDATE outlets SET n_articles = n_articles - (
                 SELECT count(*) FROM articles a WHERE a.document_id = ? AND a.outlet_id = outlets.id)
               WHERE id IN (SELECT outlet_id FROM articles WHERE document_id = ?)""",
            (document_id, document_id),
        )
        return self.conn.execute("DELETE FROM articles WHERE document_id = ?", (document_id,)).rowcount

    def hand_over(self, document_id: int, keep: set[str]) -> int:
        """Before a changed document's articles are removed: each story that another source
        also holds moves there instead of going, unless the document's new version has it
        again (``keep``: its content hashes). Another source is a whole-file copy
        (``duplicate_of``; the first becomes the original) or a file whose copy of the story
        was not stored (``held_articles``). Mentions and reports move with the article.
        Returns how many stories moved."""
        conn = self.conn
        moved = 0
        heir = conn.execute("SELECT min(id) FROM documents WHERE duplicate_of = ?", (document_id,)).fetchone()[0]
        if heir is not None:
            conn.execute("UPDATE documents SET duplicate_of = NULL WHERE id = ?", (heir,))
            conn.execute("UPDATE documents SET duplicate_of = ? WHERE duplicate_of = ?", (heir, document_id))
            conn.execute("""INSERT OR IGNORE INTO held_articles(document_id, content_hash, part)
                            SELECT ?, content_hash, part FROM held_articles WHERE document_id = ?""",
                         (heir, document_id))
        held = conn.execute("SELECT id, content_hash, part FROM articles WHERE document_id = ?", (document_id,))
        for aid, digest, part in held.fetchall():
            if digest in keep:
                if heir is not None:  # the copy holds it; this document stores it again
                    conn.execute("INSERT OR IGNORE INTO held_articles VALUES (?, ?, ?)", (heir, digest, part))
                continue
            if heir is not None:
                holder = (heir, part)
            else:
                holder = conn.execute(
                    """SELECT document_id, part FROM held_articles WHERE content_hash = ? AND document_id != ?
                       ORDER BY document_id LIMIT 1""", (digest, document_id)).fetchone()
                if holder is None:
                    continue
                conn.execute("DELETE FROM held_articles WHERE document_id = ? AND content_hash = ?",
                             (holder[0], digest))
            conn.execute("UPDATE articles SET document_id = ?, part = ? WHERE id = ?", (holder[0], holder[1], aid))
            moved += 1
        return moved

    def set_held(self, document_id: int, held: list[tuple[str, int]]) -> None:
        """Record the stories (content hash, part) a document holds that are stored under another."""
        self.conn.execute("DELETE FROM held_articles WHERE document_id = ?", (document_id,))
        self.conn.executemany("INSERT OR IGNORE INTO held_articles VALUES (?, ?, ?)",
                              [(document_id, digest, part) for digest, part in held])

    def save_document(
        self,
        path: str,
        name: str,
        size: int,
        sha256: str,
        *,
        kind: str = "text",
        encoding: str | None = None,
        url: str | None = None,
        duplicate_of: int | None = None,
    ) -> int:
        """Insert or update the document row for ``path``; return its id."""
        self.conn.execute(
            """INSERT INTO documents(path, name, size, sha256, kind, encoding, url, duplicate_of, ingested_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT(path) DO UPDATE SET name=excluded.name, size=excluded.size,
                 sha256=excluded.sha256, kind=excluded.kind, encoding=excluded.encoding,
                 url=excluded.url, duplicate_of=excluded.duplicate_of, ingested_at=excluded.ingested_at""",
            (path, name, size, sha256, kind, encoding, url, duplicate_of, _now()),
        )
        return self.conn.execute("SELECT id FROM documents WHERE path = ?", (path,)).fetchone()[0]

    def add_article(self, document_id: int, article: ArticleRow) -> int:
        outlet_id = self.outlet_id(article.outlet)
        cur = self.conn.execute(
            """INSERT INTO articles(document_id, part, outlet_id, headline, byline, dateline,
                 published, published_partial, published_precision, sort_key, body, content_hash,
                 url, n_words, wire, published_source)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (
                document_id, article.part, outlet_id, article.headline, article.byline,
                article.dateline, article.published, article.published_partial,
                article.published_precision, article.sort_key, article.body,
                article.content_hash, article.url, len(article.body.split()),
                article.wire, article.published_source,
            ),
        )
        if outlet_id is not None:
            self.conn.execute("UPDATE outlets SET n_articles = n_articles + 1 WHERE id = ?", (outlet_id,))
        return cur.lastrowid

    # ------------------------------------------------------------------ officials

    def add_official(self, name: str, name_key: str, surname_key: str,
                     country: str | None = None, title: str | None = None) -> int:
        cur = self.conn.execute(
            "INSERT INTO officials(name, name_key, surname_key, country, title) VALUES (?, ?, ?, ?, ?)",
            (name, name_key, surname_key, country, title),
        )
        return cur.lastrowid

    def update_official(self, official_id: int, **fields) -> None:
        allowed = {"name", "name_key", "surname_key", "country", "title", "locked", "strength"}
        assert set(fields) <= allowed, fields
        if fields:
            sets = ", ".join(f"{k} = ?" for k in fields)
            self.conn.execute(f"UPDATE officials SET {sets} WHERE id = ?", (*fields.values(), official_id))

    def add_alias(self, official_id: int, alias: str, alias_key: str, n: int = 1, why: str | None = None) -> None:
        """One more article for an alias (``why``: why resolution joined it, kept if one was known)."""
        self.conn.execute(
            """INSERT INTO aliases(official_id, alias, alias_key, n, why) VALUES (?, ?, ?, ?, ?)
               ON CONFLICT(official_id, alias) DO UPDATE SET n = n + excluded.n, why = COALESCE(why, excluded.why)""",
            (official_id, alias, alias_key, n, why),
        )

    def add_official_keys(self, official_id: int, keys) -> None:
        """File an official under sound keys too (``officials_by_keys`` finds it by them)."""
        self.conn.executemany("INSERT OR IGNORE INTO official_keys(key, official_id) VALUES (?, ?)",
                              [(k, official_id) for k in sorted(set(keys))])

    def set_official_keys(self, official_id: int, keys) -> None:
        """An official's sound keys are these, and no others."""
        self.conn.execute("DELETE FROM official_keys WHERE official_id = ?", (official_id,))
        self.add_official_keys(official_id, keys)

    def officials_by_keys(self, keys: list[str]) -> list[tuple[int, str, str]]:
        """(official id, surname block, name or alias) of the officials filed under any of ``keys``."""
        if not keys:
            return []
        marks = ", ".join("?" * len(keys))
        return self.conn.execute(
            f"""SELECT o.id, o.surname_key, o.name FROM official_keys k JOIN officials o ON o.id = k.official_id
                WHERE k.key IN ({marks})
                UNION SELECT o.id, o.surname_key, a.alias FROM official_keys k
                JOIN officials o ON o.id = k.official_id JOIN aliases a ON a.official_id = o.id
                WHERE k.key IN ({marks})""",
            [*keys, *keys],
        ).fetchall()

    def official_keys_missing(self) -> bool:
        """Whether the base has officials but no sound keys (made before schema 14)."""
        return (self.conn.execute("SELECT 1 FROM officials LIMIT 1").fetchone() is not None
                and self.conn.execute("SELECT 1 FROM official_keys LIMIT 1").fetchone() is None)

    def all_official_names(self) -> list[tuple[int, str]]:
        """(official id, name) of every official's name and alias."""
        return self.conn.execute(
            "SELECT id, name FROM officials UNION SELECT official_id, alias FROM aliases"
        ).fetchall()

    def add_title(self, official_id: int, title: str, seen: str | None) -> None:
        """Record a title an official was given, widening its first/last seen dates."""
        self.conn.execute(
            """INSERT INTO official_titles(official_id, title, first_seen, last_seen, n) VALUES (?, ?, ?, ?, 1)
               ON CONFLICT(official_id, title) DO UPDATE SET n = n + 1,
                 first_seen = CASE WHEN excluded.first_seen IS NOT NULL
                   AND (first_seen IS NULL OR excluded.first_seen < first_seen)
                   THEN excluded.first_seen ELSE first_seen END,
                 last_seen = CASE WHEN excluded.last_seen IS NOT NULL
                   AND (last_seen IS NULL OR excluded.last_seen > last_seen)
                   THEN excluded.last_seen ELSE last_seen END""",
            (official_id, title, seen, seen),
        )

    def add_mentions(self, rows: list[tuple]) -> None:
        """Rows of (article_id, official_id, person, text, start, end, sentence, title, country, sort_key
        [, person_country, person_title]): what the article gives the person as a whole."""
        self.conn.executemany(
            """INSERT INTO mentions(article_id, official_id, person, text, start, end, sentence,
                 title, country, sort_key, person_country, person_title)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [row if len(row) == 12 else (*row, None, None) for row in rows],
        )

    def refresh_official_counts(self, official_ids: list[int]) -> None:
        """Recompute the denormalised counts of the given officials (cheap: indexed per official)."""
        for oid in set(official_ids):
            self.conn.execute(
                """UPDATE officials SET
                     n_mentions = (SELECT count(*) FROM mentions WHERE official_id = :id),
                     n_articles = (SELECT count(DISTINCT article_id) FROM mentions WHERE official_id = :id),
                     n_events = (SELECT count(*) FROM event_participants WHERE official_id = :id)
                   WHERE id = :id""",
                {"id": oid},
            )

    def set_article_counts(self, article_id: int, n_officials: int, n_meetings: int) -> None:
        self.conn.execute(
            "UPDATE articles SET n_officials = ?, n_meetings = ? WHERE id = ?",
            (n_officials, n_meetings, article_id),
        )

    # ------------------------------------------------------------------ events and reports

    def add_event(self) -> int:
        return self.conn.execute("INSERT INTO events DEFAULT VALUES").lastrowid

    def add_report(self, article_id: int, event_id: int | None, participants: list[int], **fields) -> int:
        """Store one meeting report; ``fields`` are columns of ``reports`` (lists as JSON text)."""
        cols = ["article_id", "event_id", *fields]
        cur = self.conn.execute(
            f"INSERT INTO reports({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
            (article_id, event_id, *fields.values()),
        )
        self.conn.executemany(
            "INSERT OR IGNORE INTO report_participants(report_id, official_id) VALUES (?, ?)",
            [(cur.lastrowid, oid) for oid in participants],
        )
        return cur.lastrowid

    def update_event(self, event_id: int, participants: list[int], **fields) -> None:
        """``update_events`` for one event; its sort key is read when not given."""
        if "sort_key" not in fields:
            row = self.conn.execute("SELECT sort_key FROM events WHERE id = ?", (event_id,)).fetchone()
            fields["sort_key"] = row[0]
        self.update_events([(event_id, participants, fields)])

    def update_events(self, rows: list[tuple[int, list[int], dict]]) -> None:
        """Set each event's derived fields and its participant set (with the event's sort key):
        rows of (event id, participants, fields), every row with the same fields, sort_key among
        them."""
        if not rows:
            return
        keys = list(rows[0][2])
        assert "sort_key" in keys and all(f.keys() == rows[0][2].keys() for _e, _p, f in rows), "rows' fields differ"
        sets = ", ".join(f"{k} = ?" for k in keys)
        self.conn.executemany(f"UPDATE events SET {sets} WHERE id = ?",
                              [(*(f[k] for k in keys), eid) for eid, _p, f in rows])
        self.conn.executemany("DELETE FROM event_participants WHERE event_id = ?", [(eid,) for eid, _p, _f in rows])
        self.conn.executemany(
            "INSERT OR IGNORE INTO event_participants(event_id, official_id, sort_key) VALUES (?, ?, ?)",
            [(eid, oid, f["sort_key"]) for eid, participants, f in rows for oid in participants],
        )

    def add_event_participants(self, event_id: int, participants: list[int]) -> None:
        """Make a report's participants findable as the event's at once (before its refresh)."""
        self.conn.executemany(
            "INSERT OR IGNORE INTO event_participants(event_id, official_id) VALUES (?, ?)",
            [(event_id, oid) for oid in participants],
        )

    def delete_empty_events(self, event_ids: list[int]) -> list[int]:
        """Drop events left without reports (after a document was replaced); return those dropped."""
        dropped = []
        for eid in set(event_ids):
            if not self.conn.execute("SELECT 1 FROM reports WHERE event_id = ? LIMIT 1", (eid,)).fetchone():
                self.conn.execute("DELETE FROM events WHERE id = ?", (eid,))
                dropped.append(eid)
        return dropped

    def record_decision(self, kind: str, payload: str) -> int:
        return self.conn.execute(
            "INSERT INTO decisions(kind, payload, created_at) VALUES (?, ?, ?)", (kind, payload, _now())
        ).lastrowid

    # ------------------------------------------------------------------ reads that resolution needs

    def officials_in_block(self, block: str) -> list[tuple[int, str, str | None, str | None, int]]:
        """(id, name, country, title, locked) of the officials whose surname starts like ``block``."""
        return self.conn.execute(
            "SELECT id, name, country, title, locked FROM officials WHERE surname_key = ?", (block,)
        ).fetchall()

    def aliases_in_block(self, block: str) -> dict[int, list[str]]:
        """The aliases of every official in a surname block, in one query."""
        out: dict[int, list[str]] = {}
        for oid, alias in self.conn.execute(
            "SELECT a.official_id, a.alias FROM officials o JOIN aliases a ON a.official_id = o.id "
            "WHERE o.surname_key = ?",
            (block,),
        ):
            out.setdefault(oid, []).append(alias)
        return out

    def aliases_of(self, official_id: int) -> list[tuple[str, int]]:
        return self.conn.execute(
            "SELECT alias, n FROM aliases WHERE official_id = ? ORDER BY n DESC, length(alias) DESC",
            (official_id,),
        ).fetchall()

    def latest_title(self, official_id: int) -> str | None:
        row = self.conn.execute(
            """SELECT title FROM official_titles WHERE official_id = ?
               ORDER BY last_seen IS NULL, last_seen DESC, n DESC, title LIMIT 1""",
            (official_id,),
        ).fetchone()
        return row[0] if row else None

    def events_of_officials(self, official_ids: list[int], window: list[tuple[str, str]],
                            undated_limit: int = 100) -> list[int]:
        """Events any of ``official_ids`` took part in whose date key falls in one of the
        ``window`` ranges (inclusive), plus their most recent undated events.

        With no window (an undated report) the most recent events of any date are
        returned instead. Both are bounded, so the cost does not grow with the corpus.
        """
        marks = ", ".join("?" * len(official_ids))
        ids = list(official_ids)
        found: list[int] = []
        if window:
            # one indexed range per arm: with the ranges OR-ed in one WHERE, SQLite reads every
            # event of each official (4.7 ms for the most active at 1M articles; 0.1 ms with one range per arm)
            arm = f"SELECT event_id FROM event_participants WHERE official_id IN ({marks}) AND sort_key BETWEEN ? AND ?"
            dated = " UNION ".join(arm for _ in window) + " ORDER BY event_id"
            found += [r[0] for r in self.conn.execute(dated, [v for lo_hi in window for v in (*ids, *lo_hi)])]
        recent = self._newest_events(ids, undated_limit, undated_only=bool(window))
        seen = set(found)
        found += [eid for eid in recent if eid not in seen]
        return found

    def _newest_events(self, official_ids: list[int], limit: int, undated_only: bool) -> list[int]:
        """The ``limit`` most recent events (by id) of any of ``official_ids``, newest first: each
        official's newest from an index in its order, then the newest of those (not all of
        their events, sorted: 16 ms for the most active officials at 1M articles, 0.15 ms so)."""
        where = "official_id = ? AND sort_key = ''" if undated_only else "official_id = ?"
        newest: set[int] = set()
        for oid in official_ids:
            newest.update(r[0] for r in self.conn.execute(
                f"SELECT event_id FROM event_participants WHERE {where} ORDER BY event_id DESC LIMIT ?",
                (oid, limit)))
        return sorted(newest, reverse=True)[:limit]

    def _rows_in(self, sql: str, ids: list) -> Iterator[tuple]:
        """The rows of ``sql`` for every id, its ``{marks}`` filled with one placeholder per id,
        500 ids a query (SQLite's limit on parameters is 999 in older builds)."""
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            yield from self.conn.execute(sql.format(marks=", ".join("?" * len(chunk))), chunk)

    def event_participant_sets(self, event_ids: list[int]) -> dict[int, set[int]]:
        """Each event's participants, for many events in one query."""
        out: dict[int, set[int]] = {}
        for eid, oid in self._rows_in(
            "SELECT event_id, official_id FROM event_participants WHERE event_id IN ({marks})", event_ids
        ):
            out.setdefault(eid, set()).add(oid)
        return out

    def event_reports(self, event_id: int) -> list[dict]:
        """The reports of an event with their participants and outlet, oldest first."""
        return self.events_reports([event_id]).get(event_id, [])

    def events_reports(self, event_ids: list[int]) -> dict[int, list[dict]]:
        """``event_reports`` of many events, in two queries per 500 events."""
        out: dict[int, list[dict]] = {}
        for i in range(0, len(event_ids), 500):
            chunk = event_ids[i : i + 500]
            marks = ", ".join("?" * len(chunk))
            cur = self.conn.execute(
                f"""SELECT r.id, r.event_id, COALESCE(r.date_partial, r.date) AS date, r.date_precision, r.place,
                           r.status, r.kind, r.mode, r.level, a.outlet_id, r.article_id, r.why
                    FROM reports r JOIN articles a ON a.id = r.article_id
                    WHERE r.event_id IN ({marks}) ORDER BY r.id""",
                chunk,
            )
            names = [d[0] for d in cur.description]
            by_report: dict[int, dict] = {}
            for row in cur.fetchall():
                report = dict(zip(names, row, strict=True))
                report["participants"] = []
                by_report[report["id"]] = report
                out.setdefault(report.pop("event_id"), []).append(report)
            for report_id, official_id in self.conn.execute(
                f"""SELECT rp.report_id, rp.official_id FROM reports r
                    JOIN report_participants rp ON rp.report_id = r.id WHERE r.event_id IN ({marks})
                    ORDER BY rp.report_id, rp.official_id""",
                chunk,
            ):
                by_report[report_id]["participants"].append(official_id)
        return out

    def document_dependents(self, document_id: int) -> tuple[list[int], list[int]]:
        """Events and officials that a document's articles feed (to refresh after replacing it)."""
        events = [r[0] for r in self.conn.execute(
            """SELECT DISTINCT r.event_id FROM reports r JOIN articles a ON a.id = r.article_id
               WHERE a.document_id = ? AND r.event_id IS NOT NULL""", (document_id,))]
        officials = [r[0] for r in self.conn.execute(
            """SELECT DISTINCT m.official_id FROM mentions m JOIN articles a ON a.id = m.article_id
               WHERE a.document_id = ? AND m.official_id IS NOT NULL""", (document_id,))]
        return events, officials

    def delete_orphan_officials(self, official_ids: list[int]) -> None:
        """Remove officials no article mentions any more (decisions about them stay and apply if they return)."""
        for oid in set(official_ids):
            self.conn.execute(
                """DELETE FROM officials WHERE id = ?
                   AND NOT EXISTS (SELECT 1 FROM mentions WHERE official_id = ?)""",
                (oid, oid),
            )

    def official_locked(self, official_id: int) -> bool:
        """Whether the user chose the official's name (diplotui officials rename)."""
        row = self.conn.execute("SELECT locked FROM officials WHERE id = ?", (official_id,)).fetchone()
        return bool(row and row[0])

    def data_version(self) -> int:
        """Changes when another connection commits (PRAGMA data_version)."""
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

    def surname_keys_of(self, official_ids: list[int]) -> set[str]:
        out: set[str] = set()
        for oid in official_ids:
            row = self.conn.execute("SELECT surname_key FROM officials WHERE id = ?", (oid,)).fetchone()
            if row:
                out.add(row[0])
        return out

    def set_country_if_none(self, official_id: int, country: str) -> None:
        self.conn.execute("UPDATE officials SET country = COALESCE(country, ?) WHERE id = ?", (country, official_id))

    def people_officials(self, article_ids: list[int]) -> dict[tuple[int, str], int]:
        """(article id, person) -> the official each person of these articles resolves to."""
        rows = self._rows_in("SELECT article_id, person, official_id FROM mentions WHERE article_id IN ({marks})",
                             article_ids)
        return {(aid, person): oid for aid, person, oid in rows}

    # ------------------------------------------------------------------ resolution from all the evidence

    def block_mentions(self, blocks: list[str]) -> list[tuple]:
        """(mention id, article id, official id, person, text, title, country, person country,
        article content hash) of every mention resolved to an official of the given surname blocks."""
        out: list[tuple] = []
        for block in sorted(set(blocks)):
            out += self.conn.execute(
                """SELECT m.id, m.article_id, m.official_id, m.person, m.text, m.title, m.country,
                          m.person_country, a.content_hash
                   FROM officials o JOIN mentions m ON m.official_id = o.id JOIN articles a ON a.id = m.article_id
                   WHERE o.surname_key = ? ORDER BY m.id""",
                (block,),
            ).fetchall()
        return out

    def block_sizes(self, blocks: list[str]) -> dict[str, int]:
        """The mentions of each surname block's officials (their counts as of the last clustering)."""
        out = dict.fromkeys(blocks, 0)
        for block, n in self._rows_in(
            "SELECT surname_key, sum(n_mentions) FROM officials WHERE surname_key IN ({marks}) GROUP BY surname_key",
            sorted(set(blocks)),
        ):
            out[block] = n or 0
        return out

    def latest_mentions(self, official_ids: list[int], limit: int) -> list[tuple]:
        """``block_mentions``'s rows of each official's latest ``limit`` mentions (by their
        articles' dates: the order of index ``mentions_official``, so only those rows are read;
        in another order every mention of the official would be read and sorted)."""
        out: list[tuple] = []
        for oid in sorted(set(official_ids)):
            out += self.conn.execute(
                """SELECT m.id, m.article_id, m.official_id, m.person, m.text, m.title, m.country,
                          m.person_country, a.content_hash
                   FROM mentions m JOIN articles a ON a.id = m.article_id
                   WHERE m.official_id = ? ORDER BY m.sort_key DESC, m.article_id DESC, m.id DESC
                   LIMIT ?""",
                (oid, limit),
            ).fetchall()
        return out

    def article_people(self, article_ids: list[int]) -> dict[int, set[str]]:
        """The distinct person names mentioned in each article."""
        out: dict[int, set[str]] = {}
        for aid, person in self._rows_in(
            "SELECT DISTINCT article_id, person FROM mentions WHERE article_id IN ({marks})", article_ids
        ):
            out.setdefault(aid, set()).add(person)
        return out

    def move_mentions(self, moves: list[tuple[int, int]]) -> None:
        """(official id, mention id) pairs: point each mention at its official."""
        self.conn.executemany("UPDATE mentions SET official_id = ? WHERE id = ?", moves)

    def rebuild_aliases(self, official_id: int, aliases: dict[str, int], alias_key,
                        why: dict[str, str] | None = None) -> None:
        """Replace an official's aliases with ``aliases`` (name -> number of articles) and, for
        each, why resolution joined that name to the official."""
        why = why or {}
        self.conn.execute("DELETE FROM aliases WHERE official_id = ?", (official_id,))
        self.conn.executemany(
            "INSERT INTO aliases(official_id, alias, alias_key, n, why) VALUES (?, ?, ?, ?, ?)",
            [(official_id, a, alias_key(a), n, why.get(a)) for a, n in aliases.items()],
        )

    def pending_resolution(self) -> list[tuple[str, str]]:
        """(kind, item) of what an earlier ingest stored but did not cluster again (interrupted)."""
        return self.conn.execute(
            "SELECT kind, item FROM pending_resolution WHERE kind != 'rederive' ORDER BY kind, item"
        ).fetchall()

    def rederive_pending(self) -> bool:
        """Whether a migration asked for every derived key to be computed again (schema 10)."""
        return self.conn.execute("SELECT 1 FROM pending_resolution WHERE kind = 'rederive'").fetchone() is not None

    def rederive_keys(self, name_key, surname_block) -> set[str]:
        """Compute every official's name key and surname block and every alias's key again with
        the given functions; drop the request; return every block an official is now in."""
        officials = self.conn.execute("SELECT id, name FROM officials").fetchall()
        rows = [(name_key(name), surname_block(name), oid) for oid, name in officials]
        self.conn.executemany("UPDATE officials SET name_key = ?, surname_key = ? WHERE id = ?", rows)
        aliases = self.conn.execute("SELECT official_id, alias FROM aliases").fetchall()
        self.conn.executemany("UPDATE aliases SET alias_key = ? WHERE official_id = ? AND alias = ?",
                              [(name_key(alias), oid, alias) for oid, alias in aliases])
        self.conn.execute("DELETE FROM pending_resolution WHERE kind = 'rederive'")
        return {row[1] for row in rows}

    def fill_person_fields(self, title_of) -> None:
        """Mentions stored before migration 8 have no person_country and person_title (what the
        article gives the person as a whole): derive them from the article's mentions of that
        person as extraction does, the most given country and ``title_of``'s choice of titles."""
        rows = self.conn.execute(
            """SELECT id, article_id, person, title, country FROM mentions
               WHERE person_country IS NULL OR person_title IS NULL ORDER BY article_id, start, id"""
        ).fetchall()
        people: dict[tuple[int, str], list[tuple]] = {}
        for row in rows:
            people.setdefault((row[1], row[2]), []).append(row)
        updates = []
        for mentions in people.values():
            countries = Counter(m[4] for m in mentions if m[4])
            country = countries.most_common(1)[0][0] if countries else None
            title = title_of([(m[3], True) for m in mentions if m[3]]) or ""
            updates += [(country, title, m[0]) for m in mentions]
        self.conn.executemany(
            "UPDATE mentions SET person_country = COALESCE(person_country, ?), person_title = COALESCE(person_title, ?)"
            " WHERE id = ?", updates)

    def add_pending_resolution(self, rows: list[tuple[str, str]]) -> None:
        self.conn.executemany("INSERT OR IGNORE INTO pending_resolution(kind, item) VALUES (?, ?)", rows)

    def clear_pending_resolution(self) -> None:
        self.conn.execute("DELETE FROM pending_resolution")

    def last_article_id(self) -> int:
        """The highest article id (how large the base is, without counting its rows)."""
        return self.conn.execute("SELECT COALESCE(max(id), 0) FROM articles").fetchone()[0]

    def rebuild_titles(self, official_id: int) -> None:
        """Titles over time from the official's articles: the title each article gives the person
        (a mention's own title for rows stored before that was kept)."""
        self.conn.execute("DELETE FROM official_titles WHERE official_id = ?", (official_id,))
        self.conn.execute(
            """INSERT INTO official_titles(official_id, title, first_seen, last_seen, n)
               SELECT :o, t.title, min(NULLIF(a.published_partial, '')), max(NULLIF(a.published_partial, '')),
                      count(DISTINCT t.article_id)
               FROM (SELECT DISTINCT article_id, COALESCE(person_title, title) AS title FROM mentions
                     WHERE official_id = :o) t JOIN articles a ON a.id = t.article_id
               WHERE t.title IS NOT NULL AND t.title != '' GROUP BY t.title""",
            {"o": official_id},
        )

    def add_titles_of(self, official_id: int, article_ids: list[int]) -> None:
        """``rebuild_titles`` for what these articles add: articles newly the official's (none of
        their mentions was before), so the rest of its record is not read again."""
        self.conn.execute(
            f"""INSERT INTO official_titles(official_id, title, first_seen, last_seen, n)
               SELECT ?, t.title, min(NULLIF(a.published_partial, '')), max(NULLIF(a.published_partial, '')),
                      count(DISTINCT t.article_id)
               FROM (SELECT DISTINCT article_id, COALESCE(person_title, title) AS title FROM mentions
                     WHERE official_id = ? AND article_id IN ({", ".join("?" * len(article_ids))})) t
               JOIN articles a ON a.id = t.article_id
               WHERE t.title IS NOT NULL AND t.title != '' GROUP BY t.title
               ON CONFLICT(official_id, title) DO UPDATE SET n = n + excluded.n,
                 first_seen = CASE WHEN excluded.first_seen IS NOT NULL
                   AND (first_seen IS NULL OR excluded.first_seen < first_seen)
                   THEN excluded.first_seen ELSE first_seen END,
                 last_seen = CASE WHEN excluded.last_seen IS NOT NULL
                   AND (last_seen IS NULL OR excluded.last_seen > last_seen)
                   THEN excluded.last_seen ELSE last_seen END""",
            [official_id, official_id, *article_ids],
        )

    def mention_ids_in(self, official_id: int, article_ids: list[int]) -> list[tuple[int, int]]:
        """(article id, mention id) of the official's mentions in these articles."""
        return list(self._rows_in(f"SELECT article_id, id FROM mentions WHERE official_id = {int(official_id)} "
                                  "AND article_id IN ({marks})", sorted(set(article_ids))))

    def delete_officials(self, official_ids: list[int]) -> None:
        self.conn.executemany("DELETE FROM officials WHERE id = ?", [(o,) for o in official_ids])

    def reports_in_articles(self, article_ids: list[int]) -> list[tuple[int, int, str]]:
        """(report id, article id, named people as JSON) of the reports of the given articles."""
        return list(self._rows_in("SELECT id, article_id, named FROM reports WHERE article_id IN ({marks})",
                                  article_ids))

    def set_report_participants(self, report_id: int, participants: list[int]) -> None:
        self.conn.execute("DELETE FROM report_participants WHERE report_id = ?", (report_id,))
        self.conn.executemany(
            "INSERT OR IGNORE INTO report_participants(report_id, official_id) VALUES (?, ?)",
            [(report_id, oid) for oid in participants],
        )

    def reports_of_officials(self, official_ids: list[int]) -> set[int]:
        """Every report naming any of the officials (indexed by official)."""
        out: set[int] = set()
        for oid in set(official_ids):
            out.update(r[0] for r in self.conn.execute(
                "SELECT report_id FROM report_participants WHERE official_id = ?", (oid,)))
        return out

    def report_participant_sets(self, report_ids: list[int]) -> dict[int, frozenset[int]]:
        """Each report's participants (official ids), for many reports (by the primary key)."""
        out: dict[int, set[int]] = {}
        for rid, oid in self._rows_in(
            "SELECT report_id, official_id FROM report_participants WHERE report_id IN ({marks})", sorted(report_ids)
        ):
            out.setdefault(rid, set()).add(oid)
        return {rid: frozenset(ps) for rid, ps in out.items()}

    def reports_of_events(self, event_ids: list[int]) -> set[int]:
        out: set[int] = set()
        for eid in set(event_ids):
            out.update(r[0] for r in self.conn.execute("SELECT id FROM reports WHERE event_id = ?", (eid,)))
        return out

    def reports_for_clustering(self, report_ids: list[int]) -> list[dict]:
        """What event clustering compares of each report: participants, dates, place, status, kind,
        mode, its article's content hash and publication date, and its position in the article;
        its event and why it is there; the officials its article's reports name (comma-separated);
        and the rest an event is derived from (date precision, level, outlet), the keys of
        ``events_reports``; and the ids of the rules that made it (an earlier meeting is marked there)."""
        out: list[dict] = []
        ids = sorted(set(report_ids))
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ", ".join("?" * len(chunk))
            cur = self.conn.execute(
                f"""SELECT r.id, r.event_id, r.why, r.article_id, COALESCE(r.date_partial, r.date) AS date, r.status,
                           r.kind, r.mode, r.place, a.content_hash, a.published_partial,
                           r.date_precision, r.level, a.outlet_id, r.date_text, r.rules,
                           (SELECT count(*) FROM reports x
                            WHERE x.article_id = r.article_id AND x.id < r.id) AS ordinal,
                           (SELECT group_concat(DISTINCT xp.official_id) FROM reports x
                            JOIN report_participants xp ON xp.report_id = x.id
                            WHERE x.article_id = r.article_id) AS article_people
                    FROM reports r JOIN articles a ON a.id = r.article_id WHERE r.id IN ({marks})""",
                chunk,
            )
            names = [d[0] for d in cur.description]
            rows = {row[0]: dict(zip(names, row, strict=True)) for row in cur.fetchall()}
            for row in rows.values():
                row["participants"] = []
            for rid, oid in self.conn.execute(
                f"SELECT report_id, official_id FROM report_participants WHERE report_id IN ({marks})", chunk
            ):
                rows[rid]["participants"].append(oid)
            out += rows.values()
        return out

    def assign_reports(self, rows: list[tuple[int, str, int]]) -> None:
        """(event id, why, report id) rows: put each report in its event, with the reason."""
        self.conn.executemany("UPDATE reports SET event_id = ?, why = ? WHERE id = ?", rows)

    def event_report_keys(self, event_id: int) -> list[list]:
        """Keys of an event's reports that outlive row ids, re-ingests and moves: see report_keys."""
        return self.report_keys([r[0] for r in self.conn.execute(
            "SELECT id FROM reports WHERE event_id = ? ORDER BY id", (event_id,))])

    def report_keys(self, report_ids: list[int]) -> list[list]:
        """[file name, part, the report's first sentence, the article's content hash] of each
        report, in their order. What the report is, its article's content and the meeting (its
        first sentence), finds it wherever the story is stored (another record of a JSON Lines
        file, a copy of a rewritten file); the file name and part find it once its article was
        edited."""
        out = []
        for rid in report_ids:
            name, part, sentences, digest = self.conn.execute(
                """SELECT d.name, a.part, r.sentences, a.content_hash
                   FROM reports r JOIN articles a ON a.id = r.article_id
                   JOIN documents d ON d.id = a.document_id WHERE r.id = ?""", (rid,)).fetchone()
            out.append([name, part, (json.loads(sentences) or [""])[0], digest])
        return out

    def events_of_reports(self, report_ids: list[int]) -> list[int]:
        """The events the given reports are in now, in the reports' order, each once."""
        rows = self._rows_in("SELECT event_id FROM reports WHERE id IN ({marks}) ORDER BY id", report_ids)
        return list(dict.fromkeys(e for (e,) in rows if e is not None))

    def event_brief(self, event_id: int, people: int = 3) -> tuple[str | None, str | None, list[str]]:
        """An event's date (full or partial), place and first ``people`` participants' names."""
        row = self.conn.execute("SELECT coalesce(date, date_partial), place FROM events WHERE id = ?",
                                (event_id,)).fetchone() or (None, None)
        names = [n for (n,) in self.conn.execute(
            "SELECT o.name FROM event_participants p JOIN officials o ON o.id = p.official_id "
            "WHERE p.event_id = ? ORDER BY p.sort_key LIMIT ?", (event_id, people))]
        return row[0], row[1], names

    def holdings(self) -> tuple[int, int, int]:
        """Articles, officials and events in the base (counted: for an ingest's summary only)."""
        tables = ("articles", "officials", "events")
        count = [self.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables]
        return count[0], count[1], count[2]

    def reports_by_keys(self, keys: list[list]) -> list[int]:
        """The reports in the store that the keys of ``report_keys`` name: by content hash and
        sentence, else (an edited article, or a key from before the hash was kept) by file name,
        part and sentence (articles are indexed by hash, documents by name)."""
        out: list[int] = []
        for key in keys:
            name, part, sentence = key[:3]
            found = []
            if len(key) > 3:
                found = [rid for rid, sentences in self.conn.execute(
                    """SELECT r.id, r.sentences FROM articles a JOIN reports r ON r.article_id = a.id
                       WHERE a.content_hash = ? ORDER BY r.id""", (key[3],))
                         if (json.loads(sentences) or [""])[0] == sentence]
            if not found:
                found = [rid for rid, sentences in self.conn.execute(
                    """SELECT r.id, r.sentences FROM documents d JOIN articles a ON a.document_id = d.id
                       JOIN reports r ON r.article_id = a.id WHERE d.name = ? AND a.part = ? ORDER BY r.id""",
                    (name, part)) if (json.loads(sentences) or [""])[0] == sentence]
            out += found
        return out

    def report_dates_of_official(self, official_id: int) -> list[tuple[int, str, str]]:
        """(report id, date, article publication date) of every report naming an official
        (partial ISO text, '' when missing; the date as ``reports_for_clustering`` gives it):
        what ``reports_between`` picks from. The publication
        date is read only where it places the report (undated, or dated by a year alone) and is
        '' elsewhere: an article row fills a page of its own, and reading one for each of a busy
        official's reports would be most of the time this takes."""
        rows = self.conn.execute(
            """SELECT rp.report_id, COALESCE(r.date_partial, r.date, ''), r.article_id
               FROM report_participants rp JOIN reports r ON r.id = rp.report_id WHERE rp.official_id = ?""",
            (official_id,),
        ).fetchall()
        placed = sorted({aid for _rid, date, aid in rows if len(date) in (0, 4)})
        published = dict(self._rows_in(
            "SELECT id, COALESCE(published_partial, '') FROM articles WHERE id IN ({marks})", placed))
        return [(rid, date, published.get(aid, "") if len(date) in (0, 4) else "") for rid, date, aid in rows]
