"""Opening the database: one writer, many read-only readers, WAL, migrations."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import sqlite_utils

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None

from .schema import MIGRATIONS, migrate, schema_version, tables_created

BUSY_TIMEOUT_MS = 30_000


class StoreError(Exception):
    """A database that cannot be opened or used; the message is meant for the user."""


def _ro_uri(path: Path, immutable: bool) -> str:
    """A read-only ``file:`` URI; the path is percent-encoded, so ``#``, ``?`` and ``%`` in a
    file name stay part of the name instead of starting a fragment or query (which would
    open, and create, another file)."""
    name = quote(path.resolve().as_posix(), safe="/")
    return f"file:{name}?mode=ro" + ("&immutable=1" if immutable else "")


_NOT_REGULAR = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"),
                (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))


def _not_a_file(path: Path) -> str | None:
    """What ``path`` is when it exists and is no regular file (SQLite would block on a FIFO)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return None
    return next((what for test, what in _NOT_REGULAR if test(mode)), None)


def _connect(path: Path, readonly: bool) -> sqlite3.Connection:
    if path.exists() and path.is_dir():
        raise StoreError(f"{path}: is a directory, not a database file")
    if (what := _not_a_file(path)) is not None:
        raise StoreError(f"{path}: is {what}, not a database file")
    for suffix in ("-wal", "-shm", "-journal"):  # SQLite opens these beside it (and fails on a FIFO)
        if (what := _not_a_file(Path(f"{path}{suffix}"))) is not None:
            raise StoreError(f"{path}{suffix}: is {what}, not SQLite's journal of {path.name}; remove it")
    if readonly:
        if not path.exists():
            raise StoreError(f"database not found: {path}")
        if not os.access(path, os.R_OK):
            raise StoreError(f"{path}: permission denied")
        conn = sqlite3.connect(_ro_uri(path, False), uri=True, check_same_thread=False,
                               timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            conn.execute("PRAGMA user_version").fetchone()
        except sqlite3.OperationalError:
            # a WAL database in a place we cannot write (a read-only archive) cannot make its
            # shared-memory file; read it as an immutable file instead
            conn.close()
            conn = sqlite3.connect(_ro_uri(path, True), uri=True, check_same_thread=False)
    else:
        if not path.parent.exists():
            raise StoreError(f"directory does not exist: {path.parent}")
        if path.exists() and not os.access(path, os.R_OK | os.W_OK):
            raise StoreError(f"{path}: the database file is read-only (or not readable); diplotui needs to write it")
        if not os.access(path.parent, os.W_OK | os.X_OK):
            what = "create the database" if not path.exists() else "write its journal (-wal) beside the database"
            raise StoreError(f"{path.parent}: directory is not writable; diplotui needs to {what} there")
        conn = sqlite3.connect(str(path), check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def _check_schema(conn: sqlite3.Connection, path: Path, readonly: bool) -> None:
    """Refuse, before changing anything, a database that is not (or not yet) ours."""
    version = schema_version(conn)  # raises DatabaseError for a file that is not SQLite
    if version > len(MIGRATIONS):
        raise StoreError(
            f"{path}: database schema version {version} is newer than this diplotui's "
            f"({len(MIGRATIONS)}); upgrade diplotui to open it"
        )
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if version == 0:
        foreign = any(not t.startswith("sqlite_") for t in tables)
    else:
        foreign = not tables_created(version) <= tables
    if foreign:
        raise StoreError(f"{path}: a SQLite database of another program (its tables are not diplotui's); "
                         "left untouched")
    if readonly and version < len(MIGRATIONS):
        raise StoreError(
            f"{path}: schema version {version}, expected {len(MIGRATIONS)}; "
            "run `diplotui ingest` once to create or upgrade it"
        )


def recover_hint(path: Path) -> str:
    """How to get back what a damaged database holds (SQLite's own recovery)."""
    return f'recover what it holds with: sqlite3 "{path}" ".recover" | sqlite3 recovered.db'


def damaged(path: Path, reason: str) -> str:
    """The one line for a database with a corrupted page."""
    return f"{path}: the database is damaged ({reason}); {recover_hint(path)}"


# quick_check reads every page: about 3 s for 250 MB here, minutes for a base of a million
# articles, which would make every correction and every small ingest there that slow. Above
# this size a writer skips it; a damaged page it then touches still fails its transaction,
# which rolls back, and the command ends with the one-line "damaged" reason.
INTACT_CHECK_BYTES = 512 * 1024 * 1024


def _check_intact(conn: sqlite3.Connection, path: Path) -> None:
    """A writer first checks the file's structure (``quick_check``: every page, no index
    comparison), so an ingest never adds to a damaged file; skipped for a base over
    ``INTACT_CHECK_BYTES``."""
    try:
        if path.stat().st_size > INTACT_CHECK_BYTES:
            return
    except OSError:
        return
    rows = conn.execute("PRAGMA quick_check(1)").fetchall()
    if rows and rows[0][0] != "ok":
        found = " ".join(str(rows[0][0]).replace("*** in database main ***", "").split())[:120]
        raise StoreError(damaged(path, "quick_check: " + found) + "; nothing was written")


def upgrade_needed(path: str | Path) -> bool:
    """True for a diplotui database with an older schema than this version's (False on any doubt)."""
    if not Path(path).expanduser().is_file():  # a FIFO would block; open_db says what it is
        return False
    try:
        conn = sqlite3.connect(_ro_uri(Path(path).expanduser(), False), uri=True)
        try:
            return 0 < schema_version(conn) < len(MIGRATIONS)
        finally:
            conn.close()
    except sqlite3.Error:
        return False


def open_db(path: str | Path, readonly: bool = False) -> sqlite_utils.Database:
    """Open (and for writers, create and migrate) the database at ``path``.

    Raises StoreError with a one-line reason for anything a user can get wrong — a
    missing file, a directory, a file that is not SQLite, another program's database,
    a newer schema, a read-only file or directory — and in every such case leaves the
    file as it was: nothing is written before the schema has been checked.
    """
    path = Path(path).expanduser()
    conn = None
    try:
        conn = _connect(path, readonly)
        _check_schema(conn, path, readonly)
        if not readonly:
            _check_intact(conn, path)
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA journal_size_limit = 67108864")  # the WAL is cut back to 64 MB after a checkpoint
            migrate(conn)
    except StoreError:
        if conn is not None:
            conn.close()
        raise
    except sqlite3.DatabaseError as exc:
        if conn is not None:
            conn.close()
        if "readonly" in str(exc):
            raise StoreError(f"{path}: the database is read-only; diplotui needs to write it") from None
        if "malformed" in str(exc):
            raise StoreError(damaged(path, str(exc))) from None
        raise StoreError(f"{path}: not a usable diplotui database ({exc})") from None
    except OSError as exc:
        raise StoreError(f"{path}: {exc.strerror or exc}") from None
    except RuntimeError as exc:
        raise StoreError(f"{path}: {exc}") from None
    return sqlite_utils.Database(conn, execute_plugins=False)


def close_db(db: sqlite_utils.Database | sqlite3.Connection) -> None:
    """Close a database, first moving what its WAL holds into the database file and cutting the
    WAL to nothing (``wal_checkpoint(TRUNCATE)``) when no reader is in the way: the database file
    alone is then the whole base, so ``cp base.db backup.db`` copies everything written."""
    conn = db.conn if isinstance(db, sqlite_utils.Database) else db
    try:
        if not conn.in_transaction and conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.Error:
        pass  # read-only, busy or damaged: closing is all that is left to do
    conn.close()


@contextlib.contextmanager
def ingest_lock(db: sqlite_utils.Database, on_wait: Callable[[str], None]) -> Iterator[None]:
    """Hold the database for one ingest at a time; a second ingest waits, saying so.

    Two ingests interleaving their batches would each resolve officials against a
    picture of the store the other is changing. The lock is an advisory ``flock`` on
    the database file itself (SQLite locks with ``fcntl``, which is independent), so
    it needs no extra file and is released when the process ends, however it ends.
    """
    path = db.execute("PRAGMA database_list").fetchone()[2]
    if not path or fcntl is None:  # in-memory database, or no flock on this platform
        yield
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            on_wait(f"another ingest is writing to {path}; waiting for it to finish (Ctrl+C to give up)")
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


@contextlib.contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """One all-or-nothing write transaction, taking the write lock up front.

    ``BEGIN IMMEDIATE`` waits (busy timeout) for another writer instead of failing
    half-way; sqlite-utils calls inside nest as savepoints.
    """
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
        db.conn.execute("COMMIT")  # may fail too (disk full): then the transaction is rolled back whole
    except BaseException:
        if db.conn.in_transaction:
            try:
                db.conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass  # SQLite rolled back by itself (it does for a full disk or an I/O error)
        raise
