"""Opening the database: one writer, many read-only readers, WAL, migrations."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import sqlite_utils

from .schema import MIGRATIONS, migrate, schema_version

BUSY_TIMEOUT_MS = 30_000


class StoreError(Exception):
    """A database that cannot be opened or used; the message is meant for the user."""


def _connect(path: Path, readonly: bool) -> sqlite3.Connection:
    if readonly:
        if not path.exists():
            raise StoreError(f"database not found: {path}")
        uri = f"file:{path.resolve().as_posix()}?mode=ro"
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000)
    else:
        if path.exists() and path.is_dir():
            raise StoreError(f"database path is a directory: {path}")
        if not path.parent.exists():
            raise StoreError(f"directory does not exist: {path.parent}")
        conn = sqlite3.connect(str(path), check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def open_db(path: str | Path, readonly: bool = False) -> sqlite_utils.Database:
    """Open (and for writers, create and migrate) the database at ``path``.

    Raises StoreError with a one-line reason for anything a user can get wrong:
    a missing file, a directory, a file that is not SQLite, a newer schema.
    """
    path = Path(path).expanduser()
    try:
        conn = _connect(path, readonly)
        if readonly:
            version = schema_version(conn)
            if version != len(MIGRATIONS):
                raise StoreError(
                    f"{path}: schema version {version}, expected {len(MIGRATIONS)}; "
                    "run `diplotui ingest` once to upgrade it"
                )
        else:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            migrate(conn)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: not a usable diplotui database ({exc})") from None
    except OSError as exc:
        raise StoreError(f"{path}: {exc.strerror or exc}") from None
    except RuntimeError as exc:
        raise StoreError(f"{path}: {exc}") from None
    return sqlite_utils.Database(conn, execute_plugins=False)


@contextlib.contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """One all-or-nothing write transaction, taking the write lock up front.

    ``BEGIN IMMEDIATE`` waits (busy timeout) for another writer instead of failing
    half-way; sqlite-utils calls inside nest as savepoints.
    """
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    db.conn.execute("COMMIT")
