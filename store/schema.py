"""Schema migrations: the only place the database layout is created or changed.

Each migration is a list of SQL statements applied once, in order, and recorded in
``PRAGMA user_version``. Never edit a landed migration; append a new one.
"""

from __future__ import annotations

import re
import sqlite3

# (sort_key, id) as one integer in the same order: sort_key is '', 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'
SEARCH_KEY_SQL = (
    "((CAST(substr(sort_key, 1, 4) AS INTEGER) * 10000 + CAST(substr(sort_key, 6, 2) AS INTEGER) * 100"
    " + CAST(substr(sort_key, 9, 2) AS INTEGER)) << 32) | id"
)

MIGRATIONS: list[list[str]] = [
    # 1: documents, outlets, articles, full-text search
    [
        """CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            path TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            size INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            kind TEXT NOT NULL DEFAULT 'text',
            encoding TEXT,
            url TEXT,
            duplicate_of INTEGER REFERENCES documents(id) ON DELETE SET NULL,
            ingested_at TEXT NOT NULL
        )""",
        "CREATE INDEX documents_sha256 ON documents(sha256)",
        """CREATE TABLE outlets (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            n_articles INTEGER NOT NULL DEFAULT 0
        )""",
        """CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            part INTEGER NOT NULL,
            outlet_id INTEGER REFERENCES outlets(id),
            headline TEXT NOT NULL DEFAULT '',
            byline TEXT,
            dateline TEXT,
            published TEXT,
            published_partial TEXT,
            published_precision TEXT,
            sort_key TEXT NOT NULL DEFAULT '',
            body TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            url TEXT,
            n_words INTEGER NOT NULL DEFAULT 0,
            n_officials INTEGER NOT NULL DEFAULT 0,
            n_meetings INTEGER NOT NULL DEFAULT 0,
            UNIQUE (document_id, part)
        )""",
        "CREATE INDEX articles_newest ON articles(sort_key DESC, id DESC)",
        "CREATE INDEX articles_outlet ON articles(outlet_id, sort_key DESC, id DESC)",
        "CREATE INDEX articles_hash ON articles(content_hash)",
        """CREATE VIRTUAL TABLE articles_fts USING fts5(
            headline, body, content='articles', content_rowid='id',
            tokenize='unicode61 remove_diacritics 2'
        )""",
        """CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts(rowid, headline, body) VALUES (new.id, new.headline, new.body);
        END""",
        """CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, headline, body)
            VALUES ('delete', old.id, old.headline, old.body);
        END""",
        """CREATE TRIGGER articles_au AFTER UPDATE OF headline, body ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, headline, body)
            VALUES ('delete', old.id, old.headline, old.body);
            INSERT INTO articles_fts(rowid, headline, body) VALUES (new.id, new.headline, new.body);
        END""",
    ],
    # 2: officials, their aliases and titles, mentions; user decisions
    [
        """CREATE TABLE officials (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            name_key TEXT NOT NULL,
            surname_key TEXT NOT NULL,
            country TEXT,
            title TEXT,
            n_mentions INTEGER NOT NULL DEFAULT 0,
            n_articles INTEGER NOT NULL DEFAULT 0,
            n_events INTEGER NOT NULL DEFAULT 0,
            locked INTEGER NOT NULL DEFAULT 0
        )""",
        "CREATE INDEX officials_surname ON officials(surname_key)",
        "CREATE INDEX officials_name ON officials(name COLLATE NOCASE)",
        """CREATE TABLE aliases (
            official_id INTEGER NOT NULL REFERENCES officials(id) ON DELETE CASCADE,
            alias TEXT NOT NULL,
            alias_key TEXT NOT NULL,
            n INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (official_id, alias)
        )""",
        "CREATE INDEX aliases_key ON aliases(alias_key)",
        """CREATE TABLE official_titles (
            official_id INTEGER NOT NULL REFERENCES officials(id) ON DELETE CASCADE,
            title TEXT NOT NULL,
            first_seen TEXT,
            last_seen TEXT,
            n INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (official_id, title)
        )""",
        """CREATE TABLE mentions (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            official_id INTEGER REFERENCES officials(id) ON DELETE SET NULL,
            person TEXT NOT NULL,
            text TEXT NOT NULL,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            sentence TEXT NOT NULL,
            title TEXT,
            country TEXT,
            sort_key TEXT NOT NULL DEFAULT ''
        )""",
        "CREATE INDEX mentions_article ON mentions(article_id, start)",
        "CREATE INDEX mentions_official ON mentions(official_id, sort_key DESC, article_id DESC)",
        """CREATE TABLE decisions (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            payload TEXT NOT NULL,
            created_at TEXT NOT NULL
        )""",
    ],
    # 3: meeting reports and the events that group them
    [
        """CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            date TEXT,
            date_partial TEXT,
            date_precision TEXT,
            sort_key TEXT NOT NULL DEFAULT '',
            place TEXT,
            status TEXT,
            kind TEXT,
            mode TEXT,
            level TEXT,
            label TEXT NOT NULL DEFAULT '',
            n_reports INTEGER NOT NULL DEFAULT 0,
            n_outlets INTEGER NOT NULL DEFAULT 0
        )""",
        "CREATE INDEX events_newest ON events(sort_key DESC, id DESC)",
        """CREATE TABLE event_participants (
            event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            official_id INTEGER NOT NULL REFERENCES officials(id) ON DELETE CASCADE,
            sort_key TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (event_id, official_id)
        )""",
        "CREATE INDEX event_participants_official ON event_participants(official_id, sort_key, event_id)",
        """CREATE TABLE reports (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            event_id INTEGER REFERENCES events(id) ON DELETE SET NULL,
            date TEXT,
            date_partial TEXT,
            date_precision TEXT,
            date_text TEXT,
            place TEXT,
            status TEXT NOT NULL,
            kind TEXT,
            mode TEXT,
            level TEXT,
            trigger TEXT,
            sentences TEXT NOT NULL DEFAULT '[]',
            quotes TEXT NOT NULL DEFAULT '[]',
            named TEXT NOT NULL DEFAULT '[]',
            countries TEXT NOT NULL DEFAULT '[]'
        )""",
        "CREATE INDEX reports_article ON reports(article_id)",
        "CREATE INDEX reports_event ON reports(event_id)",
        """CREATE TABLE report_participants (
            report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
            official_id INTEGER NOT NULL REFERENCES officials(id) ON DELETE CASCADE,
            PRIMARY KEY (report_id, official_id)
        )""",
        "CREATE INDEX report_participants_official ON report_participants(official_id)",
    ],
    # 4: full-text search keyed in date order, so "newest matches first" streams from the index:
    # an article's search key is its date as YYYYMMDD (missing parts 0) in the high bits and
    # its id in the low 32, which orders exactly as (sort_key, id); see store.text.search_key.
    [
        "DROP TRIGGER articles_ai",
        "DROP TRIGGER articles_ad",
        "DROP TRIGGER articles_au",
        "DROP TABLE articles_fts",
        f"ALTER TABLE articles ADD COLUMN search_key INTEGER GENERATED ALWAYS AS ({SEARCH_KEY_SQL}) VIRTUAL",
        """CREATE VIRTUAL TABLE articles_fts USING fts5(
            headline, body, content='articles', content_rowid='search_key',
            tokenize='unicode61 remove_diacritics 2'
        )""",
        """CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts(rowid, headline, body) VALUES (new.search_key, new.headline, new.body);
        END""",
        """CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, headline, body)
            VALUES ('delete', old.search_key, old.headline, old.body);
        END""",
        """CREATE TRIGGER articles_au AFTER UPDATE OF headline, body, sort_key ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, headline, body)
            VALUES ('delete', old.search_key, old.headline, old.body);
            INSERT INTO articles_fts(rowid, headline, body) VALUES (new.search_key, new.headline, new.body);
        END""",
        "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')",
    ],
    # 5: an official's most recent events, whatever their date, straight from an index: the
    # candidates for a report with no date (resolution) without sorting all of an official's events
    [
        "CREATE INDEX event_participants_recent ON event_participants(official_id, event_id)",
    ],
    # 6: publisher and wire apart (a site's page carrying an agency's copy: outlet = the site,
    # wire = the agency; reprints of one wire are one independent source), and how the
    # publication date was found: 'text', 'url', 'metadata' or 'inferred'
    [
        "ALTER TABLE articles ADD COLUMN wire TEXT",
        "ALTER TABLE articles ADD COLUMN published_source TEXT",
    ],
    # 7: the stories a file holds that are stored under another file (the same story saved
    # twice): when that other file changes and drops the story, it moves here instead of
    # going with the changed file
    [
        """CREATE TABLE held_articles (
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            content_hash TEXT NOT NULL,
            part INTEGER NOT NULL,
            PRIMARY KEY (document_id, content_hash)
        ) WITHOUT ROWID""",
        "CREATE INDEX held_articles_hash ON held_articles(content_hash)",
    ],
    # 8: resolution from all the evidence: why a report is in its event, the country the
    # article gives a person (a vote when their mentions are clustered again) and the title (the
    # official's titles over time are rebuilt from them), documents by name
    [
        "ALTER TABLE reports ADD COLUMN why TEXT",
        "ALTER TABLE mentions ADD COLUMN person_country TEXT",
        "ALTER TABLE mentions ADD COLUMN person_title TEXT",  # '' for none; NULL in rows from before
        # event corrections name reports by file name, part and sentence
        "CREATE INDEX documents_name ON documents(name, id)",
    ],
    # 9: what resolution still has to cluster again (surname blocks, reports, events, officials
    # an ingest touched since its last clustering), kept across an interrupted run; and why each
    # name form of an official was joined to it
    [
        """CREATE TABLE pending_resolution (
            kind TEXT NOT NULL,
            item TEXT NOT NULL,
            PRIMARY KEY (kind, item)
        ) WITHOUT ROWID""",
        "ALTER TABLE aliases ADD COLUMN why TEXT",
    ],
    # 10: a base made by an earlier diplotui keeps the name keys and surname blocks that code
    # computed, and NULL for what migration 8 added: its next writer derives them again with the
    # current code and clusters every old mention again (extract.resolve.rederive), so a person
    # stored before is found again instead of made a second time
    [
        "INSERT OR IGNORE INTO pending_resolution(kind, item) VALUES ('rederive', 'all')",
    ],
    # 11: how strongly an event's reports hold together ('strong', 'weak': a report joined on
    # its participants alone or fits several events, 'single': one report; NULL before)
    [
        "ALTER TABLE events ADD COLUMN strength TEXT",
    ],
    # 12: the ids of the extraction rules that made each report (extract/data/meeting_rules.jsonl,
    # the triggers), as a JSON list: what `dump` and the app show as the report's making
    [
        "ALTER TABLE reports ADD COLUMN rules TEXT NOT NULL DEFAULT '[]'",
    ],
    # 13: lists sorted by a count, paged by (value, id) on an index of the value (the rowid is
    # the index's last column, so ties page in id order either way); the counts by place and
    # by country read from an index each, and their filters page in order from it
    [
        "CREATE INDEX events_outlets ON events(n_outlets)",
        "CREATE INDEX events_place ON events(place, sort_key)",
        "CREATE INDEX officials_articles ON officials(n_articles)",
        "CREATE INDEX officials_events ON officials(n_events)",
        "CREATE INDEX officials_country ON officials(country, name COLLATE NOCASE)",
    ],
    # 14: the sound keys an official's names are also found under (extract.cluster.sound_keys:
    # a surname folded for transliteration, and each with one of its first letters left out), so
    # "Halow" meets "Harlow" and "Cai" meets "Tsai" though their surname blocks differ; and how
    # strongly an official's names hold together ('strong', 'weak': a name joined on little
    # evidence, 'single': one article; NULL before)
    [
        """CREATE TABLE official_keys (
            key TEXT NOT NULL,
            official_id INTEGER NOT NULL REFERENCES officials(id) ON DELETE CASCADE,
            PRIMARY KEY (key, official_id)
        ) WITHOUT ROWID""",
        "CREATE INDEX official_keys_official ON official_keys(official_id)",
        "ALTER TABLE officials ADD COLUMN strength TEXT",
    ],
]


def tables_created(version: int) -> set[str]:
    """The tables the first ``version`` migrations create (dropped ones aside)."""
    names: set[str] = set()
    for statements in MIGRATIONS[:version]:
        for sql in statements:
            if m := re.match(r"\s*CREATE (?:VIRTUAL )?TABLE (?:IF NOT EXISTS )?(\w+)", sql, re.I):
                names.add(m.group(1))
            elif m := re.match(r"\s*DROP TABLE (?:IF EXISTS )?(\w+)", sql, re.I):
                names.discard(m.group(1))
    return names


def schema_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def migrate(conn: sqlite3.Connection) -> int:
    """Apply every pending migration, each in its own transaction; return the new version."""
    version = schema_version(conn)
    if version > len(MIGRATIONS):
        raise RuntimeError(
            f"database schema version {version} is newer than this diplotui ({len(MIGRATIONS)})"
        )
    for number, statements in enumerate(MIGRATIONS[version:], start=version + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            for sql in statements:
                conn.execute(sql)
            if version == 0 and number == len(MIGRATIONS):
                # A base made from nothing holds nothing an earlier diplotui derived: migration
                # 10's request to derive everything again goes. Left, it made the next ingest
                # cluster every mention again of a base written without resolution (the 1M
                # benchmark base of benchmarks/make_scale_db.py).
                conn.execute("DELETE FROM pending_resolution WHERE kind = 'rederive'")
            conn.execute(f"PRAGMA user_version = {number}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    return schema_version(conn)
