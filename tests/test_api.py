"""The Python API (store.api.Base): the README's example runs as written, and the reads are
the ones the app and the exports show."""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from diplotui.store.api import Base
from diplotui.store.db import StoreError
from diplotui.store.lookup import LookupFailed

README = Path(__file__).resolve().parent.parent / "README.md"


def readme_example() -> str:
    """The ```python block of the README's "Python API" section."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## Python API", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, re.S)
    assert len(blocks) == 1, "the Python API section holds one python example"
    return blocks[0]


@pytest.fixture
def seeds(seeds_master, tmp_path):
    """The fixed seed base where the README's example looks: diplotui.db in the current folder."""
    return Path(shutil.copy(seeds_master, tmp_path / "diplotui.db"))


def test_the_readme_example_runs(seeds, monkeypatch):
    code = readme_example()
    assert len([line for line in code.splitlines() if line.strip()]) <= 5
    monkeypatch.chdir(seeds.parent)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {})
    lines = out.getvalue().splitlines()
    with Base.open(seeds) as base:
        top = base.officials_by_mentions()[0]
        assert top.n_events > 0 and len(lines) == top.n_events
        assert [m.id for m in base.all_meetings(top.id)] == [m.id for m in base.meetings(top.id).items]


def test_read_only_unless_asked(seeds, tmp_path):
    with Base.open(seeds) as base, pytest.raises(sqlite3.OperationalError, match="readonly"), base.write() as w:
        w.add_official("Ana Example", "ana example", "example")
    with pytest.raises(StoreError):
        Base.open(tmp_path / "missing.db")
    with Base.open(tmp_path / "new.db", write=True) as base:
        with base.write() as w:
            w.add_official("Ana Example", "ana example", "example")
        assert [o.name for o in base.officials_by_mentions()] == ["Ana Example"]


def test_the_reads_agree_with_each_other(seeds):
    with Base.open(seeds) as base:
        top = base.officials_by_mentions()[0]
        assert base.official_named(str(top.id)).id == top.id
        assert base.official(top.id).official == top
        meeting = next(base.all_meetings(top.id))
        comparison = base.comparison(meeting.id)
        assert comparison.event.id == meeting.id and base.has_event(meeting.id)
        assert [r.id for r in base.event_reasons(meeting.id)] == sorted(r.id for r in comparison.reports)
        first = base.articles(limit=1).items[0]
        assert base.article(first.id).id == first.id
        assert set(base.article_files([first.id])) == {first.id}
        assert len(list(base.all_articles(limit=3))) == 3
        assert base.dump()["articles"]
        with pytest.raises(LookupFailed):
            base.official_named("Qqqqq Zzzzzz")
