"""Robustness, round 3 (issue 36): bombs, old databases, full disks, corrections that must
survive, and a dashboard on every interface. Each test is named after its defect's number in
the issue and in docs/robustness.md; each case is made for real (servers on 127.0.0.1 only,
FIFOs, old schemas, a full file system when one can be mounted) and fails on the code before
the fix.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from web_support import Route, Site

from diplotui.tui.cli import cli

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def invoke(*args: str | Path, input: str | bytes | None = None, env: dict | None = None):
    return CliRunner().invoke(cli, [str(a) for a in args], input=input, env=env)


def run(*args: str | Path, timeout: float = 300, env: dict | None = None) -> subprocess.CompletedProcess:
    """The command as a user runs it (a real process: real stdout, stderr and exit status)."""
    return subprocess.run([sys.executable, "-m", "diplotui.tui.cli", *map(str, args)], capture_output=True,
                          text=True, timeout=timeout, env={**os.environ, **(env or {})})


def one_error(output: str) -> str:
    """The output holds exactly one ``Error:`` line and no traceback; return that line."""
    assert "Traceback" not in output, output
    lines = [line for line in output.splitlines() if line.startswith("Error")]
    assert len(lines) == 1, output
    return lines[0]


def intact(db: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    n = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert conn.execute("SELECT count(*) FROM articles_fts").fetchone()[0] == n
    return conn


# --------------------------------------------------------------------------- 1: a decompression bomb


def _gzip_of_spaces(n: int) -> bytes:
    """gzip of ``n`` spaces, made a megabyte at a time (never ``n`` bytes in memory)."""
    comp = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    block = b" " * 1_000_000
    out = [comp.compress(block) for _ in range(n // len(block))]
    return b"".join(out) + comp.flush()


_CHILD = textwrap.dedent("""
    import resource, sys
    resource.setrlimit(resource.RLIMIT_AS, (200 << 20, 200 << 20))
    from diplotui.extract.fetch import Fetcher, FetchError
    fetcher = Fetcher(retries=0, per_host_interval=0, deadline=60)
    for url in sys.argv[1:]:
        try:
            got = fetcher.get(url)
            print(url, "OK", len(got.content))
        except FetchError as exc:
            print(url, "REFUSED", exc)
    # this process's own peak (VmHWM: ru_maxrss would keep the forking test runner's, which
    # survives exec and is far larger once the model was loaded in it)
    with open("/proc/self/status") as status:
        print("peak", next(line.split()[1] for line in status if line.startswith("VmHWM:")))
""")


def test_01_gzip_bomb_is_refused_within_a_memory_limit():
    inner = _gzip_of_spaces(400_000_000)  # 400 MB of spaces: 0.4 MB compressed once...
    twice = gzip.compress(inner, 9)  # ...a few kB compressed twice
    deflated = zlib.compress(inner, 9)
    page = b"<html><body><p>" + b"Ministers met in Valdora. " * 50 + b"</p></body></html>"
    encoded = {
        "/twice": ("gzip, gzip", twice),
        "/once": ("gzip", inner),
        "/mixed": ("gzip, deflate", deflated),
        "/ok": ("gzip", gzip.compress(page)),
        "/okdeflate": ("deflate", zlib.compress(page)),
        "/rawdeflate": ("deflate", zlib.compress(page, 9)[2:-4]),
        "/br": ("br", b"\x0b\x02\x80hello\x03"),
    }
    assert len(twice) < 10_000
    with Site() as site:
        base = site.url("")
        for path, (encoding, body) in encoded.items():
            site.routes[path] = Route(body, content_type="text/html", headers={"Content-Encoding": encoding})
        names = ["twice", "once", "mixed", "ok", "okdeflate", "rawdeflate", "br"]
        proc = subprocess.run([sys.executable, "-c", _CHILD, *(f"{base}/{n}" for n in names)],
                              capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr[-2000:]
    out = dict(line.split(" ", 1) for line in proc.stdout.splitlines())
    got = {name: out[f"{base}/{name}"] for name in names}
    assert got["twice"].startswith("REFUSED refused: the body is compressed 2 times"), got
    assert got["mixed"].startswith("REFUSED refused: the body is compressed 2 times"), got
    assert got["once"].startswith("REFUSED too large (over 20 MB"), got
    assert got["br"].startswith("REFUSED refused: unsupported Content-Encoding 'br'"), got
    for name in ("ok", "okdeflate", "rawdeflate"):
        assert got[name] == f"OK {len(page)}", got
    assert int(out["peak"]) < 200_000  # kB


# --------------------------------------------------------------------------- 2: a base from an older schema


def _officials(db: Path) -> list[str]:
    return sorted(r[0] for r in sqlite3.connect(db).execute("SELECT name FROM officials"))


def test_02_an_upgraded_base_finds_its_old_officials_again(tmp_path):
    from kb_builder import generated_corpus

    corpus = generated_corpus(tmp_path / "corpus", articles=24, words=250, seed=11)
    files = sorted(corpus.iterdir())
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    for i, f in enumerate(files):
        shutil.copy(f, (first if i < len(files) // 2 else second) / f.name)
    fresh = tmp_path / "fresh.db"
    assert invoke("ingest", first, second, "--db", fresh, "-j", "1").exit_code == 0
    old = tmp_path / "old.db"
    assert invoke("ingest", first, "--db", old, "-j", "1").exit_code == 0
    # what an earlier diplotui left: schema 9 (no column of a later migration), name keys and
    # surname blocks of its own making, and no person_country / person_title (migration 8 added
    # them as NULL)
    conn = sqlite3.connect(old)
    conn.executescript("""
        UPDATE officials SET name_key = 'old ' || name_key, surname_key = 'old' || surname_key;
        UPDATE aliases SET alias_key = 'old ' || alias_key;
        UPDATE mentions SET person_country = NULL, person_title = NULL;
        DELETE FROM pending_resolution;
        ALTER TABLE events DROP COLUMN strength;
        ALTER TABLE reports DROP COLUMN rules;
        DROP TABLE official_keys;
        ALTER TABLE officials DROP COLUMN strength;
        DROP INDEX events_outlets;
        DROP INDEX events_place;
        DROP INDEX officials_articles;
        DROP INDEX officials_events;
        DROP INDEX officials_country;
        PRAGMA user_version = 9;
    """)
    conn.close()
    assert len(_officials(old)) > 3
    before = tmp_path / "before.db"
    shutil.copy(old, before)
    # a correction first: it finds the officials by the keys the current code computes
    names = _officials(old)
    result = invoke("officials", "rename", names[0], "Lena Marsk", "--db", before)
    assert result.exit_code == 0 and "renamed" in result.output, result.output
    assert "Lena Marsk" in _officials(before) and names[0] not in _officials(before)
    result = invoke("ingest", second, "--db", old, "-j", "1")
    assert result.exit_code == 0, result.output
    assert _officials(old) == _officials(fresh)
    conn = intact(old)
    assert conn.execute("SELECT count(*) FROM mentions WHERE person_title IS NULL").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM officials WHERE surname_key LIKE 'old%'").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM pending_resolution").fetchone()[0] == 0


# --------------------------------------------------------------------------- 3: export --force on a full disk


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> Path:
    """A database with the seed articles (read-only for the tests: copy it to change it)."""
    db = tmp_path_factory.mktemp("seeded") / "kb.db"
    result = invoke("ingest", SEEDS, "--db", db, "-j", "1")
    assert result.exit_code == 0, result.output
    sqlite3.connect(db).execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return db


@pytest.fixture
def kb(seeded, tmp_path) -> Path:
    db = tmp_path / "kb.db"
    shutil.copy(seeded, db)
    return db


def _can_mount_tmpfs() -> bool:
    if os.geteuid() != 0 or not shutil.which("unshare"):
        return False
    probe = subprocess.run(["unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt"],
                           capture_output=True, timeout=30)
    return probe.returncode == 0


@pytest.mark.skipif(not _can_mount_tmpfs(), reason="needs root and unshare to mount a small file system")
@pytest.mark.parametrize("how", ["hard link", "another user's file"])
def test_03_export_force_on_a_full_disk_keeps_the_file_it_would_replace(kb, tmp_path, how):
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    original = b"# my notes\n\nkept\n"  # one page of the file system; the export needs two
    aid = sqlite3.connect(kb).execute("SELECT id FROM articles ORDER BY length(body) DESC").fetchone()[0]
    assert len(invoke("export", "article", aid, "--db", kb).output.encode()) > 4096
    (tmp_path / "original.md").write_bytes(original)
    # both are rewritten in place (a new file would be another file, or another user's)
    link = f'ln "{mnt}/notes.md" "{mnt}/other.md"' if how == "hard link" else f'chown 65534 "{mnt}/notes.md"'
    script = (
        f'mount -t tmpfs -o size=256k tmpfs "{mnt}" && cp "{tmp_path}/original.md" "{mnt}/notes.md" && {link} && '
        f'(dd if=/dev/zero of="{mnt}/.fill" bs=4096 2>/dev/null; true) && '
        f'{sys.executable} -m diplotui.tui.cli export article {aid} --db "{kb}" -o "{mnt}/notes.md" --force; '
        f'echo "status=$?" >&2; cp "{mnt}/notes.md" "{tmp_path}/after.md"; ls -l "{mnt}" >&2'
    )
    cmd = ["unshare", "-m", "sh", "-c", script]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    err = proc.stderr
    assert "status=2" in err and "Traceback" not in err, err
    assert "No space left on device" in one_error(err), err
    assert (tmp_path / "after.md").read_bytes() == original


# --------------------------------------------------------------------------- 4, 5: JSON Lines


def _record(text: str, title: str, **more) -> str:
    return json.dumps({"title": title, "text": text, **more}, ensure_ascii=False)


NEWS = ("The foreign ministers of Valdora and Nortessa met in Kell on Tuesday and agreed to hold regular "
        "consultations on trade, fisheries and regional security, officials of both sides said afterwards.\n\n"
        "Minister Lena Marsk said to the press the discussion had been frank and useful, and that a joint "
        "commission would meet again before December to review the agreements.")


def _stories(db: Path) -> dict[str, str]:
    return dict(sqlite3.connect(db).execute("SELECT headline, body FROM articles"))


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\u0085", "\x0b", "\x0c", "\x1c", "\r"])
def test_04_json_lines_with_unicode_line_separators_inside_strings(tmp_path, separator):
    folder = tmp_path / "in"
    folder.mkdir()
    lines = [_record(NEWS.replace("\n\n", f"\n{separator}"), f"Talks in Kell{separator}continue"),
             _record(NEWS.replace("Kell", "Ostra"), "Talks in Ostra")]
    (folder / "export.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = tmp_path / "kb.db"
    result = invoke("ingest", folder, "--db", db, "-j", "1")
    assert result.exit_code == 0, result.output
    stories = _stories(db)
    assert len(stories) == 2, (result.output, stories)
    headline = next(h for h in stories if "Kell" in h)
    assert "continue" in headline and "agreements" in stories[headline]


@pytest.mark.parametrize("ending", ["\r\n", "\r"])
def test_04_json_lines_with_crlf_or_cr_line_ends_are_read_with_their_line_numbers(tmp_path, ending):
    folder = tmp_path / "in"
    folder.mkdir()
    lines = [_record(NEWS, "Talks in Kell \u2028 on Tuesday"), "{broken",
             _record(NEWS.replace("Kell", "Ostra"), "Ostra")]
    (folder / "export.jsonl").write_bytes(ending.join(lines).encode() + ending.encode())
    db = tmp_path / "kb.db"
    result = invoke("ingest", folder, "--db", db, "-j", "1")
    assert result.exit_code == 1 and "export.jsonl: line 2: not valid JSON" in result.output, result.output
    assert len(_stories(db)) == 2


def test_05_a_bad_line_is_skipped_and_the_rest_kept(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    lines = [
        _record(NEWS, "Talks in Kell"),
        '{"title": "Lone \\ud800 half", "text": ' + json.dumps(NEWS.replace("Kell", "Brem")) + "}",
        '{"title": "A number", "id": ' + "9" * 5000 + ", \"text\": " + json.dumps(NEWS.replace("Kell", "Tarn")) + "}",
        '{"title": "Body surrogate", "text": "' + NEWS.replace("\n", " ").replace("Kell", "Uster") + ' \\udfff"}',
        _record(NEWS.replace("Kell", "Ostra"), "Talks in Ostra"),
    ]
    (folder / "export.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "story.txt").write_text("Ministers meet in Varn\n\n" + NEWS.replace("Kell", "Varn"), encoding="utf-8")
    db = tmp_path / "kb.db"
    result = invoke("ingest", folder, "--db", db, "-j", "1")
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), (result.output, result.exception)
    skipped = sorted(line for line in result.output.splitlines() if line.startswith("skipped"))
    assert [s.split(": ")[1] for s in skipped] == ["line 2", "line 3", "line 4"], result.output
    assert "surrogate" in skipped[0] and "digits" in skipped[1] and "surrogate" in skipped[2], skipped
    assert sorted(h for h in _stories(db)) == ["Ministers meet in Varn", "Talks in Kell", "Talks in Ostra"]
    intact(db)


# --------------------------------------------------------------------------- 13: huge ids


def test_13_huge_and_odd_event_ids_are_refused_in_one_line(kb):
    eid = sqlite3.connect(kb).execute("SELECT id FROM events LIMIT 1").fetchone()[0]
    for huge in ("99999999999999999999", str(2**63), "9" * 5000, "²", "١٢"):
        for args in (("events", "show", huge), ("events", "merge", huge, str(eid)), ("events", "merge", str(eid), huge),
                     ("events", "split", huge, "1"), ("events", "split", str(eid), huge)):
            result = invoke(*args, "--db", kb)
            assert result.exit_code == 2 and isinstance(result.exception, SystemExit), (args, result.output)
            assert "event id" in one_error(result.output) or "report id" in one_error(result.output)
        for args in (("officials", "list", huge), ("officials", "rename", huge, "X"), ("export", "official", huge)):
            result = invoke(*args, "--db", kb)  # looked up as a name (an official may be called "²")
            assert result.exit_code in (0, 2) and isinstance(result.exception, SystemExit | None), result.output
        for args in (("export", "event", huge), ("export", "article", huge)):
            result = invoke(*args, "--db", kb)
            assert result.exit_code == 2 and "are numbers" in one_error(result.output), (args, result.output)
    intact(kb)


# --------------------------------------------------------------------------- 14, 15: web pages


def _page(head: str = "", before: str = "", title: str = "Talks in Kell") -> bytes:
    body = "".join(f"<p>{p}</p>" for p in NEWS.split("\n\n"))
    return (f"<!doctype html><html><head>{head}<title>{title}</title></head><body>{before}<article>"
            f"<h1>{title}</h1>{body}</article></body></html>").encode()


@pytest.mark.parametrize("where", ["head", "body", "style", "comment", "template"])
def test_14_a_page_with_an_inline_script_over_10_mb_keeps_its_article(tmp_path, where):
    big = "var filler = 'abcdefghij';\n" * 450_000  # 12 MB, one text node
    block = {"style": f"<style>{big}</style>", "comment": f"<!-- {big} -->",
             "template": f"<template>{big}</template>"}.get(where, f"<script>{big}</script>")
    page = _page(head=block if where != "body" else "", before=block if where == "body" else "")
    assert 10_000_000 < len(page) < 20_000_000
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "page.html").write_bytes(page)
    db = tmp_path / "kb.db"
    result = invoke("ingest", tmp_path / "in", "--db", db, "-j", "1")
    assert result.exit_code == 0, result.output
    assert list(_stories(db)) == ["Talks in Kell"]
    assert "agreements" in _stories(db)["Talks in Kell"]


OSC8 = "\x1b]8;;Http://Evil\x1b\\Click\x1b]8;;\x1b\\"


@pytest.mark.parametrize("written", [OSC8, OSC8.replace("\x1b", "&#27;"), OSC8.replace("\x1b", "&#x1B;"),
                                     OSC8.replace("\x1b\\", "\x07"), "\x1b[1mClick\x1b[0m"])
def test_15_an_osc8_hyperlink_in_page_metadata_is_removed_whole(tmp_path, written):
    page = _page(head=f'<meta property="og:site_name" content="{written}">',
                 title=f"Talks in Kell {written}")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "page.html").write_bytes(page)
    db = tmp_path / "kb.db"
    result = invoke("ingest", tmp_path / "in", "--db", db, "-j", "1")
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(db)
    outlets = [r[0] for r in conn.execute("SELECT name FROM outlets")]
    headlines = [r[0] for r in conn.execute("SELECT headline FROM articles")]
    assert outlets == ["Click"] and headlines == ["Talks in Kell Click"], (outlets, headlines)


# --------------------------------------------------------------------------- 8, 12: a local Dask cluster


def _listening_everywhere(pids: set[int]) -> list[str]:
    """The TCP sockets of these processes that listen on every interface (0.0.0.0 or ::)."""
    inodes = set()
    for pid in pids:
        try:
            for fd in os.listdir(f"/proc/{pid}/fd"):
                target = os.readlink(f"/proc/{pid}/fd/{fd}")
                if target.startswith("socket:["):
                    inodes.add(target[8:-1])
        except OSError:
            continue
    out = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            parts = line.split()
            local, state, inode = parts[1], parts[3], parts[9]
            if state == "0A" and inode in inodes and set(local.split(":")[0]) == {"0"}:
                out.append(f"{table} {local}")
    return out


def test_08_a_local_cluster_and_its_dashboard_listen_on_loopback_only():
    pytest.importorskip("distributed")
    import psutil

    from diplotui.extract.distributed import connect

    notices: list[str] = []
    client, cluster = connect("local:1", notices.append)
    try:
        me = psutil.Process()
        pids = {me.pid, *(c.pid for c in me.children(recursive=True))}
        assert client.dashboard_link and "127.0.0.1" in client.dashboard_link
        assert _listening_everywhere(pids) == [], notices
    finally:
        client.close()
        cluster.close()


@pytest.mark.parametrize("address", ["local:0", "local:65", "local:99999999999999999999", "local:-1", "local:²"])
def test_12_dask_local_worker_counts_are_bounded_like_j(tmp_path, address):
    pytest.importorskip("distributed")
    proc = run("ingest", SEEDS, "--db", tmp_path / "kb.db", "--dask", address, timeout=120)  # local:0 ran forever
    assert proc.returncode == 2 and "from 1 to 64" in one_error(proc.stderr), proc.stderr


# --------------------------------------------------------------------------- 12: FIFOs, /dev/zero, deep keymaps


def test_12_a_fifo_or_device_as_the_database_is_refused_at_once(tmp_path):
    fifo = tmp_path / "kb.db"
    os.mkfifo(fifo)
    for target in (fifo, Path("/dev/zero"), Path("/dev/null")):
        for args in (("dump",), ("officials", "list"), ("events", "show", "1"), ("export", "article", "1"),
                     ("ingest", SEEDS / "000_62ed515fa276ed97.txt"), ()):
            proc = run(*args, "--db", target, timeout=30)  # blocked forever before
            assert proc.returncode == 2, (target, args, proc.stderr)
            assert "not a database file" in one_error(proc.stderr), proc.stderr
    assert fifo.exists() and not fifo.is_file()


def test_12_a_fifo_beside_the_database_as_its_journal_is_refused(kb):
    os.mkfifo(f"{kb}-wal")
    before = kb.read_bytes()
    for args in (("dump",), ("officials", "rename", "1", "Lena Marsk"), ("ingest", SEEDS / "000_62ed515fa276ed97.txt")):
        proc = run(*args, "--db", kb, timeout=60)
        assert proc.returncode == 2 and "not SQLite's journal" in one_error(proc.stderr), (args, proc.stderr)
    assert kb.read_bytes() == before and not Path(f"{kb}-wal").is_file()


_KEYMAP_CHILD = textwrap.dedent("""
    import sys
    from pathlib import Path
    from diplotui.tui.keymap import load_keymap
    keymap, problems = load_keymap(Path(sys.argv[1]), {"list.down"})
    print(keymap, len(problems))
    print(problems[0] if problems else "")
""")


def test_12_a_keymap_that_is_a_fifo_dev_zero_or_nested_1000_deep_is_one_warning(tmp_path):
    fifo = tmp_path / "keymap.fifo"
    os.mkfifo(fifo)
    deep = tmp_path / "deep.toml"
    deep.write_text("x = " + "[" * 1000 + "]" * 1000 + '\n"list.down" = "j"\n')
    deep_table = tmp_path / "deep_table.toml"
    deep_table.write_text("x = " + "{a = " * 1000 + "1" + "}" * 1000 + "\n")
    big = tmp_path / "big.toml"
    big.write_text('"list.down" = "j"\n' + "# filler\n" * 300_000)
    expected = {fifo: "named pipe", Path("/dev/zero"): "character device", deep: "nested too deeply",
                deep_table: "nested too deeply", big: "larger than"}
    for path, reason in expected.items():
        proc = subprocess.run([sys.executable, "-c", _KEYMAP_CHILD, str(path)], capture_output=True, text=True,
                              timeout=60)
        assert proc.returncode == 0 and "Traceback" not in proc.stderr, (path, proc.stderr[-1500:])
        first, problem = proc.stdout.splitlines()
        assert first == "{} 1" and reason in problem and "the default keys apply" in problem, (path, proc.stdout)


# --------------------------------------------------------------------------- 10: the database file alone


def test_10_after_a_writer_the_database_file_alone_is_the_whole_base(tmp_path, kb):
    db = tmp_path / "new.db"
    proc = run("ingest", SEEDS, "--db", db, "-j", "1")
    assert proc.returncode == 0, proc.stderr
    wal = Path(f"{db}-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    backup = tmp_path / "backup.db"
    shutil.copy(db, backup)  # the file alone, as `cp base.db backup.db` copies it
    proc = run("dump", "--db", backup)
    assert proc.returncode == 0 and len(json.loads(proc.stdout)["articles"]) == 8, proc.stderr
    # a correction is a writer too
    conn = sqlite3.connect(kb)
    a, b = [r[0] for r in conn.execute("SELECT id FROM officials ORDER BY id LIMIT 2")]
    conn.close()
    assert run("officials", "merge", a, b, "--db", kb).returncode == 0
    shutil.copy(kb, tmp_path / "backup2.db")
    names = sqlite3.connect(tmp_path / "backup2.db").execute("SELECT count(*) FROM officials WHERE id = ?", (b,))
    assert names.fetchone()[0] == 0
    assert sqlite3.connect(tmp_path / "backup2.db").execute("SELECT count(*) FROM decisions").fetchone()[0] == 1


# --------------------------------------------------------------------------- 11: a corrupted page


def _corrupt(db: Path, table: str) -> None:
    """Overwrite the middle of the first leaf page of ``table`` with garbage."""
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    conn.close()
    with open(db, "r+b") as f:
        f.seek((root - 1) * page_size + 8)
        f.write(b"\xff\x13\x37" * 40)


@pytest.mark.parametrize("table", ["articles", "officials", "mentions"])
def test_11_a_damaged_database_is_one_line_and_never_written(kb, tmp_path, table):
    _corrupt(kb, table)
    before = kb.read_bytes()
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "story.txt").write_text("Ministers meet in Varn\n\n" + NEWS.replace("Kell", "Varn"), encoding="utf-8")
    # writers check the file first; dump reads every page; the others read what they need
    # (a command that never reaches the damaged page answers)
    for args in (("ingest", folder, "-j", "1"), ("officials", "merge", "1", "2"), ("dump",),
                 ("officials", "list"), ("export", "search", "talks"), ("export", "article", "1"),
                 ("events", "show", "1")):
        proc = run(*args, "--db", kb, timeout=120)
        assert "Traceback" not in proc.stderr, (args, proc.stderr)
        if args[0] in ("ingest", "dump") or args[1] == "merge" or proc.returncode != 0:
            error = one_error(proc.stderr)
            assert proc.returncode == 2, (args, proc.stderr)
            assert "the database is damaged" in error and ".recover" in error, (args, proc.stderr)
        assert kb.read_bytes() == before, args


# --------------------------------------------------------------------------- 9: a feed of feeds


def _feed(base: str, links: list[str]) -> bytes:
    items = "".join(f"<item><title>Item {i}</title><link>{base}{link}</link></item>" for i, link in enumerate(links))
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Feeds</title>'
            f"<link>{base}/</link><description>feeds</description>{items}</channel></rss>").encode()


def test_09_a_feed_of_feeds_is_read_one_level_deep(tmp_path):
    xml = "application/rss+xml"
    with Site() as site:
        base = site.url("")

        def answer(path: str) -> Route | None:
            if path.startswith("/f/") and len(path) < 8:  # a feed of ten feeds, four levels (bounded)
                return Route(_feed(base, [f"{path}{i}" for i in range(10)]), content_type=xml)
            if path.startswith("/p/"):
                return Route(_page(title=f"Talks in Kell {path[3:]}"), content_type="text/html")
            return None

        site.fallback = answer
        site.routes["/mixed"] = Route(_feed(base, ["/p/1", "/p/2", "/f/9"]), content_type=xml)
        proc = run("ingest", f"{base}/f/1", f"{base}/mixed", "--db", tmp_path / "kb.db", "--host-delay", "0",
                   "-j", "1", timeout=300)
    err = proc.stderr
    assert proc.returncode == 1 and "Traceback" not in err, err
    feed_skips = [line for line in err.splitlines() if "a feed linked from a feed" in line]
    assert len(feed_skips) == 11, err  # the ten feeds /f/1 lists and the one /mixed lists
    assert "read: 2 feed" in err and "articles: 2 added" in err, err
    assert sum(site.hits.values()) == 15, site.hits  # /f/1 and its ten, /mixed and its three


def test_09_a_run_fetches_at_most_max_urls(tmp_path, monkeypatch):
    from diplotui.extract import ingest as ingest_mod

    monkeypatch.setattr(ingest_mod, "MAX_URLS", 4)
    with Site() as site:
        site.fallback = lambda path: Route(_page(title=f"Talks in Kell {path[3:]}"), content_type="text/html")
        urls = tmp_path / "urls.txt"
        urls.write_text("".join(f"{site.url(f'/p/{i}')}\n" for i in range(10)))
        result = invoke("ingest", "--urls", urls, "--db", tmp_path / "kb.db", "--host-delay", "0", "-j", "1")
    assert result.exit_code == 1, result.output
    assert "articles: 4 added" in result.output
    assert "urls: 6 not fetched: a run fetches at most 4 URLs; run the same command again" in result.output


# --------------------------------------------------------------------------- 6: event corrections that must survive


def _split_apart(db: Path) -> tuple[str, set[str]]:
    """Split the first report of an event of several out of it; return (its first sentence, the others')."""
    conn = sqlite3.connect(db)
    eid = conn.execute("SELECT event_id FROM reports WHERE event_id IS NOT NULL GROUP BY event_id "
                       "HAVING count(*) >= 2 ORDER BY event_id LIMIT 1").fetchone()[0]
    rows = conn.execute("SELECT id, sentences FROM reports WHERE event_id = ? ORDER BY id", (eid,)).fetchall()
    conn.close()
    result = invoke("events", "split", eid, rows[0][0], "--db", db)
    assert result.exit_code == 0, result.output
    return json.loads(rows[0][1])[0], {json.loads(s)[0] for _r, s in rows[1:]}


def _apart(db: Path, moved: str, rest: set[str]) -> bool:
    """Whether the report of sentence ``moved`` is in an event of none of the ``rest``."""
    events = {}
    for eid, sentences in sqlite3.connect(db).execute("SELECT event_id, sentences FROM reports"):
        events.setdefault(json.loads(sentences)[0], set()).add(eid)
    assert moved in events and all(s in events for s in rest)
    return not any(events[moved] & events[s] for s in rest)


MEETING = [
    (
        'Valdora and Nortessa foreign ministers hold talks in Kell\n\n'
        'March 4, 2021\n\n'
        'KELL, March 4 (Valdora Press) -- Valdoran Foreign Minister Lena Marsk met Nortessan '
        'Foreign Minister Piet Harlow in Kell on Wednesday and agreed to hold regular '
        'consultations on trade and fisheries, officials said.\n\n'
        'Marsk told reporters after the meeting that the talks had been frank and useful and that '
        'both sides wanted a joint commission to meet again before December.\n'
    ),
    (
        'Harlow and Marsk agree on regular consultations\n\n'
        'March 4, 2021\n\n'
        "Nortessa's Foreign Minister Piet Harlow held talks with his Valdoran counterpart Lena "
        'Marsk in Kell on Wednesday, the Nortessan foreign ministry said in a statement issued '
        'after the meeting.\n\n'
        'The two ministers discussed fisheries, trade and the security of shipping lanes, and '
        'Harlow said the meeting had opened a new chapter for Nortessan and Valdoran ties.\n'
    ),
    (
        'Nortessa and Valdora pledge closer ties after ministers meet\n\n'
        'March 5, 2021\n\n'
        'Foreign ministers Piet Harlow of Nortessa and Lena Marsk of Valdora met in Kell on '
        'Wednesday, March 3, and pledged closer cooperation on fisheries and trade, according to '
        'officials of both governments.\n\n'
        'The meeting was the first between the two ministers since Harlow took office, and both '
        'described the discussions as constructive and forward-looking.\n'
    ),
]  # three reports of one meeting (invented)


def _meeting_files(folder: Path) -> Path:
    folder.mkdir()
    for i, text in enumerate(MEETING):
        (folder / f"report_{i}.txt").write_text(text, encoding="utf-8")
    return folder


def test_06_an_event_split_survives_a_record_prepended_to_a_json_lines_export(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    export = folder / "export.jsonl"
    export.write_text("".join(json.dumps({"text": text}) + "\n" for text in MEETING), encoding="utf-8")
    db = tmp_path / "kb.db"
    assert invoke("ingest", folder, "--db", db, "-j", "1").exit_code == 0
    moved, rest = _split_apart(db)
    assert _apart(db, moved, rest)
    newest = _record(NEWS, "Talks in Kell")  # a newest-first export puts the new story on top
    export.write_text(newest + "\n" + export.read_text(encoding="utf-8"), encoding="utf-8")
    result = invoke("ingest", folder, "--db", db, "-j", "1")
    assert result.exit_code == 0 and "replaced" in result.output, result.output
    assert _apart(db, moved, rest)


def test_06_an_event_split_survives_a_story_moving_to_its_stored_copy(tmp_path):
    folder = _meeting_files(tmp_path / "in")
    db = tmp_path / "kb.db"
    assert invoke("ingest", folder, "--db", db, "-j", "1").exit_code == 0
    moved, rest = _split_apart(db)
    conn = sqlite3.connect(db)
    name = conn.execute("""SELECT d.name FROM reports r JOIN articles a ON a.id = r.article_id
                           JOIN documents d ON d.id = a.document_id WHERE r.sentences LIKE ?""",
                        (json.dumps([moved])[:-1] + "%",)).fetchone()[0]
    conn.close()
    shutil.copy(folder / name, folder / f"zz_copy_{name}")  # the same story saved twice
    assert invoke("ingest", folder, "--db", db, "-j", "1").exit_code == 0
    (folder / name).write_text("Ministers meet in Varn\n\n" + NEWS.replace("Kell", "Varn"), encoding="utf-8")
    result = invoke("ingest", folder, "--db", db, "-j", "1")  # the story now lives in the copy only
    assert result.exit_code == 0, result.output
    assert _apart(db, moved, rest)


# --------------------------------------------------------------------------- 7: a split undoing a merge


LATER = [  # articles naming one of the merged officials by surname only (invented)
    "Harlow visits the Kell harbour\n\nMarch 20, 2021\n\nForeign Minister Harlow of Nortessa toured the harbour "
    "of Kell on Friday and spoke with fishermen about quotas, catches and the price of fuel, aides to the minister "
    "said.\n\nHarlow promised that the government would review the quotas in the spring and report to parliament.\n",
    "Harlow meets fishing unions\n\nApril 2, 2021\n\nNortessan Foreign Minister Harlow met leaders of three fishing "
    "unions in Ostra on Thursday to hear their worries about the new quotas and the state of the northern stocks, "
    "his office said.\n\nThe unions asked Harlow for a meeting every month, and he agreed to one every quarter.\n",
]


def test_07_a_split_after_a_merge_takes_the_surname_that_came_with_it(tmp_path):
    folder = _meeting_files(tmp_path / "in")
    db = tmp_path / "kb.db"
    assert invoke("ingest", folder, "--db", db, "-j", "1").exit_code == 0
    assert invoke("officials", "merge", "Lena Marsk", "Piet Harlow", "--db", db).exit_code == 0
    more = tmp_path / "more"
    more.mkdir()
    for i, text in enumerate(LATER):
        (more / f"later_{i}.txt").write_text(text, encoding="utf-8")
    assert invoke("ingest", more, "--db", db, "-j", "1").exit_code == 0
    conn = sqlite3.connect(db)
    merged = conn.execute("SELECT official_id FROM aliases WHERE alias = 'Lena Marsk'").fetchone()[0]
    assert conn.execute("SELECT count(*) FROM mentions WHERE official_id = ? AND text = 'Harlow'",
                        (merged,)).fetchone()[0] >= 2
    result = invoke("officials", "split", merged, "Piet Harlow", "--db", db)
    assert result.exit_code == 0 and "(with Harlow, which came with it)" in result.output, result.output
    conn = sqlite3.connect(db)
    aliases = {r[0] for r in conn.execute("SELECT alias FROM aliases WHERE official_id = ?", (merged,))}
    assert not any("Harlow" in a for a in aliases), aliases
    assert conn.execute("SELECT count(*) FROM mentions WHERE official_id = ? AND text LIKE '%Harlow%'",
                        (merged,)).fetchone()[0] == 0
    listed = invoke("officials", "list", "Harlow", "--db", db).output
    assert "Piet Harlow" in listed and "Lena Marsk" not in listed, listed
    # and the split is kept by the next ingest
    (more / "later_2.txt").write_text(LATER[0].replace("Friday", "Saturday").replace("March 20", "March 21"))
    assert invoke("ingest", more, "--db", db, "-j", "1").exit_code == 0
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM mentions WHERE official_id = ? AND text LIKE '%Harlow%'",
                        (merged,)).fetchone()[0] == 0
