"""Event corrections from the app: merge two events, split a report out of one.

The app reads its database read-only; a correction is the one write it makes. It runs
as ``diplotui events merge/split`` does (``tui/cli.py``): the correction functions of
``extract/corrections.py`` with a ``Writer`` in one write transaction, recorded so that
every later ingest replays it. It also holds the ingest lock, so that it never lands
between two batches of an ingest in another shell; when an ingest holds the lock the
correction is refused at once (the app does not wait) and nothing is written.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path


class CorrectionFailed(Exception):
    """A correction that was not made, with a one-line reason for the user; nothing was written."""


def correct_event(db_path: Path, kind: str, *args) -> int:
    """``merge`` (events a, b, …) or ``split`` (event, [report ids]); returns the event id the
    correction leaves (the merged event, or the new event of the split reports).

    The only place the app imports the correction code (which never imports spaCy).
    Raises CorrectionFailed; called from a worker thread.
    """
    from diplotui.extract.corrections import CorrectionError, merge_events, split_event
    from diplotui.store.db import StoreError, close_db, ingest_lock, open_db, write_transaction
    from diplotui.store.write import Writer

    def busy(_message: str) -> None:
        raise CorrectionFailed("an ingest is writing to the database; try again when it has finished")

    action = {"merge": merge_events, "split": split_event}[kind]
    try:
        database = open_db(db_path)
    except StoreError as exc:
        raise CorrectionFailed(str(exc)) from None
    try:
        with ingest_lock(database, busy), write_transaction(database):
            return action(Writer(database), *args)
    except CorrectionError as exc:
        raise CorrectionFailed(str(exc)) from None
    except (OSError, sqlite3.Error) as exc:  # locked by another writer, a read-only file, a full disk
        raise CorrectionFailed(f"could not write to the database: {exc}") from None
    finally:
        close_db(database)  # the WAL checkpointed: the database file alone holds the correction
