"""One person whose spellings fall in two surname blocks (their first three letters differ) is
one official, whichever spelling the base met first; each official says how strongly its names
hold together (dump, `diplotui officials list`)."""

from __future__ import annotations

import sqlite3

from click.testing import CliRunner
from kb_builder import ingest

from diplotui.extract import resolve
from diplotui.store.db import open_db
from diplotui.store.dump import dump
from diplotui.store.write import Writer
from diplotui.tui.cli import cli

FIRST = """Valdora and Ostrovia agree to widen grain trade

March 3, 2031

KESTREL -- Valdora's Foreign Minister Piet Harlow held talks with Ostrovia's Foreign Minister Lena Marsk in \
Kestrel on Monday, the two ministries said.

Harlow said the two neighbours would open a second border crossing for grain lorries before the summer.
"""

SECOND = """Ministers from Ostrovia and Valdora meet in Kestrel

March 3, 2031

Ostrovian Foreign Minister Lena Marsk met Valdoran Foreign Minister Piet Halow in Kestrel on Monday for \
talks on trade and transit.

Marsk told reporters that both sides wanted the new crossing open by June.
"""


def _names(db_path) -> list[tuple[str, list[str], str | None]]:
    data = dump(open_db(db_path, readonly=True))
    return sorted((o["name"], sorted(o["aliases"]), o["strength"]) for o in data["officials"])


def _two_ingests(tmp_path, first: str, second: str, forget_keys: bool = False):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "one.txt").write_text(first)
    (tmp_path / "b" / "two.txt").write_text(second)
    db = tmp_path / "kb.db"
    ingest(db, tmp_path / "a")
    if forget_keys:  # a base made before schema 14 has no sound keys: the next writer files them
        with sqlite3.connect(db) as conn:
            conn.execute("DELETE FROM official_keys")
    ingest(db, tmp_path / "b")
    return db


def test_a_garbled_spelling_in_another_block_is_the_same_official(tmp_path):
    db = _two_ingests(tmp_path, FIRST, SECOND)
    names = _names(db)
    harlow = [n for n in names if "Harlow" in n[0] or "Halow" in n[0]]
    assert len(harlow) == 1 and "Piet Halow" in [harlow[0][0], *harlow[0][1]], names
    assert harlow[0][2] in ("strong", "weak")  # two articles: not 'single'
    listed = CliRunner().invoke(cli, ["officials", "list", "--db", str(db)]).output
    assert "Piet Harlow" in listed and "Piet Halow" not in listed and f"| {harlow[0][2]}" in listed


def test_the_other_order_and_a_base_without_sound_keys(tmp_path):
    db = _two_ingests(tmp_path, SECOND, FIRST, forget_keys=True)
    harlow = [n for n in _names(db) if "Harlow" in n[0] or "Halow" in n[0]]
    assert len(harlow) == 1


def test_a_person_of_one_article_is_single(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text(FIRST)
    ingest(tmp_path / "kb.db", tmp_path / "a")
    assert {n[2] for n in _names(tmp_path / "kb.db")} == {"single"}


THIRD = """Valdora names envoy for river talks

April 9, 2031

Piet Harlow, Valdora's foreign minister, on Thursday named a special envoy for the river \
talks with Ostrovia and said the first round would open in May.
"""


def _officials(db_path) -> list[tuple]:
    data = dump(open_db(db_path, readonly=True))
    return sorted((o["id"], o["name"], sorted(o["aliases"]), o["titles"], o["strength"]) for o in data["officials"])


def test_a_large_block_a_sound_key_leads_to_is_not_clustered_again(tmp_path, monkeypatch):
    """Piet Harlow's block is larger than a sound-key link may pull in whole (the bound set to
    one mention here): the new spelling "Piet Halow" joins him, and none of his block's
    mentions but his latest few is read; the result is the one clustering his block whole gives."""
    for d, texts in (("whole", (FIRST, THIRD)), ("new", (SECOND,))):
        for n, text in enumerate(texts):
            (tmp_path / d).mkdir(exist_ok=True)
            (tmp_path / d / f"{n}.txt").write_text(text)
    unbounded = tmp_path / "unbounded.db"
    ingest(unbounded, tmp_path / "whole")
    ingest(unbounded, tmp_path / "new")

    db = tmp_path / "kb.db"
    ingest(db, tmp_path / "whole")
    harlow = next(o for o in _officials(db) if o[1] == "Piet Harlow")
    read: list[str] = []
    sampled: list[int] = []
    block_mentions, latest_mentions = Writer.block_mentions, Writer.latest_mentions
    monkeypatch.setattr(resolve, "LINKED_BLOCK_MAX", 1)
    monkeypatch.setattr(Writer, "block_mentions", lambda w, blocks: read.extend(blocks) or block_mentions(w, blocks))
    monkeypatch.setattr(Writer, "latest_mentions",
                        lambda w, oids, n: sampled.extend(oids) or latest_mentions(w, oids, n))
    ingest(db, tmp_path / "new")

    officials = _officials(db)
    joined = [o for o in officials if "Harlow" in o[1] or "Halow" in o[1]]
    assert len(joined) == 1 and joined[0][0] == harlow[0], officials
    assert "Piet Halow" in joined[0][2] and joined[0][4] in ("strong", "weak"), joined
    assert officials == _officials(unbounded)
    whys = "SELECT official_id, alias, n, why FROM aliases ORDER BY 1, 2"
    with sqlite3.connect(db) as a, sqlite3.connect(unbounded) as b:
        assert a.execute(whys).fetchall() == b.execute(whys).fetchall()
    assert "hal" in read and "har" not in read, read
    assert sampled == [int(harlow[0])]
