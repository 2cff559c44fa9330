"""Event corrections from the app: merge two events, split a report out of one, undo the last.

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


VIA = "app"  # recorded with the app's corrections: its undo (z) takes back only those


def correct_event(db_path: Path, kind: str, *args) -> int:
    """``merge`` (events a, b, …) or ``split`` (event, [report ids]); returns the event id the
    correction leaves (the merged event, or the new event of the split reports).

    The only place the app imports the correction code (which never imports spaCy).
    Raises CorrectionFailed; called from a worker thread.
    """
    from diplotui.extract.corrections import merge_events, split_event

    action = {"merge": merge_events, "split": split_event}[kind]
    return _write(db_path, lambda w: action(w, *args, via=VIA))


def undo_correction(db_path: Path) -> tuple[str, list[int]]:
    """Take back the app's latest correction still in effect (recorded as a decision, which every
    later grouping of events reads); returns what was undone, in words that name the events its
    reports are in now, and those events. Raises CorrectionFailed (nothing to undo, an ingest …)."""
    from diplotui.extract.corrections import undo_event_decision
    from diplotui.store.corrections import event_words

    def undo(w) -> tuple[str, list[int]]:
        decision, events = undo_event_decision(w, via=VIA)
        p = decision.payload
        if decision.kind == "event_merge":
            what = f"the merge of {len(p['a']) + len(p['b'])} reports"
        else:
            what = f"the split of {len(p['moved'])} report{'s' if len(p['moved']) != 1 else ''} out of an event"
        where = " and ".join(event_words(w, e) for e in events[:3]) + (" …" if len(events) > 3 else "")
        return f"Undid {what}" + (f": they are in {where} again" if events else ""), events

    return _write(db_path, undo)


def _write(db_path: Path, action):
    """``action(writer)`` in one write transaction under the ingest lock; its result."""
    from diplotui.extract.corrections import CorrectionError
    from diplotui.store.db import StoreError, close_db, ingest_lock, open_db, write_transaction
    from diplotui.store.write import Writer

    def busy(_message: str) -> None:
        raise CorrectionFailed("an ingest is writing to the database; try again when it has finished")

    try:
        database = open_db(db_path)
    except StoreError as exc:
        raise CorrectionFailed(str(exc)) from None
    try:
        with ingest_lock(database, busy), write_transaction(database):
            return action(Writer(database))
    except CorrectionError as exc:
        raise CorrectionFailed(str(exc)) from None
    except (OSError, sqlite3.Error) as exc:  # locked by another writer, a read-only file, a full disk
        raise CorrectionFailed(f"could not write to the database: {exc}") from None
    finally:
        close_db(database)  # the WAL checkpointed: the database file alone holds the correction
