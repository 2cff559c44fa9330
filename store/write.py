"""Writers used by ingest: documents, outlets and articles. The only code that writes SQL."""

from __future__ import annotations

import datetime as dt
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


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class Writer:
    """Writes one document and its articles at a time; the caller owns the transaction."""

    def __init__(self, db: sqlite_utils.Database):
        self.db = db
        self.conn = db.conn
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
                 url, n_words)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (
                document_id, article.part, outlet_id, article.headline, article.byline,
                article.dateline, article.published, article.published_partial,
                article.published_precision, article.sort_key, article.body,
                article.content_hash, article.url, len(article.body.split()),
            ),
        )  # fmt: skip
        if outlet_id is not None:
            self.conn.execute("UPDATE outlets SET n_articles = n_articles + 1 WHERE id = ?", (outlet_id,))
        return cur.lastrowid
